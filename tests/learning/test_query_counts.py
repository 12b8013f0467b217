"""Dashboard, outline and lesson pages run a bounded number of queries for a 200-lesson course."""

import pytest
from django.utils import timezone

from learning.models import Lesson, LessonProgress, Module, Quiz
from tests.learning.factories import CourseFactory, EnrollmentFactory, single_choice

pytestmark = pytest.mark.django_db


def big_course(teacher, lessons=200, modules=10):
    course = CourseFactory(teachers=[teacher])
    per_module = lessons // modules
    module_rows = Module.objects.bulk_create(
        [
            Module(course=course, title=f"Module {m}", sort_order=m, unlock_rule="sequence" if m % 2 else "open")
            for m in range(modules)
        ]
    )
    lesson_rows = Lesson.objects.bulk_create(
        [
            Lesson(
                course=course,
                module=module_rows[i // per_module],
                title=f"Lesson {i}",
                sort_order=i,
                body=[{"type": "text", "value": "<p>x</p>", "id": f"b{i}"}],
                quiz_required=i % 10 == 5,
            )
            for i in range(lessons)
        ]
    )
    Quiz.objects.bulk_create(
        [
            Quiz(course=course, lesson=lesson, title=f"Quiz {lesson.title}", questions=[single_choice()])
            for lesson in lesson_rows
            if lesson.quiz_required
        ]
    )
    return course, lesson_rows


@pytest.fixture
def learning_student(student, teacher):
    course, lessons = big_course(teacher)
    enrollment = EnrollmentFactory(student=student, course=course)
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(enrollment=enrollment, lesson=lesson, started_at=now, last_viewed_at=now, completed_at=now)
            for lesson in lessons[:5]
        ]
    )
    for _ in range(2):  # other courses on the dashboard
        other, _lessons = big_course(teacher, lessons=20, modules=2)
        EnrollmentFactory(student=student, course=other)
    return course, lessons


def test_dashboard_queries_are_bounded(client, student, learning_student, site, django_assert_max_num_queries):
    client.force_login(student)
    client.get("/learn/")  # warm the session and content-type caches, and keep the progress summaries
    # The user; enrollments with courses; announcements; unread messages; certificates. The progress summaries,
    # the session, the bell's count and the tutor's rules come from caches, and the suggestions and the tutor's
    # panels are fetched after the page.
    with django_assert_max_num_queries(5):
        response = client.get("/learn/")
    assert response.status_code == 200 and "Next milestone" in response.content.decode()


def test_outline_queries_are_bounded(client, student, learning_student, site, django_assert_max_num_queries):
    course, _lessons = learning_student
    client.force_login(student)
    client.get(f"/learn/courses/{course.slug}/")
    with django_assert_max_num_queries(3):  # the user; the enrollment, course and review; progress
        response = client.get(f"/learn/courses/{course.slug}/")
    assert response.status_code == 200 and response.content.decode().count("outline__lesson") >= 200


def test_lesson_page_queries_are_bounded(client, student, learning_student, site, django_assert_max_num_queries):
    course, lessons = learning_student
    client.force_login(student)
    url = f"/learn/courses/{course.slug}/lessons/{lessons[3].pk}/"
    client.get(url)
    # The user; the enrollment and course; progress; the lesson. The tutor's placeholder reads its cached rules;
    # its chat is fetched after the page.
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200 and f"<h1>{lessons[3].title}</h1>" in response.content.decode()


def test_rating_summaries_is_one_query(student, teacher, django_assert_num_queries):
    from learning.models import Review
    from learning.selectors import rating_summaries

    courses = [CourseFactory(teachers=[teacher]) for _ in range(3)]
    for rating, course in zip([4, 5, 3], courses, strict=True):
        enrollment = EnrollmentFactory(course=course)
        Review.objects.create(enrollment=enrollment, course=course, rating=rating, status="approved")
    extra = EnrollmentFactory(course=courses[0])
    Review.objects.create(enrollment=extra, course=courses[0], rating=5, status="approved")
    hidden = EnrollmentFactory(course=courses[1])
    Review.objects.create(enrollment=hidden, course=courses[1], rating=1, status="pending")
    with django_assert_num_queries(1):
        summaries = rating_summaries(course_ids=[c.pk for c in courses] + [999])
    assert str(summaries[courses[0].pk].average) == "4.5" and summaries[courses[0].pk].count == 2
    assert summaries[courses[1].pk].count == 1 and str(summaries[courses[1].pk].average) == "5.0"
    assert summaries[999].average is None and summaries[999].count == 0


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session, content-type and site-settings caches
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_portal_query_counts_do_not_grow_with_lessons(client, student, teacher, site):
    """The dashboard, the outline and a lesson run as many queries for 200 lessons as for 10."""
    small, small_lessons = big_course(teacher, lessons=10, modules=2)
    large, large_lessons = big_course(teacher, lessons=200, modules=10)
    client.force_login(student)
    small_enrollment = EnrollmentFactory(student=student, course=small)
    dashboard_small = _queries(client, "/learn/")
    EnrollmentFactory(student=student, course=large)
    small_enrollment.delete()
    assert _queries(client, "/learn/") == dashboard_small
    EnrollmentFactory(student=student, course=small)
    for page in ("", "lessons/{}/"):
        counts = [
            _queries(client, f"/learn/courses/{course.slug}/" + page.format(lessons[0].pk))
            for course, lessons in ((small, small_lessons), (large, large_lessons))
        ]
        assert counts[0] == counts[1], (page, counts)


def test_dashboard_continues_the_course_viewed_last(client, student, teacher, site):
    from datetime import timedelta

    now = timezone.now()
    courses = []
    for viewed_minutes_ago in (30, 5, 60):
        course, lessons = big_course(teacher, lessons=4, modules=1)
        enrollment = EnrollmentFactory(student=student, course=course)
        LessonProgress.objects.create(
            enrollment=enrollment,
            lesson=lessons[1],
            started_at=now,
            last_viewed_at=now - timedelta(minutes=viewed_minutes_ago),
        )
        courses.append((course, lessons))
    client.force_login(student)
    body = client.get("/learn/").content.decode()
    continue_card = body.split('id="continue-title"', 1)[1].split("</section>", 1)[0]
    course, lessons = courses[1]
    assert course.title in continue_card and f"/lessons/{lessons[1].pk}/" in continue_card
