"""Admins grant or take back credits by hand, with a reason; each change is in the ledger and the audit log."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit

from ..models import CreditEntry
from . import credits
from .errors import SchedulingError


@transaction.atomic
def grant_by_admin(
    *, student, quantity: int, reason: str, by, teacher=None, language: str = "", expires_at: datetime | None = None
) -> CreditEntry:
    _refuse_bad_input(student, quantity, reason)
    entry = credits.grant_credits(
        student=student,
        quantity=quantity,
        source=CreditEntry.Source.ADMIN,
        reference=f"admin:{uuid.uuid4().hex}",
        note=reason,
        teacher=teacher,
        language=language,
        expires_at=expires_at,
        label=_("Granted by an admin"),
    )
    audit.record(actor=by, action="credits.granted", target=student, quantity=quantity, reason=reason, lot=entry.lot_id)
    return entry


@transaction.atomic
def remove_by_admin(*, student, quantity: int, reason: str, by) -> int:
    """Take back up to `quantity` unused credits (those expiring first); returns how many were taken."""
    _refuse_bad_input(student, quantity, reason)
    taken = credits.revoke_credits(
        student=student,
        quantity=quantity,
        reference=f"admin:{uuid.uuid4().hex}",
        reason=reason,
        source=CreditEntry.Source.ADMIN,
    )
    audit.record(actor=by, action="credits.removed", target=student, quantity=taken, asked=quantity, reason=reason)
    return taken


def _refuse_bad_input(student, quantity, reason) -> None:
    if not student.is_student:
        raise SchedulingError(_("Credits are for student accounts."))
    if not 1 <= quantity <= 500:
        raise SchedulingError(_("Give a number of credits between 1 and 500."))
    if not reason.strip():
        raise SchedulingError(_("Give the reason: it is kept in the audit log."))
