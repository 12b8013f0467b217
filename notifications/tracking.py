"""Delivery events the mail provider reports through anymail's tracking webhooks, recorded against the outbox.

Providers retry a webhook until it answers 2xx, so the same event arrives more than once: each is stored once
(unique provider + event key), and only its first arrival suppresses an address or counts in analytics.
"""

from __future__ import annotations

import hashlib

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

import analytics

from . import suppression
from .models import EmailEvent, OutboxEmail

# The analytics event each provider event becomes; the others are recorded on the email only.
ANALYTICS_NAMES = {
    EventType.OPENED: "email_opened",
    EventType.CLICKED: "email_clicked",
    EventType.BOUNCED: "email_bounced",
    EventType.COMPLAINED: "email_complained",
}
# A provider's own word that a bounce is temporary (anymail reports some soft bounces as "bounced").
SOFT_BOUNCE_TYPES = {
    "postmark": ("Type", {"SoftBounce", "Transient", "DnsError", "VirusNotification", "AutoResponder"}),
    "brevo": ("event", {"soft_bounce"}),
}
SUMMARY_KINDS = [
    EmailEvent.Kind.DELIVERED,
    EmailEvent.Kind.OPENED,
    EmailEvent.Kind.CLICKED,
    EmailEvent.Kind.BOUNCED,
    EmailEvent.Kind.COMPLAINED,
]


def record(*, esp: str, event: AnymailTrackingEvent) -> EmailEvent | None:
    """Store one provider event; None when it was stored before (a replay), which then changes nothing."""
    esp = esp.lower().replace(" ", "_")
    kind = event.event_type if event.event_type in EmailEvent.Kind.values else EmailEvent.Kind.UNKNOWN
    if kind in {EventType.INBOUND, EventType.INBOUND_FAILED}:
        return None
    hard_bounce = is_hard_bounce(esp=esp, event=event)
    try:
        with transaction.atomic():
            row = EmailEvent.objects.create(
                outbox=_outbox_for(event.message_id),
                esp=esp,
                event_key=event_key(esp=esp, event=event),
                kind=kind,
                recipient=suppression.normalise(event.recipient or "")[:254],
                esp_message_id=str(event.message_id or "")[:255],
                hard_bounce=hard_bounce,
                description=" ".join(filter(None, [event.description, event.mta_response]))[:2000],
                click_url=(event.click_url or "")[:2000],
                occurred_at=event.timestamp or timezone.now(),
            )
            reason = _suppression_reason(row)
            if reason:
                suppression.suppress(address=row.recipient, reason=reason, event=row, note=row.description)
            if kind in ANALYTICS_NAMES:
                _track(row)
    except IntegrityError:
        return None
    return row


def _suppression_reason(row: EmailEvent) -> str:
    if not row.recipient:
        return ""
    if row.kind == EmailEvent.Kind.COMPLAINED:
        return suppression.Reason.COMPLAINT
    return suppression.Reason.HARD_BOUNCE if row.hard_bounce else ""


def on_tracking(sender, event, esp_name, **kwargs) -> None:
    """anymail's `tracking` signal, sent by its webhook views after they checked the request's credentials."""
    record(esp=esp_name, event=event)


def is_hard_bounce(*, esp: str, event: AnymailTrackingEvent) -> bool:
    """A bounce that will happen again on every send: the mailbox does not exist, or the provider refuses it."""
    if event.event_type == EventType.REJECTED:
        return event.reject_reason in {RejectReason.BOUNCED, RejectReason.INVALID}
    if event.event_type != EventType.BOUNCED:
        return False  # a deferred message is a soft bounce by definition
    payload = event.esp_event if isinstance(event.esp_event, dict) else {}
    if esp == "amazon_ses":
        return payload.get("bounce", {}).get("bounceType") == "Permanent"
    if esp in SOFT_BOUNCE_TYPES:
        field, soft = SOFT_BOUNCE_TYPES[esp]
        return payload.get(field) not in soft
    return event.reject_reason in {RejectReason.BOUNCED, RejectReason.INVALID}


def event_key(*, esp: str, event: AnymailTrackingEvent) -> str:
    """The provider's event id per recipient (one SES notification covers several), else a digest of the event."""
    if event.event_id:
        identity = [event.event_id, event.recipient]
    else:
        identity = [event.event_type, event.message_id, event.recipient, event.timestamp, event.click_url]
    return hashlib.sha256("\x1f".join(str(part or "") for part in identity).encode()).hexdigest()


def summary(outbox_emails=None) -> dict[str, int]:
    """How many emails were sent, and how many of them were delivered, opened, clicked, bounced or complained of.

    Each email counts once per kind, however many times it was opened. Two queries, whatever the volume."""
    outbox_emails = OutboxEmail.objects.all() if outbox_emails is None else outbox_emails
    counts = {"sent": outbox_emails.filter(status=OutboxEmail.Status.SENT).count()}
    events = EmailEvent.objects.filter(outbox__in=outbox_emails, kind__in=SUMMARY_KINDS)
    per_kind = events.aggregate(**{kind: Count("outbox", distinct=True, filter=Q(kind=kind)) for kind in SUMMARY_KINDS})
    counts.update(per_kind)
    return counts


def _outbox_for(message_id) -> OutboxEmail | None:
    """The outbox email a provider event is about: by the provider's id, else by our own Message-ID."""
    if not message_id:
        return None
    message_id = str(message_id)
    bare = message_id.strip("<>")
    return (
        OutboxEmail.objects.filter(
            Q(esp_message_id=message_id) | Q(message_id__in=[message_id, f"<{bare}>"]) & ~Q(message_id="")
        )
        .order_by("-created_at")
        .first()
    )


def _track(row: EmailEvent) -> None:
    user = get_user_model().objects.filter(email__iexact=row.recipient).first() if row.recipient else None
    props = {"esp": row.esp, "key": row.outbox.key if row.outbox else "", "outbox_email": row.outbox_id}
    if row.kind == EmailEvent.Kind.CLICKED:
        props["url"] = row.click_url
    if row.kind == EmailEvent.Kind.BOUNCED:
        props["hard"] = row.hard_bounce
    analytics.track(ANALYTICS_NAMES[row.kind], user=user, **props)
