"""Public pages (home, a category of 100 courses, a course), uncached and from the anonymous page cache.

"Uncached" rows send `Cache-Control: no-cache`, which makes the page cache render the page afresh (as after a
publish); "cached" rows are what an anonymous visitor gets between publishes, without a database query.
"""

from bench.harness import Target

CATEGORY_PATH = "/en/bench-courses/"
COURSE_PATH = "/en/bench-courses/bench-course-0/"
FRESH = {"Cache-Control": "no-cache"}


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
    for label, path in (
        ("home", "/en/"),
        ("home ar", "/ar/"),
        ("category, 100 courses", CATEGORY_PATH),
        ("course", COURSE_PATH),
    ):
        rows.append(Target(f"{label}, uncached", path, headers=dict(FRESH), target_ratio=0.10))
        rows.append(Target(f"{label}, page cache", path, target_ratio=0.8, note="no query on a hit"))
    return rows
