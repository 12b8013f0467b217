"""The completion task run twice and at the same moment on PostgreSQL still issues one certificate (`services`)."""

import threading

import pytest
from django.db import connection

from learning.models import Certificate, Enrollment
from learning.tasks import issue_certificate
from notifications.models import Notification
from tests.learning.factories import CourseFactory, EnrollmentFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

THREADS = 8


def run_together(task, *args) -> list:
    barrier = threading.Barrier(THREADS)
    results, lock = [], threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=30)
            result = task(*args)
        except Exception as exc:  # the test must show it, not lose it in a thread
            result = exc
        finally:
            connection.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_the_completion_task_run_twice_and_concurrently_issues_one_certificate(student, teacher):
    course = CourseFactory(teachers=[teacher])
    enrollment = EnrollmentFactory(student=student, course=course, status=Enrollment.Status.COMPLETED)

    results = run_together(issue_certificate, enrollment.pk)  # every worker at once
    again = issue_certificate(enrollment.pk)  # and once more, as a retry would

    assert not [result for result in results if isinstance(result, Exception)], results
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert set(results) == {certificate.pk} and again == certificate.pk
    assert Notification.objects.filter(user=student, kind="learning.certificate_issued").count() == 1
