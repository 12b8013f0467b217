"""Session credits: lots granted together (who they book, until when), a wallet per student and a ledger.

`commerce` calls `grant_credits` when a course with live sessions, a session package or a trial lesson is bought,
and `revoke_credits` when it is refunded. Both are idempotent on `reference` (an order line, a refund id…).
The wallet's balance (guarded, never negative) is the sum of the lots' unused credits; every change is a
`CreditEntry`.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CreditEntry, CreditLot, CreditWallet
from . import credit_reminders
from .errors import BookingRefused, SchedulingError


class TrialAlreadyTaken(SchedulingError):
    """The student has had (or holds) a trial lesson with this teacher."""


def balance(*, student) -> int:
    wallet = CreditWallet.objects.filter(student=student).only("balance").first()
    return wallet.balance if wallet else 0


def wallet_for(student) -> CreditWallet:
    """The student's wallet, created on first use (a concurrent creator may win the race)."""
    try:
        with transaction.atomic():
            wallet, _created = CreditWallet.objects.get_or_create(student=student)
    except IntegrityError:
        wallet = CreditWallet.objects.get(student=student)
    return wallet


def _existing(student, kind: str, reference: str) -> CreditEntry | None:
    if not reference:
        return None
    return CreditEntry.objects.filter(student=student, kind=kind, reference=reference).first()


def _check(quantity: int, source: str) -> None:
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    if source not in CreditEntry.Source.values:
        raise ValueError(f"unknown credit source {source!r}")


def has_taken_trial(*, student, teacher) -> bool:
    return CreditLot.objects.filter(student=student, teacher=teacher, source=CreditEntry.Source.TRIAL).exists()


@transaction.atomic
def grant_credits(
    *,
    student,
    quantity: int,
    source: str = CreditEntry.Source.PACKAGE,
    reference: str = "",
    course=None,
    note: str = "",
    teacher=None,
    language: str = "",
    expires_at: datetime | None = None,
    label: str = "",
) -> CreditEntry:
    """Add `quantity` credits as one lot, valid with `teacher` (or any teacher of `language`, or anyone) until
    `expires_at` (or for good). The same `reference` granted twice returns the first entry and adds nothing.
    A second trial lesson with the same teacher raises TrialAlreadyTaken."""
    _check(quantity, source)
    existing = _existing(student, CreditEntry.Kind.GRANT, reference)
    if existing:
        return existing
    wallet_for(student)
    try:
        with transaction.atomic():
            lot = CreditLot.objects.create(
                student=student,
                source=source,
                quantity=quantity,
                remaining=quantity,
                teacher=teacher,
                language="" if teacher else language,
                expires_at=expires_at,
                reference=reference or f"grant:{uuid.uuid4().hex}",
                label=label[:200],
            )
            entry = CreditEntry.objects.create(
                student=student,
                kind=CreditEntry.Kind.GRANT,
                source=source,
                delta=quantity,
                reference=reference,
                course=course,
                lot=lot,
                note=note[:300],
            )
    except IntegrityError:
        winner = _existing(student, CreditEntry.Kind.GRANT, reference)
        if winner:  # a concurrent grant with the same reference won
            return winner
        if source == CreditEntry.Source.TRIAL:
            raise TrialAlreadyTaken(_("You have already had a trial lesson with this teacher.")) from None
        raise
    CreditWallet.objects.filter(student=student).update(balance=F("balance") + quantity)
    credit_reminders.plan_reminder(lot=lot)
    return entry


def _take(lot: CreditLot, count: int) -> None:
    CreditLot.objects.filter(pk=lot.pk).update(remaining=F("remaining") - count)
    CreditWallet.objects.filter(student_id=lot.student_id).update(balance=F("balance") - count)


@transaction.atomic
def revoke_credits(
    *,
    student,
    quantity: int,
    reference: str = "",
    reason: str = "",
    source: str = CreditEntry.Source.PACKAGE,
    grant_reference: str = "",
) -> int:
    """Take back up to `quantity` unused credits (never below zero); returns how many were taken back.

    With `grant_reference`, only from the lot that grant made; otherwise from the lots expiring first.
    Idempotent on `reference`: a repeated call returns the number taken back the first time.
    """
    _check(quantity, source)
    existing = _existing(student, CreditEntry.Kind.REVOKE, reference)
    if existing:
        return -existing.delta
    wallet_for(student)
    CreditWallet.objects.select_for_update().get(student=student)
    lots = CreditLot.objects.select_for_update().filter(student=student, remaining__gt=0)
    if grant_reference:
        lots = lots.filter(reference=grant_reference)
    taken, touched = 0, []
    for lot in lots.order_by(F("expires_at").asc(nulls_last=True), "pk"):
        count = min(lot.remaining, quantity - taken)
        if not count:
            break
        _take(lot, count)
        taken += count
        touched.append(lot)
    CreditEntry.objects.create(
        student=student,
        kind=CreditEntry.Kind.REVOKE,
        source=source,
        delta=-taken,
        reference=reference,
        lot=touched[0] if len(touched) == 1 else None,
        note=reason[:300],
    )
    return taken


