"""What the gateway said about a payment: paid once (each line fulfilled, the invoice issued), failed, or pending.

Runs from the webhook and from the return page; whichever comes second finds the payment and does nothing.
Gateway events that waited for the payment are replayed by `webhooks.record_capture`, which calls this.
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
from accounts.models import User
from core.money import Money
from notifications.services import notify

from .. import amounts, lines, pricing
from ..locks import lock_payment_reference
from ..models import FREE_GATEWAY, HeldPayment, Order, Payment, PaymentAttempt
from . import account_credit, commissions, coupons, invoice_emails, invoices

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
        # A zero order is paid only by its code or account credit (older zero orders, from before free enrollment,
        # are held).
        free = gateway == FREE_GATEWAY and (order.coupon_id is not None or order.account_credit > 0)
        if amount != order.total_money or (amount.amount <= 0 and not free):
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
            subject_id=order.student_id,
            order=order.reference,
            gateway=gateway,
            reference=reference,
            amount=str(payment.amount),
            currency=payment.currency,
        )
        coupons.redeem(order=order)
        account_credit.spend(order=order)
        fulfil_lines(order=order, payment=payment)
        commissions.record_for_payment(payment=payment)
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
        invoice_emails.send_after_commit(invoice)
    return payment


def fulfil_lines(*, order: Order, payment: Payment) -> None:
    """Deliver every line; each kind's fulfilment is idempotent, so a replay changes nothing."""
    for line in order.lines.select_related("course", "gift"):
        lines.for_line(line).fulfil(line=line, payment=payment)


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


def _create_payment(*, order, gateway, reference, amount: Money, attempt) -> Payment:
    # Revenue reports and the refund policy read one course per payment: the first line's.
    line = order.lines.select_related("course").filter(course__isnull=False).first()
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
    coupons.release(order=order)  # a retry takes it again, if the code still has a use to give
    analytics.track("payment_failed", user=order.student, order=order.reference, reason=order.failure_reason[:200])
    return order


@transaction.atomic
def mark_pending(*, attempt: PaymentAttempt) -> None:
    """The gateway has the payment but has not settled it (a bank transfer, 3-D Secure): wait for its word."""
    order = Order.objects.select_for_update().get(pk=attempt.order_id)
    if order.status in {Order.Status.OPEN, Order.Status.FAILED, Order.Status.ABANDONED}:
        order.status = Order.Status.PENDING
        order.save(update_fields=["status", "updated_at"])
    PaymentAttempt.objects.filter(pk=attempt.pk, status=PaymentAttempt.Status.CREATED).update(
        status=PaymentAttempt.Status.PENDING
    )
