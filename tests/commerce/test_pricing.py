from decimal import Decimal

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from commerce import pricing
from commerce.amounts import charge_quantum, round_charge
from core.money import Money, exponent

from .factories import CourseFactory, CoursePriceFactory, ExchangeRateFactory

CURRENCIES = settings.FLUENTORY_CURRENCIES
amounts = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=4, allow_nan=False)


@given(amount=amounts, currency=st.sampled_from(CURRENCIES))
def test_rounded_prices_are_whole_steps_in_minor_units(amount, currency):
    rounded = pricing.round_price(amount, currency)
    step = pricing.rounding_step(currency)
    assert rounded % step == 0
    assert rounded >= step
    assert rounded == rounded.quantize(Decimal(1).scaleb(-exponent(currency)))
    assert abs(rounded - amount) <= step / 2 or rounded == step


@given(amount=amounts, currency=st.sampled_from(CURRENCIES))
def test_charges_round_to_what_stripe_can_charge(amount, currency):
    charged = round_charge(amount, currency)
    assert abs(charged - amount) <= charge_quantum(currency) / 2
    minor = Money(charged, currency).to_minor()
    if currency == "JOD":
        assert minor % 10 == 0


@given(minor=st.integers(min_value=0, max_value=10**9), currency=st.sampled_from(CURRENCIES))
def test_minor_units_round_trip_in_every_currency(minor, currency):
    money = Money.from_minor(minor, currency)
    assert money.to_minor() == minor
    assert money.amount.as_tuple().exponent >= -exponent(currency)


def test_jod_has_three_decimals_and_the_others_two():
    assert {code: exponent(code) for code in CURRENCIES} == {
        "USD": 2,
        "EUR": 2,
        "SAR": 2,
        "AED": 2,
        "JOD": 3,
        "GBP": 2,
    }


@given(
    amount=st.decimals(min_value=Decimal("1"), max_value=Decimal("50000"), places=2),
    rate=st.sampled_from([Decimal("0"), Decimal("5"), Decimal("15"), Decimal("20")]),
    include=st.booleans(),
    currency=st.sampled_from(CURRENCIES),
)
@hypothesis_settings(max_examples=200)
def test_totals_always_add_up(amount, rate, include, currency):
    amount = round_charge(amount, currency)
    figures = pricing.totals(amount=amount, currency=currency, tax_rate=rate, prices_include_tax=include)
    assert figures.subtotal + figures.tax == figures.total
    assert figures.tax >= 0
    assert (figures.total if include else figures.subtotal) == amount


@pytest.mark.django_db
def test_an_admin_price_wins_and_other_currencies_are_derived(rates):
    course = CourseFactory()
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("49.00"))
    CoursePriceFactory(course=course, currency="GBP", amount=Decimal("39.00"))
    gbp = pricing.offer_for(course=course, currency="GBP")
    assert gbp.price == Money(Decimal("39.00"), "GBP") and not gbp.is_derived
    sar = pricing.offer_for(course=course, currency="SAR")
    assert sar.is_derived
    assert sar.price == Money(Decimal("185.00"), "SAR")  # 49 * 3.75 = 183.75, nearest 5
    jod = pricing.offer_for(course=course, currency="JOD")
    assert jod.price == Money(Decimal("34.500"), "JOD")  # 49 * 0.709 = 34.741, nearest 0.5
    assert jod.price.format() == "JOD\u00a034.500"


@pytest.mark.django_db
def test_the_latest_rate_applies(rates):
    course = CourseFactory()
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("100"))
    ExchangeRateFactory(currency="EUR", rate=Decimal("0.50"))
    assert pricing.offer_for(course=course, currency="EUR").price.amount == Decimal("50.00")


@pytest.mark.django_db
def test_no_base_price_or_no_rate_means_no_offer():
    course = CourseFactory()
    assert pricing.offer_for(course=course, currency="USD") is None
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("10"))
    assert pricing.offer_for(course=course, currency="EUR") is None  # no EUR rate yet


@pytest.mark.django_db
def test_offers_take_two_queries_for_any_number_of_courses(rates, django_assert_num_queries):
    courses = CourseFactory.create_batch(30)
    for course in courses:
        CoursePriceFactory(course=course, currency="USD", amount=Decimal("20"))
    for currency in CURRENCIES:
        with django_assert_num_queries(1 if currency == "USD" else 2):
            offers = pricing.offers_for(courses=courses, currency=currency)
        assert len(offers) == 30


def test_offers_for_nothing_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert pricing.offers_for(courses=[], currency="USD") == {}
