"""Session reminders 24 h and 1 h before: the reminder sequence, walked with frozen time."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.mail import EmailMultiAlternatives

from core.leases import Lease
from learning.models import Course
from learning.services import enroll
from notifications.kinds import Category
from notifications.models import Notification, OutboxEmail, SequenceDelivery
from notifications.preferences import Channels, set_channels
from notifications.sequences import engine
from notifications.tasks import run_sequences
from scheduling.services import bookings, reminders
from tests.concurrency import run_in_threads
from tests.scheduling.factories import NOW, at, give_credits, make_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(teacher, student):
    make_schedule(teacher)
    give_credits(student)
    return bookings.book_private_session(student=student, teacher=teacher, starts_at=at(3, 9), now=NOW)


def reminder_notices():
    return Notification.objects.filter(kind="session_reminder")


def reminder_emails(user):
    return OutboxEmail.objects.filter(to=user.email)


def planned(offset_hours):
    return SequenceDelivery.objects.filter(
        entry__sequence__trigger=reminders.TRIGGER, step__offset_hours=offset_hours
    ).order_by("pk")


def test_due_reminders_go_out_once_even_when_the_task_runs_again(booking, student, teacher):
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert run_sequences() == 2  # the 24-hour one, to student and teacher
        assert run_sequences() == 0
    assert reminder_notices().count() == 2
    assert set(reminder_notices().values_list("user", flat=True)) == {student.pk, teacher.pk}
    assert reminder_emails(student).get().subject == "[Fluentory] Tomorrow: " + booking.session.title
    with time_machine.travel(at(3, 8, 0), tick=False):
        assert run_sequences() == 2  # the 1-hour ones
        assert run_sequences() == 0
    assert reminder_notices().count() == 4
    assert reminder_emails(teacher).count() == 2
    assert not SequenceDelivery.objects.filter(state="pending").exists()


def test_the_reminder_is_in_the_persons_language_and_time_zone(booking, student, teacher):
    student.preferred_language, student.time_zone = "ar", "Asia/Riyadh"
    student.save()
    with time_machine.travel(at(2, 9, 1), tick=False):
        run_sequences()
    email = reminder_emails(student).get()
    assert "غدًا" in email.subject or "غداً" in email.subject
    assert 'dir="rtl"' in email.html_body
    assert "Asia/Riyadh" in email.body
    teachers = reminder_emails(teacher).get()
    assert teachers.subject.startswith("[Fluentory] Tomorrow:") and "Asia/Amman" in teachers.body
    assert f"/teach/schedule/sessions/{booking.session_id}/" in teachers.body


def test_nothing_goes_out_before_it_is_due(booking):
    with time_machine.travel(at(2, 8, 59), tick=False):
        assert run_sequences() == 0


def test_a_late_run_sends_only_the_one_hour_reminder(booking):
    with time_machine.travel(at(3, 8, 30), tick=False):
        assert run_sequences() == 2
    assert set(planned(-1).values_list("state", flat=True)) == {"sent"}
    assert set(planned(-24).values_list("state", "skip_reason")) == {("skipped", "superseded")}


def test_a_run_after_the_start_sends_nothing(booking):
    with time_machine.travel(at(3, 9, 5), tick=False):
        assert run_sequences() == 0
    assert not reminder_notices().exists()


def test_a_session_booked_late_gets_no_reminder_from_the_past(teacher, student):
    make_schedule(teacher)
    give_credits(student)
    bookings.book_private_session(student=student, teacher=teacher, starts_at=at(0, 12), now=NOW)  # in 6 hours
    assert set(planned(-24).values_list("state", "skip_reason")) == {("skipped", "stale")}
    with time_machine.travel(at(0, 11, 1), tick=False):
        assert run_sequences() == 2  # the 1-hour ones only


def test_cancelled_sessions_get_no_reminders(booking, student):
    bookings.cancel_booking(booking=booking, by=student, now=NOW)
    with time_machine.travel(at(3, 8, 30), tick=False):
        assert run_sequences() == 0
    assert not reminder_notices().exists()


def test_a_student_who_gave_up_a_group_seat_gets_none_but_the_teacher_does(teacher, student):
    make_schedule(teacher)
    course = Course.objects.create(title="Live", slug="live", language="Arabic", course_type="live")
    course.teachers.add(teacher)
    session = bookings.create_group_class(
        teacher=teacher, course=course, title="Group", starts_at=at(3, 9), minutes=60, capacity=5, now=NOW
    )
    enroll(student=student, course=course, source="admin")
    give_credits(student)
    seat = bookings.join_class(student=student, session=session, now=NOW)
    bookings.cancel_booking(booking=seat, by=student, now=NOW)
    with time_machine.travel(at(2, 9, 1), tick=False):
        run_sequences()
    assert list(reminder_notices().values_list("user", flat=True)) == [teacher.pk]
    assert not OutboxEmail.objects.filter(to=student.email, subject__contains="Tomorrow").exists()


def test_rescheduled_sessions_get_reminders_for_the_new_time_only(booking, student):
    bookings.reschedule_booking(booking=booking, starts_at=at(4, 10), by=student, now=NOW)
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert run_sequences() == 0
    with time_machine.travel(at(3, 10, 0), tick=False):
        assert run_sequences() == 2


def test_a_session_moved_without_the_service_gets_no_reminder_at_the_old_time(booking):
    session = booking.session
    type(session).objects.filter(pk=session.pk).update(starts_at=at(5, 9), ends_at=at(5, 10))
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert run_sequences() == 0


def test_a_person_who_turned_off_live_session_email_gets_the_notice_only_in_the_app(booking, student, teacher):
    set_channels(user=student, category=Category.LIVE, channels=Channels(in_app=True, email=False), source="test")
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert run_sequences() == 1
    assert not reminder_emails(student).exists()
    assert reminder_emails(teacher).count() == 1


def test_reminders_are_sent_in_quiet_hours(booking, student, settings):
    settings.NOTIFICATIONS_QUIET_HOURS = "00:00-23:59"  # always night: reminders are urgent and go anyway
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert run_sequences() == 2


DUE = at(2, 9, 1)  # the 24-hour reminders of the booking at day 3, 09:00 are due


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ticks_racing_on_their_own_connections_send_each_reminder_once(booking, monkeypatch):
    runs = 6
    # Every tick has read both reminders as due before any of them claims one: the claim alone must decide.
    everyone_has_read = threading.Barrier(runs)
    real_claim = Lease.claim_batch

    def read_then_claim(lease, rows, **kwargs):
        list(rows)
        everyone_has_read.wait(timeout=30)
        return real_claim(lease, rows, **kwargs)

    monkeypatch.setattr(Lease, "claim_batch", read_then_claim)
    results = run_in_threads(runs, lambda: engine.tick(now=DUE))

    assert sum(results) == 2
    assert reminder_notices().count() == 2
    assert OutboxEmail.objects.filter(subject__contains="Tomorrow:").count() == 2
    assert set(planned(-24).values_list("state", "attempts")) == {("sent", 1)}


def test_a_tick_that_dies_mid_send_is_retried_once_its_lease_lapses(booking, student, teacher):
    dying = planned(-24).first()
    assert engine.LEASE.claim(SequenceDelivery.objects.filter(pk=dying.pk), now=DUE)  # …and the worker is gone
    with time_machine.travel(DUE + engine.LEASE.duration - timedelta(seconds=1), tick=False):
        assert run_sequences() == 1  # the other one; the claimed one is still leased
    with time_machine.travel(DUE + engine.LEASE.duration + timedelta(seconds=1), tick=False):
        assert run_sequences() == 1
        assert run_sequences() == 0
    assert OutboxEmail.objects.filter(subject__contains="Tomorrow:").count() == 2
    dying.refresh_from_db()
    assert (dying.state, dying.attempts, dying.claimed_until) == ("sent", 2, None)


def test_a_message_that_went_out_before_the_worker_died_is_not_sent_again(booking, monkeypatch):
    from django.core.mail.backends.base import BaseEmailBackend

    from notifications import backends

    with time_machine.travel(DUE, tick=False):
        run_sequences()
    first = list(OutboxEmail.objects.values_list("message_id", flat=True))
    # The tick died after handing the messages over and before recording them: they are claimable again.
    planned(-24).update(state="sending", claimed_until=DUE)

    class Refuse(BaseEmailBackend):
        def send_messages(self, messages):
            raise AssertionError("sent again")

    monkeypatch.setattr(backends, "get_connection", lambda *args, **kwargs: Refuse())
    with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
        run_sequences()
    assert list(OutboxEmail.objects.values_list("message_id", flat=True)) == first
    assert set(planned(-24).values_list("state", flat=True)) == {"sent"}


def test_a_tick_that_outlived_its_lease_does_not_send_again(booking):
    slow = planned(-24).first()
    token, won = engine.LEASE.claim_batch(SequenceDelivery.objects.filter(pk=slow.pk), now=DUE)
    with time_machine.travel(DUE + engine.LEASE.duration + timedelta(seconds=1), tick=False):
        assert run_sequences() == 2  # the slow tick's lease lapsed, so this one took the reminder over
    assert engine._Batch(token=token, ids=won, now=DUE).run() == 0  # the slow tick wakes up and finishes
    assert OutboxEmail.objects.filter(subject__contains="Tomorrow:").count() == 2


def test_a_send_that_fails_is_retried_by_the_next_tick(booking, monkeypatch):
    monkeypatch.setattr(EmailMultiAlternatives, "send", _broken_send)
    with time_machine.travel(DUE, tick=False):
        assert engine.tick() == 0
    assert not reminder_notices().exists()
    monkeypatch.undo()
    with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
        assert run_sequences() == 2
    assert reminder_notices().count() == 2


def test_a_reminder_that_keeps_failing_is_marked_failed_after_the_last_attempt(booking, monkeypatch):
    monkeypatch.setattr(EmailMultiAlternatives, "send", _broken_send)
    moment = DUE
    for _attempt in range(engine.MAX_ATTEMPTS + 1):
        with time_machine.travel(moment, tick=False):
            engine.tick()
        moment += timedelta(minutes=1)
    assert set(planned(-24).values_list("state", "attempts")) == {("failed", engine.MAX_ATTEMPTS)}
    assert not reminder_notices().exists()


def _broken_send(*args, **kwargs):
    raise ConnectionError("the mail provider hiccuped")
