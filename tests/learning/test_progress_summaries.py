"""The dashboard keeps each enrollment's progress summary under the enrollment's progress version: a repeat visit
reads no progress, and every view, completion, passed quiz, time report or module opening shows on the next one."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from learning.models import Enrollment, Module
from learning.selectors import student_dashboard
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def continue_card(client) -> str:
    body = client.get("/learn/").content.decode()
    return body.split('id="continue-title"', 1)[1].split("</section>", 1)[0]


def test_a_repeat_dashboard_reads_no_progress(student, built, django_assert_num_queries):
    student_dashboard(student=student)
    with django_assert_num_queries(3) as captured:  # enrollments with courses, announcements, unread messages
        dashboard = student_dashboard(student=student)
    assert not any("learning_lessonprogress" in query["sql"] for query in captured.captured_queries)
    assert dashboard.continue_entry.progress.continue_lesson_id == built.lesson1.pk


def test_completing_a_lesson_shows_on_the_next_dashboard(client, student, built):
    client.force_login(student)
    assert "0% complete" in client.get("/learn/").content.decode()
    client.post(f"{built.url}lessons/{built.lesson1.pk}/complete/")
    assert "33% complete" in client.get("/learn/").content.decode()


def test_passing_the_milestone_quiz_shows_on_the_next_dashboard(client, student, built):
    client.force_login(student)
    client.post(f"{built.url}lessons/{built.lesson1.pk}/complete/")
    before = client.get("/learn/").content.decode()
    assert f"Next milestone: {built.quiz.title}" in before
    client.post(f"{built.url}quizzes/{built.quiz.pk}/", {f"q-{built.question_id}": "0"})  # the right answer
    after = client.get("/learn/").content.decode()
    assert "Next milestone:" not in after and f"/lessons/{built.lesson2.pk}/" in continue_card(client)


def test_viewing_a_lesson_shows_where_to_continue_on_the_next_dashboard(client, student, built):
    built.lesson1.quiz_required = False
    built.lesson1.save()
    client.force_login(student)
    assert f"/lessons/{built.lesson1.pk}/" in continue_card(client)
    client.get(f"{built.url}lessons/{built.lesson3.pk}/")
    assert f"/lessons/{built.lesson3.pk}/" in continue_card(client)


def test_time_reported_on_a_lesson_makes_its_course_the_one_to_continue(client, student, teacher):
    courses = []
    for _ in range(2):
        course = CourseFactory(teachers=[teacher])
        lesson = LessonFactory(module=ModuleFactory(course=course))
        EnrollmentFactory(student=student, course=course)
        courses.append((course, lesson))
    (first, first_lesson), (second, second_lesson) = courses
    client.force_login(student)
    with time_machine.travel(timezone.now() - timedelta(minutes=10)):
        client.get(f"/learn/courses/{first.slug}/lessons/{first_lesson.pk}/")
    client.get(f"/learn/courses/{second.slug}/lessons/{second_lesson.pk}/")
    assert second.title in continue_card(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):  # still reading the first, in another tab
        client.post(f"/learn/courses/{first.slug}/lessons/{first_lesson.pk}/time/", {"seconds": "30"})
        assert first.title in continue_card(client)


def test_a_module_that_opens_shows_on_the_next_dashboard_without_any_progress(client, student, teacher):
    course = CourseFactory(teachers=[teacher])
    first = LessonFactory(module=ModuleFactory(course=course, sort_order=0), sort_order=0)
    later = ModuleFactory(
        course=course,
        sort_order=1,
        unlock_rule=Module.UnlockRule.DATE,
        available_from=timezone.now() + timedelta(hours=2),
    )
    second = LessonFactory(module=later, sort_order=0)
    enrollment = EnrollmentFactory(student=student, course=course)
    client.force_login(student)
    client.post(f"/learn/courses/{course.slug}/lessons/{first.pk}/complete/")
    assert "continue-title" not in client.get("/learn/").content.decode()  # nothing open is left to do
    version = Enrollment.objects.get(pk=enrollment.pk).progress_version
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):  # well before the cache's expiry
        assert f"/lessons/{second.pk}/" in continue_card(client)
    assert Enrollment.objects.get(pk=enrollment.pk).progress_version == version
