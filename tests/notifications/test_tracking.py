"""The provider's delivery reports: recorded once against the outbox email, and bounces or complaints suppress."""

import pytest
from anymail.signals import AnymailTrackingEvent
from django.core import mail
from django.core.mail import EmailMessage

from analytics.models import Event
from notifications import tracking
from notifications.models import EmailEvent, EmailSuppression, OutboxEmail

from .tracking_payloads import EVENTS, auth_header, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _provider(settings):
    """anymail's own test backend: the real anymail send path, with the provider's message id it returns."""
    settings.OUTBOX_DELIVERY_BACKEND = "anymail.backends.test.EmailBackend"


def send(to):
    EmailMessage("Lesson 2 is open", "Hello", to=to, headers={"Message-ID": "<n-1@fluentory.test>"}).send()
    return OutboxEmail.objects.latest("pk")


@pytest.mark.parametrize(
    ("event", "kind", "analytics_name"),
    [
        ("delivered", "delivered", None),
        ("opened", "opened", "email_opened"),
        ("clicked", "clicked", "email_clicked"),
        ("soft_bounce", "bounced", "email_bounced"),
        ("hard_bounce", "bounced", "email_bounced"),
        ("complaint", "complained", "email_complained"),
    ],
)
def test_each_event_is_recorded_once_against_its_email_even_when_replayed(client, student, event, kind, analytics_name):
    outbox = send([student.email])
    assert outbox.esp_message_id  # the id anymail returned, which the provider's events name
    body = EVENTS[event](message_id=outbox.esp_message_id, recipient=student.email)

    for _attempt in range(3):  # the provider retries until it hears 2xx; a replay changes nothing
        assert post(client, body).status_code == 200

    recorded = EmailEvent.objects.get()
    assert (recorded.outbox, recorded.kind, recorded.recipient) == (outbox, kind, student.email)
    if analytics_name:
        tracked = Event.objects.get(name=analytics_name)
        assert tracked.user == student and tracked.properties["outbox_email"] == outbox.pk


def test_a_hard_bounce_stops_all_further_email_to_the_address(client, student):
    first = send([student.email])
    post(client, EVENTS["hard_bounce"](message_id=first.esp_message_id, recipient=student.email))

    suppressed = EmailSuppression.objects.get()
    assert (suppressed.address, suppressed.reason) == (student.email, EmailSuppression.Reason.HARD_BOUNCE)
    handed_over = len(mail.outbox)
    assert EmailMessage("Next", "Hello", to=[student.email.upper()]).send() == 0
    assert len(mail.outbox) == handed_over  # never given to the provider
    assert OutboxEmail.objects.latest("pk").status == OutboxEmail.Status.SUPPRESSED


def test_a_complaint_stops_all_further_email_to_the_address(client, student):
    first = send([student.email])
    post(client, EVENTS["complaint"](message_id=first.esp_message_id, recipient=student.email))

    assert EmailSuppression.objects.get().reason == EmailSuppression.Reason.COMPLAINT
    send([student.email])
    assert OutboxEmail.objects.latest("pk").status == OutboxEmail.Status.SUPPRESSED
    assert len(mail.outbox) == 1


def test_a_soft_bounce_does_not_suppress(client, student):
    first = send([student.email])
    post(client, EVENTS["soft_bounce"](message_id=first.esp_message_id, recipient=student.email))

    assert not EmailSuppression.objects.exists()
    assert EmailEvent.objects.get().hard_bounce is False
    send([student.email])
    assert OutboxEmail.objects.latest("pk").status == OutboxEmail.Status.SENT
    assert len(mail.outbox) == 2


def test_only_the_suppressed_recipient_is_withheld_from_a_shared_message(student, other_student):
    EmailSuppression.objects.create(address=other_student.email, reason=EmailSuppression.Reason.HARD_BOUNCE)

    outbox = send([student.email, other_student.email])

    assert mail.outbox[-1].to == [student.email]
    assert outbox.status == OutboxEmail.Status.SENT
    assert other_student.email in outbox.error


def test_an_event_for_an_email_the_outbox_never_kept_still_suppresses(client):
    post(client, EVENTS["hard_bounce"](message_id="sent-before-tracking", recipient="Gone@Example.test"))

    assert EmailEvent.objects.get().outbox is None
    assert EmailSuppression.objects.get().address == "gone@example.test"


@pytest.mark.parametrize(
    "headers", [{}, auth_header("provider:wrong-secret"), auth_header("nobody:")], ids=["none", "wrong", "empty"]
)
def test_a_webhook_without_the_secret_is_refused_and_changes_nothing(client, student, headers):
    outbox = send([student.email])

    bounce = EVENTS["hard_bounce"](message_id=outbox.esp_message_id, recipient=student.email)

    response = post(client, bounce, headers=headers)

    assert response.status_code == 400
    assert not EmailEvent.objects.exists()
    assert not EmailSuppression.objects.exists()
    assert not Event.objects.filter(name="email_bounced").exists()


def test_every_email_handed_to_the_provider_is_an_analytics_event(student):
    send([student.email])
    EmailSuppression.objects.create(address="gone@example.test", reason=EmailSuppression.Reason.COMPLAINT)
    send(["gone@example.test"])

    sent = Event.objects.get(name="email_sent")
    assert sent.user == student
    assert sent.properties["outbox_email"] == OutboxEmail.objects.get(status=OutboxEmail.Status.SENT).pk


def event(event_type, esp_event, reject_reason="bounced"):
    return AnymailTrackingEvent(event_type=event_type, esp_event=esp_event, reject_reason=reject_reason)


@pytest.mark.parametrize(
    ("esp", "tracked", "hard"),
    [
        ("amazon_ses", event("bounced", {"bounce": {"bounceType": "Permanent"}}), True),
        ("amazon_ses", event("bounced", {"bounce": {"bounceType": "Transient"}}), False),
        ("amazon_ses", event("bounced", {"bounce": {"bounceType": "Undetermined"}}), False),
        ("brevo", event("bounced", {"event": "hard_bounce"}), True),
        ("brevo", event("bounced", {"event": "soft_bounce"}), False),
        ("postmark", event("bounced", {"Type": "HardBounce"}), True),
        ("postmark", event("bounced", {"Type": "Transient"}), False),
        ("mailgun", event("bounced", {}), True),  # anymail reports Mailgun's temporary failures as deferred
        ("mailgun", event("deferred", {}, None), False),
        ("resend", event("rejected", {}, "invalid"), True),
        ("resend", event("rejected", {}, "blocked"), False),
    ],
)
def test_which_bounces_are_hard(esp, tracked, hard):
    assert tracking.is_hard_bounce(esp=esp, event=tracked) is hard
