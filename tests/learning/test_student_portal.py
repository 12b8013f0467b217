"""The student's way through a course: outline, lessons, milestone quiz, completion."""

import pytest

from analytics.models import Event
from learning.models import Enrollment, LessonProgress, QuizAttempt
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_dashboard_shows_progress_next_milestone_and_continue(client, student, built):
    client.force_login(student)
    response = client.get("/learn/")
    body = response.content.decode()
    assert response.status_code == 200
    assert built.course.title in body and "0% complete" in body
    assert "Next milestone:" in body and built.quiz.title in body
    assert built.lesson1.title in body  # continue where you left off


def test_locked_lesson_shows_why_and_refuses(client, student, built):
    client.force_login(student)
    outline = client.get(built.url).content.decode()
    assert "Locked" in outline and f"Pass the quiz “{built.quiz.title}”" in outline
    response = client.get(f"{built.url}lessons/{built.lesson2.pk}/")
    assert response.status_code == 403
    assert f"Pass the quiz “{built.quiz.title}”" in response.content.decode()
    assert not LessonProgress.objects.filter(lesson=built.lesson2).exists()


def test_completing_a_locked_lesson_changes_nothing(client, student, built):
    client.force_login(student)
    response = client.post(f"{built.url}lessons/{built.lesson2.pk}/complete/")
    assert response.status_code == 403
    assert not LessonProgress.objects.filter(lesson=built.lesson2).exists()


def test_passing_the_milestone_quiz_unlocks_and_notifies(client, student, built):
    client.force_login(student)
    client.get(f"{built.url}lessons/{built.lesson1.pk}/")
    response = client.post(f"{built.url}lessons/{built.lesson1.pk}/complete/")
    assert response.status_code == 302 and response.url.endswith(f"/quizzes/{built.quiz.pk}/")
    response = client.post(response.url, {f"q-{built.question_id}": "1"})  # wrong answer
    result = client.get(response.url).content.decode()
    assert "Not passed" in result and "Not a greeting." in result and "Try again" in result
    assert client.get(f"{built.url}lessons/{built.lesson2.pk}/").status_code == 403
    response = client.post(f"{built.url}quizzes/{built.quiz.pk}/", {f"q-{built.question_id}": "0"})
    assert "Passed with 100" in client.get(response.url).content.decode()
    unlocked = client.get(f"{built.url}lessons/{built.lesson2.pk}/")
    assert unlocked.status_code == 200 and f"<h1>{built.lesson2.title}</h1>" in unlocked.content.decode()
    assert Notification.objects.filter(user=student, kind="learning.lesson_unlocked").count() == 1
    names = set(Event.objects.filter(user=student).values_list("name", flat=True))
    assert {"lesson_started", "lesson_completed", "quiz_failed", "quiz_passed"} <= names


def test_course_completes_when_all_required_lessons_and_quizzes_are_done(client, student, built):
    client.force_login(student)
    client.post(f"{built.url}lessons/{built.lesson1.pk}/complete/")
    client.post(f"{built.url}quizzes/{built.quiz.pk}/", {f"q-{built.question_id}": "0"})
    client.post(f"{built.url}lessons/{built.lesson2.pk}/complete/")
    built.enrollment.refresh_from_db()
    assert built.enrollment.status == Enrollment.Status.ACTIVE
    response = client.post(f"{built.url}lessons/{built.lesson3.pk}/complete/", follow=True)
    built.enrollment.refresh_from_db()
    assert built.enrollment.status == Enrollment.Status.COMPLETED and built.enrollment.completed_at
    assert "You completed the course" in response.content.decode()
    assert Notification.objects.filter(user=student, kind="learning.course_completed").count() == 1
    assert Event.objects.filter(user=student, name="course_completed").count() == 1
    # completing again is harmless
    client.post(f"{built.url}lessons/{built.lesson3.pk}/complete/")
    assert Event.objects.filter(user=student, name="course_completed").count() == 1


def test_previous_and_next_links(client, student, built):
    client.force_login(student)
    client.post(f"{built.url}lessons/{built.lesson1.pk}/complete/")
    client.post(f"{built.url}quizzes/{built.quiz.pk}/", {f"q-{built.question_id}": "0"})
    body = client.get(f"{built.url}lessons/{built.lesson2.pk}/").content.decode()
    assert f'rel="prev" href="{built.url}lessons/{built.lesson1.pk}/"' in body
    assert f'rel="next" href="{built.url}lessons/{built.lesson3.pk}/"' in body


