"""Background work: invoice emails, abandoned checkouts, exchange-rate refresh. Each is safe to retry."""

from celery import shared_task
from django.utils import timezone

from .services import checkout, exchange_rates, gifts, invoice_emails
from .services.gifts import send_gift_email
from .services.invoice_emails import send_invoice

__all__ = [
    "mark_abandoned_checkouts",
    "refresh_exchange_rates",
    "send_due_gifts",
    "send_gift_email",
    "send_invoice",
    "send_stalled_invoices",
]


@shared_task
def send_due_gifts() -> int:
    """Every minute (beat): the gifts whose send date has come, and any whose email failed before."""
    return gifts.send_due()


@shared_task
def send_stalled_invoices() -> int:
    """Every few minutes (beat): queue again the invoice emails whose task was lost or whose worker died."""
    stalled = invoice_emails.stalled(now=timezone.now())
    for invoice_id in stalled:
        send_invoice.delay(invoice_id)
    return len(stalled)


@shared_task
def mark_abandoned_checkouts() -> int:
    return checkout.mark_abandoned()


@shared_task(bind=True, max_retries=3, default_retry_delay=300)
def refresh_exchange_rates(self) -> int:
    try:
        return exchange_rates.refresh_from_provider()
    except exchange_rates.ProviderError as exc:
        raise self.retry(exc=exc) from exc


@shared_task
def refresh_recommendation_rollups() -> None:
    """Rebuild the co-enrollment and popularity counts suggestions read; a rerun gives the same tables."""
    from .recommendations import rollups

    rollups.refresh()
