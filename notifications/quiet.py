"""Quiet hours: non-urgent email waits until the person's morning, in their own time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def configured() -> tuple[time, time] | None:
    """The site's quiet hours from NOTIFICATIONS_QUIET_HOURS ("22:00-08:00"), or None when turned off."""
    value = settings.NOTIFICATIONS_QUIET_HOURS.strip()
    if not value:
        return None
    start, _dash, end = value.partition("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def _is_quiet(moment: time, start: time, end: time) -> bool:
    if start > end:  # the quiet span crosses midnight
        return moment >= start or moment < end
    return start <= moment < end


def quiet_until(*, now: datetime, time_zone: str, start: time, end: time) -> datetime | None:
    """When quiet hours end for someone in `time_zone`, in UTC; None when it is not quiet there now.

    The end is a wall-clock time on the local calendar, so a daylight-saving change in the night moves it with
    the clocks; an end that falls in a spring-forward gap is the first instant after the gap.
    """
    zone = ZoneInfo(time_zone)
    local = now.astimezone(zone)
    if not _is_quiet(local.time(), start, end):
        return None
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    wall = datetime.combine(day, end, tzinfo=zone)
    # fold=0 on a time inside a gap converts with the offset from before the gap, landing just after it.
    return wall.astimezone(UTC)


def email_not_before(*, user, now: datetime) -> datetime | None:
    hours = configured()
    return quiet_until(now=now, time_zone=user.time_zone, start=hours[0], end=hours[1]) if hours else None
