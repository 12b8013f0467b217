"""Where settings forbid the built-in test gateway (production), nobody pays through it."""

import pytest
from django.urls import reverse

from commerce.models import Order, PaymentAttempt
from commerce.services import checkout

pytestmark = pytest.mark.django_db


def test_checkout_refuses_the_test_gateway_where_it_is_not_allowed(settings, student, course, taxes):
    settings.COMMERCE_GATEWAYS = ["test"]
    settings.COMMERCE_TEST_GATEWAY_ALLOWED = False
    order = checkout.order_for_course(student=student, course=course, currency="USD")
    with pytest.raises(checkout.CheckoutRefused):
        checkout.start_payment(order=order, gateway_code="test", site_url=settings.SITE_URL)
    assert not PaymentAttempt.objects.exists()


def test_an_earlier_test_attempt_cannot_be_paid_once_the_gateway_is_withdrawn(settings, client, student, course, taxes):
    order = checkout.order_for_course(student=student, course=course, currency="USD")
    attempt = checkout.start_payment(order=order, gateway_code="test", site_url=settings.SITE_URL)
    settings.COMMERCE_TEST_GATEWAY_ALLOWED = False
    client.force_login(student)
    payment_page = reverse("commerce:test-gateway", args=[attempt.key])
    response = client.post(payment_page, {"outcome": "success"}, follow=True)
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status != Order.Status.PAID


def test_the_checkout_form_offers_no_test_gateway_where_it_is_not_allowed(settings, client, student, course, taxes):
    settings.COMMERCE_GATEWAYS = ["test"]
    settings.COMMERCE_TEST_GATEWAY_ALLOWED = False
    client.force_login(student)
    page = client.get(reverse("commerce:checkout-start", args=[course.slug])).content.decode()
    assert 'value="test"' not in page
