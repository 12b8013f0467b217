"""An email backend that keeps a copy of every message in the outbox, then delivers it.

Every email the site sends passes through here, so this is where suppressed addresses are withheld and where
each message handed to the provider becomes an `email_sent` analytics event.
"""

from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.translation import gettext as _

import analytics

from . import suppression
from .models import OutboxEmail


class OutboxEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs)

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            withheld = _withhold_suppressed(message)
            if not message.recipients():
                self._record(message, status=OutboxEmail.Status.SUPPRESSED, note=_withheld_note(withheld), to=withheld)
                continue
            try:
                handed_over = self.delivery.send_messages([message]) or 0
            except Exception as exc:  # recorded, then re-raised unless silenced
                self._record(message, status=OutboxEmail.Status.FAILED, note=repr(exc))
                if not self.fail_silently:
                    raise
                continue
            sent += handed_over
            outbox = self._record(message, status=OutboxEmail.Status.SENT, note=_withheld_note(withheld))
            _track_sent(message, outbox)
        return sent

    @staticmethod
    def _record(message, *, status: str, note: str, to: list[str] | None = None) -> OutboxEmail:
        html = next((content for content, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
        return OutboxEmail.objects.create(
            to=", ".join(to or message.recipients()),
            subject=message.subject[:300],
            body=message.body,
            html_body=html,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            has_attachments=bool(message.attachments),
            message_id=message.extra_headers.get("Message-ID", "")[:255],
            esp_message_id=_esp_message_id(message),
            key=getattr(message, "email_key", "")[:64],
            headers={name: str(value) for name, value in message.extra_headers.items()},
            status=status,
            error=note,
        )


def _withhold_suppressed(message) -> list[str]:
    """Takes suppressed addresses off the message's recipients; answers the ones it took off."""
    blocked = suppression.suppressed(message.recipients())
    if not blocked:
        return []
    withheld = []
    for field in ("to", "cc", "bcc"):
        kept = []
        for address in getattr(message, field):
            (withheld if suppression.normalise(address) in blocked else kept).append(address)
        setattr(message, field, kept)
    return withheld


def _withheld_note(withheld: list[str]) -> str:
    if not withheld:
        return ""
    return _("Not sent to %(addresses)s: suppressed after a hard bounce or a complaint.") % {
        "addresses": ", ".join(withheld)
    }


def _esp_message_id(message) -> str:
    """anymail's id for the message; the ESPs we support give one per message (a set would mean one per recipient)."""
    message_id = getattr(getattr(message, "anymail_status", None), "message_id", None)
    if message_id is None or isinstance(message_id, set):
        return ""
    return str(message_id)[:255]


def _track_sent(message, outbox: OutboxEmail) -> None:
    addresses = [suppression.normalise(address) for address in message.to]
    # Exact matches on the address as written and lower-cased (as accounts store it): `iexact` cannot use the index.
    written = {parseaddr(address)[1] for address in message.to}
    users = {user.email.lower(): user for user in get_user_model().objects.filter(email__in={*addresses, *written})}
    message_analytics = getattr(message, "analytics", {})  # what the sender adds, such as a sequence and its step
    for address in addresses or [""]:
        analytics.track(
            "email_sent", user=users.get(address), key=outbox.key, outbox_email=outbox.pk, **message_analytics
        )
