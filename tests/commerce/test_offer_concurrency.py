"""A double click on the one-click offer after payment charges the kept card once (PostgreSQL, `services`)."""

from decimal import Decimal

import pytest

from commerce.lines import CheckoutRefused
from commerce.models import AddOnOffer, Order, Payment, PaymentAttempt
from commerce.services import offers
from learning.models import Enrollment
from tests.concurrency import run_in_threads

from .factories import AddOnOfferFactory, CourseFactory, CoursePriceFactory
from .test_offers import paid_source

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_clicking_the_one_click_offer_from_8_tabs_at_once_charges_once(course, student):
    speaking = CourseFactory(title="Speaking practice")
    CoursePriceFactory(course=speaking, currency="USD", amount=Decimal("40.00"))
    offer = AddOnOfferFactory(course=course, add_on=speaking, placement=AddOnOffer.Placement.UPSELL)
    source = paid_source(student, course)

    def click():
        fresh = Order.objects.select_related("payment__attempt").get(pk=source.pk)
        try:
            return offers.buy_upsell_in_one_click(source=fresh, offer=offer).pk
        except CheckoutRefused:  # a click that arrives once the first is done finds the add-on owned
            return None

    results = run_in_threads(8, click)
    upsell_payments = Payment.objects.exclude(order=source)
    assert upsell_payments.count() == 1
    assert PaymentAttempt.objects.exclude(order=source).count() == 1  # the kept card was charged once
    assert {pk for pk in results if pk is not None} == {upsell_payments.get().order_id}
    assert Enrollment.objects.filter(student=student, course=speaking).count() == 1
