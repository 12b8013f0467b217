"""Keeps the rollup tables current: rebuilds the days that received records since the last run, or any day asked.

Two runs of one rollup take turns: each holds a row lock on that rollup's watermarks for its whole transaction,
so a day is never counted by two at once, and the second finds nothing left to do. A run rewrites whole days, so
running it again gives the same rows.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from analytics.models import RollupWatermark

from . import REGISTRY, Rollup, Source


def discover() -> None:
    """Import every module of this package, so each rollup registers itself."""
    from analytics import rollups

    for module in pkgutil.iter_modules(rollups.__path__):
        importlib.import_module(f"{rollups.__name__}.{module.name}")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a UTC day: the unit a rollup rebuilds."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


def rebuild_days(*, days: Iterable[date], names: Iterable[str] | None = None) -> None:
    """Rewrite the given UTC days of the named rollups (all by default), one transaction per rollup and day."""
    days = sorted(set(days))
    for rollup in _selected(names):
        for day in days:
            with transaction.atomic():
                _lock_watermarks(rollup)
                rollup.rebuild(day)


def roll_up_pending(*, names: Iterable[str] | None = None) -> dict[str, list[date]]:
    """Rebuild, for each rollup, the days its sources received records on since the last run; returns them."""
    rebuilt = {}
    for rollup in _selected(names):
        with transaction.atomic():
            marks = _lock_watermarks(rollup)
            days: set[date] = set()
            for source in rollup.sources:
                days |= _advance(source, marks[source.label])
            for day in sorted(days):
                rollup.rebuild(day)
            now = timezone.now()
            for mark in marks.values():
                mark.rolled_at = now
                mark.save(update_fields=["last_pk", "last_time", "rolled_at"])
        rebuilt[rollup.name] = sorted(days)
    return rebuilt


def _selected(names: Iterable[str] | None) -> list[Rollup]:
    discover()  # every rollup, even when one module was imported on its own already
    if names is None:
        return list(REGISTRY.values())
    unknown = set(names) - set(REGISTRY)
    if unknown:
        raise ValueError(f"Unknown rollups: {', '.join(sorted(unknown))}. Known: {', '.join(sorted(REGISTRY))}.")
    return [REGISTRY[name] for name in names]


def _lock_watermarks(rollup: Rollup) -> dict[str, RollupWatermark]:
    """The rollup's watermark rows, created when missing and locked until the transaction ends."""
    RollupWatermark.objects.bulk_create(
        [RollupWatermark(rollup=rollup.name, source=source.label) for source in rollup.sources],
        ignore_conflicts=True,
    )
    locked = RollupWatermark.objects.select_for_update().filter(rollup=rollup.name).order_by("pk")
    return {mark.source: mark for mark in locked}


def _advance(source: Source, mark: RollupWatermark) -> set[date]:
    """The UTC days of the source's records past the watermark, which moves to the newest of them."""
    records = source.model._default_manager.all()
    field = "pk" if source.watermark == "pk" else source.watermark
    top = records.aggregate(top=Max(field))["top"]
    if top is None:
        return set()
    last = mark.last_pk if field == "pk" else mark.last_time
    if last is not None and top <= last:
        return set()
    fresh = records.filter(**{f"{field}__lte": top})
    if last is not None:
        fresh = fresh.filter(**{f"{field}__gt": last})
    if field == "pk":
        mark.last_pk = top
    else:
        mark.last_time = top
    days = fresh.annotate(rollup_day=TruncDate(source.time_field, tzinfo=UTC)).values_list("rollup_day", flat=True)
    return {day for day in days.distinct() if day is not None}
