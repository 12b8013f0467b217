"""Entering people into sequences and sending their steps: each step reaches a person at most once.

A tick claims a batch of due deliveries with one guarded UPDATE (a lease with a token, see `core.leases`), so
concurrent ticks share the work and a retried or killed tick sends nothing twice: a message that went out just
before a worker died is found in the outbox by its Message-ID and only marked sent. Everything a tick asks about
the batch (exit conditions, step conditions, preferences, context, templates) is a fixed number of queries.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import islice

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.leases import Lease

from .. import delivery, preferences, quiet, unsubscribe
from ..email_templates import render_with, templates_for
from ..kinds import Category
from ..models import OutboxEmail, Sequence, SequenceDelivery, SequenceEntry
from ..services import notify
from . import registry
from .registry import Candidate, Entry

logger = logging.getLogger(__name__)

BATCH = 500
MAX_ATTEMPTS = 5
FIRST_SCAN = timedelta(days=30)  # how far back a scan trigger looks the first time its sequence runs
LEASE = Lease(
    duration=timedelta(seconds=settings.NOTIFICATIONS_SEQUENCE_LEASE_SECONDS),
    max_attempts=MAX_ATTEMPTS,
    claimed_by="claim",
)
State, Skip = SequenceDelivery.State, SequenceDelivery.Skip


def enter(
    *, trigger: str, user, subject: str, anchor: datetime, object_id: int | None = None, now: datetime | None = None
) -> int:
    """`user` enters every active sequence of `trigger` for the event `subject` (a stable key, such as
    "booking-12"); each step is due at `anchor` plus its offset. Idempotent: answers how many entries are new."""
    registry.trigger(trigger)  # a typo fails loudly at the call, not silently at the tick
    candidate = Candidate(user_id=user.pk, subject=subject, anchor=anchor, object_id=object_id)
    return sum(
        _enter(sequence, [candidate], now or timezone.now())
        for sequence in Sequence.objects.filter(trigger=trigger, active=True).prefetch_related("steps")
    )


def _enter(sequence: Sequence, candidates: list[Candidate], now: datetime) -> int:
    """A few queries for any number of candidates: entries and their deliveries, each created once."""
    with transaction.atomic():
        subjects = {candidate.subject for candidate in candidates}
        known = set(
            SequenceEntry.objects.filter(sequence=sequence, subject__in=subjects).values_list("user_id", "subject")
        )
        fresh = [c for c in candidates if (c.user_id, c.subject) not in known]
        if not fresh:
            return 0
        SequenceEntry.objects.bulk_create(
            [
                SequenceEntry(
                    sequence=sequence,
                    user_id=c.user_id,
                    subject=c.subject,
                    object_id=c.object_id,
                    anchor=c.anchor,
                    entered_at=now,
                )
                for c in fresh
            ],
            ignore_conflicts=True,  # a concurrent call entered them first
        )
        wanted = {(c.user_id, c.subject) for c in fresh}
        entries = [
            entry
            for entry in SequenceEntry.objects.filter(sequence=sequence, subject__in=subjects, entered_at=now)
            if (entry.user_id, entry.subject) in wanted
        ]
        SequenceDelivery.objects.bulk_create(
            [_planned(entry, step, now) for entry in entries for step in sequence.steps.all()], ignore_conflicts=True
        )
    return len(entries)


def _planned(entry: SequenceEntry, step, now: datetime) -> SequenceDelivery:
    due_at = entry.anchor + timedelta(hours=step.offset_hours)
    # A warning ahead of the event that is already late (a session booked an hour ahead) is never sent.
    if step.offset_hours < 0 and due_at <= now:
        return SequenceDelivery(entry=entry, step=step, due_at=due_at, state=State.SKIPPED, skip_reason=Skip.STALE)
    return SequenceDelivery(entry=entry, step=step, due_at=due_at)


def scan(*, now: datetime) -> int:
    """Enter the people scan triggers found since each sequence's last scan; two ticks never scan the same span."""
    entered = 0
    scanned = [trigger.key for trigger in registry.triggers() if trigger.scan]
    for sequence_id in Sequence.objects.filter(trigger__in=scanned, active=True).values_list("pk", flat=True):
        with transaction.atomic():
            sequence = Sequence.objects.select_for_update().prefetch_related("steps").get(pk=sequence_id)
            since = sequence.scanned_until or now - FIRST_SCAN
            if since >= now:
                continue
            found = iter(registry.trigger(sequence.trigger).scan(since, now))
            while chunk := list(islice(found, BATCH)):
                entered += _enter(sequence, chunk, now)
            Sequence.objects.filter(pk=sequence.pk).update(scanned_until=now)
    return entered


