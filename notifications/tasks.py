from celery import shared_task
from django.utils import timezone

from core.site_url import absolute_url

from . import delivery, suppression, unsubscribe
from .email_templates import render_email
from .kinds import kind_of
from .models import Notification


@shared_task(bind=True, max_retries=delivery.MAX_ATTEMPTS, default_retry_delay=60)
def send_notification_email(self, notification_id: int) -> None:
    """Claims the email with a lease first, so a retry or a second worker sends nothing."""
    claimed_until = delivery.claim(notification_id=notification_id, now=timezone.now())
    if claimed_until is None:
        return
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    # Already in the outbox: the last worker sent it, then died before marking it sent.
    if delivery.already_sent(message_id=delivery.message_id_for(notification)):
        delivery.mark_sent(notification_id=notification_id, claimed_until=claimed_until)
        return
    message = _message(notification)
    try:
        message.send()
    except Exception as exc:
        if delivery.record_failure(notification_id=notification_id, claimed_until=claimed_until, error=repr(exc)):
            raise self.retry(exc=exc) from exc
        return
    if suppression.withheld(message):  # the address was suppressed after the email was queued
        delivery.mark_suppressed(notification_id=notification_id, claimed_until=claimed_until)
        return
    delivery.mark_sent(notification_id=notification_id, claimed_until=claimed_until)


def _message(notification: Notification):
    user = notification.user
    category = kind_of(notification.kind).category
    list_headers = unsubscribe.headers(user=user, category=category)
    context = {
        "name": user.name,
        "title": notification.title,
        "message": notification.body,
        "link": absolute_url(notification.url) if notification.url else "",
    }
    email = render_email(
        key="notification",
        language=user.preferred_language,
        context=context,
        unsubscribe_url=unsubscribe.unsubscribe_url(user=user, category=category) if list_headers else "",
    )
    return email.message(to=[user.email], headers={"Message-ID": delivery.message_id_for(notification), **list_headers})


@shared_task
def send_stalled_emails() -> int:
    """Every few minutes (beat): queue again the emails whose task was lost or whose worker died."""
    stalled = delivery.stalled(now=timezone.now())
    for notification_id in stalled:
        send_notification_email.delay(notification_id)
    return len(stalled)


@shared_task
def run_sequences() -> int:
    """Every minute (beat): enter the people scans find and send the sequence steps that are due. Safe to retry
    and to run twice at once: each step is claimed before it is sent."""
    from .sequences import engine

    return engine.run()
