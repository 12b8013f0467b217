"""Retention: each enrollment in the hour it began, and each hour an enrolled student was active in the course.

Active means a learning event of that student naming that course: a lesson opened for the first time or
completed, a quiz submitted, a question to the tutor, the course completed. Week n after enrolling is days
7(n-1) to 7n after the enrollment's own instant, so it does not depend on anyone's time zone. Minutes are the time
the student spent on the course's lesson pages so far, kept on the enrollment's row (its day is rebuilt when a
lesson's time moves).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Sum
from django.db.models.functions import Coalesce

from analytics.models import Event, RetentionActivity, RetentionEnrollment
from learning.models import Enrollment, LessonProgress

from . import Source, register
from .engine import day_bounds

ACTIVITY_EVENTS = (
    "lesson_started",
    "lesson_completed",
    "quiz_passed",
    "quiz_failed",
    "tutor_message",
    "course_completed",
)
# Refunded and revoked enrollments ended for reasons other than the student's interest.
RETAINED_STATUSES = (Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED, Enrollment.Status.EXPIRED)
WEEK = timedelta(days=7)


@register(
    "retention",
    sources=(
        Source(Enrollment, "enrolled_at"),
        Source(Event, "occurred_at"),
        Source(LessonProgress, "enrollment__enrolled_at", watermark="last_viewed_at"),
    ),
)
def rebuild(day: date) -> None:
    start, end = day_bounds(day)
    RetentionEnrollment.objects.filter(bucket__gte=start, bucket__lt=end).delete()
    RetentionActivity.objects.filter(bucket__gte=start, bucket__lt=end).delete()
    cohort = (
        Enrollment.objects.filter(enrolled_at__gte=start, enrolled_at__lt=end, status__in=RETAINED_STATUSES)
        .annotate(seconds=Coalesce(Sum("lesson_progress__time_spent_seconds"), 0))
        .values_list("pk", "course_id", "course__language", "enrolled_at", "seconds")
    )
    RetentionEnrollment.objects.bulk_create(
        [
            RetentionEnrollment(
                bucket=_hour(enrolled_at),
                enrollment_id=pk,
                course_id=course_id,
                language=language,
                enrolled_at=enrolled_at,
                seconds=seconds,
            )
            for pk, course_id, language, enrolled_at, seconds in cohort
        ],
        batch_size=2_000,
    )
    events = list(
        Event.objects.filter(
            name__in=ACTIVITY_EVENTS, occurred_at__gte=start, occurred_at__lt=end, user__isnull=False
        ).values_list("user_id", "properties__course", "name", "occurred_at")
    )
    pairs = {(user_id, course_id) for user_id, course_id, _name, _at in events if isinstance(course_id, int)}
    enrollments = {
        (student_id, course_id): (pk, language, enrolled_at)
        for pk, student_id, course_id, language, enrolled_at in Enrollment.objects.filter(
            student_id__in={user for user, _ in pairs},
            course_id__in={course for _, course in pairs},
            status__in=RETAINED_STATUSES,
        ).values_list("pk", "student_id", "course_id", "course__language", "enrolled_at")
    }
    hours: dict[tuple, dict] = defaultdict(lambda: {"lessons": 0, "completed": False})
    for user_id, course_id, name, occurred_at in events:
        found = enrollments.get((user_id, course_id))
        if found is None or occurred_at < found[2]:
            continue
        week = (occurred_at - found[2]) // WEEK + 1
        entry = hours[(found, course_id, _hour(occurred_at), week)]
        entry["lessons"] += name == "lesson_completed"
        entry["completed"] |= name == "course_completed"
    RetentionActivity.objects.bulk_create(
        [
            RetentionActivity(
                bucket=bucket,
                enrollment_id=pk,
                course_id=course_id,
                language=language,
                enrolled_at=enrolled_at,
                week=week,
                lessons=entry["lessons"],
                completed=entry["completed"],
            )
            for ((pk, language, enrolled_at), course_id, bucket, week), entry in hours.items()
        ],
        batch_size=2_000,
    )


def _hour(moment):
    return moment.replace(minute=0, second=0, microsecond=0)
