"""iCalendar files (email attachments, downloads) and each person's private subscription feed."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from ..models import Booking, CalendarFeed, LiveSession, new_feed_token

PRODID = "-//Fluentory//Scheduling//EN"
FEED_PAST_DAYS = 60


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def booking_uid(booking: Booking) -> str:
    return f"booking-{booking.pk}@fluentory"


def session_uid(session: LiveSession) -> str:
    return f"session-{session.pk}@fluentory"


def _event(*, uid, session: LiveSession, sequence: int, status: str, url: str, attendee=None) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    event.add("sequence", sequence)
    event.add("status", status)
    event.add("location", vText(session.meeting_url))
    event.add("url", url)
    event.add("description", f"{session.meeting_url}\n{url}")
    organizer = vCalAddress(f"mailto:{session.teacher.email}")
    organizer.params["cn"] = vText(session.teacher.name)
    event.add("organizer", organizer)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.name)
        event.add("attendee", address)
    return event


def booking_status(booking: Booking) -> str:
    if booking.status == Booking.Status.CANCELLED or booking.session.is_cancelled:
        return "CANCELLED"
    if booking.status == Booking.Status.WAITLISTED:
        return "TENTATIVE"
    return "CONFIRMED"


def booking_event(booking: Booking) -> Event:
    session = booking.session
    return _event(
        uid=booking_uid(booking),
        session=session,
        sequence=session.sequence + booking.sequence,
        status=booking_status(booking),
        url=f"{settings.SITE_URL}/learn/sessions/{booking.pk}/",
        attendee=booking.student,
    )


def session_event(session: LiveSession) -> Event:
    return _event(
        uid=session_uid(session),
        session=session,
        sequence=session.sequence,
        status="CANCELLED" if session.is_cancelled else "CONFIRMED",
        url=f"{settings.SITE_URL}/teach/schedule/sessions/{session.pk}/",
    )


def booking_ics(booking: Booking) -> bytes:
    """One booking as a calendar file; a cancellation carries METHOD:CANCEL so calendars remove it."""
    calendar = _calendar("CANCEL" if booking_status(booking) == "CANCELLED" else "REQUEST")
    calendar.add_component(booking_event(booking))
    return calendar.to_ical()


def feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_feed(*, user) -> CalendarFeed:
    """Revoke the old subscription URL and issue a new one."""
    feed = feed_for(user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


def feed_ics(user) -> bytes:
    """Everything on `user`'s calendar from the last 60 days on: bookings as a student, sessions as a teacher."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    calendar = _calendar()
    calendar.add("x-wr-calname", "Fluentory")
    bookings = Booking.objects.filter(student=user, ends_at__gte=since).select_related("session__teacher", "student")
    for booking in bookings:
        calendar.add_component(booking_event(booking))
    if user.is_teacher:
        for session in LiveSession.objects.filter(teacher=user, ends_at__gte=since).select_related("teacher"):
            calendar.add_component(session_event(session))
    return calendar.to_ical()
