from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_notification_email(self, notification_id: int) -> None:
    """Claims the notification with a guarded update first, so a retry or a second worker sends nothing."""
    claimed = Notification.objects.filter(
        pk=notification_id, email_state__in=[Notification.EmailState.PENDING, Notification.EmailState.FAILED]
    ).update(email_state=Notification.EmailState.SENDING)
    if not claimed:
        return
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    user = notification.user
    with translation.override(user.preferred_language):
        context = {"notification": notification, "user": user, "site_url": settings.SITE_URL}
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.title}",
            body=render_to_string("notifications/email.txt", context),
            to=[user.email],
        )
        message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    try:
        message.send()
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(email_state=Notification.EmailState.FAILED)
        raise self.retry(exc=exc) from exc
    Notification.objects.filter(pk=notification_id).update(email_state=Notification.EmailState.SENT)
