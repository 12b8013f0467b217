"""Confirmation, update and cancellation emails with an .ics attachment, each sent once per booking and event."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.services import notify

from ..models import Booking, SentEmail
from .calendars import booking_ics

SUBJECTS = {
    "confirmed": lambda: _("Booked: %(title)s"),
    "waitlisted": lambda: _("On the waitlist: %(title)s"),
    "promoted": lambda: _("A seat freed up: %(title)s"),
    "updated": lambda: _("Moved: %(title)s"),
    "cancelled": lambda: _("Cancelled: %(title)s"),
}


def send_booking_email(*, booking_id: int, event: str) -> bool:
    """Email the student (with the .ics) and tell both people in-app. False when it was already sent."""
    booking = Booking.objects.select_related("session__teacher", "student").get(pk=booking_id)
    key = f"booking-{booking.pk}-{event}-{booking.session.sequence + booking.sequence}"
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key)
    except IntegrityError:
        return False
    session, student, teacher = booking.session, booking.student, booking.session.teacher
    link = f"{settings.SITE_URL}/learn/sessions/{booking.pk}/"
    with override(student.preferred_language), timezone.override(student.time_zone):
        subject = SUBJECTS[event]() % {"title": session.title}
        when = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        lines = [
            subject,
            _("When: %(when)s (%(zone)s)") % {"when": when, "zone": student.time_zone},
            _("Teacher: %(name)s") % {"name": teacher.name},
        ]
        if booking.decision_reason:
            lines.append(booking.decision_reason)
        if event != "cancelled":
            lines.append(_("Meeting link: %(url)s") % {"url": session.meeting_url})
        lines.append(_("Details: %(url)s") % {"url": link})
        message = EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body="\n".join(lines), to=[student.email]
        )
        message.attach("fluentory-session.ics", booking_ics(booking), "text/calendar; charset=utf-8")
        notify(student, f"booking_{event}", subject, "\n".join(lines[1:]), url=link, email=False, dedupe_key=key)
    message.send()
    if event in {"confirmed", "cancelled", "updated", "promoted"}:
        with override(teacher.preferred_language), timezone.override(teacher.time_zone):
            when = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
            title = SUBJECTS[event]() % {"title": f"{student.name} · {when}"}
            notify(
                teacher,
                f"booking_{event}",
                title,
                booking.decision_reason,
                url=f"/teach/schedule/sessions/{session.pk}/",
                dedupe_key=f"teacher-{key}",
            )
    return True
