"""A suppressed address gets no email from anywhere: notify(), the outbox, and account emails."""

import pytest
from django.core import mail

from notifications.models import EmailSuppression, Notification, OutboxEmail
from notifications.services import notify
from notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db


def suppress(address):
    EmailSuppression.objects.create(address=address, reason=EmailSuppression.Reason.HARD_BOUNCE)


def test_notify_does_not_queue_email_for_a_suppressed_address(student, commit_now):
    suppress(student.email)

    notification = commit_now(lambda: notify(student, "announcement", "New unit", "Unit 4 is out"))

    assert notification.email_state == Notification.EmailState.SUPPRESSED
    assert not OutboxEmail.objects.exists()  # not even a suppressed copy: nothing was queued
    assert mail.outbox == []
    assert notification.in_app  # still shown in the app


def test_notify_emails_an_address_that_is_not_suppressed(student, other_student, commit_now):
    suppress(other_student.email)

    notification = commit_now(lambda: notify(student, "announcement", "New unit", "Unit 4 is out"))

    assert Notification.objects.get(pk=notification.pk).email_state == Notification.EmailState.SENT
    assert mail.outbox[0].to == [student.email]
    assert OutboxEmail.objects.get().key == "notification"


def test_password_reset_for_a_suppressed_address_shows_the_usual_answer_and_sends_nothing(client, student):
    suppress(student.email)

    response = client.post("/accounts/password/reset/", {"email": student.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.test"})

    assert response.status_code == unknown.status_code == 302
    assert response["Location"] == unknown["Location"]  # no hint that the address is known, or suppressed
    assert [message.to for message in mail.outbox] == [["nobody@example.test"]]  # allauth's "no account" note
    assert OutboxEmail.objects.get(to=student.email).status == OutboxEmail.Status.SUPPRESSED


def test_an_email_queued_before_the_address_was_suppressed_ends_suppressed_not_sent(student):
    notification = Notification.objects.create(
        user=student, kind="announcement", title="New unit", email_state=Notification.EmailState.PENDING
    )
    suppress(student.email)  # a bounce arrives while the email waits for its worker

    send_notification_email.apply(args=[notification.pk])
    send_notification_email.apply(args=[notification.pk])  # a retried task finds nothing left to do

    notification.refresh_from_db()
    assert (notification.email_state, notification.email_claimed_until) == (Notification.EmailState.SUPPRESSED, None)
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SUPPRESSED
    assert mail.outbox == []
