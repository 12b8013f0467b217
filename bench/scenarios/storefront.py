"""Storefront: the catalogue filtered and sorted over 1,000 course pages (from the listing cache and uncached), a
filtered category page, and a course page with teacher cards and reviews against the trivial view, uncached."""

from bench.harness import COLD, RENDER, Row, Target

CATEGORY_PATH = "/en/bench-catalogue/"
FILTERED = "language=Arabic&course_type=recorded&max_price=100&sort=price"
CATALOGUE_PATH = f"/courses/?{FILTERED}"
COURSE_PATH = f"{CATEGORY_PATH}bench-course-0001/"
TEACHERS = 20
REVIEWED = 200  # the first courses carry reviews, so ratings and the rating sort have something to read


def prepare() -> None:
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from accounts.models import TeacherProfile, User
    from bench.scenarios import commerce
    from cms.models import CategoryPage, CoursePage, HomePage
    from learning.models import Course, Enrollment, Review

    commerce.prepare()  # the 1,000 priced courses
    home = HomePage.objects.get(locale__language_code="en")
    category = CategoryPage.objects.filter(slug="bench-catalogue").first()
    if category is None:
        category = CategoryPage(title="Bench catalogue", slug="bench-catalogue", intro="A thousand courses.")
        home.add_child(instance=category)
        category.save_revision().publish()
    with transaction.atomic():
        teachers = []
        for index in range(TEACHERS):
            teacher, _ = User.objects.get_or_create(
                email=f"bench.teacher{index}@fluentory.test",
                defaults={"display_name": f"Bench teacher {index}", "is_teacher": True, "is_student": False},
            )
            TeacherProfile.objects.get_or_create(
                user=teacher, defaults={"bio": "Teaches for the benchmark.", "languages_taught": "Arabic, English"}
            )
            teachers.append(teacher)
        courses = list(Course.objects.filter(slug__startswith="bench-course-", slug__regex=r"-\d{4}$"))
        with_pages = set(CoursePage.objects.filter(course__in=courses).values_list("course_id", flat=True))
        Course.teachers.through.objects.bulk_create(
            [Course.teachers.through(course_id=c.pk, user_id=teachers[c.pk % TEACHERS].pk) for c in courses],
            ignore_conflicts=True,
        )
        students = {}
        for course in courses[:REVIEWED]:
            if Review.objects.filter(course=course).exists():
                continue
            for number in range(3):
                student = (
                    students.get(number)
                    or User.objects.get_or_create(
                        email=f"bench.reviewer{number}@fluentory.test", defaults={"display_name": f"Reviewer {number}"}
                    )[0]
                )
                students[number] = student
                enrollment = Enrollment.objects.create(
                    student=student, course=course, source=Enrollment.Source.ADMIN, enrolled_at=timezone.now()
                )
                Review.objects.create(
                    enrollment=enrollment,
                    course=course,
                    rating=3 + (course.pk + number) % 3,
                    body="Useful.",
                    status=Review.Status.APPROVED,
                )
    parent = Page.objects.get(pk=category.pk)
    for course in courses:
        if course.pk in with_pages:
            continue
        page = CoursePage(
            title=course.title, slug=course.slug, course=course, intro=course.summary, description="<p>Bench.</p>"
        )
        parent.add_child(instance=page)
        page.save_revision().publish()


def targets():
    return [
        Target("catalogue filtered, 1,000 courses", CATALOGUE_PATH, note="listing from its cache"),
        Target("catalogue filtered, 1,000 courses", CATALOGUE_PATH, server=COLD, max_queries=25),
        Target("category filtered, 1,000 courses", f"{CATEGORY_PATH}?{FILTERED}", note="from the page cache"),
        Target("category filtered, 1,000 courses", f"{CATEGORY_PATH}?{FILTERED}", server=COLD, max_queries=25),
        Target("course with teachers and reviews", COURSE_PATH, server=RENDER, target_ratio=0.10),
        Target("course with teachers and reviews", COURSE_PATH, server=COLD, max_queries=25),
    ]


def measure():
    """Queries of the uncached filtered catalogue: the same on pages 1, 20 and 40 and in every sort order."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/courses/", HTTP_ACCEPT_LANGUAGE="en-US", secure=True)  # the site's own lookups
    counts = {}
    for sort in ("popular", "newest", "price", "rating"):
        per_page = []
        for page in (1, 20, 40):
            for cache in caches.all():
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(
                    "/courses/", {"sort": sort, "page": page, "q": "Bench"}, HTTP_ACCEPT_LANGUAGE="en-US", secure=True
                )
            assert response.status_code == 200, response.status_code
            per_page.append(len(queries))
        counts[sort] = per_page
    constant = all(len(set(per_page)) == 1 for per_page in counts.values())
    return [
        Row(
            "catalogue queries, uncached (pages 1/20/40)",
            " ".join(f"{sort}:{'/'.join(map(str, n))}" for sort, n in counts.items()),
            "constant",
            f"{'same' if constant else 'DIFFERENT'} on every page, 1,000 course pages, keyword search on",
        )
    ]
