"""Credits that expire: one extension, and expiry itself (the reminder before the date is `credit_reminders`).

Beat runs `expire_lots`; each lot is locked and checked again, so a retried or doubled task takes nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from accounts import audit
from notifications.services import notify

from ..models import CreditEntry, CreditLot, CreditWallet
from . import credit_reminders
from .errors import SchedulingError

EXTENSION_AUTOMATIC = "automatic"
EXTENSION_APPROVAL = "approval"


def expire_lots(*, now: datetime | None = None) -> int:
    """Unused credits past their date leave the wallet; returns how many credits expired."""
    now = now or timezone.now()
    expired = 0
    due = CreditLot.objects.filter(remaining__gt=0, expires_at__lte=now).values_list("pk", "student_id")
    for lot_id, student_id in list(due[:500]):
        with transaction.atomic():
            CreditWallet.objects.select_for_update().filter(student_id=student_id).first()
            lot = CreditLot.objects.select_for_update().get(pk=lot_id)
            if not lot.remaining or lot.expires_at is None or lot.expires_at > now:
                continue  # used, extended or expired by another run meanwhile
            count = lot.remaining
            CreditLot.objects.filter(pk=lot.pk).update(remaining=0)
            CreditWallet.objects.filter(student_id=student_id).update(balance=F("balance") - count)
            CreditEntry.objects.create(
                student_id=student_id, kind=CreditEntry.Kind.EXPIRE, source=lot.source, delta=-count, lot=lot
            )
            expired += count
    return expired


def extension_days() -> int:
    return settings.SCHEDULING_CREDIT_EXTENSION_DAYS


@transaction.atomic
def request_extension(*, lot: CreditLot, student, now: datetime | None = None) -> CreditLot:
    """The student asks once per grant; extended straight away or left for an admin, per the setting."""
    now = now or timezone.now()
    lot = CreditLot.objects.select_for_update().get(pk=lot.pk)
    if lot.student_id != student.pk:
        raise SchedulingError(_("These credits belong to someone else."), status=404)
    if lot.expires_at is None:
        raise SchedulingError(_("These credits do not expire."))
    if lot.extended_at or lot.extension_requested_at:
        raise SchedulingError(_("These credits have already been extended once, or an extension was asked for."))
    if lot.expires_at <= now:
        raise SchedulingError(_("These credits have expired; extensions are asked for before the date."))
    if not lot.remaining:
        raise SchedulingError(_("All these credits have been used."))
    lot.extension_requested_at = now
    lot.save(update_fields=["extension_requested_at"])
    analytics.track("credit_extension_requested", user=student, lot=lot.pk)
    if settings.SCHEDULING_CREDIT_EXTENSION == EXTENSION_AUTOMATIC:
        return _extend(lot, by=None, now=now)
    return lot


@transaction.atomic
def approve_extension(*, lot: CreditLot, by, now: datetime | None = None) -> CreditLot:
    """An admin grants a requested extension (once)."""
    now = now or timezone.now()
    lot = CreditLot.objects.select_for_update().get(pk=lot.pk)
    if not lot.extension_requested_at or lot.extended_at:
        raise SchedulingError(_("There is no extension waiting for approval on these credits."))
    return _extend(lot, by=by, now=now)


def _extend(lot: CreditLot, *, by, now) -> CreditLot:
    previous = lot.expires_at
    lot.expires_at = max(previous, now) + timedelta(days=extension_days())
    lot.extended_at = now
    lot.save(update_fields=["expires_at", "extended_at"])
    credit_reminders.plan_reminder(lot=lot, now=now)  # the new date earns its own reminder
    audit.record(
        actor=by,
        action="credits.extended",
        target=lot,
        student=lot.student_id,
        previous=previous.isoformat(),
        expires_at=lot.expires_at.isoformat(),
    )
    with override(lot.student.preferred_language):
        notify(
            lot.student,
            "booking_credits_extended",
            _("Your session credits were extended"),
            _("You have %(days)d more days to use them.") % {"days": extension_days()},
            url=reverse("scheduling:student-sessions"),
            email=False,
            dedupe_key=f"credits-extended-{lot.pk}",
        )
    return lot
