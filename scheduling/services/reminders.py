"""Reminders 24 h and 1 h before each session, sent by a frequent beat task that claims each one exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import Booking, LiveSession, Reminder

OFFSETS = {Reminder.Offset.DAY: timedelta(hours=24), Reminder.Offset.HOUR: timedelta(hours=1)}


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
    pending = Reminder.objects.filter(session=session, state=Reminder.State.PENDING)
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


def send_due_reminders(*, now: datetime | None = None, batch: int = 500) -> int:
    """Send every due reminder once; stale ones are skipped. Returns how many were sent."""
    from notifications.services import notify

    now = now or timezone.now()
    sent = 0
    due = (
        Reminder.objects.filter(state=Reminder.State.PENDING, due_at__lte=now)
        .select_related("session", "user")
        .order_by("due_at")[:batch]
    )
    for reminder in due:
        if not _still_relevant(reminder, now):
            Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.PENDING).update(state=Reminder.State.SKIPPED)
            continue
        with transaction.atomic():
            claimed = Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.PENDING).update(
                state=Reminder.State.SENT, sent_at=now
            )
            if not claimed:
                continue  # another run got it first
            user, session = reminder.user, reminder.session
            with override(user.preferred_language), timezone.override(user.time_zone):
                when = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
                title = (
                    _("Starting in 1 hour: %(title)s")
                    if reminder.offset == Reminder.Offset.HOUR
                    else _("Tomorrow: %(title)s")
                ) % {"title": session.title}
                body = _("%(title)s starts at %(when)s (%(zone)s). Join from your sessions page: %(link)s") % {
                    "title": session.title,
                    "when": when,
                    "zone": user.time_zone,
                    "link": session.meeting_url,
                }
            url = f"/teach/schedule/sessions/{session.pk}/" if user.pk == session.teacher_id else "/learn/sessions/"
            notify(user, "session_reminder", title, body, url=url, dedupe_key=f"scheduling-reminder-{reminder.pk}")
            sent += 1
    return sent
