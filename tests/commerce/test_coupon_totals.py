"""Property tests: whatever the currency, coupon kind and tax setting, a discounted total is never negative, is in
the currency's minor units, and the invoice's lines add up."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from commerce import amounts
from commerce.lines import CourseLine
from commerce.models import Coupon, CouponAmount, CoursePrice, Order, TaxRate
from commerce.services import checkout, coupons, fulfilment
from tests.factories import UserFactory

from .factories import CourseFactory

pytestmark = pytest.mark.django_db

coupon_kinds = st.one_of(
    st.tuples(st.just("percent"), st.decimals(min_value="0.01", max_value="100", places=2)),
    st.tuples(st.just("fixed"), st.integers(min_value=1, max_value=200_000)),
)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    currency=st.sampled_from(settings.FLUENTORY_CURRENCIES),
    price_steps=st.integers(min_value=1, max_value=100_000),
    kind=coupon_kinds,
    tax_rate=st.sampled_from([Decimal(0), Decimal(5), Decimal(15), Decimal("7.75")]),
    include_tax=st.booleans(),
    below_minimum=st.sampled_from(["refuse", "free"]),
)
def test_discounted_totals_stay_chargeable_and_invoices_add_up(
    currency, price_steps, kind, tax_rate, include_tax, below_minimum, rates
):
    step = amounts.charge_quantum(currency)
    price = amounts.quantize(amounts.minimum_charge(currency).amount + step * price_steps, currency)
    course = CourseFactory()
    CoursePrice.objects.create(course=course, currency=currency, amount=price)
    TaxRate.objects.update_or_create(country="ZZ", defaults={"name": "VAT", "rate": tax_rate})
    coupon_kind, value = kind
    coupon = Coupon.objects.create(
        code=f"P{course.pk}", kind=coupon_kind, percent=value if coupon_kind == "percent" else None
    )
    if coupon_kind == "fixed":
        CouponAmount.objects.create(coupon=coupon, currency=currency, amount=amounts.quantize(step * value, currency))
    settings_override = {"COMMERCE_PRICES_INCLUDE_TAX": include_tax, "COMMERCE_COUPON_BELOW_MINIMUM": below_minimum}
    with override_settings(**settings_override):
        try:
            order = checkout.order_for(
                student=UserFactory(),
                purchases=[CourseLine(course)],
                currency=currency,
                country="ZZ",
                coupon_code=coupon.code,
            )
        except coupons.CouponRefused as exc:
            assert exc.reason == "below_minimum" and below_minimum == "refuse"
            assert not Order.objects.filter(coupon=coupon).exists()
            return
        assert 0 <= order.discount <= price
        assert order.total >= 0
        for figure in (order.discount, order.subtotal, order.tax, order.total):
            assert figure == amounts.quantize(figure, currency)
            assert figure % step == 0
        assert order.subtotal + order.tax == order.total
        assert order.total == 0 or order.total >= amounts.minimum_charge(currency).amount
        if order.total == 0:
            checkout.complete_free_order(order=order)
        else:
            fulfilment.record_payment(
                order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=order.total_money
            )
        invoice = order.invoices.get()
        lines_sum = sum(Decimal(line["total"]) for line in invoice.lines)
        assert lines_sum == (invoice.total if include_tax else invoice.subtotal)
        assert invoice.subtotal + invoice.tax == invoice.total == order.total