def unused_in_grant(*, student, grant_reference: str) -> tuple[int, int]:
    """(credits left, credits granted) of the lot granted under `grant_reference`; (0, 0) when there is none."""
    lot = CreditLot.objects.filter(student=student, reference=grant_reference).only("remaining", "quantity").first()
    return (lot.remaining, lot.quantity) if lot else (0, 0)


def valid_for_teacher(teacher) -> Q:
    """Lots a session with `teacher` may spend: theirs, any teacher of a language they teach, or anyone's."""
    profile = getattr(teacher, "teacher_profile", None)
    valid = Q(teacher=teacher) | Q(teacher__isnull=True, language="")
    for language in profile.language_list if profile else []:
        valid |= Q(teacher__isnull=True, language__iexact=language)
    return valid


def spendable_lots(*, student, teacher, now: datetime | None = None) -> QuerySet[CreditLot]:
    now = now or timezone.now()
    return (
        CreditLot.objects.filter(student=student, remaining__gt=0)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .filter(valid_for_teacher(teacher))
        .order_by(F("expires_at").asc(nulls_last=True), "pk")
    )


def usable_by_language(*, student, languages, now: datetime | None = None) -> dict[str, int]:
    """{language: unexpired credits that could book a teacher of it} for `languages`, in one query: a lot for a
    language counts for it, a lot with one teacher for each language that teacher teaches, a lot for anyone for all."""
    now = now or timezone.now()
    usable = {language: 0 for language in languages}
    lots = (
        CreditLot.objects.filter(student=student, remaining__gt=0)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list("remaining", "language", "teacher_id", "teacher__teacher_profile__languages_taught")
    )
    for remaining, lot_language, teacher_id, taught in lots:
        if lot_language:
            valid_for = {lot_language.casefold()}
        elif teacher_id:
            valid_for = {item.strip().casefold() for item in (taught or "").split(",") if item.strip()}
        else:
            valid_for = None  # any teacher
        for language in usable:
            if valid_for is None or language.casefold() in valid_for:
                usable[language] += remaining
    return usable


def has_credit_for(*, student, teacher, now: datetime | None = None) -> bool:
    return spendable_lots(student=student, teacher=teacher, now=now).exists()


def use_credit(*, student, booking, now: datetime | None = None) -> None:
    """Spend one credit valid for the booking's teacher (inside the booking's transaction, wallet locked)."""
    teacher = booking.session.teacher
    lot = spendable_lots(student=student, teacher=teacher, now=now).select_for_update(of=("self",)).first()
    if lot is None:
        if balance(student=student):
            raise BookingRefused(
                _("Your session credits are not valid with this teacher. Buy a package or a trial lesson for them."),
                status=402,
            )
        raise BookingRefused(_("You have no session credits left. Buy a session package to book."), status=402)
    _take(lot, 1)
    CreditEntry.objects.create(
        student=student,
        kind=CreditEntry.Kind.USE,
        source=CreditEntry.Source.BOOKING,
        delta=-1,
        booking=booking,
        lot=lot,
    )
    booking.credit_used = True


def restore_credit(*, booking, note: str = "") -> None:
    """Give back the credit a booking used, to the lot it came from (inside the caller's transaction)."""
    if not booking.credit_used:
        return
    wallet_for(booking.student)
    used = (
        CreditEntry.objects.filter(booking=booking, kind=CreditEntry.Kind.USE, lot__isnull=False)
        .order_by("-pk")
        .values_list("lot_id", flat=True)
        .first()
    )
    if used:
        CreditLot.objects.filter(pk=used).update(remaining=F("remaining") + 1)
    else:  # spent before credits came in lots: it comes back usable with anyone, for good
        used = CreditLot.objects.create(
            student_id=booking.student_id,
            source=CreditEntry.Source.BOOKING,
            quantity=1,
            remaining=1,
            reference=f"restore:{booking.pk}:{uuid.uuid4().hex}",
        ).pk
    CreditWallet.objects.filter(student_id=booking.student_id).update(balance=F("balance") + 1)
    CreditEntry.objects.create(
        student_id=booking.student_id,
        kind=CreditEntry.Kind.RESTORE,
        source=CreditEntry.Source.BOOKING,
        delta=1,
        booking=booking,
        lot_id=used,
        note=note[:300],
    )
    booking.credit_used = False


def forfeit_credit(*, booking, note: str = "") -> None:
    """Record that a booking's credit is kept by the school (the balance already paid for it)."""
    if not booking.credit_used:
        return
    CreditEntry.objects.create(
        student_id=booking.student_id,
        kind=CreditEntry.Kind.FORFEIT,
        source=CreditEntry.Source.BOOKING,
        delta=0,
        booking=booking,
        note=note[:300],
    )
