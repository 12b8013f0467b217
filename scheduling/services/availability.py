"""Free slots: weekly wall-clock hours (and overrides) expanded date by date with zoneinfo, minus busy time.

Everything is computed in UTC; candidates step through each window in wall-clock time, so a daylight-saving
change never moves a teacher's hours. A constant number of queries whatever the range.
"""

from __future__ import annotations

import bisect
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from ..models import BlockedTime, DateOverride, LiveSession, TeacherSchedule


@dataclass(frozen=True, order=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.starts_at < end and start < self.ends_at


def availability_windows(
    *, schedule: TeacherSchedule, first_day: date, last_day: date, windows=None, overrides=None
) -> list[tuple[datetime, datetime]]:
    """The teacher's available intervals (UTC) for local dates first_day..last_day, from weekly hours and overrides."""
    zone = zoneinfo.ZoneInfo(schedule.time_zone)
    if windows is None:
        windows = list(schedule.windows.all())
    if overrides is None:
        overrides = list(DateOverride.objects.filter(schedule=schedule, date__range=(first_day, last_day)))
    weekly = defaultdict(list)
    for window in windows:
        weekly[window.weekday].append((window.start_time, window.end_time))
    days_off = {o.date for o in overrides if o.kind == DateOverride.Kind.DAY_OFF}
    extra = defaultdict(list)
    for override in overrides:
        if override.kind == DateOverride.Kind.EXTRA:
            extra[override.date].append((override.start_time, override.end_time))

    intervals = []
    day = first_day
    while day <= last_day:
        if day not in days_off:
            for start, end in weekly[day.weekday()] + extra[day]:
                # A bound inside a DST gap resolves with the offset before the change (fold=0).
                start_utc = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
                end_utc = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
                if end_utc > start_utc:
                    intervals.append((start_utc, end_utc))
        day += timedelta(days=1)
    return intervals


def _merge(intervals: list[tuple[datetime, datetime]]) -> tuple[list[datetime], list[datetime]]:
    merged: list[list[datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [m[0] for m in merged], [m[1] for m in merged]


def free_slots(
    *,
    schedule: TeacherSchedule,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
    exclude_session_id: int | None = None,
) -> list[Slot]:
    """Bookable private-session slots starting in [start, end), in UTC, ordered by start."""
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(schedule.time_zone)
    length = timedelta(minutes=schedule.session_minutes)
    step = timedelta(minutes=schedule.slot_step_minutes)
    before = timedelta(minutes=schedule.buffer_before_minutes)
    after = timedelta(minutes=schedule.buffer_after_minutes)
    pad = max(before, after)
    earliest = max(start, now + timedelta(minutes=schedule.minimum_notice_minutes))
    latest = min(end, now + timedelta(days=schedule.horizon_days))
    if earliest >= latest or not schedule.accepts_private_sessions:
        return []

    first_day = earliest.astimezone(zone).date() - timedelta(days=1)
    last_day = latest.astimezone(zone).date() + timedelta(days=1)
    windows = list(schedule.windows.all())
    overrides = list(DateOverride.objects.filter(schedule_id=schedule.pk, date__range=(first_day, last_day)))
    range_start = earliest - timedelta(days=1)
    range_end = latest + length + timedelta(days=1)
    sessions = LiveSession.objects.filter(
        teacher_id=schedule.teacher_id,
        status=LiveSession.Status.SCHEDULED,
        starts_at__lt=range_end,
        ends_at__gt=range_start,
    )
    if exclude_session_id:
        sessions = sessions.exclude(pk=exclude_session_id)
    session_times = list(sessions.values_list("starts_at", "ends_at"))
    blocks = list(
        BlockedTime.objects.filter(
            teacher_id=schedule.teacher_id, starts_at__lt=range_end, ends_at__gt=range_start
        ).values_list("starts_at", "ends_at")
    )

    # A candidate [s, e) with its own buffers must clear every session with its buffers: that is [s, e) against
    # sessions padded by the larger buffer; against blocks, the candidate's own buffers apply.
    busy = [(s - pad, e + pad) for s, e in session_times] + [(s - after, e + before) for s, e in blocks]
    busy_starts, busy_ends = _merge(busy)
    per_day = Counter(s.astimezone(zone).date() for s, _ in session_times)
    limit = schedule.max_sessions_per_day

    slots = []
    seen = set()
    for window_start, window_stop in sorted(
        availability_windows(
            schedule=schedule, first_day=first_day, last_day=last_day, windows=windows, overrides=overrides
        )
    ):
        local_start = window_start.astimezone(zone).replace(tzinfo=None)
        candidate_local = local_start
        while True:
            candidate = candidate_local.replace(tzinfo=zone).astimezone(UTC)
            if candidate.astimezone(zone).replace(tzinfo=None) != candidate_local:
                candidate_local += step  # a wall-clock time skipped by a DST change
                continue
            finish = candidate + length
            if finish > window_stop or candidate >= latest:
                break
            candidate_local += step
            if candidate < earliest or candidate < window_start or candidate in seen:
                continue
            if limit is not None and per_day[candidate.astimezone(zone).date()] >= limit:
                continue
            index = bisect.bisect_left(busy_starts, finish) - 1
            if index >= 0 and busy_ends[index] > candidate:
                continue
            seen.add(candidate)
            slots.append(Slot(candidate, finish))
    slots.sort()
    return slots


def is_free(*, schedule: TeacherSchedule, starts_at: datetime, now=None, exclude_session_id=None) -> bool:
    """Whether a private session may start at `starts_at` (the same rules as the offered slots)."""
    slots = free_slots(
        schedule=schedule,
        start=starts_at,
        end=starts_at + timedelta(seconds=1),
        now=now,
        exclude_session_id=exclude_session_id,
    )
    return any(slot.starts_at == starts_at for slot in slots)


def slots_by_local_day(slots: list[Slot], zone: zoneinfo.ZoneInfo) -> list[tuple[date, list[dict]]]:
    """Group slots by the viewer's local date: each with its UTC ISO value and its local wall-clock label."""
    days: dict[date, list] = defaultdict(list)
    for slot in slots:
        local = slot.starts_at.astimezone(zone)
        days[local.date()].append({"value": slot.starts_at.isoformat(), "label": f"{local:%H:%M}"})
    return sorted(days.items())
