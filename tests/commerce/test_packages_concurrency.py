"""Trials and package credits under concurrency, on PostgreSQL: the trial constraint and the wallet lock hold."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from commerce.lines import TrialLine
from commerce.services import checkout, fulfilment
from core.money import Money
from scheduling.models import Booking, CreditLot
from scheduling.services import bookings, credits
from scheduling.services.availability import free_slots
from scheduling.services.errors import BookingRefused
from tests.concurrency import run_in_threads
from tests.scheduling.factories import make_schedule

from .factories import TrialPriceFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_twenty_trial_orders_paid_at_once_grant_one_trial_credit(rates, student, teacher):
    make_schedule(teacher)
    TrialPriceFactory(currency="USD", amount=Decimal("9.00"))
    orders = []
    for index in range(20):
        order = checkout.order_for(student=student, purchases=[TrialLine(teacher)], currency="USD")
        order.cart_key = f"trial:tab-{index}"  # twenty tabs, twenty unpaid orders for the same trial
        order.save(update_fields=["cart_key"])
        orders.append(order)
    queue = list(orders)

    def pay_one():
        order = queue.pop()
        return fulfilment.record_payment(
            order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
        )

    run_in_threads(20, pay_one)

    assert CreditLot.objects.filter(student=student, teacher=teacher, source="trial").count() == 1
    assert credits.balance(student=student) == 1


def test_one_credit_spent_by_ten_bookings_at_once_books_one_lesson(student, teacher):
    schedule = make_schedule(teacher)
    now = timezone.now()
    queue = []  # ten slots that do not overlap, so only the credit can refuse a booking
    for slot in free_slots(schedule=schedule, start=now + timedelta(days=2), end=now + timedelta(days=9)):
        if len(queue) < 10 and (not queue or slot.starts_at >= queue[-1] + timedelta(minutes=schedule.session_minutes)):
            queue.append(slot.starts_at)
    credits.grant_credits(student=student, quantity=1, reference="package-line-1", teacher=teacher)

    def book_one():
        starts_at = queue.pop()
        try:
            with transaction.atomic():
                return bookings.book_private_session(student=student, teacher=teacher, starts_at=starts_at).pk
        except BookingRefused as exc:
            return exc.status

    results = run_in_threads(10, book_one)

    assert results.count(402) == 9
    assert Booking.objects.filter(student=student).count() == 1
    assert credits.balance(student=student) == 0
    assert CreditLot.objects.get(student=student).remaining == 0
