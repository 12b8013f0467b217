"""Claims with a lease for rows sent once (reminders, booking emails): fields `state`, `claimed_until`, `attempts`.

One guarded UPDATE takes a row, so of concurrent workers exactly one wins; a worker that dies lets the lease
lapse and a later run takes the row again, up to `max_attempts`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


def claimable(now: datetime) -> Q:
    """Waiting to go out, or claimed by a worker whose lease lapsed."""
    return Q(state=PENDING) | Q(state=SENDING, claimed_until__lt=now)


def claim(rows: QuerySet, *, now: datetime, lease: timedelta, max_attempts: int) -> datetime | None:
    """Take `rows` (one row) for one lease; answers its end, or None when another worker has it or it is done."""
    claimed_until = now + lease
    won = rows.filter(claimable(now), attempts__lt=max_attempts).update(
        state=SENDING, claimed_until=claimed_until, attempts=F("attempts") + 1
    )
    return claimed_until if won else None


def held(rows: QuerySet, *, claimed_until: datetime) -> QuerySet:
    """The rows still claimed under this lease: finishing through them fails once another worker took over."""
    return rows.filter(state=SENDING, claimed_until=claimed_until)


def fail_spent(rows: QuerySet, *, now: datetime, max_attempts: int) -> int:
    """Rows whose last allowed attempt lapsed are failed for good."""
    return rows.filter(state=SENDING, claimed_until__lt=now, attempts__gte=max_attempts).update(
        state=FAILED, claimed_until=None
    )
