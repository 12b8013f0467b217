"""Concurrency on PostgreSQL: row locks order the requests, exclusion constraints are the final guarantee."""

import threading
from datetime import time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from learning.models import Course
from learning.services import enroll
from scheduling.models import Booking, LiveSession
from scheduling.services import bookings
from scheduling.services.errors import SchedulingError
from tests.factories import UserFactory
from tests.scheduling.factories import give_credits, make_schedule

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def run_together(jobs):
    """Start every job at once (a barrier), each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = ("ok", job())
        except SchedulingError as exc:
            results[index] = ("refused", exc.status)
        except Exception as exc:  # anything else is a bug the test must show
            results[index] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def next_slot_start(schedule):
    from scheduling.services.availability import free_slots

    now = timezone.now()
    return free_slots(schedule=schedule, start=now + timedelta(days=2), end=now + timedelta(days=9))[0].starts_at


def test_fifty_students_booking_one_slot_give_exactly_one_booking(teacher):
    schedule = make_schedule(teacher)
    starts_at = next_slot_start(schedule)
    students = [UserFactory() for _ in range(50)]
    for student in students:
        give_credits(student, 1)
    results = run_together(
        [
            lambda s=s: bookings.book_private_session(student=s, teacher=teacher, starts_at=starts_at).pk
            for s in students
        ]
    )
    assert [r[0] for r in results].count("ok") == 1
    assert {r for r in results if r[0] != "ok"} == {("refused", 409)}
    assert Booking.objects.count() == 1 and LiveSession.objects.count() == 1


def test_thirty_students_joining_a_class_of_ten_take_exactly_ten_seats(teacher):
    make_schedule(teacher)
    course = Course.objects.create(title="Live", slug="live", language="Arabic", course_type="live")
    course.teachers.add(teacher)
    session = bookings.create_group_class(
        teacher=teacher,
        course=course,
        title="Club",
        starts_at=timezone.now() + timedelta(days=3),
        minutes=60,
        capacity=10,
    )
    students = [UserFactory() for _ in range(30)]
    for student in students:
        enroll(student=student, course=course, source="admin")
        give_credits(student, 1)
    results = run_together([lambda s=s: bookings.join_class(student=s, session=session).status for s in students])
    assert all(r[0] == "ok" for r in results), results
    assert Booking.objects.filter(status="confirmed").count() == 10
    assert Booking.objects.filter(status="waitlisted").count() == 20
    session.refresh_from_db()
    assert session.seats_taken == 10


def test_overlapping_bookings_for_one_student_are_refused(teacher, other_teacher, student):
    make_schedule(teacher, hours=[(time(0), time(23))])
    make_schedule(other_teacher, hours=[(time(0), time(23))])
    give_credits(student, 20)
    start = next_slot_start(teacher.schedule)
    jobs = []
    for i in range(10):
        jobs.append(lambda: bookings.book_private_session(student=student, teacher=teacher, starts_at=start).pk)
        jobs.append(
            lambda i=i: (
                bookings.book_private_session(
                    student=student, teacher=other_teacher, starts_at=start + timedelta(minutes=30)
                ).pk
            )
        )
    results = run_together(jobs)
    assert [r[0] for r in results].count("ok") == 1, results
    assert Booking.objects.filter(student=student, status="confirmed").count() == 1


def test_the_database_refuses_overlaps_even_without_the_services(teacher, student):
    now = timezone.now() + timedelta(days=1)
    first = LiveSession.objects.create(
        teacher=teacher, kind="private", title="a", starts_at=now, ends_at=now + timedelta(hours=1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveSession.objects.create(
            teacher=teacher,
            kind="private",
            title="b",
            starts_at=now + timedelta(minutes=30),
            ends_at=now + timedelta(hours=2),
        )
    other = LiveSession.objects.create(
        teacher=UserFactory(teacher=True), kind="private", title="c", starts_at=now, ends_at=now + timedelta(hours=1)
    )
    Booking.objects.create(session=first, student=student, starts_at=first.starts_at, ends_at=first.ends_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            session=other, student=student, starts_at=other.starts_at + timedelta(minutes=59), ends_at=other.ends_at
        )
