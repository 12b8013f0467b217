"""Stripe Checkout Sessions: amounts in Stripe's minor units, an idempotency key on every create."""

from __future__ import annotations

import json
import time

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.money import Money

from .. import amounts
from .base import (
    CheckoutRedirect,
    Gateway,
    GatewayError,
    PaymentResult,
    WebhookEvent,
    WebhookPayloadError,
    WebhookSignatureError,
)


def stripe_amount(money: Money, *, charge: bool = True) -> int:
    """Stripe's integer amount in ISO minor units, checked by `amounts` (a refund has no minimum)."""
    try:
        if charge:
            return amounts.gateway_minor_units(money)
        amounts.check_step(money)
    except amounts.AmountRefused as exc:
        raise GatewayError(str(exc)) from exc
    return money.to_minor()


def from_stripe_amount(amount: int, currency: str) -> Money:
    return Money.from_minor(int(amount), currency.upper())


class StripeGateway(Gateway):
    code = "stripe"
    label = _("Card (Stripe)")

    def _options(self, **extra) -> dict:
        if not settings.STRIPE_SECRET_KEY:
            raise GatewayError("STRIPE_SECRET_KEY is not set")
        return {"api_key": settings.STRIPE_SECRET_KEY, **extra}

    def start_checkout(self, *, attempt, success_url, cancel_url) -> CheckoutRedirect:
        order = attempt.order
        money = Money(attempt.amount, attempt.currency)
        metadata = {"order": order.reference, "attempt": str(attempt.key)}
        payment_intent_data = {"metadata": metadata}
        if attempt.saves_payment_method:  # the buyer agreed: the card stays on a customer for one-click offers
            payment_intent_data["setup_future_usage"] = "off_session"
        description = ", ".join(line.description for line in order.lines.all())[:250] or order.reference
        try:
            session = stripe.checkout.Session.create(
                **self._options(idempotency_key=f"checkout-{attempt.key}"),
                mode="payment",
                client_reference_id=order.reference,
                customer_email=order.student.email,
                line_items=[
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": money.currency.lower(),
                            "unit_amount": stripe_amount(money),
                            "product_data": {"name": description},
                        },
                    }
                ],
                metadata=metadata,
                payment_intent_data=payment_intent_data,
                **({"customer_creation": "always"} if attempt.saves_payment_method else {}),
                success_url=success_url + ("&" if "?" in success_url else "?") + "session_id={CHECKOUT_SESSION_ID}",
                cancel_url=cancel_url,
            )
        except stripe.StripeError as exc:
            raise GatewayError(exc.user_message or str(exc)) from exc
        return CheckoutRedirect(reference=session.id, url=session.url)

    def fetch_result(self, *, attempt) -> PaymentResult:
        try:
            session = stripe.checkout.Session.retrieve(attempt.reference, **self._options())
        except stripe.StripeError as exc:
            raise GatewayError(exc.user_message or str(exc)) from exc
        return result_from_session(_as_dict(session))

    def refund(self, *, payment, amount: Money, idempotency_key: str) -> str:
        try:
            refund = stripe.Refund.create(
                **self._options(idempotency_key=f"refund-{idempotency_key}"),
                payment_intent=payment.reference,
                amount=stripe_amount(amount, charge=False),
                metadata={"order": payment.order.reference, "refund": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise GatewayError(exc.user_message or str(exc)) from exc
        return refund.id

    def can_charge_saved(self, *, payment) -> bool:
        return payment.gateway == self.code and payment.reference.startswith("pi_")

    def charge_saved(self, *, attempt, payment) -> PaymentResult:
        """An off-session PaymentIntent on the customer and card of `payment`; a card that needs the buyer
        (3-D Secure) fails here, and the buyer goes through a normal checkout instead."""
        money = Money(attempt.amount, attempt.currency)
        try:
            source = _as_dict(stripe.PaymentIntent.retrieve(payment.reference, **self._options()))
            customer, method = source.get("customer"), source.get("payment_method")
            if not (customer and method):
                raise GatewayError("The first payment kept no card to charge again.")
            intent = _as_dict(
                stripe.PaymentIntent.create(
                    **self._options(idempotency_key=f"one-click-{attempt.key}"),
                    amount=stripe_amount(money),
                    currency=money.currency.lower(),
                    customer=customer,
                    payment_method=method,
                    off_session=True,
                    confirm=True,
                    metadata={"order": attempt.order.reference, "attempt": str(attempt.key)},
                )
            )
        except stripe.StripeError as exc:
            return PaymentResult(PaymentResult.FAILED, failure_reason=exc.user_message or str(exc))
        if intent.get("status") == "succeeded":
            return PaymentResult(
                PaymentResult.SUCCEEDED, intent["id"], from_stripe_amount(intent["amount_received"], intent["currency"])
            )
        if intent.get("status") == "processing":
            return PaymentResult(PaymentResult.PENDING)
        return PaymentResult(PaymentResult.FAILED, failure_reason=str(_("The card needs you to confirm this payment.")))

    def refunds_for(self, *, payment_reference: str) -> list[dict]:
        try:
            listing = stripe.Refund.list(**self._options(), payment_intent=payment_reference, limit=100)
            return [_as_dict(refund) for refund in listing.auto_paging_iter()]
        except stripe.StripeError as exc:
            raise GatewayError(exc.user_message or str(exc)) from exc

    def parse_webhook(self, *, payload: bytes, headers) -> WebhookEvent:
        secret = settings.STRIPE_WEBHOOK_SECRET
        if not secret:
            raise WebhookSignatureError("STRIPE_WEBHOOK_SECRET is not set")
        header = headers.get("Stripe-Signature", "")
        tolerance = settings.STRIPE_WEBHOOK_TOLERANCE
        try:
            stripe.WebhookSignature.verify_header(payload, header, secret, tolerance=tolerance)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise WebhookSignatureError(str(exc)) from exc
        # Stripe's library refuses only stale timestamps; one from the future is as suspect.
        if signed_at(header) > time.time() + tolerance:
            raise WebhookSignatureError("Timestamp outside the tolerance zone (in the future)")
        return event_from_body(payload)


def signed_at(header: str) -> int:
    """The `t=` of a (verified) Stripe-Signature header."""
    for item in header.split(","):
        key, _sep, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            return int(value)
    raise WebhookSignatureError("No timestamp in the signature header")


def event_from_body(payload: bytes) -> WebhookEvent:
    """The event's id, type and object, or WebhookPayloadError when the signed body is not a Stripe event."""
    try:
        body = json.loads(payload)
    except ValueError as exc:
        raise WebhookPayloadError("The body is not JSON") from exc
    data = body.get("data") if isinstance(body, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    event_id, event_type = (body.get("id"), body.get("type")) if isinstance(body, dict) else (None, None)
    if not (isinstance(event_id, str) and event_id and isinstance(event_type, str) and isinstance(obj, dict)):
        raise WebhookPayloadError("The body is not a Stripe event (id, type, data.object)")
    return WebhookEvent(id=event_id[:255], type=event_type[:100], data=obj, payload=body)


def _as_dict(stripe_object) -> dict:
    return stripe_object.to_dict() if hasattr(stripe_object, "to_dict") else dict(stripe_object)


def result_from_session(session: dict) -> PaymentResult:
    if session.get("payment_status") in {"paid", "no_payment_required"}:
        payment_intent = session.get("payment_intent")
        if isinstance(payment_intent, dict):
            payment_intent = payment_intent.get("id")
        return PaymentResult(
            PaymentResult.SUCCEEDED,
            payment_intent or session["id"],
            from_stripe_amount(session["amount_total"], session["currency"]),
        )
    if session.get("status") == "expired":
        return PaymentResult(PaymentResult.FAILED, failure_reason=str(_("The checkout expired before payment.")))
    return PaymentResult(PaymentResult.PENDING)
