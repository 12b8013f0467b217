"""Placement analytics for the admin: test → enrollment conversion, average score per language and level, and
where takers stop. A handful of aggregate queries whatever the number of attempts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import Round

from learning.models import Enrollment

from .models import Attempt, PlacementTest, Section


@dataclass(frozen=True)
class Funnel:
    test: PlacementTest
    started: int
    finished: int
    signed_in: int
    enrolled: int

    @property
    def finish_rate(self) -> int | None:
        return round(self.finished * 100 / self.started) if self.started else None

    @property
    def conversion(self) -> int | None:
        return round(self.enrolled * 100 / self.finished) if self.finished else None


def funnels() -> list[Funnel]:
    """Per test: attempts started and finished, finished by a known person, and followed by an enrollment in a
    course of the test's language after the attempt began."""
    enrolled_after = Enrollment.objects.filter(
        student=OuterRef("user"),
        course__language__iexact=OuterRef("test__framework__language"),
        enrolled_at__gte=OuterRef("started_at"),
    )
    rows = {
        row["test_id"]: row
        for row in Attempt.objects.annotate(enrolled=Exists(enrolled_after))
        .values("test_id")
        .annotate(
            started=Count("pk"),
            finished=Count("pk", filter=Q(finished_at__isnull=False)),
            signed_in=Count("pk", filter=Q(finished_at__isnull=False, user__isnull=False)),
            enrolled_count=Count("pk", filter=Q(finished_at__isnull=False, enrolled=True)),
        )
        .order_by()
    }
    tests = PlacementTest.objects.select_related("framework").order_by("framework__language", "title")
    return [
        Funnel(
            test=test,
            started=rows.get(test.pk, {}).get("started", 0),
            finished=rows.get(test.pk, {}).get("finished", 0),
            signed_in=rows.get(test.pk, {}).get("signed_in", 0),
            enrolled=rows.get(test.pk, {}).get("enrolled_count", 0),
        )
        for test in tests
    ]


def scores_by_level() -> list[dict]:
    """Finished attempts per language and level, with their average score."""
    return list(
        Attempt.objects.filter(finished_at__isnull=False, level__isnull=False)
        .values("test__framework__language", "level__code", "level__sort_order")
        .annotate(attempts=Count("pk"), average=Round(Avg("score"), 1))
        .order_by("test__framework__language", "level__sort_order", "level__code")
    )


def drop_off() -> list[dict]:
    """Per section: how many answered it and how many unfinished attempts stand on it (stopped, or still there)."""
    stopped = dict(
        Attempt.objects.filter(finished_at__isnull=True, current_section__isnull=False)
        .values("current_section")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("current_section", "n")
    )
    rows = []
    for section in (
        Section.objects.select_related("test")
        .annotate(answered=Count("results"))
        .order_by("test__title", "test_id", "step", "sort_order", "pk")
    ):
        waiting = stopped.get(section.pk, 0)
        reached = section.answered + waiting
        rows.append(
            {
                "section": section,
                "answered": section.answered,
                "stopped": waiting,
                "drop_off": round(waiting * 100 / reached) if reached else None,
            }
        )
    return rows
