"""Webhook deliveries: POSTed by a worker, retried with exponential backoff until accepted or out of tries."""

from celery import shared_task

from api.models import WebhookDelivery
from api.services import webhooks


@shared_task(bind=True, max_retries=None)
def deliver_webhook(self, delivery_id: int) -> str:
    """Safe to run twice: a delivered or failed delivery is left alone (receivers deduplicate on the event id)."""
    delivery = (
        WebhookDelivery.objects.select_related("event", "endpoint")
        .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return "done"
    if not delivery.endpoint.active:
        return "endpoint inactive"
    if webhooks.attempt(delivery=delivery):
        return "delivered"
    if delivery.status == WebhookDelivery.Status.FAILED:
        return "failed"
    raise self.retry(countdown=webhooks.retry_delay(delivery.attempts))
