"""What apps register with the sequence engine: triggers, step conditions and exit conditions.

Every callable answers for a BATCH of entries in a fixed number of queries, so a tick costs the same whatever
the number of people:
- a trigger's `context(entries, now)` answers {entry id: placeholders} for the emails of its steps;
- a trigger's `scan(since, until)` (for states that arise as time passes) answers the people who came to match
  in that span, as `Candidate`s; the subject includes what makes the match new (the last activity's date…);
- a condition or exit condition `(entries, now)` answers the set of entry ids for which it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class Entry:
    """What a callable learns of one person in a sequence."""

    id: int
    user_id: int
    subject: str
    object_id: int | None
    anchor: datetime
    language: str  # the person's, for words a context puts in placeholders
    time_zone: str


@dataclass(frozen=True)
class Candidate:
    """Someone a scan found to match: entered once per (sequence, user, subject)."""

    user_id: int
    subject: str
    anchor: datetime
    object_id: int | None = None


@dataclass(frozen=True)
class ShippedStep:
    """A step of the sequence created for a trigger when none exists yet (editors change it in the admin)."""

    email: str
    offset_hours: int = 0
    condition: str = ""
    urgent: bool = False
    in_app: bool = False


Context = Callable[[list[Entry], datetime], dict[int, dict]]
Check = Callable[[list[Entry], datetime], set[int]]
Scan = Callable[[datetime, datetime], Iterable[Candidate]]


@dataclass(frozen=True)
class Trigger:
    key: str
    label: Promise
    category: str  # the preferences category its emails belong to
    context: Context
    placeholders: frozenset[str]  # what `context` fills in, checked against each step's email
    scan: Scan | None = None
    notice_kind: str = "notification"  # the in-app notice's kind, for steps that also show in the app
    shipped_name: Promise | None = None
    shipped_steps: tuple[ShippedStep, ...] = ()
    shipped_exit: str = ""


@dataclass(frozen=True)
class Named:
    key: str
    label: Promise
    check: Check


_TRIGGERS: dict[str, Trigger] = {}
_CONDITIONS: dict[str, Named] = {}
_EXITS: dict[str, Named] = {}


class Unknown(LookupError):
    pass


def register_trigger(
    *,
    key: str,
    label,
    category: str,
    context: Context,
    placeholders: Iterable[str],
    scan: Scan | None = None,
    notice_kind: str = "notification",
    shipped_name=None,
    shipped_steps: Iterable[ShippedStep] = (),
    shipped_exit: str = "",
) -> Trigger:
    """Declare an event that starts a sequence; registering the same key again replaces it."""
    trigger = Trigger(
        key=key,
        label=label,
        category=category,
        context=context,
        placeholders=frozenset(placeholders),
        scan=scan,
        notice_kind=notice_kind,
        shipped_name=shipped_name,
        shipped_steps=tuple(shipped_steps),
        shipped_exit=shipped_exit,
    )
    _TRIGGERS[key] = trigger
    return trigger


def register_condition(*, key: str, label, check: Check) -> Named:
    """A condition a step may require: the step is skipped for the entries it does not hold for."""
    _CONDITIONS[key] = Named(key, label, check)
    return _CONDITIONS[key]


def register_exit(*, key: str, label, check: Check) -> Named:
    """An exit condition: once it holds, the person leaves the sequence and gets none of its remaining steps."""
    _EXITS[key] = Named(key, label, check)
    return _EXITS[key]


def _get(registry: dict, key: str):
    try:
        return registry[key]
    except KeyError:
        raise Unknown(key) from None


def trigger(key: str) -> Trigger:
    return _get(_TRIGGERS, key)


def condition(key: str) -> Named:
    return _get(_CONDITIONS, key)


def exit_condition(key: str) -> Named:
    return _get(_EXITS, key)


def triggers() -> list[Trigger]:
    return sorted(_TRIGGERS.values(), key=lambda t: t.key)


def trigger_choices() -> list[tuple[str, str]]:
    return [(t.key, f"{t.label} ({t.key})") for t in triggers()]


def condition_choices() -> list[tuple[str, str]]:
    return [(c.key, f"{c.label} ({c.key})") for c in sorted(_CONDITIONS.values(), key=lambda c: c.key)]


def exit_choices() -> list[tuple[str, str]]:
    return [(e.key, f"{e.label} ({e.key})") for e in sorted(_EXITS.values(), key=lambda e: e.key)]
