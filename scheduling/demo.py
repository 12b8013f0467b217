"""Demo schedules: both teachers' weekly hours, credits for two students, a live course class and a booking."""

from datetime import time, timedelta

from django.utils import timezone

from accounts.demo import demo_user
from learning import services as learning_services
from learning.models import Course, CourseType, Enrollment

from .models import Booking, LiveSession, WeeklyWindow
from .services import bookings, credits
from .services.availability import free_slots

HOURS = {
    # Amman works Sunday to Thursday; London Monday to Friday. Wall-clock hours in each teacher's own zone.
    "teacher.amman": ([6, 0, 1, 2, 3], [(time(9), time(13)), (time(16), time(20))]),
    "teacher.london": ([0, 1, 2, 3, 4], [(time(8), time(12)), (time(14), time(18))]),
}


def _live_course(teacher) -> Course:
    course = teacher.taught_courses.filter(course_type__in=[CourseType.LIVE, CourseType.HYBRID]).first()
    if course:
        return course
    course, _ = Course.objects.get_or_create(
        slug="arabic-conversation-club-live",
        defaults={
            "title": "Arabic Conversation Club (live)",
            "summary": "Weekly live conversation classes in Levantine Arabic.",
            "language": "Arabic",
            "level": "B1",
            "course_type": CourseType.LIVE,
            "status": Course.Status.PUBLISHED,
        },
    )
    course.save_translation(
        "ar", title="نادي المحادثة العربية (مباشر)", summary="حصص محادثة أسبوعية مباشرة باللهجة الشامية."
    )
    course.teachers.add(teacher)
    return course


def seed() -> None:
    for prefix, (days, windows) in HOURS.items():
        teacher = demo_user(prefix)
        schedule = bookings.schedule_for(teacher)
        for day in days:
            for start, end in windows:
                WeeklyWindow.objects.get_or_create(schedule=schedule, weekday=day, start_time=start, end_time=end)

    # Sara has none: the sessions page offers her the packages and her teachers' pages a trial lesson.
    for prefix in ("student.lina", "student.omar"):
        credits.grant_credits(
            student=demo_user(prefix), quantity=5, source="admin", reference=f"demo-{prefix}", note="Demo credits"
        )

    amman, lina = demo_user("teacher.amman"), demo_user("student.lina")
    course = _live_course(amman)
    for prefix in ("student.lina", "student.omar"):
        learning_services.enroll(student=demo_user(prefix), course=course, source=Enrollment.Source.ADMIN)

    now = timezone.now()
    if not LiveSession.objects.filter(course=course, status="scheduled", starts_at__gt=now).exists():
        schedule = bookings.schedule_for(amman)
        start = now + timedelta(days=7)
        slot = next(iter(free_slots(schedule=schedule, start=start, end=start + timedelta(days=7))), None)
        if slot:
            bookings.create_group_class(
                teacher=amman,
                course=course,
                title="Conversation club: travel and directions",
                starts_at=slot.starts_at,
                minutes=60,
                capacity=8,
            )

    if not Booking.objects.filter(student=lina, status="confirmed", starts_at__gt=now).exists():
        schedule = bookings.schedule_for(amman)
        start = now + timedelta(days=3)
        slot = next(iter(free_slots(schedule=schedule, start=start, end=start + timedelta(days=7))), None)
        if slot:
            bookings.book_private_session(student=lina, teacher=amman, starts_at=slot.starts_at)
