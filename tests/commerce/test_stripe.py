"""Stripe against a local stand-in for its API, with real webhook signature verification."""

import random
from decimal import Decimal

import pytest
import stripe
from django.urls import reverse

from accounts.middleware import CURRENCY_SESSION_KEY
from commerce.models import Dispute, Order, Payment, Refund, WebhookEvent
from commerce.services import refunds
from core.money import Money
from learning.models import Enrollment
from notifications.models import Notification

from .stripe_standin import StripeStandIn, event, sign

pytestmark = pytest.mark.django_db
SECRET = "whsec_test_secret"


@pytest.fixture
def stripe_api(settings):
    standin = StripeStandIn().start()
    previous = stripe.api_base
    stripe.api_base = standin.url
    settings.STRIPE_SECRET_KEY = "sk_test_standin"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.COMMERCE_GATEWAYS = ["stripe", "test"]
    yield standin
    stripe.api_base = previous
    standin.stop()


def start_stripe_checkout(client, student, course, currency="USD", country=""):
    client.force_login(student)
    session = client.session
    session[CURRENCY_SESSION_KEY] = currency
    session.save()
    return client.post(
        reverse("commerce:checkout-start", args=[course.slug]), {"gateway": "stripe", "country": country}
    )


def deliver(client, payload: bytes, *, secret=SECRET, timestamp=None):
    return client.post(
        reverse("commerce:stripe-webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, secret, timestamp),
    )


EXPECTED = {"USD": 10000, "EUR": 9200, "SAR": 37500, "AED": 36500, "JOD": 71000, "GBP": 7900}


def test_every_configured_currency_is_covered(settings):
    assert set(EXPECTED) == set(settings.FLUENTORY_CURRENCIES)


@pytest.mark.parametrize("currency", list(EXPECTED))
def test_checkout_session_carries_amount_and_currency_in_stripe_units(client, stripe_api, student, course, currency):
    response = start_stripe_checkout(client, student, course, currency)
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.test/pay/cs_test_")
    (request,) = stripe_api.posts("/v1/checkout/sessions")
    form = request["form"]
    assert form["line_items[0][price_data][currency]"] == currency.lower()
    assert int(form["line_items[0][price_data][unit_amount]"]) == EXPECTED[currency]
    assert form["metadata[order]"] == Order.objects.get().reference
    assert request["headers"]["Idempotency-Key"].startswith("checkout-")
    assert request["headers"]["Authorization"] == "Bearer sk_test_standin"


def _paid_session_payloads(stripe_api, order, *, pi="pi_test_1"):
    session = stripe_api.complete(next(iter(stripe_api.sessions)), pi)
    intent = {
        "id": pi,
        "object": "payment_intent",
        "amount": session["amount_total"],
        "amount_received": session["amount_total"],
        "currency": session["currency"],
        "metadata": session["metadata"],
        "status": "succeeded",
    }
    return [
        event("evt_session", "checkout.session.completed", session),
        event("evt_intent", "payment_intent.succeeded", intent),
    ]


def test_return_page_fulfils_when_the_webhook_has_not_arrived(client, stripe_api, student, course):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    attempt = order.attempts.get()
    stripe_api.complete(attempt.reference, "pi_return")
    response = client.get(reverse("commerce:checkout-return", args=[attempt.key]))
    assert "Payment received" in response.content.decode()
    assert Payment.objects.get().reference == "pi_return"
    # …and the webhook arriving afterwards changes nothing.
    payloads = _paid_session_payloads(stripe_api, order, pi="pi_return")
    for payload in payloads:
        assert deliver(client, payload).status_code == 200
    assert Payment.objects.count() == 1 and Enrollment.objects.count() == 1


def test_webhooks_replayed_100_times_out_of_order_pay_once(client, stripe_api, student, course):
    start_stripe_checkout(client, student, course, "SAR")
    order = Order.objects.get()
    payloads = _paid_session_payloads(stripe_api, order) * 50
    random.Random(6).shuffle(payloads)
    for payload in payloads:
        response = deliver(client, payload)
        assert response.status_code == 200
    assert Payment.objects.count() == 1
    assert Enrollment.objects.filter(student=student, course=course, status="active").count() == 1
    assert WebhookEvent.objects.count() == 2
    payment = Payment.objects.get()
    assert (payment.amount, payment.currency, payment.reference) == (Decimal("375.00"), "SAR", "pi_test_1")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_a_refund_arriving_before_its_payment_waits_for_it(client, stripe_api, student, course, refund_policy):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    refund_event = event(
        "evt_refund",
        "refund.created",
        {
            "id": "re_early",
            "object": "refund",
            "amount": 10000,
            "currency": "usd",
            "payment_intent": "pi_test_1",
            "status": "succeeded",
        },
    )
    assert deliver(client, refund_event).status_code == 200
    assert WebhookEvent.objects.get().processed_at is None
    payloads = _paid_session_payloads(stripe_api, order)
    for payload in [refund_event, *payloads, refund_event, *payloads]:
        assert deliver(client, payload).status_code == 200
    assert Payment.objects.count() == 1
    assert Refund.objects.get().amount == Decimal("100.00")
    assert Enrollment.objects.get().status == Enrollment.Status.REFUNDED
    assert not WebhookEvent.objects.filter(processed_at__isnull=True).exists()


@pytest.mark.parametrize("case", ["bad signature", "wrong secret", "stale timestamp", "no header"])
def test_a_bad_signature_gets_400_and_changes_nothing(client, stripe_api, student, course, case):
    start_stripe_checkout(client, student, course)
    payload = _paid_session_payloads(stripe_api, Order.objects.get())[0]
    url = reverse("commerce:stripe-webhook")
    if case == "bad signature":
        response = client.post(
            url,
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(payload, SECRET).replace("v1=", "v1=0"),
        )
    elif case == "wrong secret":
        response = deliver(client, payload, secret="whsec_other")
    elif case == "stale timestamp":
        import time

        response = deliver(client, payload, timestamp=int(time.time()) - 3600)
    else:
        response = client.post(url, data=payload, content_type="application/json")
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists() and not Payment.objects.exists()
    assert Order.objects.get().status == Order.Status.OPEN


def test_a_tampered_body_is_refused(client, stripe_api, student, course):
    start_stripe_checkout(client, student, course)
    payload = _paid_session_payloads(stripe_api, Order.objects.get())[0]
    signature = sign(payload, SECRET)
    tampered = payload.replace(b"10000", b"00100")
    response = client.post(
        reverse("commerce:stripe-webhook"),
        data=tampered,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_a_failed_payment_marks_the_order_failed_with_the_reason(client, stripe_api, student, course):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    attempt = order.attempts.get()
    payload = event(
        "evt_fail",
        "payment_intent.payment_failed",
        {
            "id": "pi_fail",
            "object": "payment_intent",
            "amount": 10000,
            "currency": "usd",
            "metadata": {"order": order.reference, "attempt": str(attempt.key)},
            "last_payment_error": {"message": "Your card has insufficient funds."},
        },
    )
    assert deliver(client, payload).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.FAILED
    assert order.failure_reason == "Your card has insufficient funds."
    # The student retries: same order, a new Stripe session.
    start_stripe_checkout(client, student, course)
    assert Order.objects.count() == 1 and order.attempts.count() == 2
    assert len(stripe_api.posts("/v1/checkout/sessions")) == 2


def test_a_dispute_is_flagged_for_admins(client, stripe_api, student, course, admin_user):
    start_stripe_checkout(client, student, course)
    for payload in _paid_session_payloads(stripe_api, Order.objects.get()):
        deliver(client, payload)
    payload = event(
        "evt_dispute",
        "charge.dispute.created",
        {
            "id": "dp_1",
            "object": "dispute",
            "amount": 10000,
            "currency": "usd",
            "payment_intent": "pi_test_1",
            "reason": "fraudulent",
            "status": "needs_response",
        },
    )
    deliver(client, payload)
    deliver(client, payload)
    dispute = Dispute.objects.get()
    assert dispute.payment == Payment.objects.get() and dispute.reason == "fraudulent"
    assert Notification.objects.filter(user=admin_user, kind="commerce.dispute").count() == 1


def test_a_refund_goes_through_stripe_once(client, stripe_api, student, course, refund_policy, admin_user):
    start_stripe_checkout(client, student, course, "JOD")
    for payload in _paid_session_payloads(stripe_api, Order.objects.get()):
        deliver(client, payload)
    payment = Payment.objects.get()
    refund = refunds.issue_refund(
        payment=payment, amount=Money(Decimal("30.000"), "JOD"), reason="test", actor=admin_user
    )
    (request,) = stripe_api.posts("/v1/refunds")
    assert request["form"]["amount"] == "30000" and request["form"]["payment_intent"] == "pi_test_1"
    assert request["headers"]["Idempotency-Key"] == f"refund-{refund.key}"
    # Stripe then reports the same refund by webhook: nothing new is recorded.
    deliver(
        client,
        event(
            "evt_re",
            "refund.created",
            {
                "id": refund.reference,
                "object": "refund",
                "amount": 30000,
                "currency": "jod",
                "payment_intent": "pi_test_1",
                "status": "succeeded",
            },
        ),
    )
    assert Refund.objects.count() == 1
    assert Enrollment.objects.get().status == Enrollment.Status.ACTIVE  # partial refund keeps access


def test_stripe_unavailable_is_a_clear_message(client, stripe_api, student, course, settings):
    stripe.api_base = "http://127.0.0.1:9"  # nothing listens there
    response = start_stripe_checkout(client, student, course)
    assert response.status_code == 400
    assert "could not start the payment" in response.content.decode()
    assert Order.objects.get().status == Order.Status.OPEN


def test_an_expired_session_leaves_the_order_retryable(client, stripe_api, student, course):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    attempt = order.attempts.get()
    session = dict(stripe_api.sessions[attempt.reference], status="expired")
    assert deliver(client, event("evt_exp", "checkout.session.expired", session)).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == "expired"
    response = client.get(reverse("commerce:checkout-cancel", args=[attempt.key]))
    assert response["Location"] == reverse("commerce:order-detail", args=[order.reference])
    assert "Try again" in client.get(response["Location"]).content.decode()


def test_an_async_payment_failure_fails_the_order(client, stripe_api, student, course):
    start_stripe_checkout(client, student, course)
    order = Order.objects.get()
    session = stripe_api.sessions[order.attempts.get().reference]
    deliver(client, event("evt_async_fail", "checkout.session.async_payment_failed", session))
    order.refresh_from_db()
    assert order.status == Order.Status.FAILED and order.failure_reason


def test_events_for_unknown_orders_are_stored_and_ignored(client, stripe_api):
    payload = event(
        "evt_unknown",
        "payment_intent.succeeded",
        {"id": "pi_x", "object": "payment_intent", "amount": 100, "currency": "usd", "metadata": {"order": "FL-NOPE"}},
    )
    response = deliver(client, payload)
    assert response.status_code == 200 and response.content == b"unknown order"
    assert not Payment.objects.exists()
