"""Reminders 24 h and 1 h before each session: a sequence whose event is the session's start.

Student and teacher enter it when the booking is made (or the session moved); the steps sit before the anchor
(negative offsets), and the exit condition drops a reminder whose session was cancelled, moved or already began,
or whose student no longer holds a seat. The sequence engine sends them, once each.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from notifications import sequences

from ..models import Booking, LiveSession

TRIGGER = "scheduling.session_reminder"


def plan_reminders(
    *, session: LiveSession, bookings: list[Booking] = (), teacher: bool = False, now: datetime | None = None
) -> None:
    """The students of `bookings` (and the teacher, when `teacher`) enter the reminders for the session's time.

    Idempotent per booking and start time: a moved session is a new event, a re-booked seat a new booking."""
    at = f"{session.starts_at:%Y%m%dT%H%M}"
    people = [(booking.student, f"booking-{booking.pk}-{at}") for booking in bookings]
    if teacher:
        people.append((session.teacher, f"teaching-{session.pk}-{at}"))
    for user, subject in people:
        sequences.enter(
            trigger=TRIGGER, user=user, subject=subject, anchor=session.starts_at, object_id=session.pk, now=now
        )


def session_off(entries: list[sequences.Entry], now: datetime) -> set[int]:
    """Exit: the session was cancelled, moved or has begun, or the student no longer holds a seat in it."""
    sessions = LiveSession.objects.in_bulk({entry.object_id for entry in entries})
    seated = set(
        Booking.objects.filter(
            session_id__in=sessions,
            student_id__in={entry.user_id for entry in entries},
            status=Booking.Status.CONFIRMED,
        ).values_list("session_id", "student_id")
    )

    def off(entry) -> bool:
        session = sessions.get(entry.object_id)
        if session is None or session.is_cancelled or session.starts_at <= now or session.starts_at != entry.anchor:
            return True
        return entry.user_id != session.teacher_id and (session.pk, entry.user_id) not in seated

    return {entry.id for entry in entries if off(entry)}


def reminder_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    sessions = LiveSession.objects.in_bulk({entry.object_id for entry in entries})
    contexts = {}
    for entry in entries:
        session = sessions.get(entry.object_id)
        if session is None:
            continue
        with override(entry.language), timezone.override(entry.time_zone):
            when = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        teaching = entry.subject.startswith("teaching-")
        contexts[entry.id] = {
            "session": session.title,
            "when": f"{when} ({entry.time_zone})",
            "meeting_link": session.meeting_url,
            "link": reverse("scheduling:teacher-session", args=[session.pk])
            if teaching
            else reverse("scheduling:student-sessions"),
        }
    return contexts
