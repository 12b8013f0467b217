"""An invoice prints its issue time in the zone it names and every label in its own language."""

# ruff: noqa: S607  (runs poppler's pdftotext on a file the test wrote)
import subprocess
from datetime import UTC
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from commerce.models import Invoice
from commerce.services import checkout, fulfilment, invoices, refunds
from core.money import Money

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_invoices(course, student, taxes, refund_policy, admin_user):
    student.preferred_language = "ar"
    student.save()
    order = checkout.order_for_course(student=student, course=course, currency="SAR", country="SA")
    payment = fulfilment.record_payment(order=order, gateway="test", reference="test_ar", amount=order.total_money)
    refunds.issue_refund(payment=payment, amount=Money(Decimal("100.00"), "SAR"), reason="x", actor=admin_user)
    return Invoice.objects.get(kind="invoice"), Invoice.objects.get(kind="credit_note")


@pytest.mark.parametrize("zone", ["Asia/Riyadh", "America/Los_Angeles", "UTC"])
def test_the_printed_issue_time_is_in_utc_whatever_zone_renders_it(paid_order, tmp_path, zone):
    invoice = Invoice.objects.get(order=paid_order)
    printed = invoice.issued_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    with timezone.override(zone), translation.override("en"):  # a web request in the buyer's zone, or a worker
        pdf = invoices.render_pdf(invoice)
    path = tmp_path / "invoice.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert f"{printed} UTC" in text


def test_an_arabic_invoice_translates_tax_and_country(arabic_invoices):
    invoice, _credit_note = arabic_invoices
    with translation.override("en"):  # whoever renders it, the document keeps its own language
        html = invoices.render_html(invoice)
    assert "ضريبة القيمة المضافة 15%" in html
    assert "المملكة العربية السعودية" in html
    assert ">VAT" not in html and "<br>SA" not in html


def test_an_arabic_credit_note_translates_its_lines(arabic_invoices):
    _invoice, credit_note = arabic_invoices
    html = invoices.render_html(credit_note)
    assert "استرداد: Arabic for beginners" in html
    assert "Refund:" not in html


def test_an_old_credit_note_with_an_english_prefix_is_still_translated():
    line = {"description": "Refund: Arabic for beginners", "quantity": 1, "unit_price": "1", "total": "1"}
    with translation.override("ar"):
        assert invoices.line_description(line) == "استرداد: Arabic for beginners"
