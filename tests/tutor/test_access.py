"""Who may ask and read what; bad input and bursts get a 4xx with a reason and change nothing."""

import pytest

from tests.learning.factories import CourseFactory, EnrollmentFactory
from tutor import services
from tutor.models import Exchange

STREAM = {"HTTP_ACCEPT": "application/x-ndjson"}


@pytest.fixture
def answered(tutored, student):
    return services.ask(student=student, course=tutored.course, question="What does marhaba mean?").answer()


def test_a_student_sees_only_their_own_conversation(client, tutored, answered, other_student):
    EnrollmentFactory(student=other_student, course=tutored.course)
    client.force_login(other_student)
    html = client.get(tutored.page_url).content.decode()
    assert "What does marhaba mean?" not in html


def test_a_student_cannot_rate_or_report_someone_elses_answer(client, answered, other_student):
    client.force_login(other_student)
    assert client.post(f"/learn/tutor/answers/{answered.pk}/rate/", {"helpful": "1"}).status_code == 403
    assert client.post(f"/learn/tutor/answers/{answered.pk}/report/", {"reason": "x"}).status_code == 403
    assert client.post("/learn/tutor/answers/999999/rate/", {"helpful": "1"}).status_code == 403
    answered.refresh_from_db()
    assert answered.rating is None and answered.reported_at is None


def test_a_student_not_enrolled_cannot_ask(client, tutored, other_student):
    client.force_login(other_student)
    response = client.post(tutored.ask_url, {"question": "hello?"})
    assert response.status_code == 403
    assert "Only students enrolled in this course" in response.content.decode()
    assert client.post(tutored.ask_url, {"question": "hello?"}, **STREAM).status_code == 403
    assert client.get(tutored.page_url).status_code == 403
    assert not Exchange.objects.exists()


def test_an_unpublished_course_cannot_be_asked_about(client, student):
    course = CourseFactory(status="draft")
    EnrollmentFactory(student=student, course=course)
    client.force_login(student)
    assert client.post(f"/learn/courses/{course.slug}/tutor/ask/", {"question": "hello?"}).status_code == 403


@pytest.mark.parametrize("who", ["teacher", "admin_user", "partner"])
def test_other_roles_cannot_read_or_use_the_student_tutor(client, tutored, answered, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(tutored.page_url).status_code == 403
    assert client.post(tutored.ask_url, {"question": "hello?"}).status_code == 403
    assert client.post(f"/learn/tutor/answers/{answered.pk}/rate/", {"helpful": "1"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, tutored):
    response = client.post(tutored.ask_url, {"question": "hello?"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_lesson_of_another_course_is_refused(client, tutored, student):
    other = CourseFactory()
    from tests.learning.factories import LessonFactory

    foreign = LessonFactory(module__course=other)
    client.force_login(student)
    response = client.post(tutored.ask_url, {"question": "hello?", "lesson": foreign.pk})
    assert response.status_code == 400
    assert client.post(tutored.ask_url, {"question": "hello?", "lesson": "1e9"}).status_code == 400


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("", "Write a question first"),
        ("   \n ", "Write a question first"),
        ("x" * 1001, "at most 1000 characters"),
        ("hello\x00\x01world", "not text"),
        (b"\xff\xfe\x00binary".decode("latin-1"), "not text"),
    ],
)
def test_bad_questions_get_a_400_with_the_reason(client, tutored, student, question, reason):
    client.force_login(student)
    response = client.post(tutored.ask_url, {"question": question}, **STREAM)
    assert response.status_code == 400 and reason in response.json()["error"]
    page = client.post(tutored.ask_url, {"question": question})
    assert page.status_code == 400 and reason in page.content.decode()
    assert not Exchange.objects.exists()


def test_a_question_that_is_not_utf8_is_a_400(client, tutored, student):
    client.force_login(student)
    body = b"question=%FF%FE%FAbinary"
    response = client.post(tutored.ask_url, body, content_type="application/x-www-form-urlencoded", **STREAM)
    assert response.status_code == 400 and "not text" in response.json()["error"]


def test_questions_are_throttled_per_student(client, tutored, student, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "tutor_question": "2/m/user"}
    client.force_login(student)
    for _ in range(2):
        client.post(tutored.ask_url, {"question": "hello?"})
    response = client.post(tutored.ask_url, {"question": "hello?"}, **STREAM)
    assert response.status_code == 429 and "try again" in response.json()["error"]
    assert Exchange.objects.count() == 2


def test_an_expired_enrollment_has_no_tutor(client, tutored, student):
    from datetime import timedelta

    from django.utils import timezone

    tutored.enrollment.expires_at = timezone.now() - timedelta(days=1)
    tutored.enrollment.save()
    client.force_login(student)
    assert "data-tutor-form" not in client.get("/learn/tutor/for-dashboard/").content.decode()
    assert client.post(tutored.ask_url, {"question": "hello?"}).status_code == 403
