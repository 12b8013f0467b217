"""The parts of `manage.py generate_analytics_data`, which fills a database with a school's worth of records for
the analytics benchmark: each module of this package adds one kind of record and registers itself with an order.

A part is `generate(world)`: it reads what earlier parts made from `world` (ids of students, courses, teachers,
partners…), writes its records with `bulk_create` in batches, and leaves what later parts need in `world.made`.
Everything is drawn from `world.random`, seeded, so the same command makes the same data.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

BATCH = 5_000


@dataclass
class World:
    students: int
    events: int
    payments: int
    start: datetime  # aware, UTC: the first instant records may carry
    end: datetime  # aware, UTC: records fall before it
    random: random.Random
    made: dict = field(default_factory=dict)
    log: Callable[[str], None] = print
    seed: int = 0  # tells one generated school's records from another's (emails, slugs)

    def moment(self) -> datetime:
        """A random instant of the generated span."""
        return self.start + (self.end - self.start) * self.random.random()


PARTS: list[tuple[int, str, Callable[[World], None]]] = []


def part(order: int) -> Callable[[Callable[[World], None]], Callable[[World], None]]:
    def decorator(generate: Callable[[World], None]) -> Callable[[World], None]:
        PARTS.append((order, generate.__module__.rsplit(".", 1)[-1], generate))
        return generate

    return decorator


def ordered_parts() -> list[tuple[int, str, Callable[[World], None]]]:
    # Every module, even when one was imported already on its own: each registers itself once, on import.
    from analytics import datagen

    for module in pkgutil.iter_modules(datagen.__path__):
        importlib.import_module(f"{datagen.__name__}.{module.name}")
    return sorted(PARTS, key=lambda item: item[0])


def batched(items, size: int = BATCH):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
