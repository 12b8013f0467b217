from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from . import delivery
from .email_templates import render_email
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
    try:
        _message(notification).send()
    except Exception as exc:
        if delivery.record_failure(notification_id=notification_id, claimed_until=claimed_until, error=repr(exc)):
            raise self.retry(exc=exc) from exc
        return
    delivery.mark_sent(notification_id=notification_id, claimed_until=claimed_until)


def _message(notification: Notification) -> EmailMultiAlternatives:
    user = notification.user
    link = f"{settings.WAGTAILADMIN_BASE_URL}{notification.url}" if notification.url else ""
    context = {"name": user.name, "title": notification.title, "message": notification.body, "link": link}
    email = render_email(key="notification", language=user.preferred_language, context=context)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        to=[user.email],
        headers={"Message-ID": delivery.message_id_for(notification)},
    )
    message.attach_alternative(email.html, "text/html")
    return message


@shared_task
def send_stalled_emails() -> int:
    """Every few minutes (beat): queue again the emails whose task was lost or whose worker died."""
    stalled = delivery.stalled(now=timezone.now())
    for notification_id in stalled:
        send_notification_email.delay(notification_id)
    return len(stalled)
