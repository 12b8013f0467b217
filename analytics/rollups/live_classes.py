"""Live sessions per hour of their start, per teacher and course (none for private sessions): sessions held and
their confirmed seats, with attendance as the teacher recorded it."""

from __future__ import annotations

from datetime import UTC, date

from django.db.models import Count, Q
from django.db.models.functions import TruncHour

from analytics.models import SessionHour
from scheduling.models import Booking, LiveSession
from scheduling.selectors import ATTENDED

from . import Source, register
from .engine import day_bounds


@register(
    "live_classes",
    sources=(
        Source(LiveSession, "starts_at", watermark="updated_at"),
        Source(Booking, "starts_at", watermark="updated_at"),
    ),
)
def rebuild(day: date) -> None:
    start, end = day_bounds(day)
    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    rows = (
        LiveSession.objects.filter(starts_at__gte=start, starts_at__lt=end, status=LiveSession.Status.SCHEDULED)
        .annotate(hour=TruncHour("starts_at", tzinfo=UTC))
        .values("hour", "teacher_id", "course_id")
        .annotate(
            sessions=Count("pk", distinct=True),
            booked=Count("bookings", filter=confirmed),
            recorded=Count("bookings", filter=confirmed & ~Q(bookings__attendance=Booking.Attendance.UNKNOWN)),
            attended=Count("bookings", filter=confirmed & Q(bookings__attendance__in=ATTENDED)),
            no_shows=Count("bookings", filter=confirmed & Q(bookings__attendance=Booking.Attendance.NO_SHOW)),
        )
        .order_by()
    )
    SessionHour.objects.filter(bucket__gte=start, bucket__lt=end).delete()
    SessionHour.objects.bulk_create(
        SessionHour(bucket=row.pop("hour"), teacher_id=row.pop("teacher_id"), course_id=row.pop("course_id"), **row)
        for row in rows
    )
