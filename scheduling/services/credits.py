"""Session credits: a wallet per student (guarded, never negative) and an append-only ledger.

`commerce` calls `grant_credits` when a course with live sessions or a session package is bought, and
`revoke_credits` when it is refunded. Both are idempotent on `reference` (an order line, a refund id…).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from ..models import CreditEntry, CreditWallet
from .errors import BookingRefused


def balance(*, student) -> int:
    wallet = CreditWallet.objects.filter(student=student).only("balance").first()
    return wallet.balance if wallet else 0


def wallet_for(student) -> CreditWallet:
    """The student's wallet, created on first use (a concurrent creator may win the race)."""
    try:
        with transaction.atomic():
            wallet, _ = CreditWallet.objects.get_or_create(student=student)
    except IntegrityError:
        wallet = CreditWallet.objects.get(student=student)
    return wallet


def _existing(student, kind: str, reference: str) -> CreditEntry | None:
    if not reference:
        return None
    return CreditEntry.objects.filter(student=student, kind=kind, reference=reference).first()


@transaction.atomic
def grant_credits(
    *, student, quantity: int, source: str = CreditEntry.Source.PACKAGE, reference: str = "", course=None, note=""
) -> CreditEntry:
    """Add `quantity` credits. The same `reference` granted twice returns the first entry and adds nothing."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    if source not in CreditEntry.Source.values:
        raise ValueError(f"unknown credit source {source!r}")
    existing = _existing(student, CreditEntry.Kind.GRANT, reference)
    if existing:
        return existing
    wallet_for(student)
    try:
        with transaction.atomic():
            entry = CreditEntry.objects.create(
                student=student,
                kind=CreditEntry.Kind.GRANT,
                source=source,
                delta=quantity,
                reference=reference,
                course=course,
                note=note,
            )
    except IntegrityError:  # a concurrent grant with the same reference won
        return CreditEntry.objects.get(student=student, kind=CreditEntry.Kind.GRANT, reference=reference)
    CreditWallet.objects.filter(student=student).update(balance=F("balance") + quantity)
    return entry


@transaction.atomic
def revoke_credits(
    *, student, quantity: int, reference: str = "", reason: str = "", source: str = CreditEntry.Source.PACKAGE
) -> int:
    """Take back up to `quantity` unused credits (never below zero); returns how many were taken back.

    Idempotent on `reference`: a repeated call returns the number taken back the first time.
    """
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    if source not in CreditEntry.Source.values:
        raise ValueError(f"unknown credit source {source!r}")
    existing = _existing(student, CreditEntry.Kind.REVOKE, reference)
    if existing:
        return -existing.delta
    wallet = CreditWallet.objects.select_for_update().filter(student=student).first()
    taken = min(quantity, wallet.balance if wallet else 0)
    try:
        with transaction.atomic():
            CreditEntry.objects.create(
                student=student,
                kind=CreditEntry.Kind.REVOKE,
                source=source,
                delta=-taken,
                reference=reference,
                note=reason[:300],
            )
    except IntegrityError:
        return -CreditEntry.objects.get(student=student, kind=CreditEntry.Kind.REVOKE, reference=reference).delta
    if taken:
        CreditWallet.objects.filter(pk=wallet.pk).update(balance=F("balance") - taken)
    return taken


def use_credit(*, student, booking) -> None:
    """Spend one credit on `booking` (inside the booking's transaction); refuses when there is none."""
    from django.utils.translation import gettext as _

    spent = CreditWallet.objects.filter(student=student, balance__gte=1).update(balance=F("balance") - 1)
    if not spent:
        raise BookingRefused(_("You have no session credits left. Buy a session package to book."), status=402)
    CreditEntry.objects.create(
        student=student, kind=CreditEntry.Kind.USE, source=CreditEntry.Source.BOOKING, delta=-1, booking=booking
    )
    booking.credit_used = True


def restore_credit(*, booking, note: str = "") -> None:
    """Give back the credit a booking used (inside the caller's transaction)."""
    if not booking.credit_used:
        return
    wallet_for(booking.student)
    CreditWallet.objects.filter(student_id=booking.student_id).update(balance=F("balance") + 1)
    CreditEntry.objects.create(
        student_id=booking.student_id,
        kind=CreditEntry.Kind.RESTORE,
        source=CreditEntry.Source.BOOKING,
        delta=1,
        booking=booking,
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
