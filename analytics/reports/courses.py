"""Course performance, AI tutor usage and a teacher's own analytics, read from the hourly rollup tables
(`analytics.models_courses`) only: each figure is one aggregate query whatever the number of records behind it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, TruncDate

from analytics.models import CourseHour, LearnerHour, LessonHour, SessionHour, TutorTermHour
from learning.models import Course

from .teachers import Period

COURSE_SUMS = {
    name: Sum(name)
    for name in ("enrolled", "completed", "completion_seconds", "quiz_attempts", "quiz_passed", "lessons_completed")
} | {name: Sum(name) for name in ("reviews", "rating_total", "refunds")}
TUTOR_SUMS = {
    "questions": Sum("tutor_questions"),
    "answered": Sum("tutor_answered"),
    "refused": Sum("tutor_refused"),
    "tokens_in": Sum("tokens_in"),
    "tokens_out": Sum("tokens_out"),
    "cost": Sum("tutor_cost"),
}
THEMES = 12
CANDIDATES = 10


def percent(part, whole) -> int | None:
    return round((part or 0) * 100 / whole) if whole else None


def _in(period: Period) -> Q:
    return Q(bucket__gte=period.start, bucket__lt=period.end)


def _course_figures(row: dict) -> dict:
    """Rates and averages from a row of summed counts."""
    completed = row.get("completed") or 0
    days = None
    if completed:
        days = (Decimal(row["completion_seconds"] or 0) / 86400 / completed).quantize(Decimal("0.1"), ROUND_HALF_UP)
    rating = None
    if row.get("reviews"):
        rating = (Decimal(row["rating_total"]) / row["reviews"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return row | {
        "completion_rate": percent(completed, row.get("enrolled")),
        "quiz_pass_rate": percent(row.get("quiz_passed"), row.get("quiz_attempts")),
        "days_to_complete": days,
        "rating": rating,
    }


# Course performance (admin) ------------------------------------------------------------------------------------


def course_performance(
    *, period: Period, language: str = "", teacher_id: int | None = None, course_type: str = ""
) -> list[dict]:
    """One row per course with any activity in the period, by title; two queries (the sums are grouped by course id
    alone, then the courses are read: grouping the joined rows by title costs several times more)."""
    courses = Course.objects.all()
    if language:
        courses = courses.filter(language=language)
    if course_type:
        courses = courses.filter(course_type=course_type)
    if teacher_id:
        courses = courses.filter(teachers=teacher_id)
    rows = CourseHour.objects.filter(_in(period))
    if language or course_type or teacher_id:
        rows = rows.filter(course__in=courses.values("pk"))
    sums = list(rows.values("course_id").annotate(**COURSE_SUMS).order_by())
    about = {
        course["pk"]: course
        for course in Course.objects.filter(pk__in=[row["course_id"] for row in sums]).values(
            "pk", "title", "language", "course_type"
        )
    }
    found = []
    for row in sums:
        course = about.get(row["course_id"], {})
        named = {key: value or 0 for key, value in row.items()} | {
            "course__title": course.get("title", ""),
            "course__language": course.get("language", ""),
            "course__course_type": course.get("course_type", ""),
            "course": course.get("title", ""),
        }
        found.append(_course_figures(named))
    return sorted(found, key=lambda row: (row["course__title"], row["course_id"]))


def headline(*, period: Period) -> dict:
    """Completions and the tutor's cost in the period, for the admin's home panel; two queries."""
    completions = CourseHour.objects.filter(_in(period)).aggregate(n=Coalesce(Sum("completed"), 0))["n"]
    tutor = LearnerHour.objects.filter(_in(period)).aggregate(
        questions=Coalesce(Sum("tutor_questions"), 0), cost=Coalesce(Sum("tutor_cost"), Decimal(0))
    )
    return {"completions": completions, "tutor_questions": tutor["questions"], "tutor_cost": tutor["cost"]}


# AI tutor usage (admin) ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TutorUsage:
    days: list[dict]  # every local day of the period, oldest first, with zeroes where nothing was asked
    by_course: list[dict]
    top_users: list[dict]
    themes: list[dict]


def _tutor_rows(period: Period, course_id: int | None):
    rows = LearnerHour.objects.filter(_in(period), tutor_questions__gt=0)
    return rows.filter(course_id=course_id) if course_id else rows


def tutor_usage(*, period: Period, days: tuple[date, date], zone, course_id: int | None = None) -> TutorUsage:
    """Questions, tokens and cost per local day, course and student, and the terms most questions share; seven
    queries."""
    rows = _tutor_rows(period, course_id)
    by_day = {
        row["day"]: row
        for row in rows.annotate(day=TruncDate("bucket", tzinfo=zone)).values("day").annotate(**TUTOR_SUMS).order_by()
    }
    first, last = days
    empty = dict.fromkeys(TUTOR_SUMS, 0)
    daily = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        daily.append({**empty, **{k: v or 0 for k, v in by_day.get(day, {}).items()}, "day": day})
    by_course = list(rows.values("course_id").annotate(**TUTOR_SUMS).order_by("-cost", "-questions", "course_id")[:50])
    titles = dict(Course.objects.filter(pk__in=[row["course_id"] for row in by_course]).values_list("pk", "title"))
    for row in by_course:
        row["course__title"] = titles.get(row["course_id"], "")
    # Added up per student id alone, then the twenty are named: joining every student's row before grouping
    # costs more than the sums themselves.
    top = list(rows.values("student_id").annotate(**TUTOR_SUMS).order_by("-questions", "student_id")[:20])
    names = (
        get_user_model().objects.filter(pk__in=[row["student_id"] for row in top]).values("pk", "display_name", "email")
    )
    named = {user["pk"]: user for user in names}
    for row in top:
        user = named.get(row["student_id"], {})
        row["student__display_name"], row["student__email"] = user.get("display_name", ""), user.get("email", "")
    return TutorUsage(
        days=daily,
        by_course=by_course,
        top_users=top,
        themes=themes(period=period, course_ids=[course_id] if course_id else None),
    )


def themes(*, period: Period, course_ids: list[int] | None) -> list[dict]:
    """The terms most questions of the period share, with the word students wrote and an example. A term in more
    than half of the questions (the course's own subject, say) tells nothing and is left out. Two queries."""
    terms = TutorTermHour.objects.filter(_in(period))
    asked = LearnerHour.objects.filter(_in(period))
    if course_ids is not None:
        terms, asked = terms.filter(course_id__in=course_ids), asked.filter(course_id__in=course_ids)
    total = asked.aggregate(n=Coalesce(Sum("tutor_questions"), 0))["n"]
    ceiling = max(2, total // 2)
    rows = (
        terms.values("term")
        .annotate(questions=Sum("questions"), word=Max("word"), example=Max("example"))
        .filter(questions__gte=2, questions__lte=ceiling)
        .order_by("-questions", "term")[:THEMES]
    )
    return list(rows)


# A teacher's analytics (/teach/analytics/) ---------------------------------------------------------------------


@dataclass(frozen=True)
class TeacherAnalytics:
    courses: list[dict]
    cohorts: list[dict]
    heat_map: list[dict]  # one row per weekday (Monday first): {"weekday": 1..7, "hours": [24 counts]}
    heat_max: int
    themes: list[dict]
    candidates: list[dict]


def teacher_analytics(*, course_ids: list[int], period: Period, zone) -> TeacherAnalytics:
    """Figures for the teacher's courses only, per course and per partner cohort; eight queries."""
    titles = dict(Course.objects.filter(pk__in=course_ids).values_list("pk", "title"))
    courses = {pk: _course_figures(dict.fromkeys(COURSE_SUMS, 0)) | {"course_id": pk} for pk in titles}
    hours = CourseHour.objects.filter(_in(period), course_id__in=course_ids)
    for row in hours.values("course_id").annotate(**COURSE_SUMS).order_by():
        courses[row["course_id"]] = _course_figures({k: v or 0 for k, v in row.items()})
    learners = LearnerHour.objects.filter(_in(period), course_id__in=course_ids)
    for row in (
        learners.values("course_id").annotate(active=Count("student_id", distinct=True), **TUTOR_SUMS).order_by()
    ):
        courses[row["course_id"]].update({k: v or 0 for k, v in row.items()})
    sessions = SessionHour.objects.filter(_in(period), course_id__in=course_ids)
    for row in sessions.values("course_id").annotate(
        sessions=Sum("sessions"), recorded=Sum("recorded"), attended=Sum("attended")
    ):
        courses[row["course_id"]].update(row)
    course_rows = []
    for pk, row in courses.items():
        row.setdefault("active", 0)
        row.setdefault("questions", 0)
        row.setdefault("sessions", 0)
        row["attendance_rate"] = percent(row.get("attended"), row.get("recorded"))
        course_rows.append(row | {"course": titles[pk]})
    course_rows.sort(key=lambda row: (row["course"].casefold(), row["course_id"]))

    cohorts = [
        _course_figures({k: v or 0 for k, v in row.items()})
        for row in hours.filter(cohort__isnull=False)
        .values("course_id", "course__title", "cohort_id", "cohort__name")
        .annotate(**COURSE_SUMS)
        .order_by("course__title", "cohort__name")
    ]

    activity = (
        learners.annotate(weekday=ExtractIsoWeekDay("bucket", tzinfo=zone), hour=ExtractHour("bucket", tzinfo=zone))
        .values("weekday", "hour")
        .annotate(n=Sum("lessons_completed") + Sum("quiz_attempts") + Sum("tutor_questions"))
        .order_by()
    )
    grid: dict[int, list[int]] = defaultdict(lambda: [0] * 24)
    for row in activity:
        grid[row["weekday"]][row["hour"]] += row["n"] or 0
    heat_map = [{"weekday": day, "hours": grid[day]} for day in range(1, 8)]

    signals = (
        LessonHour.objects.filter(_in(period), course_id__in=course_ids)
        .values("lesson_id", "lesson__title", "course__title")
        .annotate(questions=Sum("tutor_questions"), attempts=Sum("quiz_attempts"), failed=Sum("quiz_failed"))
        .filter(Q(questions__gt=0) | Q(failed__gt=0))
        .order_by()
    )
    candidates = sorted(
        (row | {"fail_rate": percent(row["failed"], row["attempts"])} for row in signals),
        key=lambda row: (-(row["questions"] + row["failed"]), row["lesson_id"]),
    )[:CANDIDATES]
    return TeacherAnalytics(
        courses=course_rows,
        cohorts=cohorts,
        heat_map=heat_map,
        heat_max=max((n for row in heat_map for n in row["hours"]), default=0),
        themes=themes(period=period, course_ids=course_ids),
        candidates=candidates,
    )


def student_progress(*, course_ids: list[int]):
    """Each student's activity in the teacher's courses over all time, most recent first: a queryset to paginate
    (one query a page, one to count)."""
    return (
        LearnerHour.objects.filter(course_id__in=course_ids)
        .values("course_id", "course__title", "student_id", "student__display_name", "student__email")
        .annotate(
            lessons=Sum("lessons_completed"),
            attempts=Sum("quiz_attempts"),
            passed=Sum("quiz_passed"),
            questions=Sum("tutor_questions"),
            last_active=Max("bucket"),
        )
        .order_by("-last_active", "student_id", "course_id")
    )
