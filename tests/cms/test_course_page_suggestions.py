"""A course page suggests what comes next; for a signed-in student it leaves out what they own."""

import pytest

from commerce.recommendations import rollups
from tests.factories import UserFactory
from tests.learning.factories import CourseFactory, EnrollmentFactory

from .factories import add_category, add_course_page


@pytest.fixture
def pages(site):
    category = add_category(site["en"], slug="suggested-courses")
    viewed = add_course_page(category, CourseFactory(title="English A2", language="English", level="A2"))
    following = add_course_page(category, CourseFactory(title="English B1", language="English", level="B1"))
    return viewed, following


def panel_of(client, page, language="en"):
    return client.get(f"/suggestions/for-course/{page.course_id}/", {"language": language}).content.decode()


def test_the_course_page_fetches_its_suggestions_after_loading(client, pages):
    viewed, _following = pages
    page = client.get(viewed.url).content.decode()
    assert f'data-suggestions="/suggestions/for-course/{viewed.course_id}/?language=en"' in page


def test_an_anonymous_visitor_sees_the_next_level_linked_through_a_suggestion_link(client, pages):
    viewed, _following = pages
    panel = panel_of(client, viewed)
    assert "Continue to B1" in panel and 'href="/suggestions/' in panel


def test_the_panel_speaks_the_pages_language(client, pages):
    viewed, _following = pages
    arabic = panel_of(client, viewed, "ar")
    assert "تابع إلى المستوى B1" in arabic and "Continue to B1" not in arabic


def test_a_draft_course_has_no_panel(client, pages):
    viewed, _following = pages
    viewed.course.status = "draft"
    viewed.course.save()
    assert client.get(f"/suggestions/for-course/{viewed.course_id}/", follow=True).status_code == 404


def test_a_signed_in_student_is_not_offered_a_course_they_own(client, pages):
    viewed, following = pages
    student = UserFactory()
    EnrollmentFactory(student=student, course=following.course)
    rollups.refresh()
    client.force_login(student)
    response = client.get(f"/suggestions/for-course/{viewed.course_id}/")

    assert "English B1" not in response.content.decode() and "Continue to B1" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
