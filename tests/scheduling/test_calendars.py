from datetime import UTC

import pytest
from icalendar import Calendar

from scheduling.models import CalendarFeed
from scheduling.services import bookings, calendars
from tests.scheduling.factories import NOW, at, give_credits, make_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(teacher, student):
    make_schedule(teacher)
    give_credits(student)
    return bookings.book_private_session(student=student, teacher=teacher, starts_at=at(3, 9), now=NOW)


def events(data: bytes):
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_booking_file_has_utc_times_uid_and_status(booking):
    calendar = Calendar.from_ical(calendars.booking_ics(booking))
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == at(3, 9)
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 0
    assert event.decoded("DTEND") == at(3, 10)
    assert str(event["UID"]) == f"booking-{booking.pk}@fluentory"
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert "meet.jit.si" in str(event["LOCATION"])


def test_updates_keep_the_uid_and_raise_the_sequence_and_cancellations_say_so(booking, student):
    bookings.reschedule_booking(booking=booking, starts_at=at(4, 9), by=student, now=NOW)
    booking.refresh_from_db()
    (moved,) = events(calendars.booking_ics(booking))
    assert str(moved["UID"]) == f"booking-{booking.pk}@fluentory"
    assert moved["SEQUENCE"] == 2 and moved.decoded("DTSTART") == at(4, 9).astimezone(UTC)
    bookings.cancel_booking(booking=booking, by=student, now=NOW)
    booking.refresh_from_db()
    cancelled = Calendar.from_ical(calendars.booking_ics(booking))
    assert cancelled["METHOD"] == "CANCEL"
    (event,) = cancelled.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] > moved["SEQUENCE"]


def test_feed_lists_student_bookings_and_teacher_sessions(client, booking, student, teacher):
    student_feed = calendars.feed_for(student)
    response = client.get(f"/calendar/{student_feed.token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert [str(e["UID"]) for e in events(response.content)] == [f"booking-{booking.pk}@fluentory"]
    teacher_feed = calendars.feed_for(teacher)
    teacher_events = events(client.get(f"/calendar/{teacher_feed.token}.ics").content)
    assert [str(e["UID"]) for e in teacher_events] == [f"session-{booking.session_id}@fluentory"]


def test_feed_token_is_unguessable_and_revocable(client, student):
    feed = calendars.feed_for(student)
    assert len(feed.token) >= 40
    old = feed.token
    calendars.reset_feed(user=student)
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    current = client.get(f"/calendar/{CalendarFeed.objects.get(user=student).token}.ics")
    assert current.status_code == 200 and current.content.startswith(b"BEGIN:VCALENDAR")
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_reset_view_needs_login_and_post(client, student):
    assert client.post("/calendar/reset/").status_code == 302
    client.force_login(student)
    old = calendars.feed_for(student).token
    assert client.get("/calendar/reset/").status_code == 405
    assert client.post("/calendar/reset/", {"next": "/learn/sessions/"}).status_code == 302
    assert CalendarFeed.objects.get(user=student).token != old


def test_confirmation_email_carries_a_parsable_ics(booking, mailoutbox, django_capture_on_commit_callbacks):
    from scheduling.services import emails

    queued = emails.queue_booking_email(booking=booking, event="confirmed")
    assert emails.send_booking_email(email_id=queued.pk)
    assert not emails.send_booking_email(email_id=queued.pk)  # sent once
    (message,) = mailoutbox
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    (event,) = events(content if isinstance(content, bytes) else content.encode())
    assert event.decoded("DTSTART") == at(3, 9)
