"""Gateway webhooks: each event stored once with its effects; handlers idempotent and order-independent.

An event about a payment not recorded yet (a refund before its payment) waits, and runs when the payment
is recorded: every capture, from a webhook or the return page, is recorded through `record_capture`.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import audit
from accounts.models import User
from core.money import Money
from notifications.services import notify

from ..gateways import GatewayError, get_gateway
from ..gateways.base import PaymentResult, WebhookPayloadError
from ..gateways.base import WebhookEvent as GatewayEvent
from ..gateways.stripe import from_stripe_amount, result_from_session
from ..locks import lock_payment_reference
from ..models import Dispute, Order, Payment, PaymentAttempt, WebhookEvent
from . import fulfilment, refunds

logger = logging.getLogger(__name__)

# What a handler raises when a field it needs is missing or of the wrong type: the body is malformed.
MALFORMED = (KeyError, TypeError, ValueError, AttributeError, ArithmeticError)
WAITING = "waiting for the payment"
HELD = "held: the amount or currency differs from the order's"


def handle(*, gateway: str, event: GatewayEvent) -> str:
    """Store and apply one event; a replay answers "duplicate" and changes nothing.

    Raises WebhookPayloadError (a malformed body) or GatewayError (the gateway could not be asked); either way
    nothing is stored, so the gateway's retry starts afresh."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(
                    gateway=gateway,
                    event_id=event.id,
                    type=event.type,
                    object_reference=_payment_reference(event.data) or "",
                    payload=event.payload or {"data": {"object": event.data}},
                )
        except IntegrityError:
            return "duplicate"
        _apply(record)
        return record.outcome


def _apply(record: WebhookEvent) -> None:
    handler = HANDLERS.get(record.type)
    data = record.payload.get("data", {}).get("object", {})
    try:
        outcome = handler(data) if handler else "ignored"
    except MALFORMED as exc:
        raise WebhookPayloadError(f"{record.type} {record.event_id}: {exc!r}") from exc
    record.outcome = outcome[:200]
    if outcome != WAITING:
        record.processed_at = timezone.now()
    record.save(update_fields=["outcome", "processed_at"])


def record_capture(
    *, order: Order, gateway: str, reference: str, amount: Money, attempt: PaymentAttempt | None = None
) -> Payment | None:
    """Record a captured payment (see `fulfilment.record_payment`), then the events that were waiting for it.

    One transaction: the payment reference's lock is held from the recording to the replay, so no event about
    the payment can slip in between."""
    with transaction.atomic():
        lock_payment_reference(reference)
        recorded_before = Payment.objects.filter(gateway=gateway, reference=reference).exists()
        payment = fulfilment.record_payment(
            order=order, gateway=gateway, reference=reference, amount=amount, attempt=attempt
        )
        # Only a first recording replays: a repeat may be that very replay, or the event now being handled.
        if payment is not None and not recorded_before and payment.reference == reference:
            process_waiting(reference=reference)
    return payment


def process_waiting(*, reference: str) -> int:
    """Run the events that arrived before the payment `reference` was recorded."""
    if not reference:
        return 0
    waiting = WebhookEvent.objects.select_for_update().filter(object_reference=reference, processed_at__isnull=True)
    count = 0
    for record in waiting.order_by("received_at", "pk"):
        try:
            with transaction.atomic():
                _apply(record)
        except GatewayError:  # stays waiting; the gateway's own refund.* events record the refund
            logger.warning("Could not apply waiting event %s now", record.event_id, exc_info=True)
            continue
        count += 1
    return count


def _payment_reference(data: dict) -> str:
    if data.get("object") == "payment_intent":
        return data.get("id", "")
    value = data.get("payment_intent") or ""
    value = value.get("id", "") if isinstance(value, dict) else value
    return value if isinstance(value, str) else ""


def _order_for(data: dict) -> Order | None:
    reference = (data.get("metadata") or {}).get("order") or data.get("client_reference_id")
    return Order.objects.filter(reference=reference).first() if reference else None


def _attempt_for(data: dict, order: Order) -> PaymentAttempt | None:
    key = (data.get("metadata") or {}).get("attempt")
    attempts = order.attempts.filter(gateway="stripe")
    if data.get("object") == "checkout.session":
        return attempts.filter(reference=data.get("id")).first()
    return attempts.filter(key=key).first() if key else None


def _session_settled(data: dict) -> str:
    order = _order_for(data)
    if order is None:
        return "unknown order"
    attempt = _attempt_for(data, order)
    result = result_from_session(data)
    if result.status == PaymentResult.SUCCEEDED:
        payment = record_capture(
            order=order, gateway="stripe", reference=result.payment_reference, amount=result.amount, attempt=attempt
        )
        return "paid" if payment else HELD
    if attempt is not None:
        fulfilment.mark_pending(attempt=attempt)
    return "pending"


