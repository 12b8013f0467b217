"""Confirmation, update and cancellation emails with an .ics attachment, each sent once per booking version.

Recorded in the change's transaction, claimed with a lease, swept again when stalled (see `core.leases`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.leases import Lease
from notifications import delivery
from notifications.email_templates import render_email
from notifications.services import notify

from ..models import Booking, SentEmail
from .calendars import booking_ics

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5
STALLED_AFTER = timedelta(minutes=5)  # a pending email this old lost its task
EMAIL_LEASE = Lease(duration=LEASE, max_attempts=MAX_ATTEMPTS)

SUBJECTS = {
    "confirmed": lambda: _("Booked: %(title)s"),
    "waitlisted": lambda: _("On the waitlist: %(title)s"),
    "promoted": lambda: _("A seat freed up: %(title)s"),
    "updated": lambda: _("Moved: %(title)s"),
    "cancelled": lambda: _("Cancelled: %(title)s"),
}


def _key(booking: Booking, event: str) -> str:
    return f"booking-{booking.pk}-{event}-{booking.session.sequence + booking.sequence}"


def queue_booking_email(*, booking: Booking, event: str) -> SentEmail:
    """In the change's own transaction: record the email as due; a task sends it once the change commits."""
    from .. import tasks

    booking = Booking.objects.select_related("session").get(pk=booking.pk)  # the versions just saved
    email, _new = SentEmail.objects.get_or_create(
        key=_key(booking, event), defaults={"booking": booking, "event": event}
    )
    # Robust: a broker that is down must not undo the booking; the sweep sends the email later.
    transaction.on_commit(lambda: tasks.send_booking_email.delay(email_id=email.pk), robust=True)
    return email


def send_stalled_booking_emails(*, now: datetime | None = None) -> int:
    """Send the booking emails whose task was lost (broker down) or whose worker died mid-send."""
    now = now or timezone.now()
    EMAIL_LEASE.fail_spent(SentEmail.objects.all(), now=now)
    stalled = SentEmail.objects.filter(
        Q(state=SentEmail.State.PENDING, created_at__lt=now - STALLED_AFTER)
        | Q(state=SentEmail.State.SENDING, claimed_until__lt=now)
    ).filter(attempts__lt=MAX_ATTEMPTS)
    return sum(send_booking_email(email_id=pk, now=now) for pk in stalled.values_list("pk", flat=True)[:500])


def send_booking_email(*, email_id: int, now: datetime | None = None) -> bool:
    """Email the student (with the .ics) and tell both people in-app. False when it was not this call's to send."""
    now = now or timezone.now()
    rows = SentEmail.objects.filter(pk=email_id)
    claimed_until = EMAIL_LEASE.claim(rows, now=now)
    if claimed_until is None:
        return False
    email = rows.select_related("booking__session__teacher", "booking__student").get()
    booking = email.booking
    if booking is None or _key(booking, email.event) != email.key:  # changed since: its own email follows
        EMAIL_LEASE.finish(EMAIL_LEASE.held(rows, claimed_until=claimed_until), state=SentEmail.State.SKIPPED)
        return False
    message, lines, link = _message(booking, email)
    body = "\n".join(lines[1:])
    notify(booking.student, f"booking_{email.event}", lines[0], body, url=link, email=False, dedupe_key=email.key)
    # Already in the outbox: it went out, then the worker died before recording it.
    if not delivery.already_sent(message_id=message.extra_headers["Message-ID"]):
        try:
            message.send()
        except Exception:  # logged; the lease is given back and the sweep tries again
            logger.exception("Booking email %s could not be sent", email.key)
            EMAIL_LEASE.release(EMAIL_LEASE.held(rows, claimed_until=claimed_until))
            return False
    if not EMAIL_LEASE.finish(EMAIL_LEASE.held(rows, claimed_until=claimed_until)):
        return False
    _tell_teacher(booking, email)
    return True


def _message(booking: Booking, email: SentEmail) -> tuple[EmailMultiAlternatives, list[str], str]:
    session, student, teacher = booking.session, booking.student, booking.session.teacher
    link = f"{settings.SITE_URL}/learn/sessions/{booking.pk}/"
    with override(student.preferred_language), timezone.override(student.time_zone):
        subject = SUBJECTS[email.event]() % {"title": session.title}
        when = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        lines = [
            subject,
            _("When: %(when)s (%(zone)s)") % {"when": when, "zone": student.time_zone},
            _("Teacher: %(name)s") % {"name": teacher.name},
        ]
        if booking.decision_reason:
            lines.append(booking.decision_reason)
        if email.event != "cancelled":
            lines.append(_("Meeting link: %(url)s") % {"url": session.meeting_url})
        lines.append(_("Details: %(url)s") % {"url": link})
        context = {
            "name": student.name,
            "session": session.title,
            "when": f"{when} ({student.time_zone})",
            "teacher": teacher.name,
            "reason": booking.decision_reason,
            "meeting_link": session.meeting_url,
            "link": link,
        }
        rendered = render_email(key=f"booking.{email.event}", language=student.preferred_language, context=context)
        message = rendered.message(
            to=[student.email], headers={"Message-ID": delivery.message_id(f"booking-email-{email.pk}")}
        )
        message.attach("fluentory-session.ics", booking_ics(booking), "text/calendar; charset=utf-8")
    return message, lines, link


def _tell_teacher(booking: Booking, email: SentEmail) -> None:
    if email.event not in {"confirmed", "cancelled", "updated", "promoted"}:
        return
    session, student, teacher = booking.session, booking.student, booking.session.teacher
    with override(teacher.preferred_language), timezone.override(teacher.time_zone):
        when = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        title = SUBJECTS[email.event]() % {"title": f"{student.name} · {when}"}
        notify(
            teacher,
            f"booking_{email.event}",
            title,
            booking.decision_reason,
            url=f"/teach/schedule/sessions/{session.pk}/",
            dedupe_key=f"teacher-{email.key}",
        )
