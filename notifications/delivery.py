"""Notification emails go out at most once per recipient and are never left waiting forever.

A sender claims the email with a lease (one guarded UPDATE, so of concurrent senders exactly one wins). A
worker that dies mid-send lets the lease lapse and the periodic sweep claims it again; the outbox keeps each
message's Message-ID, so a message that did go out before the worker died is recorded as sent, not resent.
After MAX_ATTEMPTS the email is failed for good and shows in the admin's Email outbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from core.leases import Lease

from .models import Notification, OutboxEmail

LEASE = timedelta(minutes=10)  # far longer than rendering and handing one email to the provider takes
MAX_ATTEMPTS = 5
STALLED_AFTER = timedelta(minutes=5)  # a pending email this old lost its task (broker down at commit, worker gone)

State = Notification.EmailState
EMAIL_LEASE = Lease(
    duration=LEASE,
    max_attempts=MAX_ATTEMPTS,
    state="email_state",
    claimed_until="email_claimed_until",
    attempts="email_attempts",
)


def _due(now: datetime) -> Q:
    return Q(email_not_before__isnull=True) | Q(email_not_before__lte=now)


def claim(*, notification_id: int, now: datetime) -> datetime | None:
    """Take the email for one lease; answers the lease's end, or None when another sender has it or it is done."""
    return EMAIL_LEASE.claim(Notification.objects.filter(pk=notification_id), now=now, ready=_due(now))


def message_id(name: str) -> str:
    """The same on every attempt and every worker, so the outbox can tell that an attempt already went out."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{name}@{domain}>"


def message_id_for(notification: Notification) -> str:
    return message_id(f"notification-{notification.pk}")


def already_sent(*, message_id: str) -> bool:
    """The outbox holds this message as handed to the provider: any app's email sender asks before resending."""
    return OutboxEmail.objects.filter(message_id=message_id, status=OutboxEmail.Status.SENT).exists()


def _held(notification_id: int, claimed_until: datetime):
    return EMAIL_LEASE.held(Notification.objects.filter(pk=notification_id), claimed_until=claimed_until)


def mark_sent(*, notification_id: int, claimed_until: datetime) -> bool:
    return bool(EMAIL_LEASE.finish(_held(notification_id, claimed_until)))


def mark_suppressed(*, notification_id: int, claimed_until: datetime) -> bool:
    return bool(EMAIL_LEASE.finish(_held(notification_id, claimed_until), state=State.SUPPRESSED))


def record_failure(*, notification_id: int, claimed_until: datetime, error: str) -> bool:
    """After a failed attempt: waits for the next one (True), or is failed for good after the last (False)."""
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    if notification.email_attempts < MAX_ATTEMPTS:
        EMAIL_LEASE.release(_held(notification_id, claimed_until))
        return True
    if EMAIL_LEASE.finish(_held(notification_id, claimed_until), state=State.FAILED):
        _record_given_up(notification, error)
    return False


def _record_given_up(notification: Notification, error: str) -> None:
    OutboxEmail.objects.create(
        to=notification.user.email,
        subject=notification.title[:300],
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        message_id=message_id_for(notification),
        status=OutboxEmail.Status.FAILED,
        error=_("Not sent after %(count)d attempts. Last error: %(error)s")
        % {"count": notification.email_attempts, "error": error},
    )


def stalled(*, now: datetime, batch: int = 500) -> list[int]:
    """Emails to send again: pending too long, or claimed by a worker whose lease lapsed. Gives up on the spent."""
    lapsed = Notification.objects.filter(email_state=State.SENDING, email_claimed_until__lt=now)
    for notification in lapsed.filter(email_attempts__gte=MAX_ATTEMPTS).select_related("user"):
        if EMAIL_LEASE.finish(_held(notification.pk, notification.email_claimed_until), state=State.FAILED):
            _record_given_up(notification, _("the worker stopped while sending"))
    lost = now - STALLED_AFTER
    waiting = (
        Q(email_state=State.PENDING, created_at__lt=lost, email_not_before__isnull=True)
        | Q(email_state=State.PENDING, email_not_before__lt=lost)
        | Q(email_state=State.SENDING, email_claimed_until__lt=now)
    )
    return list(Notification.objects.filter(waiting).order_by("created_at").values_list("pk", flat=True)[:batch])
