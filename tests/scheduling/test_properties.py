"""Property tests: offered slots never clash and never leave availability; DST never moves wall-clock hours."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.models import BlockedTime, DateOverride, LiveSession, TeacherSchedule, WeeklyWindow
from scheduling.services.availability import free_slots

pytestmark = pytest.mark.django_db

# Days with a daylight-saving change in each zone (Amman last changed clocks in 2022).
DST_DAYS = {
    "Europe/London": [date(2027, 3, 28), date(2027, 10, 31)],
    "America/New_York": [date(2027, 3, 14), date(2027, 11, 7)],
    "Asia/Amman": [date(2021, 3, 26), date(2021, 10, 29)],
}
ZONES = sorted(DST_DAYS)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def quarter(lo, hi):
    return st.integers(min_value=lo * 4, max_value=hi * 4).map(lambda q: time(q // 4, (q % 4) * 15))


window = st.tuples(st.integers(0, 6), st.integers(0, 22 * 4), st.integers(2, 40)).map(
    lambda t: (t[0], time(t[1] // 4, (t[1] % 4) * 15), min(23 * 60 + 45, t[1] * 15 + t[2] * 15))
)


@st.composite
def scenario(draw):
    zone = draw(st.sampled_from(ZONES))
    change = draw(st.sampled_from(DST_DAYS[zone]))
    first_day = change - timedelta(days=draw(st.integers(0, 5)))
    windows = []
    for weekday, start, end_minutes in draw(st.lists(window, min_size=1, max_size=8)):
        end = time(end_minutes // 60, end_minutes % 60)
        if end > start:
            windows.append((weekday, start, end))
    overrides = draw(
        st.lists(st.tuples(st.integers(0, 9), st.booleans(), st.integers(0, 20), st.integers(1, 12)), max_size=4)
    )
    base = datetime.combine(first_day, time(0), tzinfo=UTC)
    busy = draw(st.lists(st.tuples(st.integers(0, 10 * 24 * 4), st.integers(1, 12)), max_size=25))
    blocks = draw(st.lists(st.tuples(st.integers(0, 10 * 24 * 4), st.integers(1, 24)), max_size=5))
    return {
        "zone": zone,
        "first_day": first_day,
        "windows": windows,
        "overrides": [(first_day + timedelta(days=d), off, h, n) for d, off, h, n in overrides],
        "sessions": [(base + timedelta(minutes=15 * q), timedelta(minutes=15 * n)) for q, n in busy],
        "blocks": [(base + timedelta(minutes=15 * q), timedelta(minutes=15 * n)) for q, n in blocks],
        "session_minutes": draw(st.sampled_from([30, 45, 60, 90])),
        "step": draw(st.sampled_from([15, 30, 60])),
        "before": draw(st.sampled_from([0, 10, 15])),
        "after": draw(st.sampled_from([0, 5, 30])),
        "notice": draw(st.sampled_from([0, 60, 24 * 60])),
    }


def build(teacher, s):
    schedule = TeacherSchedule.objects.create(
        teacher=teacher,
        time_zone=s["zone"],
        session_minutes=s["session_minutes"],
        slot_step_minutes=s["step"],
        buffer_before_minutes=s["before"],
        buffer_after_minutes=s["after"],
        minimum_notice_minutes=s["notice"],
        horizon_days=365,
    )
    for weekday, start, end in s["windows"]:
        WeeklyWindow.objects.create(schedule=schedule, weekday=weekday, start_time=start, end_time=end)
    for day, off, hour, length in s["overrides"]:
        if off:
            DateOverride.objects.create(schedule=schedule, date=day, kind="off")
        else:
            end = min(23 * 60 + 45, hour * 60 + length * 15)
            DateOverride.objects.create(
                schedule=schedule, date=day, kind="extra", start_time=time(hour), end_time=time(end // 60, end % 60)
            )
    taken = []
    for start, length in s["sessions"]:
        end = start + length
        if any(start < e and b < end for b, e in taken):
            continue  # a teacher's sessions never overlap (the database sees to it)
        taken.append((start, end))
        LiveSession.objects.create(teacher=teacher, kind="private", title="x", starts_at=start, ends_at=end)
    for start, length in s["blocks"]:
        BlockedTime.objects.create(teacher=teacher, starts_at=start, ends_at=start + length)
    return schedule, taken


def expected_windows(s):
    """Availability as UTC intervals, computed here independently, date by date in the teacher's zone."""
    tz = ZoneInfo(s["zone"])
    days_off = {d for d, off, _h, _n in s["overrides"] if off}
    intervals = []
    for offset in range(-1, 14):
        day = s["first_day"] + timedelta(days=offset)
        if day in days_off:
            continue
        spans = [(start, end) for weekday, start, end in s["windows"] if weekday == day.weekday()]
        for d, off, hour, length in s["overrides"]:
            if d == day and not off:
                end = min(23 * 60 + 45, hour * 60 + length * 15)
                spans.append((time(hour), time(end // 60, end % 60)))
        for start, end in spans:
            intervals.append(
                (
                    datetime.combine(day, start, tzinfo=tz).astimezone(UTC),
                    datetime.combine(day, end, tzinfo=tz).astimezone(UTC),
                )
            )
    return intervals


@SETTINGS
@given(s=scenario())
def test_offered_slots_never_clash_and_stay_inside_availability(teacher, s):
    with transaction.atomic():
        schedule, sessions = build(teacher, s)
        now = datetime.combine(s["first_day"], time(0), tzinfo=UTC) - timedelta(hours=6)
        start = datetime.combine(s["first_day"], time(0), tzinfo=UTC)
        slots = free_slots(schedule=schedule, start=start, end=start + timedelta(days=8), now=now)
        available = expected_windows(s)
        pad = timedelta(minutes=max(s["before"], s["after"]))
        before, after = timedelta(minutes=s["before"]), timedelta(minutes=s["after"])
        for slot in slots:
            assert slot.ends_at - slot.starts_at == timedelta(minutes=s["session_minutes"])
            assert slot.starts_at >= now + timedelta(minutes=s["notice"])
            assert any(a <= slot.starts_at and slot.ends_at <= b for a, b in available), slot
            for b, e in sessions:
                assert not (slot.starts_at < e + pad and b - pad < slot.ends_at), (slot, b, e)
            for b, length in s["blocks"]:
                assert not (slot.starts_at - before < b + length and b < slot.ends_at + after), (slot, b)
        transaction.set_rollback(True)


@SETTINGS
@given(
    zone=st.sampled_from(ZONES),
    start_hour=st.integers(6, 14),
    hours=st.integers(1, 8),
    step=st.sampled_from([15, 30, 60]),
    data=st.data(),
)
def test_daylight_saving_changes_never_move_wall_clock_hours(teacher, zone, start_hour, hours, step, data):
    change = data.draw(st.sampled_from(DST_DAYS[zone]))
    tz = ZoneInfo(zone)
    with transaction.atomic():
        schedule = TeacherSchedule.objects.create(
            teacher=teacher, time_zone=zone, session_minutes=60, slot_step_minutes=step, minimum_notice_minutes=0
        )
        end = time(min(23, start_hour + hours), 0)
        for weekday in range(7):
            WeeklyWindow.objects.create(schedule=schedule, weekday=weekday, start_time=time(start_hour), end_time=end)
        first = datetime.combine(change - timedelta(days=3), time(0), tzinfo=tz)
        slots = free_slots(schedule=schedule, start=first, end=first + timedelta(days=7), now=first - timedelta(days=1))
        by_day = {}
        for slot in slots:
            local_start, local_end = slot.starts_at.astimezone(tz), slot.ends_at.astimezone(tz)
            assert local_start.time() >= time(start_hour) and local_end.time() <= end
            assert (local_start.hour * 60 + local_start.minute - start_hour * 60) % step == 0
            by_day.setdefault(local_start.date(), []).append(local_start.time())
        assert len(by_day) == 7
        assert len({tuple(times) for times in by_day.values()}) == 1  # the same wall-clock times every day
        assert len({s.starts_at.astimezone(tz).utcoffset() for s in slots}) == 2  # while UTC offsets changed
        transaction.set_rollback(True)
