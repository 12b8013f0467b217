"""Outgoing webhooks: funnel events become signed POSTs to the endpoints that subscribe to them.

Each event is stored once with a UUID that every retry and replay repeats, so receivers deduplicate on it.
A partner's endpoints receive only events about their own referrals: orders sold through their link or code,
and what happens to students who bought through them.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import analytics
from api.models import OutgoingEvent, WebhookDelivery, WebhookEndpoint
from commerce.models import Order

# Funnel event → the event type receivers see.
EVENT_TYPES = {
    "enrolled": "enrollment.created",
    "payment_succeeded": "payment.succeeded",
    "payment_failed": "payment.failed",
    "refund_issued": "refund.issued",
    "booking_made": "booking.created",
    "booking_rescheduled": "booking.rescheduled",
    "booking_cancelled": "booking.cancelled",
    "certificate_issued": "certificate.issued",
    "certificate_revoked": "certificate.revoked",
}
EVENT_LABELS = {
    "enrollment.created": gettext_lazy("A student was enrolled in a course"),
    "payment.succeeded": gettext_lazy("A payment succeeded"),
    "payment.failed": gettext_lazy("A payment failed"),
    "refund.issued": gettext_lazy("A refund was issued"),
    "booking.created": gettext_lazy("A live session was booked"),
    "booking.rescheduled": gettext_lazy("A booking was moved"),
    "booking.cancelled": gettext_lazy("A booking was cancelled"),
    "certificate.issued": gettext_lazy("A certificate was issued"),
    "certificate.revoked": gettext_lazy("A certificate was revoked"),
}
SIGNATURE_HEADER = "Fluentory-Signature"
MAX_ENDPOINTS_PER_PARTNER = 10


class WebhookRefused(Exception):
    pass


def event_choices() -> list[tuple[str, str]]:
    return [(name, f"{name}: {label}") for name, label in EVENT_LABELS.items()]


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: `t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>" in hex>`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def check_url(url: str) -> str:
    """An https address on the public internet (loopback and private hosts only where the settings allow)."""
    parts = urlsplit(url or "")
    allow_private = settings.API_WEBHOOK_ALLOW_PRIVATE_HOSTS
    if parts.scheme not in (("https", "http") if allow_private else ("https",)) or not parts.hostname:
        raise WebhookRefused(_("Give an https:// address."))
    if not allow_private:
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
        except (OSError, UnicodeError):
            raise WebhookRefused(_("This host name does not resolve.")) from None
        if any(not ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses):
            raise WebhookRefused(_("Give an address on the public internet."))
    return url


@transaction.atomic
def create_endpoint(*, url: str, events, partner=None, description: str = "") -> tuple[WebhookEndpoint, str]:
    """The endpoint and its signing secret, shown once."""
    url = check_url((url or "").strip())
    try:
        WebhookEndpoint._meta.get_field("url").clean(url, None)
    except ValidationError:
        raise WebhookRefused(_("Give an https:// address.")) from None
    events = [name for name in dict.fromkeys(events or []) if name in EVENT_LABELS]
    if not events:
        raise WebhookRefused(_("Choose at least one event."))
    if partner is not None:
        if not partner.is_partner:
            raise WebhookRefused(_("Only partners register webhook endpoints here."))
        if WebhookEndpoint.objects.filter(partner=partner).count() >= MAX_ENDPOINTS_PER_PARTNER:
            raise WebhookRefused(
                _("You have %(count)s endpoints, the most allowed; remove one first.")
                % {"count": MAX_ENDPOINTS_PER_PARTNER}
            )
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    endpoint = WebhookEndpoint.objects.create(
        partner=partner, url=url, events=events, secret=secret, description=(description or "").strip()[:200]
    )
    return endpoint, secret


def remove_endpoint(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


def _partners_concerned(event) -> list[int]:
    """Partners credited with the event's order, else with a paid order of the event's student."""
    reference = event.properties.get("order")
    if reference:
        partner_id = Order.objects.filter(reference=str(reference)).values_list("partner_id", flat=True).first()
        return [partner_id] if partner_id else []
    if event.user_id is None:
        return []
    return sorted(
        set(
            Order.objects.filter(student_id=event.user_id, partner__isnull=False, status=Order.Status.PAID)
            .values_list("partner_id", flat=True)
            .order_by()
        )
    )


def record(event, request=None) -> OutgoingEvent | None:
    """Listener for the funnel events in EVENT_TYPES: store the outgoing event and queue its deliveries."""
    event_type = EVENT_TYPES[event.name]
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(active=True) if event_type in endpoint.events]
    if not endpoints:
        return None
    partner_ids = _partners_concerned(event)
    targets = [e for e in endpoints if e.partner_id is None or e.partner_id in partner_ids]
    if not targets:
        return None
    data = {"student": event.user_id, **event.properties}
    try:
        with transaction.atomic():
            outgoing = OutgoingEvent.objects.create(
                type=event_type, source_event=event, data=data, partner_ids=partner_ids, created_at=event.occurred_at
            )
    except IntegrityError:  # this funnel event was recorded already
        return None
    deliveries = WebhookDelivery.objects.bulk_create(WebhookDelivery(event=outgoing, endpoint=e) for e in targets)
    for delivery in deliveries:
        queue(delivery)
    return outgoing


def queue(delivery: WebhookDelivery) -> None:
    from api.tasks import deliver_webhook

    transaction.on_commit(lambda: deliver_webhook.delay(delivery.pk), robust=True)


def body_for(event: OutgoingEvent) -> bytes:
    payload = {"id": str(event.id), "type": event.type, "created": event.created_at.isoformat(), "data": event.data}
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def attempt(*, delivery: WebhookDelivery) -> bool:
    """POST the delivery once, record the attempt; True when the receiver accepted it (2xx)."""
    import requests

    endpoint, event = delivery.endpoint, delivery.event
    body = body_for(event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Fluentory-Webhooks/1",
        SIGNATURE_HEADER: sign(secret=endpoint.secret, timestamp=int(time.time()), body=body),
        "Fluentory-Event-Id": str(event.id),
        "Fluentory-Event-Type": event.type,
    }
    number = delivery.attempts + 1
    started = time.monotonic()
    status_code, excerpt, error = None, "", ""
    try:
        check_url(endpoint.url)
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=settings.API_WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        status_code, excerpt = response.status_code, response.text[:500]
    except WebhookRefused as exc:
        error = str(exc)
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
    duration = round((time.monotonic() - started) * 1000)
    delivered = status_code is not None and 200 <= status_code < 300
    with transaction.atomic():
        delivery.attempt_log.create(
            number=number, status_code=status_code, response_excerpt=excerpt, error=error, duration_ms=duration
        )
        delivery.attempts = number
        if delivered:
            delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, timezone.now()
        elif number >= settings.API_WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
        delivery.save(update_fields=["attempts", "status", "delivered_at"])
    return delivered


def retry_delay(attempts: int) -> int:
    """Seconds before the next try: doubling from API_WEBHOOK_RETRY_SECONDS (30 s, 1 min, 2 min, …)."""
    return settings.API_WEBHOOK_RETRY_SECONDS * 2 ** max(0, attempts - 1)


@transaction.atomic
def replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the same event (same id) to the same endpoint again, as a new delivery with its own attempts."""
    again = WebhookDelivery.objects.create(
        event=delivery.event, endpoint=delivery.endpoint, replay_of=delivery.replay_of or delivery
    )
    queue(again)
    return again


def connect() -> None:
    for name in EVENT_TYPES:
        analytics.listen(name, record)
