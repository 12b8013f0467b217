"""Races that only a real database shows: PostgreSQL row locks and constraints (`services` marker)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from commerce.gateways import get_gateway
from commerce.models import Invoice, Order, Payment, PaymentAttempt, Refund
from commerce.services import checkout, fulfilment, invoices, refunds
from core.money import Money
from learning.models import Enrollment

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def run_together(count, work):
    """Run `work(index)` in `count` threads released at the same moment; answers results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def runner(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:
            errors[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_one_order_submitted_from_20_threads_is_paid_once(course, student):
    order = checkout.order_for_course(student=student, course=course, currency="SAR")
    attempt = checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    gateway = get_gateway("test")

    def pay(_index):
        fresh = PaymentAttempt.objects.select_related("order").get(pk=attempt.pk)
        return checkout.settle(attempt=fresh, result=gateway.outcome(attempt=fresh, choice="success"))

    results, errors = run_together(20, pay)
    assert errors == [None] * 20
    assert Payment.objects.count() == 1
    assert {payment.pk for payment in results} == {Payment.objects.get().pk}
    assert Enrollment.objects.count() == 1
    assert Invoice.objects.count() == 1
    assert Order.objects.get().status == Order.Status.PAID


def test_20_concurrent_checkout_clicks_make_one_order(course, student):
    def click(_index):
        return checkout.order_for_course(student=student, course=course, currency="USD").pk

    results, errors = run_together(20, click)
    assert errors == [None] * 20
    assert len(set(results)) == 1 and Order.objects.count() == 1


def test_10_concurrent_refunds_never_exceed_the_captured_amount(course, student, admin_user, refund_policy):
    order = checkout.order_for_course(student=student, course=course, currency="SAR")
    payment = fulfilment.record_payment(order=order, gateway="test", reference="test_pi_race", amount=order.total_money)

    def refund(_index):
        return refunds.issue_refund(
            payment=payment, amount=Money(Decimal("100.00"), "SAR"), reason="race", actor=admin_user
        )

    results, errors = run_together(10, refund)
    succeeded = [r for r in results if r is not None]
    assert len(succeeded) == 3  # 3 x 100 of 375 captured
    assert all(isinstance(e, refunds.RefundRefused) for e in errors if e is not None)
    assert sum(r.amount for r in Refund.objects.all()) == Decimal("300.00") <= payment.amount


def test_invoice_numbers_are_gap_free_under_concurrent_issuing(course, student):
    payments = []
    for index in range(20):
        order = Order.objects.create(
            student=student,
            cart_key=f"race:{index}",
            currency="USD",
            subtotal=10,
            tax=0,
            total=10,
            status=Order.Status.PAID,
        )
        payments.append(
            Payment.objects.create(
                order=order,
                student=student,
                gateway="test",
                reference=f"ref-{index}",
                amount=10,
                currency="USD",
                reporting_currency="USD",
                exchange_rate=1,
                reporting_amount=10,
            )
        )

    def issue(index):
        if index % 5 == 0:
            # A transaction that takes a number and then fails must give it back.
            try:
                with transaction.atomic():
                    invoices.issue_invoice(payment=payments[index])
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
        return invoices.issue_invoice(payment=payments[index]).sequence

    results, errors = run_together(20, issue)
    assert errors == [None] * 20
    assert sorted(results) == list(range(1, 21))
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 20


def test_webhooks_delivered_concurrently_pay_and_refund_once(course, student, refund_policy):
    from commerce.gateways.base import WebhookEvent as GatewayEvent
    from commerce.models import WebhookEvent
    from commerce.services import webhooks

    order = checkout.order_for_course(student=student, course=course, currency="USD")
    metadata = {"order": order.reference}
    intent = {
        "id": "pi_conc",
        "object": "payment_intent",
        "amount": 10000,
        "amount_received": 10000,
        "currency": "usd",
        "metadata": metadata,
    }
    refund = {
        "id": "re_conc",
        "object": "refund",
        "amount": 10000,
        "currency": "usd",
        "payment_intent": "pi_conc",
        "status": "succeeded",
    }
    events = [
        GatewayEvent("evt_pay", "payment_intent.succeeded", intent, {"data": {"object": intent}}),
        GatewayEvent("evt_refund", "refund.created", refund, {"data": {"object": refund}}),
    ]

    _results, errors = run_together(20, lambda index: webhooks.handle(gateway="stripe", event=events[index % 2]))
    assert errors == [None] * 20
    assert Payment.objects.count() == 1 and Refund.objects.count() == 1
    assert WebhookEvent.objects.count() == 2
    assert not WebhookEvent.objects.filter(processed_at__isnull=True).exists()
    assert Enrollment.objects.get().status == Enrollment.Status.REFUNDED
