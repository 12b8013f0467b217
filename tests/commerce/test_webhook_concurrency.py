"""Stripe webhooks replayed concurrently and out of order on PostgreSQL (`services` marker)."""

import queue
import random
import threading

import pytest
from django.test import Client

from commerce.models import Invoice, Order, Payment, WebhookEvent
from learning.models import Enrollment
from notifications.models import Notification, OutboxEmail
from tests.concurrency import run_in_threads

from .stripe_standin import event
from .test_stripe import deliver, start_stripe_checkout, stripe_api  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

THREADS = 10  # each with its own database connection; PostgreSQL allows about 100 in all


def deliver_concurrently(payloads: list[bytes]) -> list[str]:
    """Post every payload from THREADS threads released together; answers each response as "status outcome"."""
    pending = queue.Queue()
    for payload in payloads:
        pending.put(payload)
    answers, lock = [], threading.Lock()

    def worker():
        client = Client()
        while True:
            try:
                payload = pending.get_nowait()
            except queue.Empty:
                return
            response = deliver(client, payload)
            with lock:
                answers.append(f"{response.status_code} {response.content.decode()}")

    run_in_threads(THREADS, worker)
    return answers


def payment_events(stripe_api, *, intent_id: str) -> dict[str, bytes]:  # noqa: F811
    session = stripe_api.complete(next(iter(stripe_api.sessions)), intent_id)
    money = {"amount": session["amount_total"], "currency": session["currency"], "metadata": session["metadata"]}
    intent = {"id": intent_id, "object": "payment_intent", **money, "amount_received": money["amount"]}
    charge = {"id": "ch_test_1", "object": "charge", "payment_intent": intent_id, **money, "paid": True}
    declined = {
        **intent,
        "status": "requires_payment_method",
        "amount_received": 0,
        "last_payment_error": {"message": "Your card was declined."},
    }
    return {
        "succeeded": event("evt_intent_succeeded", "payment_intent.succeeded", {**intent, "status": "succeeded"}),
        "session": event("evt_session_completed", "checkout.session.completed", session),
        "charge": event("evt_charge_succeeded", "charge.succeeded", charge),
        # The first card was declined before the second one paid; Stripe may deliver that news last.
        "declined": event("evt_intent_declined", "payment_intent.payment_failed", declined),
    }


def test_one_event_replayed_100_times_among_three_others_pays_enrols_and_invoices_once(
    client,
    stripe_api,  # noqa: F811
    student,
    course,
):
    start_stripe_checkout(client, student, course, "SAR")
    events = payment_events(stripe_api, intent_id="pi_concurrent")
    payloads = [events["succeeded"]] * 100 + [events["session"], events["charge"]] * 3 + [events["declined"]] * 3
    random.Random(10).shuffle(payloads)

    answers = deliver_concurrently(payloads)

    assert len(answers) == len(payloads)
    assert all(answer.startswith("200 ") for answer in answers), sorted(set(answers))
    assert answers.count("200 duplicate") == len(payloads) - len(events)  # each event applied once
    assert Payment.objects.count() == 1
    assert Enrollment.objects.filter(student=student, course=course, status="active").count() == 1
    assert Invoice.objects.filter(kind=Invoice.Kind.INVOICE).count() == 1
    assert Invoice.objects.count() == 1
    order = Order.objects.get()
    assert (order.status, order.failure_reason) == (Order.Status.PAID, "")
    assert WebhookEvent.objects.count() == 4
    assert Notification.objects.filter(kind="commerce.payment_succeeded").count() == 1
    invoice = Invoice.objects.get()
    assert OutboxEmail.objects.filter(subject__contains=invoice.number).count() == 1
