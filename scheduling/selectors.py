"""Read-only questions about schedules: other apps', and the calendars teachers and admins read."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .models import Booking, LiveSession, TeacherSchedule, WeeklyWindow
from .services.availability import availability_windows

ATTENDED = (Booking.Attendance.PRESENT, Booking.Attendance.LATE)


def sessions_attended(*, student, course) -> int:
    """Live sessions of `course` the student attended (present or late), as the teacher recorded it."""
    return Booking.objects.filter(student=student, session__course=course, attendance__in=ATTENDED).count()


def week_containing(value: str, *, zone: zoneinfo.ZoneInfo) -> date:
    """The Monday of the week holding the ISO date `value` (this week when it is missing, unreadable or far off)."""
    today = timezone.now().astimezone(zone).date()
    try:
        start = date.fromisoformat(value or "")
    except ValueError:
        start = today
    if abs((start - today).days) > 730:
        start = today
    return start - timedelta(days=start.weekday())


@dataclass(frozen=True)
class CalendarDay:
    date: date
    open: list[tuple[datetime, datetime]]  # in the schedule's zone
    sessions: list[LiveSession]
    weekly: list[WeeklyWindow]


def teacher_week(
    *, teacher, schedule: TeacherSchedule | None, week: date, include_cancelled: bool = False
) -> list[CalendarDay]:
    """A teacher's week from Monday `week`, day by day in their schedule's zone: open hours and live sessions,
    each session with its confirmed bookings, attendances and no-shows. Four queries whatever the week holds."""
    zone = zoneinfo.ZoneInfo(schedule.time_zone if schedule else teacher.time_zone or "UTC")
    days = [week + timedelta(days=i) for i in range(7)]
    windows = list(schedule.windows.all()) if schedule else []
    open_intervals = (
        availability_windows(schedule=schedule, first_day=days[0], last_day=days[-1], windows=windows)
        if schedule
        else []
    )
    week_start = datetime.combine(days[0], datetime.min.time(), tzinfo=zone)
    sessions = LiveSession.objects.filter(
        teacher=teacher, starts_at__lt=week_start + timedelta(days=8), ends_at__gt=week_start
    )
    if not include_cancelled:
        sessions = sessions.filter(status=LiveSession.Status.SCHEDULED)
    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    sessions = list(
        sessions.select_related("course", "teacher")
        .annotate(
            booked=Count("bookings", filter=confirmed),
            attended=Count("bookings", filter=confirmed & Q(bookings__attendance__in=ATTENDED)),
            no_shows=Count("bookings", filter=confirmed & Q(bookings__attendance=Booking.Attendance.NO_SHOW)),
        )
        .order_by("starts_at")
    )
    return [
        CalendarDay(
            date=day,
            open=[
                (s.astimezone(zone), e.astimezone(zone)) for s, e in open_intervals if s.astimezone(zone).date() == day
            ],
            sessions=[s for s in sessions if s.starts_at.astimezone(zone).date() == day],
            weekly=[w for w in windows if w.weekday == day.weekday()],
        )
        for day in days
    ]
