"""Property tests: whatever the currency, coupon kind, bundle (courses and a package, some courses owned, excluded or
credited) and tax setting, a bundle's total is never negative, is in the currency's charge steps, and its invoice's
lines, discount lines, tax and total add up exactly."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from commerce import amounts
from commerce.bundle_pricing import CREDIT, EXCLUDE
from commerce.lines import BundleLine
from commerce.models import BundleItem, BundlePrice, Coupon, CouponAmount, CoursePrice, Order, TaxRate
from commerce.services import checkout, coupons, fulfilment
from learning.models import Enrollment
from learning.services import enroll
from tests.factories import UserFactory

from .factories import BundleFactory, CourseFactory, SessionPackagePriceFactory
from .test_coupon_totals import coupon_kinds

pytestmark = pytest.mark.django_db

bundles = st.fixed_dictionaries(
    {
        "bundle_steps": st.integers(min_value=0, max_value=50_000),
        "course_steps": st.lists(st.integers(min_value=0, max_value=50_000), min_size=2, max_size=4),
        "package_steps": st.one_of(st.none(), st.integers(min_value=0, max_value=50_000)),
        "owned": st.lists(st.booleans(), min_size=4, max_size=4),
        "mode": st.sampled_from([EXCLUDE, CREDIT]),
    }
)


def chargeable(steps: int, currency: str) -> Decimal:
    step = amounts.charge_quantum(currency)
    return amounts.quantize(amounts.minimum_charge(currency).amount + step * steps, currency)


def make_bundle(spec: dict, currency: str, student):
    bundle = BundleFactory()
    for position, steps in enumerate(spec["course_steps"]):
        course = CourseFactory()
        CoursePrice.objects.create(course=course, currency=currency, amount=chargeable(steps, currency))
        BundleItem.objects.create(bundle=bundle, course=course, position=position)
        if spec["owned"][position]:
            enroll(student=student, course=course, source=Enrollment.Source.ADMIN)
    if spec["package_steps"] is not None:
        price = SessionPackagePriceFactory(currency=currency, amount=chargeable(spec["package_steps"], currency))
        BundleItem.objects.create(bundle=bundle, package=price.package, position=9)
    BundlePrice.objects.create(bundle=bundle, currency=currency, amount=chargeable(spec["bundle_steps"], currency))
    return bundle


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    currency=st.sampled_from(settings.FLUENTORY_CURRENCIES),
    spec=bundles,
    kind=coupon_kinds,
    tax_rate=st.sampled_from([Decimal(0), Decimal(5), Decimal(15), Decimal("7.75")]),
    include_tax=st.booleans(),
)
def test_bundle_totals_stay_chargeable_and_invoices_add_up(currency, spec, kind, tax_rate, include_tax, rates):
    step = amounts.charge_quantum(currency)
    student = UserFactory()
    bundle = make_bundle(spec, currency, student)
    TaxRate.objects.update_or_create(country="ZZ", defaults={"name": "VAT", "rate": tax_rate})
    coupon_kind, value = kind
    coupon = Coupon.objects.create(
        code=f"B{bundle.pk}", kind=coupon_kind, percent=value if coupon_kind == "percent" else None
    )
    if coupon_kind == "fixed":
        CouponAmount.objects.create(coupon=coupon, currency=currency, amount=amounts.quantize(step * value, currency))
    setting = {"COMMERCE_PRICES_INCLUDE_TAX": include_tax, "COMMERCE_BUNDLE_OWNED_COURSES": spec["mode"]}
    with override_settings(**setting):
        try:
            order = checkout.order_for(
                student=student,
                purchases=[BundleLine(bundle)],
                currency=currency,
                country="ZZ",
                coupon_code=coupon.code,
            )
        except coupons.CouponRefused as exc:
            assert exc.reason == "below_minimum"
            return
        except checkout.CheckoutRefused:  # only a buyer owning every course of a bundle without a package
            assert spec["package_steps"] is None and all(spec["owned"][: len(spec["course_steps"])])
            assert not Order.objects.filter(student=student).exists()
            return
        line = order.lines.get()
        assert sum(Decimal(part["share"]) for part in line.parts) == line.unit_price
        assert order.total >= 0 and 0 <= order.discount <= line.unit_price
        for figure in (line.unit_price, order.discount, order.subtotal, order.tax, order.total):
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
        lines_sum = sum(Decimal(row["total"]) for row in invoice.lines)
        assert lines_sum == (invoice.total if include_tax else invoice.subtotal)
        assert invoice.subtotal + invoice.tax == invoice.total == order.total
