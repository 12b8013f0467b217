"""A teacher's odd number never breaks the portal, and an empty quiz form costs no attempt."""

from datetime import UTC, datetime

import pytest

from learning import selectors
from learning.models import Module, QuizAttempt
from tests.learning.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_a_drip_delay_of_millions_of_days_is_refused_with_the_limit(client, teacher):
    course = CourseFactory(teachers=[teacher])
    client.force_login(teacher)
    response = client.post(
        f"/teach/courses/{course.pk}/modules/new/",
        {"title": "Later", "unlock_rule": "date", "days_after_enrollment": "3000000"},
    )
    assert response.status_code == 400
    assert "less than or equal to 3650" in response.content.decode()
    assert not Module.objects.filter(title="Later").exists()


def test_a_delay_past_the_calendars_end_reads_as_never_open(built):
    module = Module(course=built.course, title="Far", unlock_rule="date", days_after_enrollment=3_000_000)
    assert selectors.module_opens_at(module, built.enrollment) == datetime.max.replace(tzinfo=UTC)


def test_an_empty_quiz_submission_is_refused_without_using_an_attempt(client, student, built):
    client.force_login(student)
    response = client.post(f"{built.url}quizzes/{built.quiz.pk}/", {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Answer at least one question before submitting." in page
    assert "3 attempts left" in page
    assert not QuizAttempt.objects.exists()
