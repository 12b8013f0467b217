"""Account credit: money a student holds with the school, per currency, spent on their next order in it.

Every movement is an `AccountCreditEntry` (append-only, audited); the balance is their sum. Movements of one
student are serialised by a lock on their user row, so the balance never goes below zero, and each gift or order
moves credit at most once per kind (database constraints), so replayed webhooks and retries change nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from accounts import audit
from accounts.models import User
from core.money import Money

from .. import amounts
from ..models import AccountCreditEntry, Gift, Order

Kind = AccountCreditEntry.Kind


def balance(*, student, currency: str) -> Decimal:
    if student is None or not getattr(student, "pk", None):
        return Decimal(0)
    total = AccountCreditEntry.objects.filter(student=student, currency=currency).aggregate(total=Sum("amount"))
    return total["total"] or Decimal(0)


def balances(*, student) -> list[Money]:
    """Every currency in which `student` holds credit now."""
    rows = (
        AccountCreditEntry.objects.filter(student=student)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return [Money(row["total"], row["currency"]) for row in rows if row["total"] > 0]


def history(*, student, limit: int = 20):
    return AccountCreditEntry.objects.filter(student=student).select_related("order", "gift__course", "gift__package")[
        :limit
    ]


def applicable(*, student, currency: str, payable: Decimal) -> Decimal:
    """How much credit an order of `payable` (after any code) takes: all of it, or the whole balance, in whole
    charge steps of the currency. Writes nothing."""
    available = balance(student=student, currency=currency)
    if available <= 0 or payable <= 0:
        return Decimal(0)
    step = amounts.charge_quantum(currency)
    return amounts.quantize(min(available, payable) // step * step, currency)


def _lock(student) -> None:
    User.objects.select_for_update().filter(pk=student.pk).first()


def _add(*, student, currency: str, amount: Decimal, kind: str, gift=None, order=None, actor=None):
    try:
        with transaction.atomic():
            entry = AccountCreditEntry.objects.create(
                student=student, currency=currency, amount=amount, kind=kind, gift=gift, order=order
            )
    except IntegrityError:  # this gift or order has moved credit already
        return None
    audit.record(
        actor=actor,
        action=f"commerce.account_credit_{kind}",
        target=entry,
        student=student.pk,
        amount=str(amount),
        currency=currency,
        order=order.reference if order else "",
        gift=gift.pk if gift else "",
    )
    return entry


@transaction.atomic
def grant_for_gift(*, gift: Gift, student, amount: Money):
    """A gift of a course its recipient already had: what the buyer paid becomes the recipient's credit, once."""
    if amount.amount <= 0:
        return None
    _lock(student)
    return _add(
        student=student, currency=amount.currency, amount=amount.amount, kind=Kind.GIFT, gift=gift, actor=student
    )


@transaction.atomic
def take_back_for_gift(*, gift: Gift, actor=None) -> Decimal:
    """The gift is refunded to its buyer: the recipient loses what is left of the credit it gave, never more."""
    granted = AccountCreditEntry.objects.filter(gift=gift, kind=Kind.GIFT).first()
    if granted is None:
        return Decimal(0)
    _lock(granted.student)
    taken = min(granted.amount, balance(student=granted.student, currency=granted.currency))
    if taken <= 0:
        return Decimal(0)
    entry = _add(
        student=granted.student,
        currency=granted.currency,
        amount=-taken,
        kind=Kind.GIFT_REFUNDED,
        gift=gift,
        actor=actor,
    )
    return taken if entry else Decimal(0)


def spend(*, order: Order) -> None:
    """The order is paid: the credit it took off is spent. Inside the payment's transaction; idempotent.

    Should the balance have shrunk since checkout (another order paid first), only what is left is spent, and the
    shortfall is audited: the buyer has paid the lower total already."""
    if not order.account_credit:
        return
    if AccountCreditEntry.objects.filter(order=order, kind=Kind.SPENT).exists():
        return
    _lock(order.student)
    available = balance(student=order.student, currency=order.currency)
    spent = min(order.account_credit, max(available, Decimal(0)))
    if spent < order.account_credit:
        audit.record(
            actor=None,
            action="commerce.account_credit_short",
            target=order,
            applied=str(order.account_credit),
            available=str(available),
        )
    if spent > 0:
        _add(student=order.student, currency=order.currency, amount=-spent, kind=Kind.SPENT, order=order)


@transaction.atomic
def give_back(*, order: Order, actor=None) -> None:
    """The order was refunded in full: the credit it spent is the student's again, once."""
    spent = AccountCreditEntry.objects.filter(order=order, kind=Kind.SPENT).first()
    if spent is None:
        return
    _lock(order.student)
    _add(
        student=order.student,
        currency=spent.currency,
        amount=-spent.amount,
        kind=Kind.RETURNED,
        order=order,
        actor=actor,
    )
