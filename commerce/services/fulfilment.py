"""After the gateway says yes: the order is paid once, the student enrolled, the invoice issued.

Runs from the webhook and from the return page; whichever comes second finds the payment and does nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from accounts import audit
from core.money import Money
from learning import services as learning
from notifications.services import notify
from scheduling.models import CreditEntry
from scheduling.services import credits

from .. import amounts, pricing
from ..locks import lock_payment_reference
from ..models import HeldPayment, Order, OrderLine, Payment, PaymentAttempt

logger = logging.getLogger(__name__)


def record_payment(
    *, order: Order, gateway: str, reference: str, amount: Money, attempt: PaymentAttempt | None = None
) -> Payment | None:
    """Record a captured payment and fulfil the order, exactly once per order.

    A capture whose amount or currency is not the order's is held for an admin instead (answers None)."""
    with transaction.atomic():
        lock_payment_reference(reference)
        order = Order.objects.select_for_update().get(pk=order.pk)
        existing = Payment.objects.filter(order=order).first()
        if existing is not None:
            if existing.reference != reference or existing.gateway != gateway:
                # A second capture for a paid order: money to give back by hand, so admins must see it.
                audit.record(
                    actor=None,
                    action="commerce.duplicate_capture",
                    target=order,
                    gateway=gateway,
                    reference=reference,
                    amount=str(amount.amount),
                )
                logger.warning("Order %s captured twice (%s, %s)", order.reference, existing.reference, reference)
            if attempt is not None:
                _mark_attempt(attempt, PaymentAttempt.Status.SUCCEEDED)
            return existing
        if amount != order.total_money or amount.amount <= 0:  # a zero order (older than free enrollment) too
            hold_payment(order=order, gateway=gateway, reference=reference, amount=amount)
            return None
        payment = _create_payment(order=order, gateway=gateway, reference=reference, amount=amount, attempt=attempt)
        order.status = Order.Status.PAID
        order.paid_at = payment.captured_at
        order.failure_reason = ""
        order.save(update_fields=["status", "paid_at", "failure_reason", "updated_at"])
        if attempt is not None:
            _mark_attempt(attempt, PaymentAttempt.Status.SUCCEEDED)
        audit.record(
            actor=None,
            action="commerce.paid",
            target=payment,
            order=order.reference,
            gateway=gateway,
            reference=reference,
            amount=str(payment.amount),
            currency=payment.currency,
        )
        for line in order.lines.select_related("course"):
            if line.course is not None:
                learning.enroll(student=order.student, course=line.course, source="purchase")
        grant_included_credits(order=order, payment=payment)
        from . import invoices, webhooks

        invoice = invoices.issue_invoice(payment=payment)
        analytics.track(
            "payment_succeeded",
            user=order.student,
            order=order.reference,
            gateway=gateway,
            currency=payment.currency,
            amount=str(payment.amount),
        )
        with override(order.student.preferred_language):
            notify(
                order.student,
                "commerce.payment_succeeded",
                _("Payment received for %(order)s") % {"order": order.reference},
                _("Thank you! Your invoice %(number)s is ready.") % {"number": invoice.number},
                url=reverse("commerce:order-detail", kwargs={"reference": order.reference}),
                email=False,  # the invoice email is the receipt
                dedupe_key=f"payment:{order.reference}",
            )
        # Robust: a broker that is down must not fail the recorded payment; the invoice sweep sends it later.
        transaction.on_commit(lambda: _send_invoice_later(invoice.pk), robust=True)
        webhooks.process_waiting(reference=reference)
    return payment


