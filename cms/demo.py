# ruff: noqa: E501  (demo copy reads better unbroken)
"""Demo site for `seed_demo`: a believable public site in English and Arabic. Safe to run again."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, Site
from wagtailseo.models import SeoSettings

from core.site_url import host_and_port
from learning import demo as learning_demo
from learning.models import Course, CourseType, Level

from . import demo_images
from .models import (
    BlogCategory,
    BlogIndexPage,
    BlogPostPage,
    CategoryPage,
    ContactFormField,
    ContactPage,
    CoursePage,
    FAQIndexPage,
    HomePage,
    LandingPage,
    Menu,
    MenuItem,
    SiteSettings,
    StandardPage,
)

MEDIA = Path(__file__).parent / "demo_media"

HOME = {
    "en": {
        "title": "Fluentory",
        "hero_heading": "Speak a new language with real teachers",
        "hero_text": "Live classes and self-paced courses in Arabic and English, priced in your currency.",
        "search_description": "Learn Arabic or English with real teachers: live classes, self-paced courses and a free placement test.",
    },
    "ar": {
        "title": "فلوينتوري",
        "hero_heading": "تحدّث لغة جديدة مع معلمين حقيقيين",
        "hero_text": "دروس مباشرة ودورات ذاتية في العربية والإنجليزية، بأسعار بعملتك.",
        "search_description": "تعلّم العربية أو الإنجليزية مع معلمين حقيقيين: دروس مباشرة ودورات ذاتية واختبار تحديد مستوى مجاني.",
    },
}

COURSES = [
    # slug, title, language, level, type, hours, teacher
    ("arabic-a1-foundations", "Arabic A1: Foundations", "Arabic", Level.A1, CourseType.RECORDED, 30, "teacher.amman"),
    (
        "levantine-conversation",
        "Levantine Arabic Conversation",
        "Arabic",
        Level.A2,
        CourseType.LIVE,
        24,
        "teacher.amman",
    ),
    (
        "msa-reading-b1",
        "Modern Standard Arabic: Reading B1",
        "Arabic",
        Level.B1,
        CourseType.HYBRID,
        40,
        "teacher.amman",
    ),
    ("english-a2-everyday", "Everyday English A2", "English", Level.A2, CourseType.RECORDED, 28, "teacher.london"),
    ("ielts-academic-b2", "IELTS Academic Preparation", "English", Level.B2, CourseType.HYBRID, 36, "teacher.london"),
    ("business-english-b1", "Business English B1", "English", Level.B1, CourseType.LIVE, 20, "teacher.london"),
]

COURSE_AR = {
    "arabic-a1-foundations": ("العربية A1: الأساسيات", "ابدأ من الحروف وانتهِ بمحادثات يومية قصيرة."),
    "levantine-conversation": (
        "محادثة باللهجة الشامية",
        "دروس مباشرة في مجموعات صغيرة لتتحدث بثقة في عمّان ودمشق وبيروت.",
    ),
    "msa-reading-b1": (
        "العربية الفصحى: القراءة B1",
        "اقرأ الأخبار والمقالات القصيرة بالفصحى مع تمارين ذاتية وجلسات مباشرة.",
    ),
    "english-a2-everyday": ("الإنجليزية اليومية A2", "إنجليزية للحياة اليومية: التسوق والسفر والعمل."),
    "ielts-academic-b2": (
        "التحضير لاختبار IELTS الأكاديمي",
        "استراتيجيات المهارات الأربع مع اختبارات تجريبية وتصحيح من معلم.",
    ),
    "business-english-b1": ("الإنجليزية للأعمال B1", "اجتماعات وعروض ورسائل بريد إلكتروني بإنجليزية مهنية."),
}


def _image(title: str, colours: tuple[str, str], size=(1200, 675)) -> Image:
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    canvas = PILImage.new("RGB", size, colours[0])
    draw = ImageDraw.Draw(canvas)
    width, height = size
    for index in range(6):
        radius = height // (2 + index)
        centre = (width * (index + 1) // 7, height // 2 + (index % 2) * height // 5)
        draw.ellipse([centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius], fill=colours[1])
    buffer = BytesIO()
    canvas.save(buffer, "JPEG", quality=80)
    slug = title.lower().replace(" ", "-")
    return Image.objects.create(title=title, file=ContentFile(buffer.getvalue(), name=f"{slug}.jpg"))


def _document(title: str, filename: str) -> Document | None:
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    source = MEDIA / filename
    if not source.exists():
        return None
    return Document.objects.create(title=title, file=ContentFile(source.read_bytes(), name=filename))


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def _child(parent: Page, model, slug: str, **fields) -> Page:
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
        _publish(page)
    return page


def _translate(page: Page, locale: Locale, **fields) -> Page:
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translated, name, value)
        _publish(translated)
    return translated


def _stream(*blocks) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _rich(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _courses() -> list[Course]:
    users = {
        user.email.split("@")[0]: user for user in get_user_model().objects.filter(email__endswith="@fluentory.test")
    }
    courses = []
    for slug, title, language, level, kind, hours, teacher in COURSES:
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            course = Course.objects.create(
                slug=slug,
                title=title,
                summary=f"{title}: a {kind} course at level {level}.",
                language=language,
                level=level,
                course_type=kind,
                estimated_hours=hours,
                status=Course.Status.PUBLISHED,
                visibility=Course.Visibility.PUBLIC,
            )
            if teacher in users:
                course.teachers.add(users[teacher])
        courses.append(course)
    return courses


def _site_settings(site: Site, logo: Image, share: Image) -> None:
    details = SiteSettings.for_site(site)
    if not details.contact_email:
        details.logo = logo
        details.tagline = ""
        details.contact_email = "hello@fluentory.test"
        details.contact_phone = "+962 6 555 0100"
        details.address = "Fluentory, Rainbow Street 12, Amman, Jordan"
        details.facebook_url = "https://www.facebook.com/fluentory"
        details.instagram_url = "https://www.instagram.com/fluentory"
        details.youtube_url = "https://www.youtube.com/@fluentory"
        details.save()
    seo = SeoSettings.for_site(site)
    if not seo.struct_org_name:
        seo.struct_org_name = "Fluentory"
        seo.struct_org_type = "EducationalOrganization"
        seo.struct_org_logo = logo
        seo.og_image_default = share
        seo.twitter_site = "fluentory"
        seo.struct_org_phone = "+962 6 555 0100"
        seo.struct_org_address_locality = "Amman"
        seo.struct_org_address_country = "JO"
        seo.save()


def _menus(english: Locale, arabic: Locale, pages: dict[str, tuple[Page, Page]]) -> None:
    layout = {
        Menu.Place.MAIN: ["arabic", "english", "blog", "faq"],
        Menu.Place.FOOTER: ["about", "contact", "terms", "privacy"],
    }
    for place, keys in layout.items():
        for locale, index in ((english, 0), (arabic, 1)):
            menu, created = Menu.objects.get_or_create(place=place, locale=locale)
            if created or not menu.items.exists():
                if locale == arabic:
                    source = Menu.objects.get(place=place, locale=english)
                    menu.translation_key = source.translation_key
                    menu.save()
                for order, key in enumerate(keys):
                    MenuItem.objects.create(menu=menu, sort_order=order, link_page=pages[key][index])


@transaction.atomic
def seed() -> dict[str, HomePage]:
    english = Locale.objects.get_or_create(language_code="en")[0]
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    # Wagtail's migrations make the root page and collection; a database flushed by a test has neither.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=english))
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    home = HomePage.objects.filter(locale=english).first()
    if home is None:
        # Wagtail's installation leaves a placeholder "Welcome" page (and its Site); the home page replaces both.
        Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
        home = HomePage(slug="home", locale=english, **HOME["en"])
        root.add_child(instance=home)
        _publish(home)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Fluentory"},
        )
    hostname, port = host_and_port()
    Site.objects.filter(is_default_site=True).update(hostname=hostname, port=port)
    home_ar = _translate(home, arabic, **HOME["ar"])
    if not Page.objects.filter(depth=3, locale=english).exists():
        _build_site(home, home_ar, english, arabic)
    _translate_courses()
    _give_free_previews()
    demo_images.attach()
    return {"en": home, "ar": home_ar}


def _give_free_previews() -> None:
    """Every course page promises a free preview lesson; each demo course has one."""
    video = _document("Placement test walkthrough", "placement-walkthrough.mp4")
    for course in Course.objects.filter(slug__in=COURSE_AR):
        learning_demo.give_free_preview(course, video=video)


def _translate_courses() -> None:
    """The demo courses' own titles, shown in catalogues and portals, in Arabic too (also on an older demo)."""
    for course in Course.objects.filter(slug__in=COURSE_AR):
        title, summary = COURSE_AR[course.slug]
        course.save_translation("ar", title=title, summary=summary)


