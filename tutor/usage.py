"""Usage and cost of the tutor for the admin's dashboard: totals by course, by day and by person."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from learning.models import Course

from .models import Decision, Exchange

MAX_DAYS = 366

_TOTALS = {
    "questions": Count("pk"),
    "answered": Count("pk", filter=Q(decision=Decision.ANSWERED)),
    "refused": Count("pk", filter=~Q(decision__in=[Decision.ANSWERED, Decision.PROVIDER_ERROR, Decision.ABANDONED])),
    "moderated": Count("pk", filter=Q(decision=Decision.MODERATED)),
    "errors": Count("pk", filter=Q(decision=Decision.PROVIDER_ERROR)),
    "abandoned": Count("pk", filter=Q(decision=Decision.ABANDONED)),
    "tokens_in": Sum("tokens_in"),
    "tokens_out": Sum("tokens_out"),
    "cost": Sum("cost"),
    "latency": Avg("latency_ms", filter=Q(decision=Decision.ANSWERED)),
    "reported": Count("pk", filter=Q(reported_at__isnull=False)),
}


@dataclass(frozen=True)
class Usage:
    days: int
    totals: dict
    by_course: list[dict]
    by_day: list[dict]
    by_person: list[dict]
    reported: list[Exchange]

    @property
    def totals_rows(self) -> list[dict]:
        return [self.totals] if self.totals["questions"] else []


def _labelled(rows, label) -> list[dict]:
    return [row | {"label": label(row)} for row in rows]


def _course_title(row) -> str:
    """The course's title in the viewer's language, as the course itself gives it."""
    course = Course(title=row["conversation__course__title"], translations=row["conversation__course__translations"])
    return course.localized_title


def usage(*, days: int = 30, course_id: int | None = None, now=None) -> Usage:
    """Six queries, whatever the numbers: totals, three groupings, and the latest reported answers."""
    days = max(1, min(days, MAX_DAYS))
    since = (now or timezone.now()) - timedelta(days=days)
    rows = Exchange.objects.filter(created_at__gte=since)
    if course_id:
        rows = rows.filter(conversation__course_id=course_id)
    by_course = rows.values(
        "conversation__course_id", "conversation__course__title", "conversation__course__translations"
    ).annotate(**_TOTALS)
    by_day = rows.annotate(day=TruncDate("created_at")).values("day").annotate(**_TOTALS)
    by_person = rows.values(
        "conversation__student_id", "conversation__student__email", "conversation__student__display_name"
    ).annotate(**_TOTALS)
    reported = (
        rows.filter(reported_at__isnull=False)
        .select_related("conversation__course", "conversation__student", "lesson")
        .order_by("-reported_at")[:20]
    )
    return Usage(
        days=days,
        totals=rows.aggregate(**_TOTALS),
        by_course=_labelled(by_course.order_by("-questions")[:50], _course_title),
        by_day=_labelled(by_day.order_by("-day"), lambda row: row["day"]),
        by_person=_labelled(
            by_person.order_by("-questions")[:50],
            lambda row: row["conversation__student__display_name"] or row["conversation__student__email"],
        ),
        reported=list(reported),
    )
