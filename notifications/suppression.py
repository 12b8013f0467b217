"""Addresses no email goes to: a hard bounce or a spam complaint stops all email to that address.

Essential email (password reset, receipts) is stopped too: the provider would refuse it anyway, and sending to an
address that bounced for good or complained harms the site's sending reputation for everyone else.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr

from django.db import IntegrityError, transaction

from .models import EmailEvent, EmailSuppression

Reason = EmailSuppression.Reason


def normalise(address: str) -> str:
    """`Sam <Sam@Example.test>` and `sam@example.test` are one mailbox as far as suppression goes."""
    return parseaddr(address)[1].strip().lower()


def suppressed(addresses: Iterable[str]) -> set[str]:
    """The normalised addresses among `addresses` that are suppressed (one query)."""
    wanted = {normalise(address) for address in addresses} - {""}
    if not wanted:
        return set()
    return set(EmailSuppression.objects.filter(address__in=wanted).values_list("address", flat=True))


def is_suppressed(address: str) -> bool:
    return bool(suppressed([address]))


def withheld(message) -> bool:
    """After `message.send()`: the outbox took every recipient off because each address is suppressed."""
    return not message.recipients()


def suppress(*, address: str, reason: str, event: EmailEvent | None = None, note: str = "") -> EmailSuppression:
    """Idempotent: an address already suppressed keeps its first reason."""
    address = normalise(address)
    existing = EmailSuppression.objects.filter(address=address).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return EmailSuppression.objects.create(address=address, reason=reason, event=event, note=note)
    except IntegrityError:  # a concurrent event suppressed it first
        return EmailSuppression.objects.get(address=address)
