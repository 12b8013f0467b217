"""Teacher performance for the admin: attendance and no-shows of their live sessions, completion of their courses,
student ratings, refunds and how fast they answer students' messages.

Each figure is one aggregate query over every teacher asked about, so the report costs the same few queries for
one teacher or a thousand. A course with several teachers counts for each of them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from commerce.models import Payment, Refund
from core.money import Money
from learning.models import Enrollment, Message, Review
from scheduling.models import Booking, LiveSession
from scheduling.selectors import ATTENDED

# Enrollments that say something about teaching: refunded and revoked ones ended for other reasons.
COUNTED_ENROLLMENTS = (Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED, Enrollment.Status.EXPIRED)


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC; either end may be open."""

    start: datetime | None = None
    end: datetime | None = None

    def q(self, field_name: str) -> Q:
        q = Q()
        if self.start:
            q &= Q(**{f"{field_name}__gte": self.start})
        if self.end:
            q &= Q(**{f"{field_name}__lt": self.end})
        return q


def _percent(part: int, whole: int) -> int | None:
    return round(part * 100 / whole) if whole else None


@dataclass
class Figures:
    """One teacher's figures (or one course's, on the teacher's page)."""

    sessions: int = 0  # live sessions held: scheduled, already begun
    booked: int = 0  # confirmed seats in those sessions
    attended: int = 0  # present or late
    no_shows: int = 0
    enrollments: int = 0
    completed: int = 0
    rating: Decimal | None = None
    ratings: int = 0
    payments: int = 0
    refunded_payments: int = 0
    refunds: int = 0
    refunded: list[Money] = field(default_factory=list)  # one amount per currency
    replies: int = 0
    unanswered: int = 0
    response_median: timedelta | None = None

    @property
    def attendance_rate(self) -> int | None:
        return _percent(self.attended, self.booked)

    @property
    def no_show_rate(self) -> int | None:
        return _percent(self.no_shows, self.booked)

    @property
    def completion_rate(self) -> int | None:
        return _percent(self.completed, self.enrollments)

    @property
    def refund_rate(self) -> int | None:
        return _percent(self.refunded_payments, self.payments)

    @property
    def response_hours(self) -> Decimal | None:
        if self.response_median is None:
            return None
        return (Decimal(self.response_median.total_seconds()) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class TeacherRow:
    teacher: object
    figures: Figures


# What the list may be sorted by: a key that puts teachers without the figure last whichever way it is sorted.
SORTS = {
    "name": lambda row: row.teacher.name.casefold(),
    "sessions": lambda row: row.figures.sessions,
    "attendance": lambda row: row.figures.attendance_rate,
    "no_shows": lambda row: row.figures.no_show_rate,
    "completion": lambda row: row.figures.completion_rate,
    "rating": lambda row: row.figures.rating,
    "refunds": lambda row: row.figures.refunds,
    "response": lambda row: row.figures.response_median,
}


def teacher_rows(*, period: Period | None = None, sort: str = "name", descending: bool = False) -> list[TeacherRow]:
    """Every teacher with their figures for the period, sorted; seven queries."""
    teachers = list(get_user_model().objects.filter(is_teacher=True).order_by("display_name", "email"))
    figures = figures_by(teacher_ids=[t.pk for t in teachers], period=period or Period())
    rows = [TeacherRow(teacher, figures[teacher.pk]) for teacher in teachers]
    key = SORTS.get(sort, SORTS["name"])
    known = sorted((row for row in rows if key(row) is not None), key=key, reverse=descending)
    return known + [row for row in rows if key(row) is None]


def figures_by(*, teacher_ids: list[int], period: Period | None = None, now: datetime | None = None) -> dict:
    """{teacher id: Figures} for the teachers asked about; six queries whatever their number."""
    now, period = now or timezone.now(), period or Period()
    figures = {pk: Figures() for pk in teacher_ids}
    _sessions(figures, "teacher", LiveSession.objects.filter(teacher_id__in=teacher_ids), period, now)
    _enrollments(figures, "course__teachers", Enrollment.objects.filter(course__teachers__in=teacher_ids), period)
    _ratings(figures, "course__teachers", Review.objects.filter(course__teachers__in=teacher_ids), period)
    _payments(figures, "course__teachers", Payment.objects.filter(course__teachers__in=teacher_ids), period)
    _refunds(
        figures, "payment__course__teachers", Refund.objects.filter(payment__course__teachers__in=teacher_ids), period
    )
    _responses(figures, teacher_ids, period)
    return figures


def figures_by_course(*, teacher, period: Period | None = None, now: datetime | None = None) -> dict:
    """{course id: Figures} for the courses `teacher` teaches; the same queries grouped by course."""
    now, period = now or timezone.now(), period or Period()
    course_ids = list(teacher.taught_courses.values_list("pk", flat=True))
    figures = {pk: Figures() for pk in course_ids}
    sessions = LiveSession.objects.filter(teacher=teacher, course_id__in=course_ids)
    _sessions(figures, "course", sessions, period, now)
    _enrollments(figures, "course", Enrollment.objects.filter(course_id__in=course_ids), period)
    _ratings(figures, "course", Review.objects.filter(course_id__in=course_ids), period)
    _payments(figures, "course", Payment.objects.filter(course_id__in=course_ids), period)
    _refunds(figures, "payment__course", Refund.objects.filter(payment__course_id__in=course_ids), period)
    return figures


def _sessions(figures: dict, key: str, sessions, period: Period, now: datetime) -> None:
    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    rows = (
        sessions.filter(period.q("starts_at"), status=LiveSession.Status.SCHEDULED, starts_at__lte=now)
        .values(key)
        .annotate(
            held=Count("pk", distinct=True),
            booked=Count("bookings", filter=confirmed),
            attended=Count("bookings", filter=confirmed & Q(bookings__attendance__in=ATTENDED)),
            no_shows=Count("bookings", filter=confirmed & Q(bookings__attendance=Booking.Attendance.NO_SHOW)),
        )
        .order_by()
    )
    for row in rows:
        if row[key] in figures:
            target = figures[row[key]]
            target.sessions, target.booked = row["held"], row["booked"]
            target.attended, target.no_shows = row["attended"], row["no_shows"]


def _enrollments(figures: dict, key: str, enrollments, period: Period) -> None:
    rows = (
        enrollments.filter(period.q("enrolled_at"), status__in=COUNTED_ENROLLMENTS)
        .values(key)
        .annotate(enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
        .order_by()
    )
    for row in rows:
        if row[key] in figures:
            figures[row[key]].enrollments, figures[row[key]].completed = row["enrolled"], row["completed"]


def _ratings(figures: dict, key: str, reviews, period: Period) -> None:
    rows = (
        reviews.filter(period.q("created_at"), status=Review.Status.APPROVED)
        .values(key)
        .annotate(average=Avg("rating"), count=Count("pk"))
        .order_by()
    )
    for row in rows:
        if row[key] in figures:
            average = Decimal(str(row["average"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            figures[row[key]].rating, figures[row[key]].ratings = average, row["count"]


def _payments(figures: dict, key: str, payments, period: Period) -> None:
    """Payments for the courses in the period, and how many of them were refunded since (the refund rate)."""
    rows = (
        payments.filter(period.q("captured_at"))
        .values(key)
        .annotate(paid=Count("pk", distinct=True), refunded=Count("pk", filter=Q(refunds__isnull=False), distinct=True))
        .order_by()
    )
    for row in rows:
        if row[key] in figures:
            figures[row[key]].payments, figures[row[key]].refunded_payments = row["paid"], row["refunded"]


def _refunds(figures: dict, key: str, refunds, period: Period) -> None:
    """Refunds made in the period: how many, and how much in each currency (never added across currencies)."""
    rows = (
        refunds.filter(period.q("created_at"))
        .values(key, "currency")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by(key, "currency")
    )
    for row in rows:
        if row[key] in figures:
            figures[row[key]].refunds += row["count"]
            figures[row[key]].refunded.append(Money(row["amount"], row["currency"]))


def _responses(figures: dict, teacher_ids: list[int], period: Period) -> None:
    """Median time from a student's message to the teacher's reply in the same thread. A run of student messages
    counts from its first; a message still unanswered counts as unanswered, not in the median."""
    messages = (
        Message.objects.filter(thread__teacher_id__in=teacher_ids)
        .filter(Q(created_at__gte=period.start) if period.start else Q())
        .values_list("thread_id", "thread__teacher_id", "thread__student_id", "sender_id", "created_at")
        .order_by("thread_id", "created_at", "pk")
    )
    waits: dict[int, list[timedelta]] = defaultdict(list)
    waiting: dict[int, tuple[int, datetime]] = {}  # thread -> (teacher, when the student began waiting)
    for thread_id, teacher_id, student_id, sender_id, created_at in messages.iterator():
        if sender_id == student_id:
            in_period = period.end is None or created_at < period.end
            if thread_id not in waiting and in_period:
                waiting[thread_id] = (teacher_id, created_at)
        elif sender_id == teacher_id and thread_id in waiting:
            _teacher, since = waiting.pop(thread_id)
            waits[teacher_id].append(created_at - since)
    for teacher_id, durations in waits.items():
        figures[teacher_id].replies = len(durations)
        figures[teacher_id].response_median = statistics.median(durations)
    for teacher_id, _since in waiting.values():
        figures[teacher_id].unanswered += 1
