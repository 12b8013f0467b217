"""The demo reads in Arabic on Arabic pages: its courses' own titles too, not only their CMS pages."""

import pytest

from cms import demo
from learning.models import Course

from .conftest import by_type, json_ld, parse

pytestmark = pytest.mark.django_db


def arabic(client):
    client.cookies["django_language"] = "ar"
    return client


def test_every_demo_course_has_an_arabic_title_and_summary_and_seeding_again_keeps_them(demo_site):
    courses = Course.objects.filter(slug__in=demo.COURSE_AR)
    assert courses.count() == len(demo.COURSE_AR)
    before = {course.slug: course.translations for course in courses}
    assert {slug: texts["ar"]["title"] for slug, texts in before.items()} == {
        slug: title for slug, (title, _summary) in demo.COURSE_AR.items()
    }
    assert all(texts["ar"]["summary"] for texts in before.values())

    demo.seed()

    assert {course.slug: course.translations for course in courses.all()} == before


def test_the_arabic_catalogue_names_the_demo_courses_in_arabic(client, demo_site):
    page = arabic(client).get("/courses/")

    titles = [node.get_text(strip=True) for node in parse(page).select(".course-card__title")]
    assert titles and set(titles) <= {title for title, _summary in demo.COURSE_AR.values()}
    english = client.get("/en/arabic-courses/")  # the English pages keep the English titles
    assert "Arabic A1: Foundations" in english.content.decode()


def test_a_course_pages_structured_data_names_the_course_in_the_pages_language(client, demo_site):
    data = json_ld(client.get("/ar/arabic-courses/arabic-a1-foundations/"))

    assert by_type(data, "Course")["name"] == demo.COURSE_AR["arabic-a1-foundations"][0]
