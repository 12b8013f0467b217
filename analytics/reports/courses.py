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

from analytics.models import (
    CourseHour,
    LearnerHour,
    LessonHour,
    SessionHour,
    TutorDay,
    TutorHour,
    TutorTermDay,
    TutorTermHour,
)
from learning.models import Course
from tutor import selectors as tutor_selectors

from .spans import spans, union_all
from .teachers import Period

COURSE_SUMS = {
    name: Sum(name)
    for name in ("enrolled", "completed", "completion_seconds", "quiz_attempts", "quiz_passed", "lessons_completed")
} | {name: Sum(name) for name in ("reviews", "rating_total", "refunds")}
TUTOR_FIGURES = {  # a report's name for each of the tutor's rollup columns
    "questions": "tutor_questions",
    "answered": "tutor_answered",
    "refused": "tutor_refused",
    "moderated": "tutor_moderated",
    "errors": "tutor_errors",
    "abandoned": "tutor_abandoned",
    "latency_ms": "tutor_latency_ms",
    "reported": "tutor_reported",
    "tokens_in": "tokens_in",
    "tokens_out": "tokens_out",
    "cost": "tutor_cost",
}
TUTOR_SUMS = {name: Sum(column) for name, column in TUTOR_FIGURES.items()}
COST_PLACES = Decimal("0.000001")  # as `TutorFigures.tutor_cost` keeps it
THEMES = 12
TOP_USERS = 20
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
    totals: dict
    by_course: list[dict]
    top_users: list[dict]
    themes: list[dict]
    reported: list  # the latest answers reported in the period

    @property
    def totals_rows(self) -> list[dict]:
        return [self.totals] if self.totals["questions"] or self.totals["reported"] else []


def _with_latency(row: dict) -> dict:
    """The answers' average latency in milliseconds, from the sum the rollup keeps."""
    return row | {"latency": round(row["latency_ms"] / row["answered"]) if row["answered"] else None}


def _tutor_rows(period: Period, course_id: int | None):
    rows = LearnerHour.objects.filter(_in(period)).filter(Q(tutor_questions__gt=0) | Q(tutor_reported__gt=0))
    return rows.filter(course_id=course_id) if course_id else rows


def _by_course(period: Period, course_id: int | None) -> list[dict]:
    """The fifty courses that cost the most: whole UTC days from `TutorDay`, the edge hours from `LearnerHour`."""
    where = spans(period)
    columns = ["course_id", *TUTOR_FIGURES.values()]
    days = TutorDay.objects.filter(where.days)
    if course_id:
        days = days.filter(course_id=course_id)
    sums = ", ".join(f"SUM({column})" for column in TUTOR_FIGURES.values())
    found = union_all(
        f"course_id, {sums}",
        [days.values_list(*columns), _tutor_rows(period, course_id).filter(where.hours).values_list(*columns)],
        # Rounded as kept: SQLite adds decimals up as floats, whose last digits depend on the order of the rows.
        "GROUP BY course_id ORDER BY ROUND(SUM(tutor_cost), 6) DESC, SUM(tutor_questions) DESC, course_id LIMIT 50",
    )
    rows = [_with_latency(dict(zip(["course_id", *TUTOR_FIGURES], row, strict=True))) for row in found]
    for row in rows:
        row["cost"] = Decimal(str(row["cost"])).quantize(COST_PLACES)  # SQLite adds decimals up as floats
    courses = Course.objects.filter(pk__in=[row["course_id"] for row in rows]).only("pk", "title", "translations")
    titles = {course.pk: course.localized_title for course in courses}
    for row in rows:
        row["course__title"] = row["label"] = titles.get(row["course_id"], "")
    return rows


def tutor_usage(*, period: Period, days: tuple[date, date], zone, course_id: int | None = None) -> TutorUsage:
    """Questions and what became of them, tokens, cost and latency per local day, course and student, the terms
    most questions share and the answers students reported; eight queries."""
    rows = _tutor_rows(period, course_id)
    # A local day straddles two UTC days, so the series is added up from hours: every course's from `TutorHour`,
    # one course's (a few rows an hour at most) from the students' hours.
    hours = rows if course_id else TutorHour.objects.filter(_in(period))
    by_day = {
        row["day"]: row
        for row in hours.annotate(day=TruncDate("bucket", tzinfo=zone)).values("day").annotate(**TUTOR_SUMS).order_by()
    }
    first, last = days
    empty = dict.fromkeys(TUTOR_SUMS, 0)
    daily = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        daily.append(_with_latency({**empty, **{k: v or 0 for k, v in by_day.get(day, {}).items()}, "day": day}))
    totals = _with_latency({name: sum(row[name] for row in daily) for name in TUTOR_SUMS})
    # Ranked by questions alone (from an index in student order), then only the twenty's figures are added up,
    # then they are named: summing every figure of every student who asked costs several times more.
    ranked = rows.values("student_id").annotate(ranked=Sum("tutor_questions")).order_by("-ranked", "student_id")
    top = list(
        rows.filter(student_id__in=ranked.values("student_id")[:TOP_USERS])
        .values("student_id")
        .annotate(**TUTOR_SUMS)
        .order_by("-questions", "student_id")
    )
    names = (
        get_user_model().objects.filter(pk__in=[row["student_id"] for row in top]).values("pk", "display_name", "email")
    )
    named = {user["pk"]: user for user in names}
    for row in top:
        user = named.get(row["student_id"], {})
        row["student__display_name"], row["student__email"] = user.get("display_name", ""), user.get("email", "")
        row["label"] = row["student__display_name"] or row["student__email"]
    return TutorUsage(
        days=daily,
        totals=totals,
        by_course=_by_course(period, course_id),
        top_users=[_with_latency(row) for row in top],
        themes=themes(period=period, course_ids=[course_id] if course_id else None, asked=totals["questions"]),
        reported=tutor_selectors.reported_answers(start=period.start, end=period.end, course_id=course_id),
    )


def themes(*, period: Period, course_ids: list[int] | None, asked: int | None = None) -> list[dict]:
    """The terms most questions of the period share, with the word students wrote and an example. A term in more
    than half of the questions (the course's own subject, say) tells nothing and is left out. One query, and one
    more to count the questions unless `asked` is given.

    Over every course, whole UTC days are read from `TutorTermDay` and the edge hours from `TutorTermHour`; a
    course's own terms are few, and read by the hour."""
    if asked is None:
        counted = LearnerHour.objects.filter(_in(period))
        if course_ids is not None:
            counted = counted.filter(course_id__in=course_ids)
        asked = counted.aggregate(n=Coalesce(Sum("tutor_questions"), 0))["n"]
    columns = ("term", "questions", "word", "example")
    if course_ids is None:
        where = spans(period)
        parts = [
            TutorTermDay.objects.filter(where.days).values_list(*columns),
            TutorTermHour.objects.filter(where.hours).values_list(*columns),
        ]
    else:
        parts = [TutorTermHour.objects.filter(_in(period), course_id__in=course_ids).values_list(*columns)]
    found = union_all(
        "term, SUM(questions), MAX(word), MAX(example)",
        parts,
        "GROUP BY term HAVING SUM(questions) BETWEEN 2 AND %s ORDER BY SUM(questions) DESC, term LIMIT %s",
        (max(2, asked // 2), THEMES),
    )
    return [dict(zip(("term", "questions", "word", "example"), row, strict=True)) for row in found]


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
