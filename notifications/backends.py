"""An email backend that keeps a copy of every message in the outbox, then delivers it."""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .models import OutboxEmail


class OutboxEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs)

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            error = ""
            try:
                sent += self.delivery.send_messages([message]) or 0
            except Exception as exc:  # recorded, then re-raised unless silenced
                error = repr(exc)
                if not self.fail_silently:
                    self._record(message, error)
                    raise
            self._record(message, error)
        return sent

    @staticmethod
    def _record(message, error: str) -> None:
        html = next((content for content, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
        OutboxEmail.objects.create(
            to=", ".join(message.to + message.cc + message.bcc),
            subject=message.subject[:300],
            body=message.body,
            html_body=html,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            has_attachments=bool(message.attachments),
            message_id=message.extra_headers.get("Message-ID", "")[:255],
            headers={name: str(value) for name, value in message.extra_headers.items()},
            status=OutboxEmail.Status.FAILED if error else OutboxEmail.Status.SENT,
            error=error,
        )
