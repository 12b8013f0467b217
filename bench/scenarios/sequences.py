"""Email sequences: a tick's batch with 10,000 and with 100,000 people waiting, its time and its queries.

The tick reads only its batch (an indexed, ordered slice of the due steps), so both figures should be the
same whatever the number of people. Each email goes through the outbox (recorded, as in production) to Django's
in-memory backend: the provider is not measured. People, entries and steps are bulk-inserted; the people are
kept for the next run on the same database.
"""

from __future__ import annotations

import time
from datetime import timedelta

from bench.harness import Row

SIZES = (10_000, 100_000)
MEASURED_BATCHES = 3  # after one batch that warms templates, translations and the connection
EMAIL = "bench.sequence.{}@fluentory.test"
CHUNK = 5000


def _fill(people: int, now) -> None:
    from accounts.models import User
    from notifications.models import Sequence, SequenceDelivery, SequenceEntry

    sequence = Sequence.objects.get(trigger="accounts.welcome")
    step = sequence.steps.first()
    have = User.objects.filter(email__startswith="bench.sequence.").count()
    User.objects.bulk_create(
        (User(email=EMAIL.format(i), display_name=f"Bench {i}") for i in range(have, people)), batch_size=CHUNK
    )
    users = User.objects.filter(email__startswith="bench.sequence.").order_by("pk").values_list("pk", flat=True)
    SequenceEntry.objects.filter(sequence=sequence, subject="bench").delete()
    SequenceEntry.objects.bulk_create(
        (SequenceEntry(sequence=sequence, user_id=pk, subject="bench", anchor=now) for pk in users[:people]),
        batch_size=CHUNK,
    )
    entries = SequenceEntry.objects.filter(sequence=sequence, subject="bench").values_list("pk", flat=True)
    SequenceDelivery.objects.bulk_create(
        (SequenceDelivery(entry_id=pk, step=step, due_at=now - timedelta(minutes=1)) for pk in entries.iterator()),
        batch_size=CHUNK,
    )


def _one_batch() -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.sequences import engine

    connection.queries_log.clear()  # a full log would make the count below wrong
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = engine.tick()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), sent


def measure() -> list[Row]:
    from django.core import mail
    from django.test import override_settings
    from django.utils import timezone

    from notifications.models import SequenceEntry
    from notifications.sequences import engine

    rows, figures = [], []
    quiet = {
        "NOTIFICATIONS_QUIET_HOURS": "",
        "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    with override_settings(**quiet):
        for people in SIZES:
            started = time.perf_counter()
            _fill(people, timezone.now())
            filled = time.perf_counter() - started
            _one_batch()
            batches = [_one_batch() for _ in range(MEASURED_BATCHES)]
            mail.outbox = []
            elapsed = sum(b[0] for b in batches) / len(batches)
            queries = max(b[1] for b in batches)
            sent = min(b[2] for b in batches)
            figures.append((elapsed, queries))
            rows.append(
                Row(
                    f"sequence tick, {people:,} people waiting",
                    f"{elapsed * 1000:.0f} ms, {queries} q",
                    "same per batch",
                    f"per batch of {engine.BATCH} ({sent} sent, mean of {MEASURED_BATCHES}); "
                    f"{queries / max(sent, 1):.1f} q and {elapsed * 1000 / max(sent, 1):.1f} ms per email; "
                    f"set up in {filled:.0f} s",
                )
            )
        SequenceEntry.objects.filter(subject="bench").delete()
    (small, small_q), (large, large_q) = figures
    rows.append(
        Row(
            "sequence tick, 100k against 10k",
            f"{large / small:.2f}x time, {large_q - small_q:+d} q",
            "about 1x, +0",
            "the batch reads an indexed slice of the due steps, not the people",
        )
    )
    return rows
