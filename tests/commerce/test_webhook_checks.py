"""Webhooks check what was paid, refuse odd timestamps and malformed bodies, and follow dashboard refunds."""

import json
import time
from decimal import Decimal

import pytest
from django.urls import reverse

from commerce.models import HeldPayment, Order, Payment, Refund, WebhookEvent
from learning.models import Enrollment
from notifications.models import Notification

from . import test_stripe
from .stripe_standin import event
from .test_stripe import _paid_session_payloads, deliver, start_stripe_checkout

stripe_api = test_stripe.stripe_api  # the same fixture: Stripe's API stood in locally

pytestmark = pytest.mark.django_db


def paid_intent(order, *, amount=10000, currency="usd", pi="pi_test_1"):
    attempt = order.attempts.get()
    return event(
        f"evt_{pi}_{amount}_{currency}",
        "payment_intent.succeeded",
        {
            "id": pi,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": amount,
            "currency": currency,
            "metadata": {"order": order.reference, "attempt": str(attempt.key)},
            "status": "succeeded",
        },
    )


@pytest.mark.parametrize(("amount", "currency"), [(100, "usd"), (10000, "eur"), (-10000, "usd")])
def test_a_payment_for_another_amount_or_currency_is_held_for_an_admin(
    client, stripe_api, student, course, admin_user, amount, currency
):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    response = deliver(client, paid_intent(order, amount=amount, currency=currency))
    assert response.status_code == 200 and response.content.decode().startswith("held")
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert not Payment.objects.exists() and not Enrollment.objects.exists()
    held = HeldPayment.objects.get()
    assert (held.reference, held.amount, held.currency) == ("pi_test_1", Decimal(amount) / 100, currency.upper())
    assert (held.expected_amount, held.expected_currency) == (Decimal("100.00"), "USD")
    alert = Notification.objects.get(user=admin_user, kind="commerce.payment_held")
    assert order.reference in alert.title and "$100.00" in alert.body
    client.force_login(admin_user)
    assert order.reference in client.get(reverse("commerce_held_payments:index")).content.decode()
    # A replay holds nothing twice and alerts nobody again.
    deliver(client, paid_intent(order, amount=amount, currency=currency))
    assert HeldPayment.objects.count() == 1
    assert Notification.objects.filter(kind="commerce.payment_held").count() == 1


def test_the_right_amount_is_still_recorded_as_paid(client, stripe_api, student, course):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    assert deliver(client, paid_intent(order)).content == b"paid"
    assert Payment.objects.get().amount == Decimal("100.00") and not HeldPayment.objects.exists()


def test_a_timestamp_from_the_future_is_refused_like_a_stale_one(client, stripe_api, student, course):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    response = deliver(client, paid_intent(order), timestamp=int(time.time()) + 3600)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists() and not Payment.objects.exists()


MALFORMED_BODIES = {
    "not json": b"{not json",
    "a list": b"[]",
    "no data": json.dumps({"id": "evt_1", "type": "payment_intent.succeeded"}).encode(),
    "object not a dict": json.dumps({"id": "evt_2", "type": "charge.refunded", "data": {"object": []}}).encode(),
    "no id": json.dumps({"type": "x", "data": {"object": {}}}).encode(),
}


@pytest.mark.parametrize("name", list(MALFORMED_BODIES))
def test_a_signed_body_that_is_not_an_event_gets_400(client, stripe_api, name):
    response = deliver(client, MALFORMED_BODIES[name])
    assert response.status_code == 400 and response.content == b"malformed event"
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize(
    "obj",
    [
        {"object": "payment_intent", "id": "pi_x"},  # no amount, no currency
        {"object": "payment_intent", "id": "pi_x", "amount": "lots", "currency": "usd"},
        {"object": "payment_intent", "id": "pi_x", "amount": 10000, "currency": 840},
    ],
)
def test_a_signed_event_missing_what_its_type_needs_gets_400_and_changes_nothing(
    client, stripe_api, student, course, obj
):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    obj = {**obj, "metadata": {"order": order.reference}}
    response = deliver(client, event("evt_bad", "payment_intent.succeeded", obj))
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists() and not Payment.objects.exists()
    order.refresh_from_db()
    assert order.status == Order.Status.OPEN


def test_a_refund_with_a_malformed_amount_is_refused_on_arrival(client, stripe_api):
    obj = {"id": "re_1", "object": "refund", "status": "succeeded", "payment_intent": "pi_1", "currency": "usd"}
    assert deliver(client, event("evt_r", "refund.created", obj)).status_code == 400
    assert not WebhookEvent.objects.exists()


def test_a_refund_made_in_stripe_s_dashboard_revokes_access(client, stripe_api, student, course, refund_policy):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    for payload in _paid_session_payloads(stripe_api, order):
        deliver(client, payload)
    assert Enrollment.objects.get().status == Enrollment.Status.ACTIVE
    stripe_api.dashboard_refund(payment_intent="pi_test_1", amount=10000, currency="usd")
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": "pi_test_1",
        "amount": 10000,
        "amount_refunded": 10000,
        "currency": "usd",
        "refunded": True,
    }  # no embedded refund list, as Stripe sends it since API version 2022-11-15
    assert deliver(client, event("evt_charge_refunded", "charge.refunded", charge)).content == b"refund recorded"
    refund = Refund.objects.get()
    assert (refund.reference, refund.amount) == ("re_test_0001", Decimal("100.00"))
    assert Enrollment.objects.get().status == Enrollment.Status.REFUNDED
    # The refund.created event that follows finds the refund already recorded.
    refund_event = event("evt_refund_created", "refund.created", stripe_api.refunds["re_test_0001"])
    assert deliver(client, refund_event).status_code == 200
    assert Refund.objects.count() == 1


def test_stripe_unreachable_while_listing_refunds_asks_for_a_retry(client, stripe_api, student, course, settings):
    start_stripe_checkout(client, student, course)
    for payload in _paid_session_payloads(stripe_api, Order.objects.get()):
        deliver(client, payload)
    stripe_api.stop()
    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_test_1", "amount": 10000, "currency": "usd"}
    response = deliver(client, event("evt_cr", "charge.refunded", charge))
    assert response.status_code == 503
    assert not WebhookEvent.objects.filter(event_id="evt_cr").exists()  # Stripe's retry starts afresh