def _session_failed(data: dict) -> str:
    order = _order_for(data)
    if order is None:
        return "unknown order"
    fulfilment.record_failure(
        order=order, attempt=_attempt_for(data, order), reason=_("The payment could not be completed.")
    )
    return "failed"


def _session_expired(data: dict) -> str:
    order = _order_for(data)
    if order is None:
        return "unknown order"
    attempt = _attempt_for(data, order)
    if attempt is not None:
        PaymentAttempt.objects.filter(pk=attempt.pk).exclude(status=PaymentAttempt.Status.SUCCEEDED).update(
            status=PaymentAttempt.Status.EXPIRED
        )
    return "expired"


def _intent_succeeded(data: dict) -> str:
    order = _order_for(data)
    if order is None:
        return "unknown order"
    amount = from_stripe_amount(data.get("amount_received") or data["amount"], data["currency"])
    payment = record_capture(
        order=order, gateway="stripe", reference=data["id"], amount=amount, attempt=_attempt_for(data, order)
    )
    return "paid" if payment else HELD


def _intent_failed(data: dict) -> str:
    order = _order_for(data)
    if order is None:
        return "unknown order"
    error = data.get("last_payment_error") or {}
    reason = error.get("message") or _("The payment was declined.")
    fulfilment.record_failure(order=order, attempt=_attempt_for(data, order), reason=reason)
    return "failed"


def _refund(data: dict) -> str:
    if data.get("status") not in {"succeeded", "pending"}:
        return f"refund {data.get('status')}"
    amount = from_stripe_amount(data["amount"], data["currency"])  # a malformed refund is refused on arrival
    if amount.amount <= 0:
        raise ValueError("a refund of nothing")
    reference = str(data["id"])
    lock_payment_reference(_payment_reference(data))
    payment = Payment.objects.filter(gateway="stripe", reference=_payment_reference(data)).first()
    if payment is None:
        return WAITING
    refunds.record_gateway_refund(payment=payment, reference=reference, amount=amount)
    return "refund recorded"


def _charge_refunded(data: dict) -> str:
    """A refund made anywhere, Stripe's dashboard included, is recorded, so access follows it."""
    reference = _payment_reference(data)
    if not Payment.objects.filter(gateway="stripe", reference=reference).exists():
        return WAITING
    listed = (data.get("refunds") or {}).get("data") or []
    if not listed:
        # Charges stopped embedding their refunds (Stripe API 2022-11-15): ask Stripe for them.
        listed = get_gateway("stripe").refunds_for(payment_reference=reference)
    outcomes = {_refund({**refund, "payment_intent": reference}) for refund in listed}
    return "refund recorded" if outcomes else "no refunds listed"


def _dispute_opened(data: dict) -> str:
    reference = _payment_reference(data)
    payment = Payment.objects.filter(gateway="stripe", reference=reference).first()
    amount = from_stripe_amount(data.get("amount", 0), data.get("currency", "usd"))
    dispute, created = Dispute.objects.get_or_create(
        gateway="stripe",
        reference=data["id"],
        defaults={
            "payment": payment,
            "payment_reference": reference,
            "amount": amount.amount,
            "currency": amount.currency,
            "reason": data.get("reason", ""),
            "status": data.get("status", ""),
        },
    )
    if created:
        audit.record(actor=None, action="commerce.dispute_opened", target=dispute, reason=dispute.reason)
        for admin in User.objects.filter(is_admin=True, is_active=True):
            with override(admin.preferred_language):
                notify(
                    admin,
                    "commerce.dispute",
                    _("A payment is disputed"),
                    _("Dispute %(id)s for %(amount)s: %(reason)s")
                    % {
                        "id": dispute.reference,
                        "amount": Money(dispute.amount, dispute.currency).format(),
                        "reason": dispute.reason or "—",
                    },
                    url="/admin/commerce/dispute/",
                    dedupe_key=f"dispute:{dispute.reference}",
                )
    return "dispute flagged"


HANDLERS = {
    "checkout.session.completed": _session_settled,
    "checkout.session.async_payment_succeeded": _session_settled,
    "checkout.session.async_payment_failed": _session_failed,
    "checkout.session.expired": _session_expired,
    "payment_intent.succeeded": _intent_succeeded,
    "payment_intent.payment_failed": _intent_failed,
    "refund.created": _refund,
    "refund.updated": _refund,
    "charge.refund.updated": _refund,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_opened,
}
