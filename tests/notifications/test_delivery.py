"""Notification emails: never left waiting, never sent twice, failed for good only after the last attempt."""

from contextlib import suppress
from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import delivery
from notifications.models import Notification, OutboxEmail
from notifications.services import notify
from notifications.tasks import send_notification_email, send_stalled_emails
from tests.concurrency import run_in_threads

pytestmark = pytest.mark.django_db

LATER = delivery.STALLED_AFTER + timedelta(seconds=1)
AFTER_THE_LEASE = delivery.LEASE + timedelta(seconds=1)


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("the mail provider is down")


def waiting_email(user) -> Notification:
    return Notification.objects.create(
        user=user, kind="welcome", title="Welcome aboard", email_state=Notification.EmailState.PENDING
    )


def emails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_an_email_whose_task_was_lost_with_the_broker_is_sent_by_the_sweep(
    student, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(send_notification_email, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            notification = notify(student, "welcome", "Welcome aboard", "Hello.")  # the caller's work stands
    assert Notification.objects.get(pk=notification.pk).email_state == "pending"
    assert send_stalled_emails() == 0  # not stalled yet: its task may still be on its way
    with time_machine.travel(timezone.now() + LATER, tick=False):
        assert send_stalled_emails() == 1
        assert send_stalled_emails() == 0
    assert len(emails_to(student)) == 1
    assert Notification.objects.get(pk=notification.pk).email_state == "sent"


def test_an_email_claimed_by_a_worker_that_died_is_sent_once_its_lease_lapses(student):
    notification = waiting_email(student)
    assert delivery.claim(notification_id=notification.pk, now=timezone.now())  # …and the worker is gone
    with time_machine.travel(timezone.now() + delivery.LEASE - timedelta(seconds=5), tick=False):
        send_stalled_emails()
        assert not emails_to(student)  # still leased to the worker that may yet finish
    with time_machine.travel(timezone.now() + AFTER_THE_LEASE, tick=False):
        assert send_stalled_emails() == 1
        assert send_stalled_emails() == 0
    assert len(emails_to(student)) == 1
    notification.refresh_from_db()
    assert (notification.email_state, notification.email_attempts) == ("sent", 2)


def test_an_email_handed_over_just_before_the_worker_died_is_not_sent_again(student, monkeypatch):
    notification = waiting_email(student)
    with monkeypatch.context() as patch:
        patch.setattr(delivery, "mark_sent", lambda **kwargs: False)  # dies between sending and recording it
        send_notification_email.apply(args=[notification.pk])
    assert len(emails_to(student)) == 1
    with time_machine.travel(timezone.now() + AFTER_THE_LEASE, tick=False):
        assert send_stalled_emails() == 1
    assert len(emails_to(student)) == 1
    assert OutboxEmail.objects.filter(to=student.email, status="sent").count() == 1
    assert Notification.objects.get(pk=notification.pk).email_state == "sent"


def test_an_email_that_keeps_failing_is_failed_for_good_and_shown_in_the_outbox(student, admin_user, client, settings):
    settings.OUTBOX_DELIVERY_BACKEND = f"{__name__}.BrokenBackend"
    notification = waiting_email(student)
    moment = timezone.now()
    for _attempt in range(delivery.MAX_ATTEMPTS + 2):  # the sweep keeps trying, within the limit
        moment += LATER
        with time_machine.travel(moment, tick=False):
            for notification_id in delivery.stalled(now=timezone.now()):
                with suppress(Retry):  # the task also asks Celery to retry; the sweep stands in for that here
                    send_notification_email.apply(args=[notification_id])
    notification.refresh_from_db()
    assert (notification.email_state, notification.email_attempts) == ("failed", delivery.MAX_ATTEMPTS)
    attempts = OutboxEmail.objects.filter(to=student.email, status="failed")
    assert attempts.filter(error__contains="SMTPServerDisconnected").count() == delivery.MAX_ATTEMPTS + 1
    given_up = attempts.get(error__startswith=f"Not sent after {delivery.MAX_ATTEMPTS} attempts")
    assert "the mail provider is down" in given_up.error
    assert delivery.stalled(now=moment + LATER) == []

    client.force_login(admin_user)
    page = client.get(reverse("outboxemail:index"), {"status": "failed"}).content.decode()
    given_up_url = reverse("outboxemail:inspect", args=[given_up.pk])
    assert "Welcome aboard" in page and given_up_url in page
    detail = client.get(given_up_url).content.decode()
    assert f"Not sent after {delivery.MAX_ATTEMPTS} attempts" in detail


def test_a_worker_dying_on_every_attempt_ends_failed_for_good(student):
    notification = waiting_email(student)
    moment = timezone.now()
    for _attempt in range(delivery.MAX_ATTEMPTS):
        assert delivery.claim(notification_id=notification.pk, now=moment)
        moment += AFTER_THE_LEASE
    assert delivery.stalled(now=moment) == []
    assert Notification.objects.get(pk=notification.pk).email_state == "failed"
    assert OutboxEmail.objects.get(to=student.email).error.endswith("the worker stopped while sending")
    assert not emails_to(student)


def test_the_sweep_runs_on_the_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-send-stalled-emails"]
    assert entry["task"] == send_stalled_emails.name
    assert entry["schedule"] < delivery.LEASE.total_seconds()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_senders_racing_on_their_own_connections_send_one_email(student):
    notification = waiting_email(student)
    run_in_threads(8, lambda: send_notification_email.apply(args=[notification.pk]))
    assert OutboxEmail.objects.filter(to=student.email).count() == 1
    notification.refresh_from_db()
    assert (notification.email_state, notification.email_attempts) == ("sent", 1)
