"""Invoices and credit notes: gap-free numbers per year, frozen details, PDF with the ZATCA QR for SAR."""

from __future__ import annotations

import base64
from datetime import UTC
from decimal import Decimal

from babel import Locale
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.money import Money
from core.qr import qr_data_uri

from ..amounts import round_charge
from ..models import Invoice, InvoiceSequence, Payment, Refund

PREFIXES = {Invoice.Kind.INVOICE: "INV", Invoice.Kind.CREDIT_NOTE: "CN"}
LEGACY_REFUND_PREFIX = "Refund: "


def next_sequence(*, kind: str, year: int) -> int:
    """Take the next number; the caller's transaction holds the row lock until the document is written."""
    assert transaction.get_connection().in_atomic_block, "numbers are taken inside the issuing transaction"
    try:
        with transaction.atomic():
            sequence, _created = InvoiceSequence.objects.select_for_update().get_or_create(kind=kind, year=year)
    except IntegrityError:  # another transaction created this year's row first
        sequence = InvoiceSequence.objects.select_for_update().get(kind=kind, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _buyer(order) -> dict:
    student = order.student
    return {"name": student.name, "email": student.email, "country": order.country}


def _create(*, kind, payment: Payment, refund: Refund | None, subtotal, tax, total, lines) -> Invoice:
    order = payment.order
    issued_at = timezone.now()
    year = issued_at.astimezone(UTC).year
    sequence = next_sequence(kind=kind, year=year)
    return Invoice.objects.create(
        kind=kind,
        year=year,
        sequence=sequence,
        number=f"{PREFIXES[kind]}-{year}-{sequence:06d}",
        order=order,
        payment=payment,
        refund=refund,
        issued_at=issued_at,
        language=order.student.preferred_language or settings.LANGUAGE_CODE,
        currency=payment.currency,
        subtotal=subtotal,
        tax=tax,
        total=total,
        tax_name=order.tax_name,
        tax_rate=order.tax_rate,
        seller=dict(settings.COMMERCE_SELLER),
        buyer=_buyer(order),
        lines=lines,
    )


@transaction.atomic
def issue_invoice(*, payment: Payment) -> Invoice:
    """The payment's invoice, issued once."""
    existing = Invoice.objects.filter(payment=payment, kind=Invoice.Kind.INVOICE).first()
    if existing:
        return existing
    order = payment.order
    lines = [
        {
            "description": line.description,
            "quantity": line.quantity,
            "unit_price": str(line.unit_price),
            "total": str(line.total),
        }
        for line in order.lines.all()
    ]
    if order.discount:
        # The lines then add up to what tax was worked out on: the code's discount is taken before tax.
        lines.append(
            {
                "description": order.coupon.code,
                "discount": True,
                "quantity": 1,
                "unit_price": str(-order.discount),
                "total": str(-order.discount),
            }
        )
    if order.account_credit:
        lines.append(
            {
                "description": "",
                "account_credit": True,
                "quantity": 1,
                "unit_price": str(-order.account_credit),
                "total": str(-order.account_credit),
            }
        )
    return _create(
        kind=Invoice.Kind.INVOICE,
        payment=payment,
        refund=None,
        subtotal=order.subtotal,
        tax=order.tax,
        total=order.total,
        lines=lines,
    )


@transaction.atomic
def issue_credit_note(*, refund: Refund) -> Invoice:
    """A credit note for a refund, tax split in the same proportion as the invoice."""
    existing = Invoice.objects.filter(refund=refund).first()
    if existing:
        return existing
    payment = refund.payment
    order = payment.order
    share = refund.amount / order.total if order.total else Decimal(1)
    tax = round_charge(order.tax * share, refund.currency) if order.tax else Decimal(0)
    tax = min(tax, refund.amount)
    lines = [
        {
            "description": line.description,
            "refund": True,
            "quantity": 1,
            "unit_price": str(refund.amount),
            "total": str(refund.amount),
        }
        for line in order.lines.all()[:1]
    ]
    return _create(
        kind=Invoice.Kind.CREDIT_NOTE,
        payment=payment,
        refund=refund,
        subtotal=refund.amount - tax,
        tax=tax,
        total=refund.amount,
        lines=lines,
    )


def _tlv(tag: int, value: str) -> bytes:
    data = value.encode("utf-8")
    if len(data) > 255:
        raise ValueError("TLV values are at most 255 bytes")
    return bytes([tag, len(data)]) + data


def zatca_qr_payload(invoice: Invoice) -> str:
    """Saudi simplified tax invoice QR: seller, VAT number, timestamp, total with VAT, VAT; TLV then base64."""
    timestamp = invoice.issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    payload = b"".join(
        [
            _tlv(1, invoice.seller["name"]),
            _tlv(2, invoice.seller["vat_number"]),
            _tlv(3, timestamp),
            _tlv(4, f"{invoice.total:.2f}"),
            _tlv(5, f"{invoice.tax:.2f}"),
        ]
    )
    return base64.b64encode(payload).decode("ascii")


def decode_tlv(payload: str) -> dict[int, str]:
    raw = base64.b64decode(payload)
    fields, index = {}, 0
    while index < len(raw):
        tag, length = raw[index], raw[index + 1]
        fields[tag] = raw[index + 2 : index + 2 + length].decode("utf-8")
        index += 2 + length
    return fields


def needs_zatca_qr(invoice: Invoice) -> bool:
    return invoice.currency == "SAR"


def line_description(line: dict) -> str:
    """A line in the invoice's language; credit notes issued before lines carried `refund` kept an English prefix."""
    description = line["description"]
    if line.get("account_credit"):
        return gettext("Account credit")
    if line.get("discount"):
        return gettext("Discount (code %(code)s)") % {"code": description}
    if line.get("refund") or description.startswith(LEGACY_REFUND_PREFIX):
        return gettext("Refund: %(item)s") % {"item": description.removeprefix(LEGACY_REFUND_PREFIX)}
    return description


def render_html(invoice: Invoice) -> str:
    """The document in its own language and in UTC, whatever language and zone the caller has active."""
    language = invoice.language.split("-")[0]
    with translation.override(invoice.language):
        context = {
            "invoice": invoice,
            "direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
            "buyer_country": Locale.parse(language).territories.get(invoice.buyer.get("country") or "", ""),
            "lines": [
                {
                    **line,
                    "description": line_description(line),
                    "unit_price": Money(Decimal(line["unit_price"]), invoice.currency),
                    "total": Money(Decimal(line["total"]), invoice.currency),
                }
                for line in invoice.lines
            ],
            "subtotal": invoice.money("subtotal"),
            "tax": invoice.money("tax"),
            "total": invoice.money("total"),
            "qr": qr_data_uri(zatca_qr_payload(invoice)) if needs_zatca_qr(invoice) else "",
        }
        return render_to_string("commerce/invoice_pdf.html", context)


def html_to_pdf(html: str) -> bytes:
    """A printable document (invoice, credit note, partner statement) as PDF."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_pdf(invoice: Invoice) -> bytes:
    return html_to_pdf(render_html(invoice))


def pdf_for(invoice: Invoice) -> bytes:
    """The stored PDF, rendered and stored on first use."""
    if invoice.pdf:
        with invoice.pdf.open("rb") as handle:
            return handle.read()
    content = render_pdf(invoice)
    updated = Invoice.objects.get(pk=invoice.pk)
    if not updated.pdf:
        updated.pdf.save(f"{invoice.number}.pdf", ContentFile(content), save=False)
        updated.save(update_fields=["pdf"])
        invoice.pdf = updated.pdf
    return content