def tick(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Scan, then send one batch of due steps; answers how many emails went out."""
    now = now or timezone.now()
    scan(now=now)
    LEASE.fail_spent(SequenceDelivery.objects.all(), now=now)
    due = Q(due_at__lte=now)
    candidates = list(
        SequenceDelivery.objects.filter(LEASE.claimable(now, ready=due), attempts__lt=MAX_ATTEMPTS)
        .order_by("due_at")
        .values_list("pk", flat=True)[:batch]
    )
    if not candidates:
        return 0
    token, won = LEASE.claim_batch(SequenceDelivery.objects.filter(pk__in=candidates), now=now, ready=due)
    if not won:
        return 0
    return _Batch(token=token, ids=won, now=now).run()


class _Batch:
    """The deliveries one tick claimed: sorted into skipped, postponed and sent."""

    def __init__(self, *, token, ids: list[int], now: datetime):
        self.token, self.now = token, now
        self.rows = list(
            SequenceDelivery.objects.filter(pk__in=ids).select_related("entry__user", "entry__sequence", "step")
        )
        self.skipped: dict[str, list[int]] = defaultdict(list)

    def _held(self, ids: Iterable[int]):
        return LEASE.held(SequenceDelivery.objects.filter(pk__in=list(ids)), token=self.token)

    def _skip(self, rows: list[SequenceDelivery], reason: str) -> list[SequenceDelivery]:
        """Answers the rows left once `rows` are set aside for `reason`."""
        out = {row.pk for row in rows}
        self.skipped[reason].extend(out)
        return [row for row in self.remaining if row.pk not in out]

    def run(self) -> int:
        self.remaining = self.rows
        self._drop_superseded()
        self._drop_exited()
        self._drop_unmet_conditions()
        self._drop_unwanted()
        self._postpone_quiet()
        contexts = self._contexts()
        for reason, ids in self.skipped.items():
            LEASE.finish(self._held(ids), state=State.SKIPPED, skip_reason=reason)
        return self._send(contexts)

    @staticmethod
    def _entry(row: SequenceDelivery) -> Entry:
        entry, user = row.entry, row.entry.user
        return Entry(
            id=entry.pk,
            user_id=entry.user_id,
            subject=entry.subject,
            object_id=entry.object_id,
            anchor=entry.anchor,
            language=user.preferred_language,
            time_zone=user.time_zone,
        )

    def _drop_superseded(self) -> None:
        """When a later step of the same entry is already due (a late tick), only the later one goes out."""
        latest: dict[int, datetime] = {}
        for entry_id, due_at in SequenceDelivery.objects.filter(
            entry_id__in={row.entry_id for row in self.remaining},
            due_at__lte=self.now,
            state__in=[State.PENDING, State.SENDING, State.SENT],
        ).values_list("entry_id", "due_at"):
            latest[entry_id] = max(due_at, latest.get(entry_id, due_at))
        self.remaining = self._skip(
            [row for row in self.remaining if row.due_at < latest[row.entry_id]], Skip.SUPERSEDED
        )

    def _drop_exited(self) -> None:
        by_exit: dict[str, list[SequenceDelivery]] = defaultdict(list)
        for row in self.remaining:
            if row.entry.exited_at is not None:
                by_exit[""].append(row)
            elif row.entry.sequence.exit_condition:
                by_exit[row.entry.sequence.exit_condition].append(row)
        exited = {row.entry_id for row in by_exit.pop("", [])}
        newly = set()
        for key, rows in by_exit.items():
            holds = registry.exit_condition(key).check([self._entry(row) for row in rows], self.now)
            newly |= {row.entry_id for row in rows if row.entry_id in holds}
        if newly:
            SequenceEntry.objects.filter(pk__in=newly, exited_at__isnull=True).update(exited_at=self.now)
            SequenceDelivery.objects.filter(entry_id__in=newly, state=State.PENDING).update(
                state=State.SKIPPED, skip_reason=Skip.EXITED
            )
        self.remaining = self._skip([row for row in self.remaining if row.entry_id in exited | newly], Skip.EXITED)

    def _drop_unmet_conditions(self) -> None:
        by_condition: dict[str, list[SequenceDelivery]] = defaultdict(list)
        for row in self.remaining:
            if row.step.condition:
                by_condition[row.step.condition].append(row)
        unmet = []
        for key, rows in by_condition.items():
            holds = registry.condition(key).check([self._entry(row) for row in rows], self.now)
            unmet += [row for row in rows if row.entry_id not in holds]
        self.remaining = self._skip(unmet, Skip.CONDITION)

    def _drop_unwanted(self) -> None:
        self.remaining = self._skip([row for row in self.remaining if not row.entry.user.email], Skip.NO_ADDRESS)
        pairs = {(row.entry.user_id, row.entry.sequence.category) for row in self.remaining}
        wanted = preferences.email_wanted(pairs=pairs)
        self.remaining = self._skip(
            [row for row in self.remaining if (row.entry.user_id, row.entry.sequence.category) not in wanted],
            Skip.OPTED_OUT,
        )

    def _postpone_quiet(self) -> None:
        """Non-urgent steps wait for the end of the person's night; the postponement is no attempt."""
        hours = quiet.configured()
        if hours is None:
            return
        later = []
        for row in self.remaining:
            if row.step.urgent or row.entry.sequence.category in Category.ESSENTIAL:
                continue
            until = quiet.quiet_until(now=self.now, time_zone=row.entry.user.time_zone, start=hours[0], end=hours[1])
            if until is not None:
                row.due_at, row.state, row.claimed_until, row.attempts = until, State.PENDING, None, row.attempts - 1
                later.append(row)
        if later:
            SequenceDelivery.objects.bulk_update(later, ["due_at", "state", "claimed_until", "attempts"])
            postponed = {row.pk for row in later}
            self.remaining = [row for row in self.remaining if row.pk not in postponed]

    def _contexts(self) -> dict[int, dict]:
        """Each trigger's placeholders for its entries; an entry its trigger cannot describe any more has left."""
        by_trigger: dict[str, list[SequenceDelivery]] = defaultdict(list)
        for row in self.remaining:
            by_trigger[row.entry.sequence.trigger].append(row)
        contexts: dict[int, dict] = {}
        for key, rows in by_trigger.items():
            contexts |= registry.trigger(key).context([self._entry(row) for row in rows], self.now)
        self.remaining = self._skip([row for row in self.remaining if row.entry_id not in contexts], Skip.EXITED)
        return contexts

    def _send(self, contexts: dict[int, dict]) -> int:
        if not self.remaining:
            return 0
        template = templates_for(
            keys={row.step.email for row in self.remaining},
            languages={row.entry.user.preferred_language for row in self.remaining},
        )
        message_ids = {row.pk: delivery.message_id(f"sequence-delivery-{row.pk}") for row in self.remaining}
        gone_out = set(
            OutboxEmail.objects.filter(message_id__in=message_ids.values(), status=OutboxEmail.Status.SENT).values_list(
                "message_id", flat=True
            )
        )
        connection = get_connection()
        sent = 0
        for row in self.remaining:
            held = self._held([row.pk])
            if message_ids[row.pk] in gone_out:  # the last tick sent it, then died before recording it
                LEASE.finish(held, sent_at=self.now)
                continue
            if not held.exists():
                continue  # this tick was so slow that its lease lapsed and another tick took the step over
            try:
                sent += self._send_one(row, contexts[row.entry_id], template, message_ids[row.pk], connection, held)
            except Exception:  # one bad email must not hold up the rest; it waits for the next tick
                logger.exception("Sequence delivery %s could not be sent", row.pk)
                if row.attempts >= MAX_ATTEMPTS:
                    LEASE.finish(held, state=State.FAILED)
                else:
                    LEASE.release(held)
        return sent

    def _send_one(self, row, context, template, message_id, connection, held) -> int:
        user, sequence, step = row.entry.user, row.entry.sequence, row.step
        list_headers = unsubscribe.headers(user=user, category=sequence.category)
        email = render_with(
            template=template(step.email, user.preferred_language),
            key=step.email,
            language=user.preferred_language,
            context={"name": user.name, **context},
            unsubscribe_url=unsubscribe.unsubscribe_url(user=user, category=sequence.category) if list_headers else "",
        )
        message = email.message(to=[user.email], headers={"Message-ID": message_id, **list_headers})
        message.connection = connection
        message.analytics = {"sequence": sequence.pk, "step": step.pk}  # the outbox's `email_sent` carries them
        message.send()
        if not LEASE.finish(held, sent_at=self.now):
            return 0  # this tick outlived its lease; the one that took over found the message in the outbox
        if step.in_app:
            notify(
                user,
                registry.trigger(sequence.trigger).notice_kind,
                email.title,
                "",
                url=context.get("link", ""),
                email=False,
                dedupe_key=f"sequence-delivery-{row.pk}",
            )
        return 1


def run(*, now: datetime | None = None, batches: int = 20) -> int:
    """Ticks until nothing is due or `batches` ran (the next beat carries on); answers the emails sent."""
    sent = 0
    for _batch in range(batches):
        count = tick(now=now)
        sent += count
        if not count and not _claimable_left(now or timezone.now()):
            break
    return sent


def _claimable_left(now: datetime) -> bool:
    return SequenceDelivery.objects.filter(
        LEASE.claimable(now, ready=Q(due_at__lte=now)), attempts__lt=MAX_ATTEMPTS
    ).exists()
