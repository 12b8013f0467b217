"""A course page that sells: teacher cards, the lesson list, what the price includes, reviews and their rating in
the Course structured data."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Page

from learning.models import Enrollment, Review
from tests.commerce.factories import CoursePriceFactory
from tests.factories import UserFactory
from tests.learning.factories import EnrollmentFactory, LessonFactory, ModuleFactory

from .conftest import by_type, json_ld, parse
from .factories import CourseFactory, add_category, add_course_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_page():
    teacher = UserFactory(teacher=True, display_name="Huda Haddad")
    profile = teacher.teacher_profile
    profile.bio, profile.languages_taught = "Teaches Arabic in Amman.", "Arabic, English"
    profile.photo.save("huda.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    course = CourseFactory(title="Levantine", course_type="hybrid", estimated_hours=20, included_live_sessions=4)
    course.teachers.add(teacher)
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("90"))
    for rating in (5, 4):
        enrollment = EnrollmentFactory(course=course, status=Enrollment.Status.COMPLETED)
        Review.objects.create(
            enrollment=enrollment, course=course, rating=rating, body="Great", status=Review.Status.APPROVED
        )
    module = ModuleFactory(course=course, title="Around town")
    LessonFactory(module=module, title="Asking the way", is_preview=True, estimated_minutes=15)
    return add_course_page(add_category(Page.objects.get(depth=2)), course)


def test_teacher_cards_show_photo_bio_languages_rating_and_a_trial_booking(client, course_page):
    card = parse(client.get(course_page.url)).select_one(".teacher-card")

    teacher = course_page.course.teachers.get()
    assert card.h3.get_text() == "Huda Haddad"
    assert card.img["src"].endswith(".png") and card.img["loading"] == "lazy" and card.img["alt"] == "Huda Haddad"
    text = card.get_text()
    assert "Teaches Arabic in Amman." in text and "Arabic" in text and "Rated 4.5 out of 5 by 2 students" in text
    assert card.find("a", href=f"/learn/sessions/teachers/{teacher.pk}/")


def test_the_price_says_what_is_included_and_the_lessons_are_listed(client, course_page):
    page = parse(client.get(course_page.url))

    included = page.select_one(".included").get_text()
    assert "20 hours of learning" in included and "4 live sessions with a teacher" in included
    assert "90.00" in page.select_one(".buy-box").get_text()
    assert "Asking the way" in page.select_one(".lesson-list").get_text()


def test_the_course_structured_data_carries_the_reviews_aggregate_rating(client, course_page):
    course = by_type(json_ld(client.get(course_page.url)), "Course")

    assert course["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.5",
        "ratingCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert course["hasCourseInstance"][0]["instructor"] == [{"@type": "Person", "name": "Huda Haddad"}]


def test_a_course_without_reviews_has_no_rating_in_its_structured_data(client):
    page = add_course_page(add_category(Page.objects.get(depth=2)), CourseFactory())

    assert "aggregateRating" not in by_type(json_ld(client.get(page.url)), "Course")


def _cold_queries(client, url) -> int:
    from django.core.cache import cache, caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    caches["template_fragments"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_course_page_reads_the_same_queries_for_one_teacher_and_lesson_or_many(client, course_page):
    client.get(course_page.url)  # the site's own lookups
    one = _cold_queries(client, course_page.url)
    module = ModuleFactory(course=course_page.course)
    for index in range(10):
        LessonFactory(module=module, title=f"More {index}", is_preview=index % 2 == 0)
        course_page.course.teachers.add(UserFactory(teacher=True))
        review_of = EnrollmentFactory(course=course_page.course, status=Enrollment.Status.COMPLETED)
        Review.objects.create(enrollment=review_of, course=course_page.course, rating=4, status=Review.Status.APPROVED)

    assert _cold_queries(client, course_page.url) == one
