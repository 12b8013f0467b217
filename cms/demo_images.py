"""The demo's pictures: course covers, teacher photos, the home hero and blog covers, drawn by
tools/draw_demo_images.py into demo_media/images/. Attaching them is safe to run again: a picture an editor
chose is kept; only an empty slot or an earlier demo placeholder is replaced."""

from __future__ import annotations

from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.images.models import Image
from wagtail.models import Collection

from accounts.models import TeacherProfile
from learning.models import Course

from .models import BlogPostPage, CoursePage, HomePage
from .share_cards import refresh_share_card

IMAGES = Path(__file__).parent / "demo_media" / "images"
# Titles the demo's first, plain placeholders had; anything else was chosen by someone and is kept.
PLACEHOLDER_PREFIXES = ("Course cover ", "Blog cover ")
HERO_ALT = {
    "en": "A teacher and three students smiling in a live video class",
    "ar": "معلّمة وثلاثة طلاب يبتسمون في درس مباشر عبر الفيديو",
}
# Focal points (x, y, width, height as fractions): what every crop must keep.
BOOK_AND_CUP = (0.2, 0.35, 0.55, 0.5)
FACE = (0.33, 0.22, 0.34, 0.42)
SCREEN = (0.2, 0.25, 0.6, 0.55)


def _picture(filename: str, title: str, focal: tuple[float, float, float, float]) -> Image | None:
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    source = IMAGES / filename
    if not source.exists():
        return None
    image = Image(
        title=title,
        file=ContentFile(source.read_bytes(), name=filename),
        collection=Collection.get_first_root_node(),
    )
    image._set_image_file_metadata()
    image.focal_point_x = int(image.width * (focal[0] + focal[2] / 2))
    image.focal_point_y = int(image.height * (focal[1] + focal[3] / 2))
    image.focal_point_width = int(image.width * focal[2])
    image.focal_point_height = int(image.height * focal[3])
    image.save()
    return image


def _replaceable(image) -> bool:
    return image is None or image.title.startswith(PLACEHOLDER_PREFIXES)


def attach() -> None:
    for course in Course.objects.select_related("cover_image"):
        if _replaceable(course.cover_image):
            picture = _picture(f"course-{course.slug}.jpg", f"Course photo: {course.title}", BOOK_AND_CUP)
            if picture is not None:
                course.cover_image = picture
                course.save(update_fields=["cover_image"])
    for profile in TeacherProfile.objects.select_related("user").filter(photo=""):
        source = IMAGES / f"teacher-{profile.user.email.split('@')[0].split('.')[-1]}.jpg"
        if source.exists():
            profile.photo.save(source.name, ContentFile(source.read_bytes()), save=True)
    hero = _picture("hero-home.jpg", "Home hero: a live class", SCREEN)
    for home in HomePage.objects.filter(hero_image__isnull=True).select_related("locale"):
        home.hero_image = hero
        home.hero_image_alt = HERO_ALT.get(home.locale.language_code, HERO_ALT["en"])
        home.save_revision().publish()
    for post in BlogPostPage.objects.select_related("cover_image"):
        if _replaceable(post.cover_image):
            picture = _picture(f"blog-{post.slug}.jpg", f"Blog photo: {post.slug}", BOOK_AND_CUP)
            if picture is not None:
                post.cover_image = picture
                post.save_revision().publish()
    for page in [*CoursePage.objects.live(), *BlogPostPage.objects.live()]:
        refresh_share_card(page=page)