def hold_payment(*, order: Order, gateway: str, reference: str, amount: Money) -> HeldPayment:
    """Keep a capture that does not match its order, once, and tell every admin; the order waits as pending."""
    held, created = HeldPayment.objects.get_or_create(
        gateway=gateway,
        reference=reference,
        defaults={
            "order": order,
            "amount": amount.amount,
            "currency": amount.currency,
            "expected_amount": order.total,
            "expected_currency": order.currency,
        },
    )
    if not created:
        return held
    if order.status in Order.UNPAID:
        order.status = Order.Status.PENDING  # neither paid nor open to a second payment while an admin looks
        order.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=None,
        action="commerce.payment_held",
        target=order,
        gateway=gateway,
        reference=reference,
        captured=f"{amount.amount} {amount.currency}",
        expected=f"{order.total} {order.currency}",
    )
    logger.warning("Order %s: captured %s, expected %s; held", order.reference, amount, order.total_money)
    from accounts.models import User

    for admin in User.objects.filter(is_active=True).filter(Q(is_admin=True) | Q(is_superuser=True)):
        with override(admin.preferred_language):
            notify(
                admin,
                "commerce.payment_held",
                _("A payment for %(order)s is held") % {"order": order.reference},
                _("%(gateway)s captured %(captured)s but the order is for %(expected)s. It is not recorded as paid.")
                % {"gateway": gateway, "captured": held.money.format(), "expected": held.expected_money.format()},
                url=reverse("commerce_held_payments:index"),
                dedupe_key=f"held-payment:{gateway}:{reference}",
            )
    return held


def _send_invoice_later(invoice_id: int) -> None:
    from ..tasks import send_invoice

    send_invoice.delay(invoice_id)


def _create_payment(*, order, gateway, reference, amount: Money, attempt) -> Payment:
    line = order.lines.select_related("course").first()
    course = line.course if line else None
    teacher = course.teachers.order_by("pk").first() if course else None
    rate = pricing.to_reporting_rate(amount.currency)
    return Payment.objects.create(
        order=order,
        attempt=attempt,
        student=order.student,
        gateway=gateway,
        reference=reference,
        amount=amount.amount,
        currency=amount.currency,
        reporting_currency=settings.FLUENTORY_REPORTING_CURRENCY,
        exchange_rate=rate,
        reporting_amount=amounts.quantize(amount.amount * rate, settings.FLUENTORY_REPORTING_CURRENCY),
        course=course,
        teacher=teacher,
        partner=order.partner if order.partner_id and order.partner.is_partner else None,
        captured_at=timezone.now(),
    )


def _mark_attempt(attempt: PaymentAttempt, status: str, reason: str = "") -> None:
    PaymentAttempt.objects.filter(pk=attempt.pk).exclude(status=PaymentAttempt.Status.SUCCEEDED).update(
        status=status, failure_reason=reason
    )


def included_credits(line: OrderLine) -> int:
    """Live-session credits an order line carries: a live or hybrid course's included sessions."""
    course = line.course
    if course is None or not course.has_live_sessions:
        return 0
    return course.included_live_sessions * line.quantity


def credit_reference(line: OrderLine) -> str:
    return f"order-line:{line.pk}"


def grant_included_credits(*, order: Order, payment: Payment) -> None:
    """Grant each line's live-session credits once; a replayed fulfilment finds the grant by its reference."""
    for line in order.lines.select_related("course"):
        quantity = included_credits(line)
        if quantity:
            credits.grant_credits(
                student=order.student,
                quantity=quantity,
                source=CreditEntry.Source.COURSE,
                reference=credit_reference(line),
                course=line.course,
                note=order.reference,
            )


@transaction.atomic
def record_failure(*, order: Order, attempt: PaymentAttempt | None, reason: str) -> Order:
    """The gateway declined: the order shows why, and the student may try again."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if attempt is not None:
        _mark_attempt(attempt, PaymentAttempt.Status.FAILED, reason)
    if order.status == Order.Status.PAID:
        return order
    if attempt is not None and order.attempts.filter(created_at__gt=attempt.created_at).exists():
        return order  # an older attempt failing late says nothing about the newer one
    order.status = Order.Status.FAILED
    order.failure_reason = reason or _("The payment was not completed.")
    order.save(update_fields=["status", "failure_reason", "updated_at"])
    analytics.track("payment_failed", user=order.student, order=order.reference, reason=order.failure_reason[:200])
    return order
