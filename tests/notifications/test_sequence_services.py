"""Sequence ticks on PostgreSQL and a real Celery worker on Redis (`services`): two ticks at once, and a tick
killed mid-batch then retried, send every step exactly once (counted in the outbox by Message-ID)."""

from __future__ import annotations

import signal
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from core.leases import Lease
from notifications import delivery
from notifications.models import OutboxEmail, SequenceDelivery
from notifications.sequences import engine
from notifications.tasks import run_sequences
from tests.concurrency import run_in_threads
from tests.factories import UserFactory
from tests.notifications.sequence_backends import HANG_AFTER, GatedBackend
from tests.workers import celery_worker, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

State = SequenceDelivery.State


def due_welcomes(people: int) -> dict[int, str]:
    """`people` welcome emails due a minute ago; answers each step's Message-ID by its delivery."""
    due = timezone.now() - timedelta(minutes=1)
    for user in UserFactory.create_batch(people):
        engine.enter(trigger="accounts.welcome", user=user, subject="welcome", anchor=due, now=due)
    ids = SequenceDelivery.objects.filter(state=State.PENDING).values_list("pk", flat=True)
    assert len(ids) == people
    return {pk: delivery.message_id(f"sequence-delivery-{pk}") for pk in ids}


def sent_message_ids() -> Counter:
    return Counter(OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT).values_list("message_id", flat=True))


def assert_each_sent_once(message_ids: dict[int, str]) -> None:
    assert sent_message_ids() == Counter(message_ids.values())
    assert set(SequenceDelivery.objects.values_list("state", flat=True)) == {State.SENT}


# --- two ticks at once ------------------------------------------------------------------------------------------


@pytest.fixture
def gated_delivery(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "tests.notifications.sequence_backends.GatedBackend"
    yield GatedBackend
    GatedBackend.gate = None


def test_a_tick_that_claims_while_another_is_sending_takes_none_of_its_steps(gated_delivery, monkeypatch):
    """The worst interleaving, forced: both ticks read the same due steps; the first claims them and starts
    sending; its first message is held until the second tick has claimed and either started sending or ended.
    The second tick's outbox check then runs before that message reaches the outbox, so only the guarded claim
    keeps the step in flight from going out twice."""
    message_ids = due_welcomes(20)
    both_have_read = threading.Barrier(2)
    first_is_sending, second_went_past_the_outbox = threading.Event(), threading.Event()
    turns, order, second = threading.Lock(), iter(range(2)), []
    real_claim = Lease.claim_batch

    def read_then_claim(lease, rows, **kwargs):
        list(rows)
        both_have_read.wait(timeout=60)
        with turns:
            if next(order) == 1:
                second.append(threading.current_thread())
        if second == [threading.current_thread()]:
            assert first_is_sending.wait(timeout=60)
        return real_claim(lease, rows, **kwargs)

    def hold_the_first_message():
        if second == [threading.current_thread()]:
            second_went_past_the_outbox.set()
        elif not first_is_sending.is_set():
            first_is_sending.set()
            assert second_went_past_the_outbox.wait(timeout=60)

    def tick():
        try:
            return engine.tick()
        finally:
            if second == [threading.current_thread()]:
                second_went_past_the_outbox.set()

    monkeypatch.setattr(Lease, "claim_batch", read_then_claim)
    gated_delivery.gate = hold_the_first_message

    sent = run_in_threads(2, tick)
    assert_each_sent_once(message_ids)
    assert sorted(sent) == [0, 20]
    assert set(SequenceDelivery.objects.values_list("attempts", flat=True)) == {1}


def test_ticks_running_at_once_over_a_backlog_send_every_step_once():
    message_ids = due_welcomes(60)

    def ticks():
        return sum(engine.tick(batch=10) for _ in range(4))

    sent = sum(run_in_threads(4, ticks, together=True))
    sent += engine.run()  # whatever the racing ticks left (a tick that lost every claim still counts as one)
    assert sent == 60
    assert_each_sent_once(message_ids)


# --- a tick killed mid-batch, then retried ----------------------------------------------------------------------

PEOPLE, HANG_AT = 12, 5
LEASE_SECONDS = "5"  # the worker's lease; the retry waits for it to lapse instead of travelling in time


@pytest.mark.alone  # starts two worker processes; one booting beside a busy parallel session can outlast the wait
def test_a_tick_killed_mid_batch_and_retried_after_its_lease_sends_every_step_once(tmp_path):
    message_ids = due_welcomes(PEOPLE)
    worker = {
        "settings_module": "tests.notifications.worker_settings",
        "NOTIFICATIONS_SEQUENCE_LEASE_SECONDS": LEASE_SECONDS,
    }

    with celery_worker(tmp_path / "first", **worker, **{HANG_AFTER: str(HANG_AT)}) as (queue, process):
        run_sequences.apply_async(queue=queue)
        assert wait_for(lambda: sum(sent_message_ids().values()) >= HANG_AT), "the worker sent too few emails"
        process.send_signal(signal.SIGKILL)  # it hangs right after handing over its HANG_AT-th email
        process.wait(timeout=60)

    before_the_kill = set(sent_message_ids())
    marked = set(SequenceDelivery.objects.filter(state=State.SENT).values_list("pk", flat=True))
    unmarked_but_out = {pk for pk, message_id in message_ids.items() if message_id in before_the_kill} - marked
    assert len(before_the_kill) == HANG_AT and len(marked) == HANG_AT - 1 and len(unmarked_but_out) == 1
    assert SequenceDelivery.objects.filter(state=State.SENDING).count() == PEOPLE - len(marked)

    with celery_worker(tmp_path / "retry", **worker) as (queue, _process):
        assert wait_for(lambda: not SequenceDelivery.objects.filter(claimed_until__gte=timezone.now()).exists())
        run_sequences.apply_async(queue=queue)  # the next beat
        assert wait_for(lambda: not SequenceDelivery.objects.exclude(state=State.SENT).exists())

    assert_each_sent_once(message_ids)
    attempts = dict(SequenceDelivery.objects.values_list("pk", "attempts"))
    assert {attempts[pk] for pk in marked} == {1}  # sent before the kill: never taken again
    assert {attempts[pk] for pk in message_ids.keys() - marked} == {2}  # the rest: taken again once, sent once
