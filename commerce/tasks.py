"""Background work: invoice emails, abandoned checkouts, exchange-rate refresh. Each is safe to retry."""

from celery import shared_task
from django.urls import reverse
from django.utils import timezone, translation

from core.site_url import absolute_url

from .models import Invoice


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_invoice(self, invoice_id: int) -> None:
    """Email an invoice or credit note with its PDF, once: the guarded update claims it first."""
    from notifications import delivery
    from notifications.email_templates import render_email

    from .services import invoice_emails, invoices

    claimed = Invoice.objects.filter(pk=invoice_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return
    invoice = Invoice.objects.select_related("order__student").get(pk=invoice_id)
    message_id = invoice_emails.message_id_for(invoice)
    if delivery.already_sent(message_id=message_id):  # the last worker sent it, then died
        return
    student = invoice.order.student
    try:
        content = invoices.pdf_for(invoice)
        with translation.override(invoice.language):  # the amount is written the reader's way
            email = render_email(
                key="refund.issued" if invoice.kind == Invoice.Kind.CREDIT_NOTE else "invoice.issued",
                language=invoice.language,
                context={
                    "name": student.name,
                    "number": invoice.number,
                    "amount": invoice.money("total").format(),
                    "order": invoice.order.reference,
                    "link": absolute_url(reverse("commerce:purchases")),
                },
            )
        message = email.message(to=[student.email], headers={"Message-ID": message_id})
        message.attach(f"{invoice.number}.pdf", content, "application/pdf")
        message.send()
    except Exception as exc:
        Invoice.objects.filter(pk=invoice_id).update(emailed_at=None)
        raise self.retry(exc=exc) from exc


@shared_task
def send_stalled_invoices() -> int:
    """Every few minutes (beat): queue again the invoice emails whose task was lost or whose worker died."""
    from .services import invoice_emails

    stalled = invoice_emails.stalled(now=timezone.now())
    for invoice_id in stalled:
        send_invoice.delay(invoice_id)
    return len(stalled)


@shared_task
def mark_abandoned_checkouts() -> int:
    from .services.checkout import mark_abandoned

    return mark_abandoned()


@shared_task(bind=True, max_retries=3, default_retry_delay=300)
def refresh_exchange_rates(self) -> int:
    from .services import exchange_rates

    try:
        return exchange_rates.refresh_from_provider()
    except exchange_rates.ProviderError as exc:
        raise self.retry(exc=exc) from exc


@shared_task
def refresh_recommendation_rollups() -> None:
    """Rebuild the co-enrollment and popularity counts suggestions read; a rerun gives the same tables."""
    from .recommendations import rollups

    rollups.refresh()
