"""Schedules, sessions and credits for scheduling tests."""

from datetime import UTC, datetime, time, timedelta

from scheduling.models import Booking, LiveSession, TeacherSchedule, WeeklyWindow
from scheduling.services import credits
from tests.factories import UserFactory

# A Monday in winter: Amman is UTC+3, London UTC+0, New York UTC-5.
NOW = datetime(2027, 1, 4, 6, 0, tzinfo=UTC)


def make_schedule(teacher, *, days=range(7), hours=((time(9), time(17)),), **settings) -> TeacherSchedule:
    defaults = {"time_zone": teacher.time_zone, "minimum_notice_minutes": 60, "session_minutes": 60}
    defaults.update(settings)
    schedule, _ = TeacherSchedule.objects.update_or_create(teacher=teacher, defaults=defaults)
    for day in days:
        for start, end in hours:
            WeeklyWindow.objects.create(schedule=schedule, weekday=day, start_time=start, end_time=end)
    return schedule


def give_credits(student, quantity=5):
    credits.grant_credits(student=student, quantity=quantity, source="admin", reference=f"test-{student.pk}-{quantity}")


def at(day_offset: int, hour: int, minute: int = 0, *, base=NOW) -> datetime:
    """UTC datetime `day_offset` days after NOW's date at hour:minute UTC."""
    start = base.replace(hour=0, minute=0)
    return start + timedelta(days=day_offset, hours=hour, minutes=minute)


def live_session(
    teacher, starts_at, *, title="Conversation class", course=None, status="scheduled", attendances=()
) -> LiveSession:
    """A group class of an hour with one booking per attendance ("" not recorded yet, "cancelled" a seat given up)."""
    session = LiveSession.objects.create(
        teacher=teacher,
        course=course,
        kind=LiveSession.Kind.GROUP,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        capacity=5,
        status=status,
    )
    for attendance in attendances:
        cancelled = attendance == "cancelled"
        Booking.objects.create(
            session=session,
            student=UserFactory(),
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            status=Booking.Status.CANCELLED if cancelled else Booking.Status.CONFIRMED,
            attendance="" if cancelled else attendance,
        )
    return session
