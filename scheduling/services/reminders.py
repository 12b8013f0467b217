"""Reminders 24 h and 1 h before each session, sent by a frequent beat task that claims each one with a lease."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.services import notify

from ..models import Booking, LiveSession, Reminder
from . import leases

logger = logging.getLogger(__name__)

OFFSETS = {Reminder.Offset.DAY: timedelta(hours=24), Reminder.Offset.HOUR: timedelta(hours=1)}
LEASE = timedelta(minutes=5)  # far longer than one send takes; the beat task runs every minute
MAX_ATTEMPTS = 5


def schedule_reminders(*, session: LiveSession, users, now: datetime | None = None) -> list[Reminder]:
    """Create the reminders still ahead of `now` for each of `users` (idempotent)."""
    now = now or timezone.now()
    created = []
    for user in users:
        for offset, delta in OFFSETS.items():
            due_at = session.starts_at - delta
            if due_at <= now:
                continue
            try:
                with transaction.atomic():
                    reminder, _new = Reminder.objects.get_or_create(
                        session=session, user=user, offset=offset, due_at=due_at
                    )
            except IntegrityError:
                continue
            created.append(reminder)
    return created


def skip_pending(*, session: LiveSession, users=None) -> int:
    """Cancel the reminders that have not gone out (a cancelled or moved session gets no stale reminder)."""
    pending = Reminder.objects.filter(session=session, state__in=[Reminder.State.PENDING, Reminder.State.SENDING])
    if users is not None:
        pending = pending.filter(user__in=users)
    return pending.update(state=Reminder.State.SKIPPED)


def _still_relevant(reminder: Reminder, now: datetime) -> bool:
    session = reminder.session
    if session.is_cancelled or session.starts_at <= now:
        return False
    if reminder.due_at != session.starts_at - OFFSETS[reminder.offset]:
        return False  # the session moved after this reminder was planned
    if reminder.offset == Reminder.Offset.DAY and now >= session.starts_at - OFFSETS[Reminder.Offset.HOUR]:
        return False  # running late: the 1-hour reminder says it all
    if reminder.user_id == session.teacher_id:
        return True
    return Booking.objects.filter(
        session=session, student_id=reminder.user_id, status=Booking.Status.CONFIRMED
    ).exists()


def claim(*, reminder: Reminder, now: datetime) -> datetime | None:
    """Take the reminder for one lease; of concurrent runs exactly one wins. Answers the lease's end, or None."""
    return leases.claim(Reminder.objects.filter(pk=reminder.pk), now=now, lease=LEASE, max_attempts=MAX_ATTEMPTS)


def _notice(reminder: Reminder) -> tuple[str, str, str]:
    user, session = reminder.user, reminder.session
    with override(user.preferred_language), timezone.override(user.time_zone):
        when = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        title = (
            _("Starting in 1 hour: %(title)s") if reminder.offset == Reminder.Offset.HOUR else _("Tomorrow: %(title)s")
        ) % {"title": session.title}
        body = _("%(title)s starts at %(when)s (%(zone)s). Join from your sessions page: %(link)s") % {
            "title": session.title,
            "when": when,
            "zone": user.time_zone,
            "link": session.meeting_url,
        }
    url = f"/teach/schedule/sessions/{session.pk}/" if user.pk == session.teacher_id else "/learn/sessions/"
    return title, body, url


def _send(reminder: Reminder, *, claimed_until: datetime, now: datetime) -> bool:
    """The notice and the `sent` mark commit together; a run that lost its lease meanwhile rolls both back."""
    title, body, url = _notice(reminder)
    with transaction.atomic():
        notify(reminder.user, "session_reminder", title, body, url=url, dedupe_key=f"scheduling-reminder-{reminder.pk}")
        done = leases.held(Reminder.objects.filter(pk=reminder.pk), claimed_until=claimed_until).update(
            state=Reminder.State.SENT, sent_at=now, claimed_until=None
        )
        if not done:
            transaction.set_rollback(True)
    return bool(done)


def send_due_reminders(*, now: datetime | None = None, batch: int = 500) -> int:
    """Send every due reminder once; stale ones are skipped. Returns how many were sent."""
    now = now or timezone.now()
    leases.fail_spent(Reminder.objects.all(), now=now, max_attempts=MAX_ATTEMPTS)
    sent = 0
    due = (
        Reminder.objects.filter(leases.claimable(now), due_at__lte=now, attempts__lt=MAX_ATTEMPTS)
        .select_related("session", "user")
        .order_by("due_at")[:batch]
    )
    for reminder in due:
        if not _still_relevant(reminder, now):
            Reminder.objects.filter(leases.claimable(now), pk=reminder.pk).update(
                state=Reminder.State.SKIPPED, claimed_until=None
            )
            continue
        claimed_until = claim(reminder=reminder, now=now)
        if claimed_until is None:
            continue  # another run holds it, or already sent it
        try:
            sent += _send(reminder, claimed_until=claimed_until, now=now)
        except Exception:  # one bad reminder must not hold up the rest; its lease lapses and a later run retries
            logger.exception("Reminder %s could not be sent", reminder.pk)
    return sent
