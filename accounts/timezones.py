"""IANA time zones offered to people, and validation of what browsers send."""

import zoneinfo
from functools import cache


@cache
def all_time_zones() -> tuple[str, ...]:
    return tuple(sorted(zone for zone in zoneinfo.available_timezones() if "/" in zone or zone == "UTC"))


def is_valid_time_zone(name: str) -> bool:
    return name in all_time_zones()


def time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in all_time_zones()]
