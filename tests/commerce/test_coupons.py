"""Coupons in the checkout services: what a code takes off, every reason a code is refused, and its uses."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AuditEntry
from commerce.lines import CourseLine
from commerce.models import FREE_GATEWAY, CouponRedemption, CouponTarget, Invoice, Order, Payment
from commerce.services import checkout, coupons, fulfilment, invoices
from core.money import Money
from learning.models import Enrollment

from .factories import CouponAmountFactory, CouponFactory, CourseFactory, CoursePriceFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def order_with(student, course, code, *, currency="USD", country=""):
    return checkout.order_for(
        student=student, purchases=[CourseLine(course)], currency=currency, country=country, coupon_code=code
    )


def pay(order):
    attempt = checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    return fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_pi_{attempt.key}", amount=order.total_money, attempt=attempt
    )


def refusal(student, course, code, **kwargs):
    with pytest.raises(coupons.CouponRefused) as caught:
        order_with(student, course, code, **kwargs)
    return caught.value


def test_a_percentage_comes_off_before_tax(student, course, taxes):
    CouponFactory(code="WELCOME10", percent=Decimal("10"))
    order = order_with(student, course, "welcome10", currency="SAR", country="SA")
    # 375 SAR, 10% off = 337.50 including 15% VAT.
    assert (order.discount, order.total, order.tax) == (Decimal("37.50"), Decimal("337.50"), Decimal("44.02"))
    assert order.subtotal + order.tax == order.total
    assert order.coupon.code == "WELCOME10"


def test_tax_added_on_top_is_worked_out_on_the_discounted_amount(student, course, taxes, settings):
    settings.COMMERCE_PRICES_INCLUDE_TAX = False
    CouponAmountFactory(coupon__code="TWENTY", currency="USD", amount=Decimal("20.00"))
    TaxRate = taxes[0].__class__
    TaxRate.objects.create(country="US", name="Sales tax", rate=Decimal("10"))
    order = order_with(student, course, "TWENTY", country="US")
    assert (order.subtotal, order.tax, order.total) == (Decimal("80.00"), Decimal("8.00"), Decimal("88.00"))


def test_a_fixed_amount_is_set_per_currency_and_refused_in_others(student, course):
    amount = CouponAmountFactory(coupon__code="FIVEOFF", currency="USD", amount=Decimal("5.00"))
    assert order_with(student, course, "FIVEOFF").total == Decimal("95.00")
    exc = refusal(student, course, "FIVEOFF", currency="EUR")
    assert exc.reason == "currency" and "EUR" in str(exc)
    assert amount.coupon.redemptions.count() == 0


def test_a_fixed_amount_never_takes_the_total_below_zero(student, course, settings):
    CouponAmountFactory(coupon__code="HUGE", currency="USD", amount=Decimal("500.00"))
    order = order_with(student, course, "HUGE")
    assert (order.discount, order.total, order.tax) == (Decimal("100.00"), Decimal("0.00"), Decimal("0"))


def test_an_unknown_or_switched_off_code_is_refused_alike(student, course):
    CouponFactory(code="OFF", active=False)
    assert refusal(student, course, "NOPE").reason == "unknown"
    assert refusal(student, course, "OFF").reason == "unknown"
    assert refusal(student, course, "<script>").reason == "unknown"
    assert not Order.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_code_works_only_between_its_dates(student, course):
    CouponFactory(code="SOON", valid_from=NOW + timedelta(days=1))
    CouponFactory(code="PAST", valid_from=NOW - timedelta(days=10), valid_until=NOW - timedelta(seconds=1))
    CouponFactory(code="NOW", valid_from=NOW - timedelta(days=1), valid_until=NOW + timedelta(days=1))
    assert refusal(student, course, "SOON").reason == "not_started"
    exc = refusal(student, course, "PAST")
    assert exc.reason == "expired" and "expired" in str(exc)
    assert order_with(student, course, "NOW").discount == Decimal("10.00")


def test_a_code_runs_out_after_its_total_uses(student, other_student, course):
    coupon = CouponFactory(code="ONCE", max_uses=1)
    pay(order_with(student, course, "ONCE"))
    exc = refusal(other_student, course, "ONCE")
    assert exc.reason == "used_up" and "used up" in str(exc)
    assert coupon.redemptions.get().status == CouponRedemption.Status.REDEEMED


def test_a_person_uses_a_code_as_often_as_it_allows(student, course, rates):
    CouponFactory(code="TWICE", max_uses_per_person=2)
    second = CourseFactory()
    third = CourseFactory()
    for other in (second, third):
        CoursePriceFactory(course=other, currency="USD", amount=Decimal("50.00"))
    pay(order_with(student, course, "TWICE"))
    pay(order_with(student, second, "TWICE"))
    exc = refusal(student, third, "TWICE")
    assert exc.reason == "used_by_you"


def test_a_first_purchase_code_is_refused_after_a_paid_order(student, other_student, course, rates):
    CouponFactory(code="FIRST", first_purchase_only=True, max_uses_per_person=None)
    other = CourseFactory()
    CoursePriceFactory(course=other, currency="USD", amount=Decimal("50.00"))
    pay(checkout.order_for_course(student=student, course=other, currency="USD"))
    assert refusal(student, course, "FIRST").reason == "first_purchase_only"
    assert order_with(other_student, course, "FIRST").discount == Decimal("10.00")


def test_a_code_restricted_to_some_lines_applies_only_to_them(student, course, rates):
    coupon = CouponFactory(code="ONLYTHAT")
    other = CourseFactory()
    CoursePriceFactory(course=other, currency="USD", amount=Decimal("50.00"))
    CouponTarget.objects.create(coupon=coupon, line_key=CourseLine(other).key())
    assert refusal(student, course, "ONLYTHAT").reason == "not_applicable"
    both = checkout.order_for(
        student=student, purchases=[CourseLine(course), CourseLine(other)], currency="USD", coupon_code="ONLYTHAT"
    )
    assert both.discount == Decimal("5.00")  # 10% of the 50 USD course only
    assert both.total == Decimal("145.00")


def test_a_partners_code_attributes_the_sale_to_the_partner(student, course, partner):
    CouponFactory(code="PAT", partner=partner)
    payment = pay(order_with(student, course, "PAT"))
    assert payment.partner == partner and payment.order.partner == partner


def test_a_total_below_the_card_minimum_is_refused_with_the_reason(student, course):
    CouponAmountFactory(coupon__code="ALMOST", currency="USD", amount=Decimal("99.80"))
    exc = refusal(student, course, "ALMOST")
    assert exc.reason == "below_minimum"
    assert "$0.20" in str(exc) and "$0.50" in str(exc)
    assert not Order.objects.exists()


def test_a_total_below_the_card_minimum_is_made_free_when_configured(student, course, settings):
    settings.COMMERCE_COUPON_BELOW_MINIMUM = "free"
    CouponAmountFactory(coupon__code="ALMOST", currency="USD", amount=Decimal("99.80"))
    order = order_with(student, course, "ALMOST")
    assert (order.discount, order.total) == (Decimal("100.00"), Decimal("0.00"))


def test_a_free_order_is_fulfilled_without_a_gateway_through_the_same_path(student, course):
    CouponFactory(code="GIFT100", percent=Decimal("100"))
    order = checkout.complete_free_order(order=order_with(student, course, "GIFT100"))
    assert order.status == Order.Status.PAID
    payment = Payment.objects.get(order=order)
    assert (payment.gateway, payment.amount) == (FREE_GATEWAY, Decimal("0.00"))
    assert Enrollment.objects.filter(student=student, course=course).exists()
    invoice = Invoice.objects.get(order=order)
    assert invoice.total == 0 and invoice.lines[-1]["discount"] is True
    assert order.coupon.redemptions.get().status == CouponRedemption.Status.REDEEMED
    assert checkout.complete_free_order(order=order).pk == order.pk  # a double click changes nothing
    assert Payment.objects.count() == 1


def test_an_order_made_free_by_a_code_offers_no_refund(client, student, course):
    from commerce.models import RefundRequest
    from commerce.services import refunds

    CouponFactory(code="GIFT100", percent=Decimal("100"))
    order = checkout.complete_free_order(order=order_with(student, course, "GIFT100"))
    with pytest.raises(refunds.RefundRefused, match="nothing to refund"):
        refunds.request_refund(payment=Payment.objects.get(order=order), student=student, reason="Changed my mind")
    assert not RefundRequest.objects.exists()
    client.force_login(student)
    assert "Request a refund" not in client.get(f"/learn/purchases/{order.reference}/").content.decode()


def test_only_a_zero_order_with_a_code_is_paid_without_a_gateway(student, course):
    order = checkout.order_for_course(student=student, course=course, currency="USD")
    with pytest.raises(checkout.CheckoutRefused):
        checkout.complete_free_order(order=order)
    assert (
        fulfilment.record_payment(
            order=order, gateway=FREE_GATEWAY, reference="free:x", amount=Money(Decimal(0), "USD")
        )
        is None
    )  # held: the amount is not the order's
    assert not Payment.objects.exists()


def test_a_use_is_reserved_at_payment_redeemed_when_paid(student, course):
    coupon = CouponFactory(code="LIFE")
    order = order_with(student, course, "LIFE")
    assert not coupon.redemptions.exists()  # only a started payment holds a use
    checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    assert coupon.redemptions.get().status == CouponRedemption.Status.RESERVED
    fulfilment.record_payment(order=order, gateway="test", reference="test_pi_life", amount=order.total_money)
    assert coupon.redemptions.get().status == CouponRedemption.Status.REDEEMED


def test_a_failed_payment_releases_its_use_and_a_retry_takes_it_again(student, other_student, course):
    coupon = CouponFactory(code="LAST", max_uses=1)
    order = order_with(student, course, "LAST")
    attempt = checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    assert refusal(other_student, course, "LAST").reason == "used_up"  # reserved counts
    fulfilment.record_failure(order=order, attempt=attempt, reason="declined")
    assert coupon.redemptions.get().status == CouponRedemption.Status.RELEASED
    other_order = order_with(other_student, course, "LAST")
    checkout.start_payment(order=other_order, gateway_code="test", site_url="http://testserver")
    with pytest.raises(coupons.CouponRefused) as caught:  # the retry finds the last use taken meanwhile
        checkout.start_payment(order=order_with(student, course, "LAST"), gateway_code="test", site_url="http://t")
    assert caught.value.reason == "used_up"


def test_an_abandoned_checkout_gives_its_use_back(student, course):
    coupon = CouponFactory(code="WAIT", max_uses=1, valid_from=timezone.now() - timedelta(days=1))
    order = order_with(student, course, "WAIT")
    with time_machine.travel(timezone.now() - timedelta(hours=2)):
        checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    assert checkout.mark_abandoned() == 1
    assert coupon.redemptions.get().status == CouponRedemption.Status.RELEASED


def test_a_late_capture_after_release_takes_the_use_back_and_flags_a_passed_limit(student, other_student, course):
    coupon = CouponFactory(code="LATE", max_uses=1)
    order = order_with(student, course, "LATE")
    attempt = checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    fulfilment.record_failure(order=order, attempt=attempt, reason="timeout")
    pay(order_with(other_student, course, "LATE"))
    fulfilment.record_payment(order=order, gateway="test", reference="test_pi_late", amount=order.total_money)
    assert coupon.redemptions.filter(status=CouponRedemption.Status.REDEEMED).count() == 2
    assert AuditEntry.objects.filter(action="commerce.coupon_over_limit").count() == 1


def test_the_invoice_shows_the_discount_line_and_adds_up(student, course, taxes):
    CouponFactory(code="WELCOME10")
    payment = pay(order_with(student, course, "WELCOME10", currency="SAR", country="SA"))
    invoice = Invoice.objects.get(payment=payment)
    assert sum(Decimal(line["total"]) for line in invoice.lines) == invoice.total == Decimal("337.50")
    assert invoice.subtotal + invoice.tax == invoice.total
    html = invoices.render_html(invoice)
    assert "Discount (code WELCOME10)" in html and "37.50" in html
