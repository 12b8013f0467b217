"""Double clicks and races, on PostgreSQL: the enrollment row lock keeps attempt limits and enrollments exact."""

import threading

import pytest
from django.db import connection

from learning.models import Enrollment, QuizAttempt
from learning.services import AttemptLimitReached, enroll, submit_attempt
from tests.factories import UserFactory
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory, QuizFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def run_together(count, work):
    barrier = threading.Barrier(count)
    outcomes = []

    def runner():
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_submissions_never_exceed_the_attempt_limit():
    course = CourseFactory()
    lesson = LessonFactory(module=ModuleFactory(course=course))
    quiz = QuizFactory(lesson=lesson, attempt_limit=1)
    enrollment = EnrollmentFactory(course=course)
    answer = {f"q-{quiz.questions.raw_data[0]['id']}": "1"}
    outcomes = run_together(4, lambda: submit_attempt(enrollment=enrollment, quiz=quiz, data=answer))
    assert QuizAttempt.objects.count() == 1
    assert sum(isinstance(o, AttemptLimitReached) for o in outcomes) == 3


def test_simultaneous_enrollments_make_one_row():
    course = CourseFactory()
    student = UserFactory()
    run_together(4, lambda: enroll(student=student, course=course, source="purchase"))
    assert Enrollment.objects.filter(student=student, course=course).count() == 1
