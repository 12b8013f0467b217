"""Rollups: tables of figures added up ahead of time, so reports never scan raw events on a request.

A rollup rewrites its rows one UTC day at a time: `rebuild(day)` deletes that day's rows and writes them again
from the source records, inside the transaction the engine opens, so running it twice gives the same rows. Rows
are kept per UTC hour (`bucket`), so a report can add up whole days in any time zone whose offset is a whole
number of hours, which is every zone the school sells in.

Each rollup names its sources: the records it reads and the field that places each record on a day. The engine
(`analytics.rollups.engine`) keeps a watermark per source and rebuilds exactly the days that received new records
since the last run, so a late event (one whose time is in the past when it is stored) is counted on its own day.
Rollups read every app's records, so they sit with the reports in the top layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import models


@dataclass(frozen=True)
class Source:
    """Records a rollup reads: `time_field` puts a record on a day; `watermark` finds the ones added since.

    The default watermark, the primary key, suits append-only records (events, payments, refunds). A record that
    changes later (an enrollment completed, a booking attended) needs a field that moves when it changes, such as
    an `updated_at` timestamp; the day its `time_field` falls on is then rebuilt."""

    model: type[models.Model]
    time_field: str
    watermark: str = "pk"

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.time_field}"


@dataclass(frozen=True)
class Rollup:
    name: str
    sources: tuple[Source, ...]
    rebuild: Callable[[date], None]


REGISTRY: dict[str, Rollup] = {}


def register(name: str, *, sources: tuple[Source, ...]) -> Callable[[Callable[[date], None]], Callable[[date], None]]:
    """Declare a rollup: `@register("revenue", sources=(Source(Payment, "created_at"),))` over `rebuild(day)`."""

    def decorator(rebuild: Callable[[date], None]) -> Callable[[date], None]:
        REGISTRY[name] = Rollup(name=name, sources=sources, rebuild=rebuild)
        return rebuild

    return decorator
