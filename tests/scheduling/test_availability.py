from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling.models import BlockedTime, DateOverride, LiveSession
from scheduling.services.availability import availability_windows, free_slots, is_free
from tests.scheduling.factories import NOW, at, make_schedule

pytestmark = pytest.mark.django_db
AMMAN = ZoneInfo("Asia/Amman")


def test_slots_follow_the_teachers_wall_clock_hours_in_utc(teacher):
    schedule = make_schedule(teacher)  # Asia/Amman 09:00-17:00 = 06:00-14:00 UTC in winter
    slots = free_slots(schedule=schedule, start=at(1, 0), end=at(2, 0), now=NOW)
    assert slots[0].starts_at == at(1, 6)
    assert slots[-1].ends_at == at(1, 14)
    assert len(slots) == 15  # 09:00 to 16:00 every 30 minutes
    assert {s.starts_at.astimezone(AMMAN).time() for s in slots} >= {time(9), time(16)}


def test_minimum_notice_and_horizon_cut_slots(teacher):
    schedule = make_schedule(teacher, minimum_notice_minutes=120, horizon_days=2)
    slots = free_slots(schedule=schedule, start=NOW, end=NOW + timedelta(days=10), now=NOW)
    assert slots[0].starts_at == NOW + timedelta(hours=2)
    assert slots[-1].starts_at <= NOW + timedelta(days=2)


def test_booked_sessions_blocks_and_buffers_remove_slots(teacher):
    schedule = make_schedule(teacher, buffer_before_minutes=15, buffer_after_minutes=30, slot_step_minutes=15)
    LiveSession.objects.create(
        teacher=teacher, kind="private", title="x", starts_at=at(1, 8), ends_at=at(1, 9), seats_taken=1
    )
    BlockedTime.objects.create(teacher=teacher, starts_at=at(1, 11), ends_at=at(1, 12))
    slots = free_slots(schedule=schedule, start=at(1, 0), end=at(2, 0), now=NOW)
    starts = {s.starts_at for s in slots}
    assert at(1, 6, 30) in starts  # ends 07:30, 30 min before the session
    assert at(1, 7, 15) not in starts  # would end inside the session's buffer
    assert at(1, 9, 15) not in starts  # inside the 30-minute buffer after
    assert at(1, 9, 30) in starts
    assert not any(s.starts_at < at(1, 12, 15) and s.ends_at > at(1, 10, 45) for s in slots)


def test_cancelled_sessions_free_their_time(teacher):
    schedule = make_schedule(teacher)
    LiveSession.objects.create(
        teacher=teacher, kind="private", title="x", starts_at=at(1, 8), ends_at=at(1, 9), status="cancelled"
    )
    assert is_free(schedule=schedule, starts_at=at(1, 8), now=NOW)


def test_day_off_and_extra_hours(teacher):
    schedule = make_schedule(teacher)
    tuesday, wednesday = date(2027, 1, 5), date(2027, 1, 6)
    DateOverride.objects.create(schedule=schedule, date=tuesday, kind="off")
    DateOverride.objects.create(schedule=schedule, date=wednesday, kind="extra", start_time=time(19), end_time=time(21))
    slots = free_slots(schedule=schedule, start=at(1, 0), end=at(3, 0), now=NOW)
    assert not [s for s in slots if s.starts_at.astimezone(AMMAN).date() == tuesday]
    wednesday_local = {
        s.starts_at.astimezone(AMMAN).time() for s in slots if s.starts_at.astimezone(AMMAN).date() == wednesday
    }
    assert time(20) in wednesday_local and time(9) in wednesday_local


def test_maximum_sessions_per_day(teacher):
    schedule = make_schedule(teacher, max_sessions_per_day=1)
    LiveSession.objects.create(teacher=teacher, kind="private", title="x", starts_at=at(1, 6), ends_at=at(1, 7))
    assert free_slots(schedule=schedule, start=at(1, 0), end=at(2, 0), now=NOW) == []
    assert free_slots(schedule=schedule, start=at(2, 0), end=at(3, 0), now=NOW)


def test_teacher_not_taking_private_sessions_offers_nothing(teacher):
    schedule = make_schedule(teacher, accepts_private_sessions=False)
    assert free_slots(schedule=schedule, start=at(1, 0), end=at(2, 0), now=NOW) == []


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        ("Europe/London", date(2027, 3, 26), date(2027, 3, 29)),
        ("America/New_York", date(2027, 3, 12), date(2027, 3, 15)),
        ("Asia/Amman", date(2021, 3, 24), date(2021, 3, 27)),
    ],
)
def test_daylight_saving_never_moves_wall_clock_hours(teacher, zone, before, after):
    teacher.time_zone = zone
    teacher.save()
    schedule = make_schedule(teacher, time_zone=zone)
    tz = ZoneInfo(zone)
    offsets = set()
    for local_day in (before, after):
        day = datetime.combine(local_day, time(0), tzinfo=tz)
        slots = free_slots(schedule=schedule, start=day, end=day + timedelta(days=1), now=day - timedelta(days=3))
        local = [s.starts_at.astimezone(tz) for s in slots]
        assert local[0].time() == time(9)
        assert local[-1].time() == time(16)
        offsets.add(local[0].utcoffset())
    assert len(offsets) == 2  # the UTC times did move, by the DST change


def test_availability_windows_skip_nothing_on_a_fall_back_day(teacher):
    schedule = make_schedule(teacher, time_zone="Europe/London", hours=((time(0), time(3)),))
    windows = availability_windows(schedule=schedule, first_day=date(2027, 10, 31), last_day=date(2027, 10, 31))
    ((start, end),) = windows
    assert end - start == timedelta(hours=4)  # 01:00-02:00 happens twice


def test_slot_computation_uses_a_constant_number_of_queries(teacher, django_assert_max_num_queries):
    schedule = make_schedule(teacher)
    for i in range(30):
        LiveSession.objects.create(
            teacher=teacher, kind="private", title="x", starts_at=at(i, 7), ends_at=at(i, 8), seats_taken=1
        )
    schedule = type(schedule).objects.get(pk=schedule.pk)
    with django_assert_max_num_queries(5):
        slots = free_slots(schedule=schedule, start=NOW, end=NOW + timedelta(days=90), now=NOW)
    assert len(slots) > 100
