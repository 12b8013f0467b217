"""A teacher edits their own availability: weekly hours, date overrides and blocked times.

Each change is one transaction and lands in the audit log, since it decides which slots students are offered.
Removing something of another teacher's raises `DoesNotExist`, exactly as if it were not there.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction

from accounts.audit import record

from ..models import BlockedTime, DateOverride, WeeklyWindow
from .bookings import schedule_for


@transaction.atomic
def add_weekly_hours(*, teacher, days: list[int], start_time: time, end_time: time) -> list[WeeklyWindow]:
    """The same hours on each of `days`; adding hours a day already has changes nothing."""
    schedule = schedule_for(teacher)
    windows = [
        WeeklyWindow.objects.get_or_create(schedule=schedule, weekday=day, start_time=start_time, end_time=end_time)[0]
        for day in days
    ]
    record(
        actor=teacher,
        action="scheduling.hours_added",
        target=schedule,
        days=days,
        start=start_time.isoformat(),
        end=end_time.isoformat(),
    )
    return windows


@transaction.atomic
def remove_weekly_hours(*, teacher, window_id: int) -> None:
    window = WeeklyWindow.objects.select_related("schedule").get(pk=window_id, schedule__teacher=teacher)
    window.delete()
    record(actor=teacher, action="scheduling.hours_removed", target=window.schedule, weekday=window.weekday)


@transaction.atomic
def add_date_override(
    *, teacher, date: date, kind: str, start_time: time | None, end_time: time | None
) -> DateOverride:
    schedule = schedule_for(teacher)
    override = DateOverride.objects.create(
        schedule=schedule, date=date, kind=kind, start_time=start_time, end_time=end_time
    )
    record(actor=teacher, action="scheduling.override_added", target=schedule, date=date.isoformat(), kind=kind)
    return override


@transaction.atomic
def remove_date_override(*, teacher, override_id: int) -> None:
    override = DateOverride.objects.select_related("schedule").get(pk=override_id, schedule__teacher=teacher)
    override.delete()
    record(
        actor=teacher, action="scheduling.override_removed", target=override.schedule, date=override.date.isoformat()
    )


@transaction.atomic
def block_time(*, teacher, starts_at: datetime, ends_at: datetime, reason: str = "") -> BlockedTime:
    block = BlockedTime.objects.create(teacher=teacher, starts_at=starts_at, ends_at=ends_at, reason=reason)
    record(actor=teacher, action="scheduling.time_blocked", target=block)
    return block


@transaction.atomic
def unblock_time(*, teacher, block_id: int) -> None:
    block = BlockedTime.objects.get(pk=block_id, teacher=teacher)
    record(actor=teacher, action="scheduling.time_unblocked", target=block)
    block.delete()
