"""Email sequences: one tick's batch with 10,000 and with 100,000 people waiting, its time and its queries.

The tick reads only its batch (an indexed, ordered slice of the due steps), so both figures should be the
same whatever the number of people. Messages go to Django's in-memory backend: the provider is not measured.
"""

from __future__ import annotations

import time
from datetime import timedelta

from bench.harness import Row

SIZES = (10_000, 100_000)
EMAIL = "bench.sequence.{}@fluentory.test"


def _fill(people: int, now) -> None:
    from accounts.models import User
    from notifications.models import Sequence, SequenceDelivery, SequenceEntry

    sequence = Sequence.objects.get(trigger="accounts.welcome")
    step = sequence.steps.first()
    have = User.objects.filter(email__startswith="bench.sequence.").count()
    User.objects.bulk_create(
        [User(email=EMAIL.format(i), display_name=f"Bench {i}") for i in range(have, people)], batch_size=5000
    )
    users = list(User.objects.filter(email__startswith="bench.sequence.").values_list("pk", flat=True))
    SequenceEntry.objects.filter(sequence=sequence, subject="bench").delete()
    SequenceEntry.objects.bulk_create(
        [SequenceEntry(sequence=sequence, user_id=pk, subject="bench", anchor=now) for pk in users], batch_size=5000
    )
    entries = SequenceEntry.objects.filter(sequence=sequence, subject="bench").values_list("pk", flat=True)
    SequenceDelivery.objects.bulk_create(
        [SequenceDelivery(entry_id=pk, step=step, due_at=now - timedelta(minutes=1)) for pk in entries.iterator()],
        batch_size=5000,
    )


def _one_batch() -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.sequences import engine

    connection.queries_log.clear()  # a full log (9,000 queries) would make the count below wrong
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = engine.tick()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), sent


def measure() -> list[Row]:
    from django.test import override_settings
    from django.utils import timezone

    from accounts.models import User
    from notifications.models import SequenceEntry
    from notifications.sequences import engine

    rows, figures = [], []
    quiet = {"NOTIFICATIONS_QUIET_HOURS": "", "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    with override_settings(**quiet):
        for people in SIZES:
            _fill(people, timezone.now())
            _one_batch()  # warm: templates, translations and the connection
            elapsed, queries, sent = _one_batch()
            figures.append((elapsed, queries))
            rows.append(
                Row(
                    f"sequence tick, {people:,} people waiting",
                    f"{elapsed * 1000:.0f} ms / {queries} q",
                    "same per batch",
                    f"{sent} emails in a batch of {engine.BATCH}, {queries / max(sent, 1):.1f} queries per email",
                )
            )
    SequenceEntry.objects.filter(subject="bench").delete()
    User.objects.filter(email__startswith="bench.sequence.").delete()
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
