"""Booking emails: recorded with the booking, sent once, swept again when their task or worker was lost."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications.models import OutboxEmail
from scheduling import tasks
from scheduling.models import Booking, SentEmail
from scheduling.services import bookings, emails
from tests.scheduling.factories import NOW, at, give_credits, make_schedule

pytestmark = pytest.mark.django_db

STALLED = emails.STALLED_AFTER + timedelta(seconds=1)


@pytest.fixture
def book(teacher, student):
    make_schedule(teacher)
    give_credits(student)
    return lambda: bookings.book_private_session(student=student, teacher=teacher, starts_at=at(3, 9), now=NOW)


def booked_emails(student):
    return [message for message in mail.outbox if message.to == [student.email] and "Booked:" in message.subject]


def test_a_booking_made_while_the_broker_is_down_stands_and_its_email_follows(
    book, student, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.send_booking_email, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            booking = book()
    assert Booking.objects.filter(pk=booking.pk, status="confirmed").exists()
    assert SentEmail.objects.get(booking=booking).state == "pending"
    assert emails.send_stalled_booking_emails() == 0  # its task may still be on its way
    with time_machine.travel(timezone.now() + STALLED, tick=False):
        assert tasks.send_stalled_booking_emails() == 1
        assert tasks.send_stalled_booking_emails() == 0
    assert len(booked_emails(student)) == 1
    assert SentEmail.objects.get(booking=booking).state == "sent"


def test_a_send_that_fails_is_tried_again_by_the_sweep(book, student, settings):
    booking = book()
    queued = SentEmail.objects.get(booking=booking)
    settings.OUTBOX_DELIVERY_BACKEND = "tests.notifications.test_delivery.BrokenBackend"
    assert not emails.send_booking_email(email_id=queued.pk)
    assert OutboxEmail.objects.get(status="failed").error.startswith("SMTPServerDisconnected")
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + STALLED, tick=False):
        assert emails.send_stalled_booking_emails() == 1
    assert len(booked_emails(student)) == 1
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == ("sent", 2)


def test_an_email_handed_over_just_before_the_worker_died_is_not_sent_again(book, student):
    booking = book()
    queued = SentEmail.objects.get(booking=booking)
    assert emails.send_booking_email(email_id=queued.pk)
    # What a worker that died right after handing the message over leaves behind: the claim, not the mark.
    SentEmail.objects.filter(pk=queued.pk).update(state="sending", claimed_until=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(seconds=1), tick=False):
        assert emails.send_stalled_booking_emails() == 1
    assert len(booked_emails(student)) == 1
    assert SentEmail.objects.get(pk=queued.pk).state == "sent"


def test_a_lost_confirmation_is_skipped_once_the_booking_has_moved(book, student, teacher):
    booking = book()
    bookings.reschedule_booking(booking=booking, starts_at=at(4, 9), by=student, now=NOW)
    with time_machine.travel(timezone.now() + STALLED, tick=False):
        assert emails.send_stalled_booking_emails() == 1
    assert [message.subject for message in mail.outbox] == ["[Fluentory] Moved: Private session with Tariq Teacher"]
    assert dict(SentEmail.objects.values_list("event", "state")) == {"confirmed": "skipped", "updated": "sent"}


def test_the_sweep_runs_on_the_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["scheduling-send-stalled-booking-emails"]
    assert entry["task"] == tasks.send_stalled_booking_emails.name
    assert entry["schedule"] < emails.LEASE.total_seconds()
