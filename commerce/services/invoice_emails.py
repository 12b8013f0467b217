"""Invoice and credit-note emails are never left unsent, and never sent twice.

`send_invoice` claims an invoice by setting `emailed_at`. A beat task queues again the invoices whose
task was lost (the broker was down at commit, or Celery's retries ran out) and those whose worker died
mid-send (claimed longer ago than LEASE, yet not in the outbox). The outbox keeps each message's Message-ID:
it says whether a message went out, and how many attempts failed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from core.site_url import absolute_url
from notifications import delivery
from notifications.email_templates import render_email
from notifications.models import OutboxEmail

from ..models import Invoice
from . import invoices

LEASE = timedelta(minutes=10)
STALLED_AFTER = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(days=2)  # older ones are left to an admin, who sees the failures in the Email outbox
MAX_ATTEMPTS = 5


def message_id_for(invoice: Invoice) -> str:
    return delivery.message_id(f"invoice-{invoice.pk}")


def stalled(*, now: datetime) -> list[int]:
    """Release the lapsed claims and answer the invoices to send again, oldest first."""
    recent = Invoice.objects.filter(issued_at__gte=now - GIVE_UP_AFTER)
    candidates = recent.filter(
        Q(emailed_at__isnull=True, issued_at__lt=now - STALLED_AFTER) | Q(emailed_at__lt=now - LEASE)
    ).order_by("issued_at")[:500]
    ids = {message_id_for(invoice): invoice for invoice in candidates}
    sent, failures = set(), {}
    for message_id, status in OutboxEmail.objects.filter(message_id__in=ids).values_list("message_id", "status"):
        if status == OutboxEmail.Status.SENT:
            sent.add(message_id)
        else:
            failures[message_id] = failures.get(message_id, 0) + 1
    again = []
    for message_id, invoice in ids.items():
        if message_id in sent or failures.get(message_id, 0) >= MAX_ATTEMPTS:
            continue
        if invoice.emailed_at is None or Invoice.objects.filter(pk=invoice.pk, emailed_at=invoice.emailed_at).update(
            emailed_at=None
        ):
            again.append(invoice.pk)
    return again


def send_after_commit(invoice: Invoice) -> None:
    # Robust: a broker that is down must not fail the payment or refund; the sweep sends it later.
    transaction.on_commit(lambda: send_invoice.delay(invoice.pk), robust=True)


# Defined beside the sending rules (not in commerce.tasks) so that the services which issue invoices can queue
# it without importing the task module, which imports them; the name stays the one queued messages carry.
@shared_task(bind=True, max_retries=5, default_retry_delay=60, name="commerce.tasks.send_invoice")
def send_invoice(self, invoice_id: int) -> None:
    """Email an invoice or credit note with its PDF, once: the guarded update claims it first."""
    claimed = Invoice.objects.filter(pk=invoice_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return
    invoice = Invoice.objects.select_related("order__student").get(pk=invoice_id)
    message_id = message_id_for(invoice)
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
