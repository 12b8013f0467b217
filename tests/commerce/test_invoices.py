# ruff: noqa: S607  (runs the poppler and zbar command-line tools on files the test wrote)
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commerce.models import Invoice, Payment
from commerce.services import invoices, refunds
from core.money import Money

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def qr_codes(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(path), str(tmp_path / "page")], check=True)
    found = []
    for image in sorted(tmp_path.glob("page*.png")):
        result = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
        found += [line for line in result.stdout.splitlines() if line]
    return found


def test_invoice_pdf_shows_number_totals_and_tax(paid_order, tmp_path):
    invoice = Invoice.objects.get(order=paid_order)
    text = pdf_text(invoices.pdf_for(invoice), tmp_path)
    assert invoice.number in text
    assert "Simplified tax invoice" in text
    assert "VAT 15%" in text
    assert "48.91" in text and "326.09" in text and "375.00" in text
    assert "300000000000003" in text


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg (zbar-tools) is not installed")
def test_sar_invoice_qr_decodes_to_the_zatca_tlv_payload(paid_order, tmp_path):
    invoice = Invoice.objects.get(order=paid_order)
    (payload,) = qr_codes(invoices.pdf_for(invoice), tmp_path)
    assert payload == invoices.zatca_qr_payload(invoice)
    assert invoices.decode_tlv(payload) == {
        1: "Fluentory Language School",
        2: "300000000000003",
        3: invoice.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        4: "375.00",
        5: "48.91",
    }


def test_tlv_encoding_is_tag_length_utf8_value():
    assert invoices._tlv(1, "مدرسة") == bytes([1, 10]) + "مدرسة".encode()


def test_non_sar_invoices_carry_no_qr(course, student, tmp_path, refund_policy):
    from commerce.services import checkout, fulfilment

    order = checkout.order_for_course(student=student, course=course, currency="GBP", country="GB")
    fulfilment.record_payment(order=order, gateway="test", reference="test_gbp", amount=order.total_money)
    invoice = Invoice.objects.get(order=order)
    assert qr_codes(invoices.pdf_for(invoice), tmp_path) == []
    assert "Invoice" in pdf_text(invoices.pdf_for(invoice), tmp_path)


def test_arabic_invoice_renders_right_to_left(course, student, tmp_path):
    from commerce.services import checkout, fulfilment

    student.preferred_language = "ar"
    student.save()
    order = checkout.order_for_course(student=student, course=course, currency="SAR", country="SA")
    fulfilment.record_payment(order=order, gateway="test", reference="test_ar", amount=order.total_money)
    invoice = Invoice.objects.get(order=order)
    assert invoice.language == "ar"
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ar"):
        html = render_to_string("commerce/invoice_pdf.html", {"invoice": invoice, "direction": "rtl", "lines": []})
    assert 'dir="rtl"' in html
    text = pdf_text(invoices.pdf_for(invoice), tmp_path)
    assert invoice.number in text


def test_numbers_are_sequential_per_year_and_kind(paid_order, admin_user):
    payment = paid_order.payment
    invoice = Invoice.objects.get(kind="invoice")
    year = invoice.year
    assert invoice.number == f"INV-{year}-000001"
    refunds.issue_refund(payment=payment, amount=Money(Decimal("100.00"), "SAR"), reason="a", actor=admin_user)
    refunds.issue_refund(payment=payment, amount=Money(Decimal("50.00"), "SAR"), reason="b", actor=admin_user)
    notes = list(Invoice.objects.filter(kind="credit_note").order_by("sequence").values_list("number", flat=True))
    assert notes == [f"CN-{year}-000001", f"CN-{year}-000002"]


def test_credit_note_splits_tax_like_the_invoice(paid_order, admin_user):
    refund = refunds.issue_refund(
        payment=paid_order.payment, amount=Money(Decimal("115.00"), "SAR"), reason="r", actor=admin_user
    )
    note = refund.credit_note
    assert (note.total, note.tax, note.subtotal) == (Decimal("115.00"), Decimal("15.00"), Decimal("100.00"))


def test_financial_records_are_append_only(paid_order):
    invoice = Invoice.objects.get()
    payment = Payment.objects.get()
    payment.amount = Decimal("1")
    with pytest.raises(ValidationError):
        payment.save()
    with pytest.raises(ValidationError):
        invoice.save()
    with pytest.raises(ValidationError):
        invoice.delete()
    invoice.pdf = ""
    invoice.save(update_fields=["pdf"])  # the stored file may be filled in later


def test_issuing_twice_returns_the_same_invoice(paid_order):
    payment = paid_order.payment
    assert invoices.issue_invoice(payment=payment) == Invoice.objects.get()
