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


def test_an_anonymous_visitor_sees_the_next_level_linked_through_a_suggestion_link(client, pages):
    viewed, _following = pages
    page = client.get(viewed.url).content.decode()
    assert "Continue to B1" in page and 'href="/suggestions/' in page


def test_a_signed_in_student_is_not_offered_a_course_they_own(client, pages):
    viewed, following = pages
    student = UserFactory()
    EnrollmentFactory(student=student, course=following.course)
    rollups.refresh()
    client.force_login(student)
    client.get(viewed.url)  # the content fragment is cached by now, the panel is not

    page = client.get(viewed.url).content.decode()

    assert "English B1" not in page.split('class="suggestions"')[-1]
    assert "Continue to B1" not in page
