"""Figures of the enrollment funnel, retention cohorts and the admin's headline, read from the rollup tables only.

Each function answers in one or two queries whatever the period or the number of visitors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from analytics.models import FunnelVisitor, RetentionActivity, RetentionEnrollment, RollupWatermark
from analytics.models_funnel import FunnelStep

from .spans import union_all
from .teachers import Period

CHURN_DAYS = 14  # enrolled at least this long and no activity in this many days: churned
RETENTION_WEEKS = (1, 2, 4)


def _percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass(frozen=True)
class StepFigures:
    step: FunnelStep
    visitors: int
    of_previous: float | None  # % of the previous step's visitors who reached this one
    of_first: float | None  # % of the first step's visitors
    dropped: int | None  # visitors of the previous step minus this one's (None for the first step)


def funnel(*, period: Period, course=None, language: str = "", utm_source: str = "", partner=None) -> list[StepFigures]:
    """Distinct visitors at each step within the period, with conversion and drop-off from step to step."""
    rows = FunnelVisitor.objects.filter(period.q("bucket"))
    if course is not None:
        rows = rows.filter(course=course)
    if language:
        rows = rows.filter(language=language)
    if utm_source:
        rows = rows.filter(utm_source=utm_source)
    if partner is not None:
        rows = rows.filter(partner=partner)
    # Distinct (step, visitor) pairs first, then counted. Asked in the order of the `funnel_step_visitor` index,
    # a year's pairs are read from it already grouped: PostgreSQL otherwise hashes them, twice as slow.
    pairs = rows.values_list("step", "visitor").distinct().order_by("step", "visitor")
    counts = dict(union_all("step, COUNT(*)", [pairs], "GROUP BY step"))
    figures, first, previous = [], None, None
    for step in FunnelStep:
        visitors = counts.get(step.value, 0)
        figures.append(
            StepFigures(
                step=step,
                visitors=visitors,
                of_previous=_percent(visitors, previous) if previous is not None else None,
                of_first=_percent(visitors, first) if first is not None else None,
                dropped=previous - visitors if previous is not None else None,
            )
        )
        first = visitors if first is None else first
        previous = visitors
    return figures


def utm_sources() -> list[str]:
    """Every UTM source the funnel has seen, for the filter: kept in the cache until the funnel rollup runs again,
    as reading them costs a scan of the whole table."""
    rolled = RollupWatermark.objects.filter(rollup="funnel").aggregate(at=Max("rolled_at"))["at"]
    return cache.get_or_set(
        f"analytics:funnel-utm-sources:{rolled.isoformat() if rolled else ''}",
        lambda: list(
            FunnelVisitor.objects.exclude(utm_source="")
            .values_list("utm_source", flat=True)
            .distinct()
            .order_by("utm_source")
        ),
        timeout=None,
    )


def headline_figures(period: Period) -> dict[str, int]:
    """New enrollments and course completions in the period, for the admin home's headline panel."""
    counts = dict(
        FunnelVisitor.objects.filter(period.q("bucket"), step__in=[FunnelStep.ENROLLED, FunnelStep.COMPLETED])
        .values_list("step")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {"enrollments": counts.get(FunnelStep.ENROLLED, 0), "completions": counts.get(FunnelStep.COMPLETED, 0)}


@dataclass(frozen=True)
class Cohort:
    week: date  # the Monday the cohort's week began, in the reader's time zone
    enrolled: int
    retained: dict[int, float | None]  # week after enrolling → % active then, of those whose week has ended
    churned: float | None  # % of those enrolled at least CHURN_DAYS ago, not active since and not completed
    lessons_per_active: float | None
    minutes_per_active: float | None


def retention(*, period: Period, course=None, language: str = "", now: datetime | None = None) -> list[Cohort]:
    """A cohort per week of enrollment (weeks in the current time zone) of the enrollments begun in the period."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    churn_start = now - timedelta(days=CHURN_DAYS)
    filters = period.q("enrolled_at")
    if course is not None:
        filters &= Q(course=course)
    if language:
        filters &= Q(language=language)
    due = {week: Q(enrolled_at__lte=now - timedelta(days=7 * week)) for week in RETENTION_WEEKS}
    enrolled = {
        row["cohort"]: row
        for row in RetentionEnrollment.objects.filter(filters)
        .annotate(cohort=TruncWeek("enrolled_at", tzinfo=zone))
        .values("cohort")
        .annotate(
            enrolled=Count("pk"),
            seconds=Sum("seconds"),
            churn_due=Count("pk", filter=Q(enrolled_at__lte=churn_start)),
            **{f"due{week}": Count("pk", filter=q) for week, q in due.items()},
        )
        .order_by()
    }
    active = {
        row["cohort"]: row
        for row in RetentionActivity.objects.filter(filters)
        .annotate(cohort=TruncWeek("enrolled_at", tzinfo=zone))
        .values("cohort")
        .annotate(
            active=Count("enrollment_id", distinct=True),
            lessons=Sum("lessons"),
            kept=Count(
                "enrollment_id",
                distinct=True,
                filter=Q(enrolled_at__lte=churn_start) & (Q(bucket__gte=_hour(churn_start)) | Q(completed=True)),
            ),
            **{
                f"active{week}": Count("enrollment_id", distinct=True, filter=q & Q(week=week))
                for week, q in due.items()
            },
        )
        .order_by()
    }
    cohorts = []
    for key in sorted(enrolled):
        row, act = enrolled[key], active.get(key, {})
        active_students = act.get("active", 0)
        cohorts.append(
            Cohort(
                week=timezone.localtime(key, zone).date() if timezone.is_aware(key) else key.date(),
                enrolled=row["enrolled"],
                retained={week: _percent(act.get(f"active{week}", 0), row[f"due{week}"]) for week in RETENTION_WEEKS},
                churned=_percent(row["churn_due"] - act.get("kept", 0), row["churn_due"]),
                lessons_per_active=round(act.get("lessons", 0) / active_students, 1) if active_students else None,
                minutes_per_active=round(row["seconds"] / 60 / active_students, 1) if active_students else None,
            )
        )
    return cohorts


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)