def _build_site(home: HomePage, home_ar: HomePage, english: Locale, arabic: Locale) -> None:
    logo = _image("Fluentory logo", ("#ffffff", "#0b5e7a"), size=(512, 512))
    share = _image("Fluentory share image", ("#0b5e7a", "#f1f7f9"), size=(1200, 630))
    site = Site.objects.get(is_default_site=True)
    _site_settings(site, logo, share)
    courses = _courses()
    pages: dict[str, tuple[Page, Page]] = {}

    # Course categories and course pages.
    categories = {
        "Arabic": (
            "arabic",
            "Arabic courses",
            "دورات اللغة العربية",
            "From your first letters to reading the news.",
            "من حروفك الأولى إلى قراءة الأخبار.",
        ),
        "English": (
            "english",
            "English courses",
            "دورات اللغة الإنجليزية",
            "Everyday English, exams and business.",
            "الإنجليزية اليومية والاختبارات والأعمال.",
        ),
    }
    course_pages = []
    for language, (slug, title, title_ar, intro, intro_ar) in categories.items():
        category = _child(
            home,
            CategoryPage,
            f"{slug}-courses",
            title=title,
            intro=intro,
            show_in_menus=True,
            search_description=f"{title} at Fluentory: live and self-paced, levels A1 to C2, with real teachers.",
        )
        category_ar = _translate(
            category,
            arabic,
            title=title_ar,
            intro=intro_ar,
            slug=f"{slug}-courses",
            search_description=f"{title_ar} في فلوينتوري: دروس مباشرة وذاتية من المستوى A1 إلى C2 مع معلمين حقيقيين.",
        )
        pages[slug] = (category, category_ar)
        for course in [c for c in courses if c.language == language]:
            fields = {
                "title": course.title,
                "course": course,
                "intro": course.summary,
                "description": _rich(
                    f"{course.title} is taught by experienced teachers who speak your language too.",
                    "Each unit mixes short lessons, practice and feedback, so you can use what you learn the same week.",
                ),
                "outcomes": _stream(
                    ("outcome", "Introduce yourself and talk about your day"),
                    ("outcome", "Understand short conversations"),
                    ("outcome", "Write short messages"),
                ),
                "syllabus": _stream(
                    ("module", {"title": "Getting started", "description": "Sounds, greetings and everyday phrases."}),
                    ("module", {"title": "Daily life", "description": "Shopping, directions and time."}),
                    ("module", {"title": "Putting it together", "description": "A final project with your teacher."}),
                ),
                "faq": _stream(
                    (
                        "question",
                        {
                            "question": "Do I need to buy books?",
                            "answer": _rich("No. Everything you need is in the course."),
                            "video": {},
                        },
                    )
                ),
                "search_description": f"{course.title}: level {course.level}, {course.estimated_hours} hours, {course.get_course_type_display().lower()} course with real teachers.",
            }
            course_page = _child(category, CoursePage, course.slug, **fields)
            title_ar, intro_ar = COURSE_AR[course.slug]
            course_page_ar = _translate(
                course_page,
                arabic,
                title=title_ar,
                intro=intro_ar,
                description=_rich(
                    f"{title_ar}: يدرّسها معلمون ذوو خبرة.",
                    "كل وحدة تجمع دروسًا قصيرة وتمارين وملاحظات، لتستخدم ما تتعلمه في الأسبوع نفسه.",
                ),
                outcomes=_stream(
                    ("outcome", "تعريف نفسك والحديث عن يومك"),
                    ("outcome", "فهم المحادثات القصيرة"),
                    ("outcome", "كتابة رسائل قصيرة"),
                ),
                syllabus=_stream(
                    ("module", {"title": "البداية", "description": "الأصوات والتحيات والعبارات اليومية."}),
                    ("module", {"title": "الحياة اليومية", "description": "التسوق والاتجاهات والوقت."}),
                    ("module", {"title": "الخلاصة", "description": "مشروع ختامي مع معلمك."}),
                ),
                faq=_stream(
                    (
                        "question",
                        {
                            "question": "هل أحتاج إلى شراء كتب؟",
                            "answer": _rich("لا. كل ما تحتاجه موجود في الدورة."),
                            "video": {},
                        },
                    )
                ),
                search_description=f"{title_ar}: دورة مع معلمين حقيقيين، المستوى {course.level}، {course.estimated_hours} ساعة.",
            )
            course_pages.append((course_page, course_page_ar))

    # The home page's blocks.
    # Reload before editing: adding children changed their tree fields since they were read.
    home, home_ar = HomePage.objects.get(pk=home.pk), HomePage.objects.get(pk=home_ar.pk)
    home.body = _stream(
        (
            "course_highlights",
            {
                "heading": "Popular courses",
                "courses": [p.pk for p, _ in course_pages[:3]],
                "category": None,
                "language": "",
                "level": "",
                "limit": 3,
            },
        ),
        (
            "feature_grid",
            {
                "heading": "Why Fluentory",
                "features": [
                    {"title": "Real teachers", "text": "Every course is led by a teacher you can talk to."},
                    {"title": "Your time zone", "text": "Live sessions are shown in your own time, always."},
                    {"title": "Your currency", "text": "Prices in USD, EUR, SAR, AED, JOD or GBP."},
                ],
            },
        ),
        (
            "testimonials",
            {
                "heading": "What students say",
                "items": [
                    {
                        "quote": "I ordered my first coffee in Amman in Arabic after three weeks.",
                        "name": "Lina",
                        "role": "Arabic A1",
                    },
                    {
                        "quote": "The IELTS mock tests made the real one feel familiar.",
                        "name": "Omar",
                        "role": "IELTS Academic",
                    },
                ],
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Not sure where to start?",
                "text": "Every course, with its price in your currency, is in the catalogue.",
                "action": {"label": "Browse courses", "page": None, "url": "/courses/"},
            },
        ),
    )
    _publish(home)
    home_ar.body = _stream(
        (
            "course_highlights",
            {
                "heading": "دورات مميزة",
                "courses": [p.pk for _, p in course_pages[:3]],
                "category": None,
                "language": "",
                "level": "",
                "limit": 3,
            },
        ),
        (
            "feature_grid",
            {
                "heading": "لماذا فلوينتوري",
                "features": [
                    {"title": "معلمون حقيقيون", "text": "كل دورة يقودها معلم يمكنك التحدث إليه."},
                    {"title": "منطقتك الزمنية", "text": "مواعيد الدروس المباشرة تظهر بتوقيتك دائمًا."},
                    {"title": "عملتك", "text": "الأسعار بالدولار واليورو والريال والدرهم والدينار والجنيه."},
                ],
            },
        ),
        (
            "testimonials",
            {
                "heading": "ماذا يقول طلابنا",
                "items": [
                    {
                        "quote": "طلبت قهوتي الأولى في عمّان بالعربية بعد ثلاثة أسابيع.",
                        "name": "لينا",
                        "role": "العربية A1",
                    },
                ],
            },
        ),
    )
    _publish(home_ar)

    # Landing pages.
    for slug, title, title_ar, category_key, heading_ar in (
        ("arabic-for-business", "Arabic for business", "العربية للأعمال", "arabic", "تحدّث مع عملائك بلغتهم"),
        ("ielts-preparation", "IELTS preparation", "التحضير لاختبار IELTS", "english", "استعد لاختبار IELTS بثقة"),
    ):
        landing = _child(
            home,
            LandingPage,
            slug,
            title=title,
            intro=f"{title}: courses, teachers and a plan that fits your diary.",
            search_description=f"{title} with Fluentory: live classes with real teachers, flexible hours, prices in your currency.",
            body=_stream(
                (
                    "hero",
                    {
                        "heading": title,
                        "text": "Small groups, real teachers and a plan that fits your week.",
                        "image": share.pk,
                        "image_alt": "",
                        "action": {"label": "See the courses", "page": pages[category_key][0].pk, "url": ""},
                    },
                ),
                (
                    "course_highlights",
                    {
                        "heading": "Courses for you",
                        "courses": [],
                        "category": pages[category_key][0].pk,
                        "language": "",
                        "level": "",
                        "limit": 3,
                    },
                ),
                (
                    "faq",
                    {
                        "heading": "Questions",
                        "questions": [
                            {
                                "question": "Can my company pay?",
                                "answer": _rich("Yes: we send an invoice in your company's name."),
                                "video": {},
                            }
                        ],
                    },
                ),
            ),
        )
        _translate(
            landing,
            arabic,
            title=title_ar,
            intro=f"{title_ar}: دورات ومعلمون وخطة تناسب جدولك.",
            search_description=f"{title_ar} مع فلوينتوري: دروس مباشرة مع معلمين حقيقيين وساعات مرنة وأسعار بعملتك.",
            body=_stream(
                (
                    "hero",
                    {
                        "heading": heading_ar,
                        "text": "مجموعات صغيرة ومعلمون حقيقيون وخطة تناسب أسبوعك.",
                        "image": share.pk,
                        "image_alt": "",
                        "action": {"label": "تصفح الدورات", "page": pages[category_key][1].pk, "url": ""},
                    },
                ),
                (
                    "course_highlights",
                    {
                        "heading": "دورات تناسبك",
                        "courses": [],
                        "category": pages[category_key][1].pk,
                        "language": "",
                        "level": "",
                        "limit": 3,
                    },
                ),
            ),
        )

    # Blog.
    blog = _child(
        home,
        BlogIndexPage,
        "blog",
        title="Blog",
        intro="Tips, stories and news from our teachers.",
        show_in_menus=True,
        search_description="Language learning tips, student stories and news from the Fluentory teachers.",
    )
    blog_ar = _translate(
        blog,
        arabic,
        title="المدونة",
        intro="نصائح وقصص وأخبار من معلمينا.",
        search_description="نصائح لتعلّم اللغات وقصص الطلاب وأخبار معلمي فلوينتوري.",
    )
    pages["blog"] = (blog, blog_ar)
    tips = BlogCategory.objects.get_or_create(slug="tips", locale=english, defaults={"name": "Tips"})[0]
    news = BlogCategory.objects.get_or_create(slug="news", locale=english, defaults={"name": "News"})[0]
    tips_ar = BlogCategory.objects.get_or_create(
        slug="tips", locale=arabic, defaults={"name": "نصائح", "translation_key": tips.translation_key}
    )[0]
    news_ar = BlogCategory.objects.get_or_create(
        slug="news", locale=arabic, defaults={"name": "أخبار", "translation_key": news.translation_key}
    )[0]
    posts = [
        (
            "ten-minutes-a-day",
            "Ten minutes a day beats two hours on Sunday",
            "عشر دقائق يوميًا أفضل من ساعتين يوم الأحد",
            tips,
            tips_ar,
            ["habits", "memory"],
            date(2026, 9, 14),
        ),
        (
            "levantine-or-msa",
            "Levantine or Modern Standard Arabic: where to start",
            "الشامية أم الفصحى: من أين تبدأ",
            tips,
            tips_ar,
            ["arabic"],
            date(2026, 10, 2),
        ),
        (
            "ielts-writing-task-2",
            "IELTS Writing Task 2 in four steps",
            "المهمة الثانية في كتابة IELTS في أربع خطوات",
            tips,
            tips_ar,
            ["ielts", "writing"],
            date(2026, 10, 20),
        ),
        (
            "new-live-classes",
            "New live classes in the evening",
            "دروس مباشرة جديدة في المساء",
            news,
            news_ar,
            ["live"],
            date(2026, 11, 3),
        ),
    ]
    for index, (slug, title, title_ar, category, category_ar, tags, when) in enumerate(posts):
        post = _child(
            blog,
            BlogPostPage,
            slug,
            title=title,
            author_name="Rana Haddad" if index % 2 else "James Carter",
            date=when,
            intro=f"{title}: what our teachers recommend, and why it works.",
            search_description=f"{title}. Practical advice from Fluentory's language teachers.",
            body=_stream(
                (
                    "rich_text",
                    _rich(
                        "Learning a language is mostly about showing up. Short, regular practice keeps words in memory far better than long sessions once a week.",
                        "Pick a fixed moment in your day, keep your materials ready, and review yesterday's words before learning new ones.",
                        "Your teacher can help you plan: ask for a weekly routine in your next live session.",
                    ),
                )
            ),
        )
        if not post.categories.exists():
            post = BlogPostPage.objects.get(pk=post.pk)
            post.categories.add(category)
            post.tags.add(*tags)
            _publish(post)
        post_ar = _translate(
            post,
            arabic,
            title=title_ar,
            author_name="رنا حداد" if index % 2 else "جيمس كارتر",
            intro=f"{title_ar}: ما يوصي به معلمونا ولماذا ينجح.",
            search_description=f"{title_ar}. نصائح عملية من معلمي اللغات في فلوينتوري.",
            body=_stream(
                (
                    "rich_text",
                    _rich(
                        "تعلّم اللغة يعتمد في الأساس على الاستمرار. التدريب القصير المنتظم يثبّت الكلمات في الذاكرة أكثر من جلسة طويلة مرة في الأسبوع.",
                        "اختر وقتًا ثابتًا في يومك، وجهّز موادك، وراجع كلمات الأمس قبل تعلّم كلمات جديدة.",
                    ),
                )
            ),
        )
        post_ar = BlogPostPage.objects.get(pk=post_ar.pk)
        post_ar.categories.set([category_ar])
        _publish(post_ar)

    # FAQ with a video answer.
    video = _document("Placement test walkthrough", "placement-walkthrough.mp4")
    captions = _document("Placement test walkthrough captions (English)", "placement-walkthrough.en.vtt")
    captions_ar = _document("Placement test walkthrough captions (Arabic)", "placement-walkthrough.ar.vtt")
    poster = _image("Placement test video poster", ("#084559", "#4fb3d0"), size=(960, 540))

    def video_answer(track, language):
        if video is None:
            return {}
        return {
            "video": video.pk,
            "poster": poster.pk,
            "captions": track.pk if track else None,
            "captions_language": language,
            "embed": "",
            "caption": "",
        }

    faq = _child(
        home,
        FAQIndexPage,
        "faq",
        title="Questions and answers",
        intro="Everything students ask us before they start.",
        show_in_menus=True,
        search_description="Answers about courses, placement tests, payments, gifts and live sessions at Fluentory.",
        topics=_stream(
            (
                "topic",
                {
                    "title": "Getting started",
                    "questions": [
                        {
                            "question": "How does the placement test work?",
                            "answer": _rich(
                                "It takes about fifteen minutes and suggests a level and a course. Watch the short walkthrough."
                            ),
                            "video": video_answer(captions, "en"),
                        },
                        {
                            "question": "Can I try a lesson first?",
                            "answer": _rich("Yes: each course page shows a free preview lesson."),
                            "video": {},
                        },
                    ],
                },
            ),
            (
                "topic",
                {
                    "title": "Payments and gifts",
                    "questions": [
                        {
                            "question": "Which currencies can I pay in?",
                            "answer": _rich(
                                "US dollars, euros, Saudi riyals, UAE dirhams, Jordanian dinars and pounds sterling."
                            ),
                            "video": {},
                        },
                        {
                            "question": "Can I give a course as a gift?",
                            "answer": _rich("Yes. Choose “Give it as a gift” on any course page."),
                            "video": {},
                        },
                    ],
                },
            ),
        ),
    )
    faq_ar = _translate(
        faq,
        arabic,
        title="الأسئلة والأجوبة",
        intro="كل ما يسألنا عنه الطلاب قبل البدء.",
        search_description="إجابات عن الدورات واختبار تحديد المستوى والدفع والهدايا والدروس المباشرة في فلوينتوري.",
        topics=_stream(
            (
                "topic",
                {
                    "title": "البداية",
                    "questions": [
                        {
                            "question": "كيف يعمل اختبار تحديد المستوى؟",
                            "answer": _rich("يستغرق نحو خمس عشرة دقيقة ويقترح مستوى ودورة. شاهد الشرح القصير."),
                            "video": video_answer(captions_ar, "ar"),
                        },
                    ],
                },
            ),
            (
                "topic",
                {
                    "title": "الدفع والهدايا",
                    "questions": [
                        {
                            "question": "بأي العملات يمكنني الدفع؟",
                            "answer": _rich(
                                "الدولار الأمريكي واليورو والريال السعودي والدرهم الإماراتي والدينار الأردني والجنيه الإسترليني."
                            ),
                            "video": {},
                        },
                    ],
                },
            ),
        ),
    )
    pages["faq"] = (faq, faq_ar)

    # About, terms, privacy.
    for key, title, title_ar, text, text_ar in (
        (
            "about",
            "About us",
            "من نحن",
            "Fluentory is a language school run by teachers in Amman and London.",
            "فلوينتوري مدرسة لغات يديرها معلمون في عمّان ولندن.",
        ),
        (
            "terms",
            "Terms of use",
            "شروط الاستخدام",
            "These terms explain what you can expect from us and what we expect from you.",
            "توضح هذه الشروط ما يمكنك توقعه منا وما نتوقعه منك.",
        ),
        (
            "privacy",
            "Privacy",
            "الخصوصية",
            "We keep only the data we need to teach you, and never sell it.",
            "نحتفظ فقط بالبيانات التي نحتاجها لتعليمك، ولا نبيعها أبدًا.",
        ),
    ):
        page = _child(
            home,
            StandardPage,
            key,
            title=title,
            intro=text,
            search_description=f"{title} — Fluentory. {text}"[:160],
            body=_stream(("rich_text", _rich(text, "Questions? Write to hello@fluentory.test."))),
        )
        page_ar = _translate(
            page,
            arabic,
            title=title_ar,
            intro=text_ar,
            search_description=f"{title_ar} — فلوينتوري. {text_ar}"[:160],
            body=_stream(("rich_text", _rich(text_ar, "هل لديك سؤال؟ اكتب إلى hello@fluentory.test."))),
        )
        pages[key] = (page, page_ar)

    # Contact form.
    contact = ContactPage.objects.child_of(home).filter(slug="contact").first()
    if contact is None:
        contact = ContactPage(
            slug="contact",
            locale=english,
            title="Contact us",
            to_address="admin@fluentory.test",
            from_address="hello@fluentory.test",
            subject="New message from the website",
            intro=_rich("Questions about a course, a group or an invoice? We answer within a working day."),
            search_description="Write to Fluentory about courses, groups, invoices or partnerships. We answer within a working day.",
        )
        contact.form_fields = [
            ContactFormField(sort_order=0, label="Your name", field_type="singleline", required=True),
            ContactFormField(sort_order=1, label="Email", field_type="email", required=True),
            ContactFormField(sort_order=2, label="Message", field_type="multiline", required=True),
        ]
        home.add_child(instance=contact)
        _publish(contact)
    contact_ar = _translate(
        contact,
        arabic,
        title="اتصل بنا",
        intro=_rich("أسئلة عن دورة أو مجموعة أو فاتورة؟ نجيب خلال يوم عمل."),
        search_description="راسل فلوينتوري بشأن الدورات أو المجموعات أو الفواتير أو الشراكات. نجيب خلال يوم عمل.",
    )
    if contact_ar.form_fields.filter(label="Your name").exists():
        for field, label in zip(
            contact_ar.form_fields.order_by("sort_order"), ["اسمك", "البريد الإلكتروني", "رسالتك"], strict=False
        ):
            field.label = label
            field.save()
        _publish(ContactPage.objects.get(pk=contact_ar.pk))
    pages["contact"] = (contact, contact_ar)
    _menus(english, arabic, pages)
