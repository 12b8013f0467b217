"""Open Graph and Twitter pictures for course pages and blog posts: title, level and brand, never a price.

Drawn with Pillow when a page is published (a Celery task, so publishing never waits), stored as a Wagtail
image and used as og:image / twitter:image when the editor chose no share image of their own.
"""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.images.models import Image
from wagtail.models import Collection, Page

from core import imaging

from . import page_cache
from .models import BlogPostPage, CoursePage, ShareCard

BRAND = "#0b5e7a"
BRAND_DEEP = "#062f3d"
ACCENT = "#f5a524"
DRAWING_VERSION = "1"  # bump to redraw every card after changing the drawing


def card_text(page) -> dict[str, str]:
    """What the card says, in the page's language."""
    with translation.override(page.locale.language_code):
        if isinstance(page, CoursePage):
            course = page.course
            kicker = f"{course.level_label} · {course.get_course_type_display()}"
        else:
            kicker = _("Blog")
        return {
            "title": page.title,
            "kicker": str(kicker),
            "brand": _("Fluentory"),
            "language": translation.get_language(),
        }


def render_card(*, title: str, kicker: str, brand: str, language: str) -> bytes:
    """A 1200 by 630 PNG: the brand band, a kicker (level and format), the title in up to three lines."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = imaging.SHARE_IMAGE_SIZE
    rtl = translation.get_language_info(language)["bidi"]
    picture = PILImage.new("RGB", imaging.SHARE_IMAGE_SIZE, BRAND_DEEP)
    draw = ImageDraw.Draw(picture)
    for step in range(12):  # a soft diagonal of circles, the brand's motif
        radius = 180 + step * 30
        x = (width - 140 - step * 60) if not rtl else (140 + step * 60)
        draw.ellipse([x - radius, -radius // 2, x + radius, radius * 1.5], outline=BRAND, width=6)
    draw.rectangle([(0, height - 18), (width, height)], fill=ACCENT)
    margin, limit = 80, width - 160
    anchor_x, anchor = (width - margin, "ra") if rtl else (margin, "la")
    kicker_font, title_font, brand_font = imaging.font(36), imaging.font(72), imaging.font(40)
    draw.text(
        (anchor_x, 90), imaging.fit(draw, kicker, kicker_font, limit), font=kicker_font, fill=ACCENT, anchor=anchor
    )
    top = 170
    for line in imaging.wrap(draw, title, title_font, limit, lines=3):
        draw.text((anchor_x, top), line, font=title_font, fill="#ffffff", anchor=anchor)
        top += 92
    draw.text((anchor_x, height - 100), brand, font=brand_font, fill="#ffffff", anchor=anchor)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@transaction.atomic
def refresh_share_card(*, page: Page) -> ShareCard | None:
    """Draw the page's card again if what it says changed; None for a page type that has no card."""
    page = page.specific
    if not isinstance(page, CoursePage | BlogPostPage):
        return None
    text = card_text(page)
    fingerprint = hashlib.sha256(repr((DRAWING_VERSION, sorted(text.items()))).encode()).hexdigest()
    card = ShareCard.objects.select_for_update().filter(page=page).select_related("image").first()
    if card is not None and card.fingerprint == fingerprint:
        return card
    png = render_card(**text)
    transaction.on_commit(page_cache.invalidate)  # cached pages name the old picture in og:image
    image = Image.objects.create(
        title=(_("Share card: %(title)s") % {"title": page.title})[:255],
        file=ContentFile(png, name=f"share-card-{page.pk}.png"),
        collection=Collection.get_first_root_node(),
    )
    if card is None:
        return ShareCard.objects.create(page=page, image=image, fingerprint=fingerprint)
    old = card.image
    card.image, card.fingerprint = image, fingerprint
    card.save(update_fields=["image", "fingerprint", "updated_at"])
    old.delete()
    return card
