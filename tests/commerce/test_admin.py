from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from commerce.models import CoursePrice, ExchangeRate, Invoice, RefundRequest
from commerce.services import refunds
from learning.models import Enrollment

pytestmark = pytest.mark.django_db

# Each screen's heading and what the paid order and the fixtures behind it put in its rows (None: no rows).
SCREENS = {
    "commerce_price_grid:index": ("Course prices", "Arabic for beginners"),
    "commerce_refund_requests:index": ("Refund requests", "Nothing is waiting."),
    "commerce_course_prices:index": ("Course prices", "Arabic for beginners"),
    "commerce_exchange_rates:index": ("Exchange rates", "SAR"),
    "commerce_tax_rates:index": ("Tax rates", "SA"),
    "commerce_refund_policies:index": ("Refund policies", "Default: 14 days, full refund"),
    "commerce_orders:index": ("Orders", "{order}"),
    "commerce_payments:index": ("Payments", "{order}"),
    "commerce_invoices:index": ("Invoices", "{invoice}"),
    "commerce_refunds:index": ("Refunds", None),
    "commerce_disputes:index": ("Disputes", None),
    "commerce_webhook_events:index": ("Webhook events", None),
}


@pytest.mark.parametrize("name", SCREENS)
def test_admins_open_every_commerce_screen(client, admin_user, paid_order, name):
    heading, shown = SCREENS[name]
    client.force_login(admin_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert heading in [h.get_text(strip=True) for h in soup.select("h1, h2")]
    rows = [row.get_text(" ", strip=True).split() for row in soup.select("tbody tr")]
    if shown is None:
        assert rows == []
    else:
        shown = shown.format(order=paid_order.reference, invoice=Invoice.objects.get(order=paid_order).number)
        assert any(" ".join(row).startswith(shown) for row in rows), rows


@pytest.mark.parametrize("role", ["student", "teacher", "partner"])
def test_no_one_else_gets_in(client, role, request, paid_order):
    client.force_login(request.getfixturevalue(role))
    for name in ("commerce_price_grid:index", "commerce_refund_requests:index", "commerce_payments:index"):
        response = client.get(reverse(name))
        assert response.status_code in {302, 403}
        assert paid_order.reference not in response.content.decode()


def test_price_grid_marks_derived_prices(client, admin_user, course):
    client.force_login(admin_user)
    body = client.get(reverse("commerce_price_grid:index")).content.decode()
    assert "derived" in body and "375.00" in body


def test_exchange_rates_are_added_never_edited(client, admin_user, rates):
    client.force_login(admin_user)
    rate = ExchangeRate.objects.get(currency="SAR")
    response = client.post(
        reverse("commerce_exchange_rates:add"),
        {"currency": "SAR", "rate": "3.80", "effective_at": "2026-01-01 00:00", "source": "admin"},
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.filter(currency="SAR").count() == 2
    assert client.get(reverse("commerce_exchange_rates:edit", args=[rate.pk])).status_code in {302, 403}


def test_admin_sets_a_price_and_bad_decimals_are_refused(client, admin_user, course):
    client.force_login(admin_user)
    url = reverse("commerce_course_prices:add")
    response = client.post(url, {"course": course.pk, "currency": "JOD", "amount": "10.0005"})
    assert response.status_code == 200 and not CoursePrice.objects.filter(currency="JOD").exists()
    response = client.post(url, {"course": course.pk, "currency": "JOD", "amount": "10.500"})
    assert response.status_code == 302
    assert CoursePrice.objects.get(currency="JOD").amount == Decimal("10.500")


def test_payments_cannot_be_edited_in_the_admin(client, admin_user, paid_order):
    client.force_login(admin_user)
    payment = paid_order.payment
    assert client.get(reverse("commerce_payments:edit", args=[payment.pk])).status_code in {302, 403}
    inspected = client.get(reverse("commerce_payments:inspect", args=[payment.pk]))
    assert inspected.status_code == 200
    assert (
        BeautifulSoup(inspected.content, "html.parser").title.get_text().startswith(f"Inspect: {paid_order.reference}")
    )
    assert payment.reference in inspected.content.decode()


def test_admin_approves_overrides_and_rejects_in_the_admin(client, admin_user, paid_order, student):
    request = refunds.request_refund(payment=paid_order.payment, student=student, reason="changed my mind")
    client.force_login(admin_user)
    url = reverse("commerce_refund_requests:decide", args=[request.pk])
    assert "changed my mind" in client.get(url).content.decode()
    response = client.post(url, {"decision": "override", "amount": "lots", "note": "x"})
    assert response.status_code == 400 and "as a number" in response.content.decode()
    response = client.post(url, {"decision": "override", "amount": "400", "note": "x"})
    assert response.status_code == 400 and "At most" in response.content.decode()
    response = client.post(url, {"decision": "override", "amount": "375.00", "note": "Full, as a courtesy"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RefundRequest.Status.REFUNDED
    assert Enrollment.objects.get().status == Enrollment.Status.REFUNDED
    assert client.post(url, {"decision": "reject", "note": "late"}).status_code == 400  # already decided


def test_admins_hear_about_refund_requests(paid_order, student, admin_user):
    from notifications.models import Notification

    request = refunds.request_refund(payment=paid_order.payment, student=student, reason="not for me")
    note = Notification.objects.get(user=admin_user, kind="commerce.refund_requested")
    assert note.url == reverse("commerce_refund_requests:decide", args=[request.pk])


def test_deploy_check_warns_about_the_test_gateway(settings):
    from commerce.checks import gateways_for_production

    settings.COMMERCE_GATEWAYS = ["test"]
    assert [w.id for w in gateways_for_production(None)] == ["commerce.W001"]
    settings.COMMERCE_GATEWAYS = ["stripe"]
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert [w.id for w in gateways_for_production(None)] == ["commerce.W002"]


def test_rate_and_tax_forms_refuse_bad_input(client, admin_user):
    from commerce.models import TaxRate

    client.force_login(admin_user)
    response = client.post(
        reverse("commerce_exchange_rates:add"),
        {"currency": "USD", "rate": "1", "effective_at": "2026-01-01 00:00", "source": "admin"},
    )
    assert response.status_code == 200 and not ExchangeRate.objects.exists()
    response = client.post(
        reverse("commerce_exchange_rates:add"),
        {"currency": "SAR", "rate": "-1", "effective_at": "2026-01-01 00:00", "source": "admin"},
    )
    assert response.status_code == 200 and not ExchangeRate.objects.exists()
    response = client.post(
        reverse("commerce_tax_rates:add"), {"country": "1x", "name": "VAT", "rate": "15", "active": "on"}
    )
    assert response.status_code == 200 and not TaxRate.objects.exists()
