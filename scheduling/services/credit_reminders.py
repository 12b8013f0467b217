"""The reminder before credits expire: a sequence whose event is a grant's expiry date.

A grant with an expiry enters it when it is made, and again under its new date when it is extended; the exit
drops a reminder whose credits were used up, taken back or extended meanwhile. The sequence engine sends it once
per grant and date, in the words editors give the `scheduling.credits_expiring` email.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from notifications import sequences

from ..models import CreditLot

TRIGGER = "scheduling.credits_expiring"
EMAIL = "scheduling.credits_expiring"
SETTLED = "scheduling.credits_settled"
DAYS_BEFORE = 7  # the shipped step's offset; editors move it in the sequence


def plan_reminder(*, lot: CreditLot, now: datetime | None = None) -> None:
    """The student enters the reminder for the grant's current expiry date (nothing for credits that never expire)."""
    if lot.expires_at is None:
        return
    sequences.enter(
        trigger=TRIGGER,
        user=lot.student,
        subject=f"credits-{lot.pk}-{lot.expires_at:%Y%m%dT%H%M}",
        anchor=lot.expires_at,
        object_id=lot.pk,
        now=now,
    )


def credits_settled(entries: list[sequences.Entry], now: datetime) -> set[int]:
    """Exit: the grant's credits are all used or taken back, its date moved (an extension) or already passed."""
    lots = CreditLot.objects.in_bulk({entry.object_id for entry in entries})

    def settled(entry) -> bool:
        lot = lots.get(entry.object_id)
        return lot is None or not lot.remaining or lot.expires_at != entry.anchor or lot.expires_at <= now

    return {entry.id for entry in entries if settled(entry)}


def reminder_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    lots = CreditLot.objects.in_bulk({entry.object_id for entry in entries})
    contexts = {}
    for entry in entries:
        lot = lots.get(entry.object_id)
        if lot is None or lot.expires_at is None:
            continue
        with override(entry.language), timezone.override(entry.time_zone):
            expires = date_format(timezone.localtime(lot.expires_at), "DATETIME_FORMAT")
        contexts[entry.id] = {
            "credits": str(lot.remaining),
            "grant": lot.label,
            "expires": f"{expires} ({entry.time_zone})",
            "link": reverse("scheduling:student-sessions"),
        }
    return contexts
