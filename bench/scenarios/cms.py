"""Public pages (home in both languages, a category of 100 courses, a course), three ways each: from the
anonymous page cache, re-rendered with the page cache off (as after a publish; fragment caches warm) and cold
(every cache off). A visitor's `Cache-Control: no-cache` or a `?utm_source=` is served from the page cache."""

from bench.harness import COLD, RENDER, STANDARD, Target

CATEGORY_PATH = "/en/bench-courses/"
COURSE_PATH = "/en/bench-courses/bench-course-0/"
PAGES = (("home", "/en/"), ("home ar", "/ar/"), ("category, 100 courses", CATEGORY_PATH), ("course", COURSE_PATH))


def prepare() -> None:
    from wagtail.images.models import Image

    from cms.models import CategoryPage, CoursePage, HomePage
    from learning.models import Course, CourseType, Level

    home = HomePage.objects.get(locale__language_code="en")
    if CategoryPage.objects.filter(slug="bench-courses").exists():
        return
    category = CategoryPage(title="Bench courses", slug="bench-courses", intro="A hundred courses.")
    home.add_child(instance=category)
    category.save_revision().publish()
    cover = Image.objects.filter(title__startswith="Course cover").first()
    levels, kinds = list(Level.values)[:6], list(CourseType.values)
    for index in range(100):
        course = Course.objects.create(
            slug=f"bench-course-{index}",
            title=f"Bench course {index:03d}",
            summary="A course made for the benchmark.",
            language=["Arabic", "English"][index % 2],
            level=levels[index % len(levels)],
            course_type=kinds[index % len(kinds)],
            estimated_hours=10 + index % 30,
            status=Course.Status.PUBLISHED,
            cover_image=cover,
        )
        page = CoursePage(
            title=course.title, slug=course.slug, course=course, intro=course.summary, description="<p>Bench.</p>"
        )
        category.add_child(instance=page)
        page.save_revision().publish()


def targets():
    rows = []
    for label, path in PAGES:
        rows.append(Target(label, path, target_ratio=0.8, note="no query, one cache round trip"))
        rows.append(Target(label, path, server=RENDER, target_ratio=0.10))
        rows.append(Target(label, path, server=COLD, max_queries=15))
    rows.append(
        Target(
            "course, ?utm_source=… and no-cache",
            f"{COURSE_PATH}?utm_source=mail&gclid=x",
            headers={"Cache-Control": "no-cache"},
            target_ratio=0.8,
            server=STANDARD,
        )
    )
    return rows
