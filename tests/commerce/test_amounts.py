"""Every amount sent to a gateway is one it accepts; a free course enrolls without a payment."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.middleware import CURRENCY_SESSION_KEY
from commerce import amounts, pricing
from commerce.gateways import GatewayError
from commerce.gateways.stripe import stripe_amount
from commerce.models import CoursePrice, HeldPayment, Order, Payment
from core.money import Money
from learning.models import Enrollment

from .factories import CourseFactory, CoursePriceFactory

CURRENCIES = settings.FLUENTORY_CURRENCIES


def use_currency(client, code):
    session = client.session
    session[CURRENCY_SESSION_KEY] = code
    session.save()


@given(
    amount=st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=4),
    currency=st.sampled_from(CURRENCIES),
)
def test_a_rounded_charge_is_sent_as_is_or_refused_as_below_the_minimum(amount, currency):
    money = Money(amounts.round_charge(amount, currency), currency)
    if money.amount < amounts.minimum_charge(currency).amount:
        with pytest.raises(GatewayError, match="start at"):
            stripe_amount(money)
        return
    minor = stripe_amount(money)
    assert Money.from_minor(minor, currency) == money
    if currency == "JOD":
        assert minor % 10 == 0


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("12.345", "JOD"), ("20.005", "USD"), ("0.49", "USD"), ("0.29", "GBP"), ("1.99", "AED"), ("0.490", "JOD")],
)
def test_amounts_a_gateway_would_refuse_never_reach_it(amount, currency):
    with pytest.raises(GatewayError):
        stripe_amount(Money(Decimal(amount), currency))


def test_a_refund_below_the_minimum_charge_is_still_sent():
    assert stripe_amount(Money(Decimal("0.20"), "USD"), charge=False) == 20
    with pytest.raises(GatewayError):
        stripe_amount(Money(Decimal("0.205"), "USD"), charge=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "currency", "accepted"),
    [
        ("0", "USD", True),
        ("49.00", "USD", True),
        ("34.500", "JOD", True),
        ("34.505", "JOD", False),  # Stripe takes JOD in steps of 0.010
        ("0.20", "USD", False),  # below Stripe's USD 0.50 minimum
        ("1.50", "AED", False),
        ("-5", "USD", False),
    ],
)
def test_the_admin_accepts_only_prices_a_gateway_can_charge(amount, currency, accepted):
    price = CoursePrice(course=CourseFactory(), currency=currency, amount=Decimal(amount))
    if accepted:
        price.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            price.full_clean()
        assert "amount" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("currency", CURRENCIES)
def test_a_free_course_is_free_in_every_currency(rates, currency):
    course = CourseFactory()
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("0"))
    assert pricing.offer_for(course=course, currency=currency).price.amount == 0


@pytest.mark.django_db
def test_a_free_course_enrolls_the_student_without_any_payment(client, student, rates):
    course = CourseFactory(slug="free-taster")
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("0"))
    client.force_login(student)
    use_currency(client, "EUR")
    page = client.get(reverse("commerce:checkout-start", args=[course.slug])).content.decode()
    assert "Enroll for free" in page and "€" not in page
    response = client.post(reverse("commerce:checkout-start", args=[course.slug]), {"gateway": "test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:course", args=[course.slug])
    enrollment = Enrollment.objects.get(student=student, course=course)
    assert enrollment.source == Enrollment.Source.FREE
    assert not Order.objects.exists() and not Payment.objects.exists()


@pytest.mark.django_db
def test_a_total_below_the_gateway_minimum_is_refused_at_checkout(client, student, rates):
    course = CourseFactory(slug="tiny")
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("0.30"))  # older than the admin's check
    client.force_login(student)
    use_currency(client, "USD")
    response = client.post(reverse("commerce:checkout-start", args=[course.slug]), {"gateway": "test"})
    assert response.status_code == 400
    assert "Card payments in USD start at $0.50" in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_paying_a_zero_order_left_from_before_is_held_not_a_500(client, student, rates):
    course = CourseFactory(slug="legacy-zero")
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("0"))
    order = Order.objects.create(
        student=student, cart_key=f"course:{course.pk}", currency="USD", subtotal=0, tax=0, total=0
    )
    attempt = order.attempts.create(gateway="test", amount=0, currency="USD")
    client.force_login(student)
    response = client.post(reverse("commerce:test-gateway", args=[attempt.key]), {"outcome": "success"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not Payment.objects.exists()
    assert HeldPayment.objects.get(order=order).amount == 0


@pytest.mark.django_db
def test_the_admin_form_says_why_a_price_cannot_be_charged(client, admin_user):
    course = CourseFactory()
    client.force_login(admin_user)
    response = client.post(
        reverse("commerce_course_prices:add"), {"course": course.pk, "currency": "JOD", "amount": "12.345"}
    )
    assert response.status_code == 200
    assert "amounts in JOD go in steps of 0.010" in response.content.decode()
    assert not CoursePrice.objects.exists()
