"""Amounts on pages and in the admin read the same way as `Money.format()`, in English and Arabic."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from commerce.models import Refund
from commerce.services import checkout, fulfilment, refunds
from core.money import Money

from .factories import CourseFactory, CoursePriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jod_order(student, rates, taxes):
    course = CourseFactory(slug="jod-course")
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("49.00"))
    order = checkout.order_for_course(student=student, course=course, currency="JOD", country="JO")
    fulfilment.record_payment(order=order, gateway="test", reference="test_pi_jod", amount=order.total_money)
    order.refresh_from_db()
    return order


def in_arabic(client):
    client.cookies["django_language"] = "ar"
    return {"HTTP_ACCEPT_LANGUAGE": "ar"}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_order_page_shows_every_amount_with_the_currency_s_own_decimals(client, jod_order, language):
    client.force_login(jod_order.student)
    headers = in_arabic(client) if language == "ar" else {}
    body = client.get(reverse("commerce:order-detail", args=[jod_order.reference]), **headers).content.decode()
    price = Money(Decimal("34.500"), "JOD").format(language)
    assert body.count(price) >= 3  # the line, the total and the invoice
    assert "34,500" not in body and "34.500 JOD" not in body


def test_the_test_gateway_page_shows_the_formatted_amount(client, student, course):
    client.force_login(student)
    order = checkout.order_for_course(student=student, course=course, currency="USD")
    attempt = checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    body = client.get(attempt.redirect_url).content.decode()
    assert "$100.00" in body and "100.000" not in body


def test_the_admin_lists_amounts_formatted(client, admin_user, jod_order):
    client.force_login(admin_user)
    body = client.get(reverse("commerce_orders:index")).content.decode()
    assert "JOD\u00a034.500" in body
    assert not re.search(r">\s*34\.500\s*<", body)  # never a bare amount beside a separate currency column


def test_a_refund_with_more_decimals_than_the_currency_is_refused_and_nothing_is_stored(paid_order, admin_user):
    payment = paid_order.payment
    with pytest.raises(refunds.RefundRefused, match=r"steps of 0\.01"):
        refunds.issue_refund(payment=payment, amount=Money(Decimal("20.005"), "SAR"), reason="typo", actor=admin_user)
    assert not Refund.objects.exists()


def test_a_financial_record_never_stores_more_decimals_than_its_currency(paid_order):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Refund.objects.create(
            payment=paid_order.payment, gateway="test", reference="re_x", amount=Decimal("20.005"), currency="SAR"
        )
