"""Course performance per hour: enrollments that began (and how many have completed since, in how long), quiz
attempts, lessons completed, approved reviews and refunds, per course and the partner cohort the student came with."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date

from django.db.models import Count, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, fields
from django.db.models.functions import TruncHour

from analytics.models import CourseHour
from analytics.reports.teachers import COUNTED_ENROLLMENTS
from commerce.models import Refund
from learning.models import Enrollment, LessonProgress, QuizAttempt, Review
from partners.models import CohortMember

from . import Source, register
from .engine import day_bounds

FIGURES = ("enrolled", "completed", "completion_seconds", "quiz_attempts", "quiz_passed", "lessons_completed")
FIGURES += ("reviews", "rating_total", "refunds")


def cohort_of(student: str, course: str) -> Subquery:
    """The cohort through which the student (a field path) joined the course (a field path), if any."""
    member = CohortMember.objects.filter(student=OuterRef(student), cohort__courses=OuterRef(course))
    return Subquery(member.order_by("joined_at", "pk").values("cohort_id")[:1])


def _grouped(queryset, time_field: str, course: str, student: str, **figures):
    return (
        queryset.annotate(hour=TruncHour(time_field, tzinfo=UTC), cohort_id=cohort_of(student, course))
        .values("hour", course, "cohort_id")
        .annotate(**figures)
        .order_by()
    )


@register(
    "course_performance",
    sources=(
        Source(Enrollment, "enrolled_at", watermark="updated_at"),
        Source(QuizAttempt, "submitted_at"),
        Source(LessonProgress, "completed_at", watermark="completed_at"),
        Source(Review, "created_at", watermark="updated_at"),
        Source(Refund, "created_at"),
    ),
)
def rebuild(day: date) -> None:
    start, end = day_bounds(day)
    rows: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))

    def add(queryset, course: str):
        for row in queryset:
            target = rows[(row.pop("hour"), row.pop(course), row.pop("cohort_id"))]
            for name, value in row.items():
                if name == "completion_time":  # a duration, kept in seconds
                    name, value = "completion_seconds", int(value.total_seconds()) if value else 0
                target[name] += value or 0

    took = ExpressionWrapper(F("completed_at") - F("enrolled_at"), output_field=fields.DurationField())
    enrollments = Enrollment.objects.filter(enrolled_at__gte=start, enrolled_at__lt=end, status__in=COUNTED_ENROLLMENTS)
    add(
        _grouped(
            enrollments.annotate(took=took),
            "enrolled_at",
            "course_id",
            "student_id",
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            completion_time=Sum("took", filter=Q(completed_at__isnull=False)),
        ),
        "course_id",
    )
    attempts = QuizAttempt.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    add(
        _grouped(
            attempts,
            "submitted_at",
            "enrollment__course_id",
            "enrollment__student_id",
            quiz_attempts=Count("pk"),
            quiz_passed=Count("pk", filter=Q(passed=True)),
        ),
        "enrollment__course_id",
    )
    lessons = LessonProgress.objects.filter(completed_at__gte=start, completed_at__lt=end)
    add(
        _grouped(
            lessons, "completed_at", "enrollment__course_id", "enrollment__student_id", lessons_completed=Count("pk")
        ),
        "enrollment__course_id",
    )
    reviews = Review.objects.filter(created_at__gte=start, created_at__lt=end, status=Review.Status.APPROVED)
    add(
        _grouped(
            reviews,
            "created_at",
            "course_id",
            "enrollment__student_id",
            reviews=Count("pk"),
            rating_total=Sum("rating"),
        ),
        "course_id",
    )
    refunds = Refund.objects.filter(created_at__gte=start, created_at__lt=end, payment__course__isnull=False)
    add(
        _grouped(refunds, "created_at", "payment__course_id", "payment__student_id", refunds=Count("pk")),
        "payment__course_id",
    )

    CourseHour.objects.filter(bucket__gte=start, bucket__lt=end).delete()
    CourseHour.objects.bulk_create(
        CourseHour(bucket=hour, course_id=course_id, cohort_id=cohort_id, **figures)
        for (hour, course_id, cohort_id), figures in rows.items()
    )
