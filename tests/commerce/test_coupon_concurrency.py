"""A coupon's usage limit under concurrent checkouts, on PostgreSQL (`services` marker)."""

import pytest

from commerce.lines import CourseLine
from commerce.models import CouponRedemption, Payment
from commerce.services import checkout, coupons
from tests.concurrency import run_in_threads
from tests.factories import UserFactory

from .factories import CouponFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
LIMIT = 5


def test_20_concurrent_checkouts_take_exactly_the_limit(course):
    CouponFactory(code="RUSH", max_uses=LIMIT)
    students = list(UserFactory.create_batch(20))
    orders = [
        checkout.order_for(student=student, purchases=[CourseLine(course)], currency="USD", coupon_code="RUSH")
        for student in students
    ]
    queue = iter(orders)

    def pay():
        try:
            checkout.start_payment(order=next(queue), gateway_code="test", site_url="http://testserver")
        except coupons.CouponRefused as exc:
            return exc.reason
        return "reserved"

    results = run_in_threads(20, pay)
    assert sorted(results).count("reserved") == LIMIT
    assert set(results) == {"reserved", "used_up"}
    assert CouponRedemption.objects.filter(status__in=CouponRedemption.HELD).count() == LIMIT


def test_20_concurrent_free_checkouts_fulfil_exactly_the_limit(course):
    CouponFactory(code="FREEBIE", percent=100, max_uses=LIMIT)
    orders = [
        checkout.order_for(student=student, purchases=[CourseLine(course)], currency="USD", coupon_code="FREEBIE")
        for student in UserFactory.create_batch(20)
    ]
    queue = iter(orders)

    def take():
        try:
            checkout.complete_free_order(order=next(queue))
        except coupons.CouponRefused as exc:
            return exc.reason
        return "paid"

    results = run_in_threads(20, take)
    assert results.count("paid") == LIMIT
    assert Payment.objects.count() == LIMIT
    assert CouponRedemption.objects.filter(status=CouponRedemption.Status.REDEEMED).count() == LIMIT