def test_time_spent_is_recorded_and_capped(client, student, built):
    client.force_login(student)
    client.get(f"{built.url}lessons/{built.lesson1.pk}/")
    client.post(f"{built.url}lessons/{built.lesson1.pk}/time/", {"seconds": "40"})
    client.post(f"{built.url}lessons/{built.lesson1.pk}/time/", {"seconds": "99999"})
    assert LessonProgress.objects.get(lesson=built.lesson1).time_spent_seconds == 340
    assert client.post(f"{built.url}lessons/{built.lesson1.pk}/time/", {"seconds": "x"}).status_code == 400


class TestBadQuizInput:
    def test_malformed_answer_is_refused_and_records_nothing(self, client, student, built):
        client.force_login(student)
        response = client.post(f"{built.url}quizzes/{built.quiz.pk}/", {f"q-{built.question_id}": "42"})
        assert response.status_code == 400
        assert "is not one of its options" in response.content.decode()
        assert not QuizAttempt.objects.exists()

    def test_answers_to_a_locked_quiz_are_refused(self, client, student, built):
        from tests.learning.factories import QuizFactory

        later_quiz = QuizFactory(lesson=built.lesson3)
        client.force_login(student)
        qid = later_quiz.questions.raw_data[0]["id"]
        response = client.post(f"{built.url}quizzes/{later_quiz.pk}/", {f"q-{qid}": "0"})
        assert response.status_code == 403
        assert "Pass the quiz" in response.content.decode()
        assert not QuizAttempt.objects.exists()

    def test_attempts_past_the_limit_are_refused(self, client, student, built):
        client.force_login(student)
        for _ in range(3):
            client.post(f"{built.url}quizzes/{built.quiz.pk}/", {f"q-{built.question_id}": "1"})
        response = client.post(f"{built.url}quizzes/{built.quiz.pk}/", {f"q-{built.question_id}": "0"})
        assert response.status_code == 409
        assert "You have used all 3 attempts" in response.content.decode()
        assert QuizAttempt.objects.count() == 3 and not QuizAttempt.objects.filter(passed=True).exists()


def test_live_course_lessons_are_open_material_without_milestones(client, student, teacher):
    from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory, QuizFactory

    course = CourseFactory(course_type="live", teachers=[teacher])
    module = ModuleFactory(course=course)
    first = LessonFactory(module=module, quiz_required=True)
    QuizFactory(lesson=first)
    second = LessonFactory(module=module)
    EnrollmentFactory(student=student, course=course)
    client.force_login(student)
    lesson = client.get(f"/learn/courses/{course.slug}/lessons/{second.pk}/")
    assert lesson.status_code == 200 and f"<h1>{second.title}</h1>" in lesson.content.decode()
    body = client.get("/learn/").content.decode()
    assert "Next milestone" not in body and "% complete" not in body


def test_admin_lock_closes_a_lesson_with_the_reason(client, student, built, admin_user):
    from learning.services import governance

    governance.lock_lessons(admin=admin_user, reason="Being re-recorded", lesson=built.lesson1)
    client.force_login(student)
    response = client.get(f"{built.url}lessons/{built.lesson1.pk}/")
    assert response.status_code == 403 and "Being re-recorded" in response.content.decode()


def test_drip_module_opens_on_its_day_and_the_student_is_told_once(student, teacher):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from learning.services.progress import notify_drip_unlocks
    from learning.tasks import notify_drip_unlocks_task
    from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory

    start = timezone.now()
    course = CourseFactory(teachers=[teacher])
    LessonFactory(module=ModuleFactory(course=course, sort_order=0))
    week_two = ModuleFactory(course=course, sort_order=1, unlock_rule="date", days_after_enrollment=7)
    lesson = LessonFactory(module=week_two)
    enrollment = EnrollmentFactory(student=student, course=course, enrolled_at=start)
    from learning.selectors import course_outline

    assert course_outline(course=course, enrollment=enrollment).entry(lesson.pk).decision.code == "date"
    assert notify_drip_unlocks() == 0
    with time_machine.travel(start + timedelta(days=7, hours=1)):
        assert course_outline(course=course, enrollment=enrollment).entry(lesson.pk).decision.open
        notify_drip_unlocks_task.delay()
        notify_drip_unlocks()
    assert Notification.objects.filter(user=student, kind="learning.lesson_unlocked").count() == 1


def test_outline_links_open_lessons_and_quizzes(client, student, built):
    client.force_login(student)
    body = client.get(built.url).content.decode()
    assert f'<a href="{built.url}lessons/{built.lesson1.pk}/">{built.lesson1.title}</a>' in body
    assert f'href="{built.url}quizzes/{built.quiz.pk}/"' in body


def test_the_student_portal_speaks_arabic(client, student, built):
    client.force_login(student)
    client.cookies["django_language"] = "ar"
    body = client.get(built.url).content.decode()
    assert 'dir="rtl"' in body
    assert "مقفل" in body and f"انجح في الاختبار «{built.quiz.title}»" in body
    assert "تعلّمي" in body
