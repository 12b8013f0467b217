"""Claims with a lease, for rows that must be acted on once (emails, reminders, sequence steps).

One guarded UPDATE takes a row, so of concurrent workers exactly one wins: the others' UPDATE finds the row no
longer claimable. A worker that dies lets the lease lapse and a later run takes the row again, up to
`max_attempts`; finishing goes through `held()`, so a worker whose lease lapsed (and was taken over) changes
nothing. Models name their own fields; the defaults are `state`, `claimed_until` and `attempts`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


@dataclass(frozen=True)
class Lease:
    duration: timedelta
    max_attempts: int
    state: str = "state"
    claimed_until: str = "claimed_until"
    attempts: str = "attempts"
    claimed_by: str = ""  # the field naming which claim took a batch, for claims of many rows at once

    def claimable(self, now: datetime, *, ready: Q | None = None) -> Q:
        """Waiting (and `ready`, e.g. due), or claimed by a worker whose lease lapsed."""
        waiting = Q(**{self.state: PENDING})
        if ready is not None:
            waiting &= ready
        return waiting | Q(**{self.state: SENDING, f"{self.claimed_until}__lt": now})

    def _claim(self, rows: QuerySet, now: datetime, ready: Q | None, **extra) -> tuple[datetime, int]:
        claimed_until = now + self.duration
        won = rows.filter(self.claimable(now, ready=ready), **{f"{self.attempts}__lt": self.max_attempts}).update(
            **{self.state: SENDING, self.claimed_until: claimed_until, self.attempts: F(self.attempts) + 1},
            **extra,
        )
        return claimed_until, won

    def claim(self, rows: QuerySet, *, now: datetime, ready: Q | None = None) -> datetime | None:
        """Take `rows` (one row) for one lease; answers its end, or None when another worker has it or it is done."""
        claimed_until, won = self._claim(rows, now, ready)
        return claimed_until if won else None

    def claim_batch(self, rows: QuerySet, *, now: datetime, ready: Q | None = None) -> tuple[uuid.UUID, list[int]]:
        """Take whichever of `rows` no one else holds, in one UPDATE; answers the claim's token and the rows won."""
        token = uuid.uuid4()
        self._claim(rows, now, ready, **{self.claimed_by: token})
        won = rows.model.objects.filter(**{self.claimed_by: token, self.state: SENDING})
        return token, list(won.values_list("pk", flat=True))

    def held(self, rows: QuerySet, *, claimed_until: datetime | None = None, token: uuid.UUID | None = None):
        """The rows still claimed under this lease (by its end, or a batch's token)."""
        mine = {self.claimed_by: token} if token is not None else {self.claimed_until: claimed_until}
        return rows.filter(**{self.state: SENDING}, **mine)

    def finish(self, rows: QuerySet, *, state: str = SENT, **fields) -> int:
        """Rows from `held()` reach `state` (sent, skipped…) and their lease is given back."""
        return rows.update(**{self.state: state, self.claimed_until: None}, **fields)

    def release(self, rows: QuerySet) -> int:
        """Rows from `held()` wait for the next attempt (a failed send)."""
        return rows.update(**{self.state: PENDING, self.claimed_until: None})

    def fail_spent(self, rows: QuerySet, *, now: datetime) -> int:
        """Rows whose last allowed attempt lapsed are failed for good."""
        return rows.filter(
            **{self.state: SENDING, f"{self.claimed_until}__lt": now, f"{self.attempts}__gte": self.max_attempts}
        ).update(**{self.state: FAILED, self.claimed_until: None})
