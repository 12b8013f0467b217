from datetime import timedelta

import pytest
import time_machine

from notifications.models import Notification
from scheduling.models import Reminder
from scheduling.services import bookings, reminders
from scheduling.tasks import send_due_reminders
from tests.scheduling.factories import NOW, at, give_credits, make_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(teacher, student):
    make_schedule(teacher)
    give_credits(student)
    return bookings.book_private_session(student=student, teacher=teacher, starts_at=at(3, 9), now=NOW)


def reminder_notices():
    return Notification.objects.filter(kind="session_reminder")


def test_due_reminders_go_out_once_even_when_the_task_runs_again(booking, student, teacher):
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert send_due_reminders() == 2  # the 24-hour one, to student and teacher
        assert send_due_reminders() == 0
    assert reminder_notices().count() == 2
    assert set(reminder_notices().values_list("user", flat=True)) == {student.pk, teacher.pk}
    with time_machine.travel(at(3, 8, 0), tick=False):
        assert send_due_reminders() == 2  # the 1-hour ones
        assert send_due_reminders() == 0
    assert reminder_notices().count() == 4
    assert not Reminder.objects.filter(state="pending").exists()


def test_nothing_goes_out_before_it_is_due(booking):
    with time_machine.travel(at(2, 8, 59), tick=False):
        assert send_due_reminders() == 0


def test_a_late_run_sends_only_the_one_hour_reminder(booking):
    with time_machine.travel(at(3, 8, 30), tick=False):
        assert send_due_reminders() == 2
    assert set(Reminder.objects.filter(state="sent").values_list("offset", flat=True)) == {"1h"}
    assert Reminder.objects.filter(offset="24h", state="skipped").count() == 2


def test_a_run_after_the_start_sends_nothing(booking):
    with time_machine.travel(at(3, 9, 5), tick=False):
        assert send_due_reminders() == 0
    assert not reminder_notices().exists()


def test_cancelled_sessions_get_no_reminders(booking, student):
    bookings.cancel_booking(booking=booking, by=student, now=NOW)
    with time_machine.travel(at(3, 8, 30), tick=False):
        assert send_due_reminders() == 0
    assert not reminder_notices().exists()


def test_rescheduled_sessions_get_reminders_for_the_new_time_only(booking, student):
    bookings.reschedule_booking(booking=booking, starts_at=at(4, 10), by=student, now=NOW)
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert send_due_reminders() == 0
    with time_machine.travel(at(3, 10, 0), tick=False):
        assert send_due_reminders() == 2


def test_a_stale_reminder_left_pending_is_skipped(booking):
    # A reminder whose session moved without going through the service is not sent at the old time.
    session = booking.session
    type(session).objects.filter(pk=session.pk).update(starts_at=at(5, 9), ends_at=at(5, 10))
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert reminders.send_due_reminders() == 0


def test_concurrent_claim_loses_cleanly(booking):
    # Another worker claimed the reminder between our read and our update.
    due = list(Reminder.objects.filter(offset="24h"))
    Reminder.objects.filter(pk__in=[r.pk for r in due]).update(state="sent")
    with time_machine.travel(at(2, 9, 1), tick=False):
        assert reminders.send_due_reminders(now=at(2, 9, 1) + timedelta(seconds=1)) == 0
    assert not reminder_notices().exists()
