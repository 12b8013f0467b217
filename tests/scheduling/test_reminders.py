import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from notifications.models import Notification, OutboxEmail
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


DUE = at(2, 9, 1)  # the 24-hour reminders of the booking at day 3, 09:00 are due


def run_in_threads(count, work):
    """`work()` in `count` threads, each on its own database connection; answers their results."""
    results, errors = [], []

    def runner():
        try:
            results.append(work())
        except Exception as exc:  # the test must show it, not lose it in a thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.fixture
def sends(monkeypatch):
    """Every notice a reminder run hands to `notify`, by dedupe key."""
    calls, real_notify = [], reminders.notify

    def counting_notify(user, kind, title, body, url=None, **kwargs):
        calls.append(kwargs["dedupe_key"])
        return real_notify(user, kind, title, body, url=url, **kwargs)

    monkeypatch.setattr(reminders, "notify", counting_notify)
    return calls


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_runs_racing_on_their_own_connections_send_each_reminder_once(booking, monkeypatch, sends):
    runs = 6
    # Every run has read both reminders as due before any of them claims one: the claim alone must decide.
    everyone_has_read = threading.Barrier(runs)
    real_check = reminders._still_relevant

    def check_then_wait(reminder, now):
        relevant = real_check(reminder, now)
        everyone_has_read.wait(timeout=30)
        return relevant

    monkeypatch.setattr(reminders, "_still_relevant", check_then_wait)
    results = run_in_threads(runs, lambda: reminders.send_due_reminders(now=DUE))

    assert sum(results) == 2
    assert sorted(sends) == sorted(f"scheduling-reminder-{r.pk}" for r in Reminder.objects.filter(offset="24h"))
    assert reminder_notices().count() == 2
    assert OutboxEmail.objects.filter(subject__contains="Tomorrow:").count() == 2
    assert set(Reminder.objects.filter(offset="24h").values_list("state", "attempts")) == {("sent", 1)}


def test_a_worker_that_dies_mid_send_is_retried_once_its_lease_lapses(booking, sends):
    dying = Reminder.objects.filter(offset="24h").first()
    assert reminders.claim(reminder=dying, now=DUE)  # …and the worker is gone before it sends
    with time_machine.travel(DUE + reminders.LEASE - timedelta(seconds=1), tick=False):
        assert send_due_reminders() == 1  # the other one; the claimed one is still leased
    with time_machine.travel(DUE + reminders.LEASE + timedelta(seconds=1), tick=False):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0
    assert reminder_notices().filter(dedupe_key=f"scheduling-reminder-{dying.pk}").count() == 1
    assert len(sends) == 2
    dying.refresh_from_db()
    assert (dying.state, dying.attempts, dying.claimed_until) == ("sent", 2, None)


def test_a_run_that_outlived_its_lease_does_not_send_again(booking):
    slow = Reminder.objects.filter(offset="24h").first()
    stale_lease = reminders.claim(reminder=slow, now=DUE)
    with time_machine.travel(DUE + reminders.LEASE + timedelta(seconds=1), tick=False):
        assert send_due_reminders() == 2  # the slow run's lease lapsed, so this run took the reminder over
    slow.refresh_from_db()
    assert not reminders._send(slow, claimed_until=stale_lease, now=DUE)  # the slow run wakes up and finishes
    assert reminder_notices().filter(dedupe_key=f"scheduling-reminder-{slow.pk}").count() == 1


def test_a_send_that_fails_rolls_back_and_is_retried_after_the_lease(booking, monkeypatch):
    monkeypatch.setattr(reminders, "notify", _broken_notify)
    with time_machine.travel(DUE, tick=False):
        assert send_due_reminders() == 0
    assert not reminder_notices().exists()
    monkeypatch.undo()
    with time_machine.travel(DUE + reminders.LEASE + timedelta(seconds=1), tick=False):
        assert send_due_reminders() == 2
    assert reminder_notices().count() == 2


def test_a_reminder_that_keeps_failing_is_marked_failed_after_the_last_attempt(booking, monkeypatch):
    monkeypatch.setattr(reminders, "notify", _broken_notify)
    moment = DUE
    for _attempt in range(reminders.MAX_ATTEMPTS + 1):
        with time_machine.travel(moment, tick=False):
            send_due_reminders()
        moment += reminders.LEASE + timedelta(seconds=1)
    assert set(Reminder.objects.filter(offset="24h").values_list("state", "attempts")) == {
        ("failed", reminders.MAX_ATTEMPTS)
    }
    assert not reminder_notices().exists()


def _broken_notify(*args, **kwargs):
    raise ConnectionError("the database hiccuped")
