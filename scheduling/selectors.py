"""Read-only questions other apps ask about schedules."""

from .models import Booking

ATTENDED = (Booking.Attendance.PRESENT, Booking.Attendance.LATE)


def sessions_attended(*, student, course) -> int:
    """Live sessions of `course` the student attended (present or late), as the teacher recorded it."""
    return Booking.objects.filter(student=student, session__course=course, attendance__in=ATTENDED).count()
