"""Invoice and credit-note emails are never left unsent, and never sent twice.

`tasks.send_invoice` claims an invoice by setting `emailed_at`. A beat task queues again the invoices whose
task was lost (the broker was down at commit, or Celery's retries ran out) and those whose worker died
mid-send (claimed longer ago than LEASE, yet not in the outbox). The outbox keeps each message's Message-ID:
it says whether a message went out, and how many attempts failed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

from notifications import delivery
from notifications.models import OutboxEmail

from ..models import Invoice

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
