"""Who may open what: the role matrix over the student portal, the teacher portal and admin governance."""

import pytest

from learning.models import Lesson, QuizAttempt
from learning.services import submit_attempt
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "student", "other_student", "teacher", "other_teacher", "partner", "admin_user"]


def login(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


def outcome(response):
    if response.status_code == 302 and "login" in response.url:
        return "login"
    return response.status_code


STUDENT_EXPECTED = {
    "anonymous": "login",
    "student": 200,
    "other_student": 403,
    "teacher": 403,
    "other_teacher": 403,
    "partner": 403,
    "admin_user": 403,
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", ["outline", "lesson", "quiz", "review"])
def test_student_pages(client, request, built, who, page):
    urls = {
        "outline": built.url,
        "lesson": f"{built.url}lessons/{built.lesson1.pk}/",
        "quiz": f"{built.url}quizzes/{built.quiz.pk}/",
        "review": f"{built.url}review/",
    }
    login(client, request, who)
    assert outcome(client.get(urls[page])) == STUDENT_EXPECTED[who]


TEACHER_EXPECTED = {
    "anonymous": "login",
    "student": 403,
    "other_student": 403,
    "teacher": 200,
    "other_teacher": 403,
    "partner": 403,
    "admin_user": 403,
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", ["builder", "lesson", "quiz", "students", "announcements"])
def test_teacher_pages(client, request, built, who, page):
    urls = {
        "builder": f"/teach/courses/{built.course.pk}/",
        "lesson": f"/teach/lessons/{built.lesson1.pk}/",
        "quiz": f"/teach/quizzes/{built.quiz.pk}/",
        "students": f"/teach/courses/{built.course.pk}/students/",
        "announcements": f"/teach/courses/{built.course.pk}/announcements/",
    }
    login(client, request, who)
    assert outcome(client.get(urls[page])) == TEACHER_EXPECTED[who]


def test_a_teacher_cannot_edit_another_teachers_course(client, other_teacher, built):
    client.force_login(other_teacher)
    response = client.post(f"/teach/lessons/{built.lesson1.pk}/", {"title": "Hijacked", "estimated_minutes": 1})
    assert response.status_code == 403
    assert client.post(f"/teach/lesson/{built.lesson1.pk}/remove/").status_code == 403
    assert client.post(f"/teach/courses/{built.course.pk}/submit/").status_code == 403
    lesson = Lesson.objects.get(pk=built.lesson1.pk)
    assert lesson.title != "Hijacked" and not lesson.has_unpublished_changes and not lesson.retired


def test_a_student_cannot_see_another_students_attempts(client, other_student, built):
    attempt = submit_attempt(enrollment=built.enrollment, quiz=built.quiz, data={f"q-{built.question_id}": "0"})
    EnrollmentFactory(student=other_student, course=built.course)
    client.force_login(other_student)
    url = f"{built.url}quizzes/{built.quiz.pk}/attempts/{attempt.number}/"
    assert client.get(url, follow=True).status_code == 404
    assert QuizAttempt.objects.count() == 1


def test_a_student_whose_enrollment_was_revoked_loses_access(client, student, built):
    from learning.services import revoke_enrollment

    revoke_enrollment(enrollment=built.enrollment)
    client.force_login(student)
    response = client.get(f"{built.url}lessons/{built.lesson1.pk}/")
    assert response.status_code == 403
    assert "You are not enrolled in this course." in response.content.decode()
    assert built.lesson1.title not in response.content.decode()


ADMIN_EXPECTED = {
    "anonymous": "login",
    "student": "login",
    "other_student": "login",
    "teacher": "login",
    "other_teacher": "login",
    "partner": "login",
    "admin_user": 200,
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", ["reviews", "locks", "enrollments"])
def test_admin_governance_pages(client, request, built, who, page):
    urls = {
        "reviews": "/admin/learning/reviews/",
        "locks": "/admin/learning/locks/",
        "enrollments": f"/admin/learning/courses/{built.course.pk}/enrollments/",
    }
    login(client, request, who)
    assert outcome(client.get(urls[page])) == ADMIN_EXPECTED[who]


def test_wagtail_staff_without_the_admin_role_cannot_govern(client, built):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    editor = UserFactory(is_staff=True, is_student=False)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    from learning.models import Course

    client.force_login(editor)
    # Wagtail turns a refusal inside the admin into a redirect to the dashboard with the reason as a message.
    response = client.get("/admin/learning/reviews/")
    assert response.status_code == 302 and response.url == "/admin/"
    client.post(f"/admin/learning/courses/{built.course.pk}/clone/")
    assert Course.objects.count() == 1


def test_expired_enrollments_lose_access_and_are_marked_expired(client, student, built):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from learning.models import Enrollment
    from learning.tasks import expire_enrollments_task

    Enrollment.objects.filter(pk=built.enrollment.pk).update(expires_at=timezone.now() + timedelta(days=1))
    client.force_login(student)
    outline = client.get(built.url)
    assert outline.status_code == 200 and f"<h1>{built.course.title}</h1>" in outline.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        refused = client.get(built.url)
        assert refused.status_code == 403 and "You are not enrolled in this course." in refused.content.decode()
        expire_enrollments_task.delay()
    built.enrollment.refresh_from_db()
    assert built.enrollment.status == Enrollment.Status.EXPIRED and built.enrollment.ended_at
