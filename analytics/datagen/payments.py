"""Payments and refunds: paid orders for the generated courses in every currency the school sells in, each with
its payment converted to the reporting currency at the generator's rate; about one in twenty is refunded, in
full or in half, up to two weeks later. Leaves "payment_ids" in `world.made`."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings

from commerce.amounts import quantize
from commerce.models import CoursePrice, Order, Payment, Refund

from . import World, batched, part
from .people import USD_RATES, email_prefix, per_reporting_unit

GATEWAY = "test"
PARTNER_SHARE = 0.2  # sales that came through a partner
REFUND_SHARE = 0.05


@part(30)
def generate(world: World) -> None:
    prefix = email_prefix(world)
    reporting = settings.FLUENTORY_REPORTING_CURRENCY
    currencies = [currency for currency in settings.FLUENTORY_CURRENCIES if currency in USD_RATES]
    rates = {currency: (1 / per_reporting_unit(currency)).quantize(Decimal("0.0000000001")) for currency in currencies}
    prices = {
        (course_id, currency): amount
        for course_id, currency, amount in CoursePrice.objects.filter(
            course_id__in=world.made["course_ids"], currency__in=currencies
        ).values_list("course_id", "currency", "amount")
    }
    students, partners = world.made["student_ids"], world.made["partner_ids"]
    course_teacher = world.made["course_teacher"]
    courses = list(course_teacher)
    rand = world.random
    payment_ids: list[int] = []
    refunds = 0
    for numbers in batched(range(1, world.payments + 1)):
        sales = []
        for number in numbers:
            course_id, currency = rand.choice(courses), rand.choice(currencies)
            amount = prices[course_id, currency]
            sales.append(
                (number, rand.choice(students), course_id, currency, amount, world.moment(), _partner(rand, partners))
            )
        orders = Order.objects.bulk_create(
            Order(
                reference=f"G{world.seed}-{number}"[:20],
                student_id=student,
                cart_key=f"course:{course_id}",
                currency=currency,
                status=Order.Status.PAID,
                subtotal=amount,
                tax=0,
                total=amount,
                partner_id=partner,
                created_at=at,
                paid_at=at,
            )
            for number, student, course_id, currency, amount, at, partner in sales
        )
        payments = Payment.objects.bulk_create(
            Payment(
                order_id=order.pk,
                student_id=student,
                gateway=GATEWAY,
                reference=f"{prefix}-pay-{number}",
                amount=amount,
                currency=currency,
                reporting_currency=reporting,
                exchange_rate=rates[currency],
                reporting_amount=quantize(amount * rates[currency], reporting),
                course_id=course_id,
                teacher_id=course_teacher[course_id],
                partner_id=partner,
                captured_at=at,
            )
            for order, (number, student, course_id, currency, amount, at, partner) in zip(orders, sales, strict=True)
        )
        payment_ids += [payment.pk for payment in payments]
        refunded = [
            Refund(
                payment_id=payment.pk,
                gateway=GATEWAY,
                reference=f"{payment.reference}-refund",
                amount=payment.amount if rand.random() < 0.5 else quantize(payment.amount / 2, payment.currency),
                currency=payment.currency,
                created_at=min(payment.captured_at + timedelta(hours=rand.randrange(1, 14 * 24)), world.end),
            )
            for payment in payments
            if rand.random() < REFUND_SHARE
        ]
        Refund.objects.bulk_create(refunded)
        refunds += len(refunded)
    world.made["payment_ids"] = payment_ids
    world.log(f"{len(payment_ids)} payments, {refunds} refunds")


def _partner(rand, partners: list[int]) -> int | None:
    return rand.choice(partners) if rand.random() < PARTNER_SHARE else None
