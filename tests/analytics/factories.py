"""Payments and refunds as the revenue reports see them: one order each, converted at a given stored rate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from commerce.amounts import quantize
from commerce.models import Order, Payment, Refund
from tests.factories import UserFactory


def pay(
    amount: str,
    currency: str,
    *,
    at: datetime,
    rate: str = "1",
    course=None,
    teacher=None,
    partner=None,
    reporting: str = "USD",
) -> Payment:
    student = UserFactory()
    order = Order.objects.create(
        student=student,
        cart_key=f"course:{course.pk if course else 0}",
        currency=currency,
        subtotal=Decimal(amount),
        tax=0,
        total=Decimal(amount),
        status=Order.Status.PAID,
        partner=partner,
        paid_at=at,
    )
    return Payment.objects.create(
        order=order,
        student=student,
        gateway="test",
        reference=f"pay-{order.pk}",
        amount=Decimal(amount),
        currency=currency,
        reporting_currency=reporting,
        exchange_rate=Decimal(rate),
        reporting_amount=quantize(Decimal(amount) * Decimal(rate), reporting),
        course=course,
        teacher=teacher,
        partner=partner,
        captured_at=at,
    )


def refund(payment: Payment, amount: str, *, at: datetime) -> Refund:
    return Refund.objects.create(
        payment=payment,
        gateway="test",
        reference=f"refund-{payment.pk}-{Refund.objects.count()}",
        amount=Decimal(amount),
        currency=payment.currency,
        created_at=at,
    )
