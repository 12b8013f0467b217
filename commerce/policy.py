"""The refund policy engine: what may be refunded on a payment, and why."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import Money
from learning import selectors as learning_selectors
from scheduling import selectors as scheduling_selectors

from . import lines
from .amounts import round_charge
from .bundle_pricing import allocate
from .models import Payment, RefundPolicy


@dataclass(frozen=True)
class Usage:
    """How much of the course the student has used; None when that is not recorded."""

    progress_percent: int | None = None
    lessons_completed: int | None = None
    live_sessions_attended: int | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    amount: Money
    reason: str
    policy: RefundPolicy | None = None


def usage_for(*, student, course) -> Usage:
    """Progress comes from learning, attendance from scheduling."""
    if course is None:
        return Usage()
    progress = learning_selectors.course_progress(student=student, course=course)
    return Usage(
        progress_percent=progress.percent,
        lessons_completed=progress.completed_lessons,
        live_sessions_attended=scheduling_selectors.sessions_attended(student=student, course=course),
    )


def policy_for(course) -> RefundPolicy | None:
    """The course's own policy, else its course type's, else the default."""
    candidates = RefundPolicy.objects.filter(active=True).filter(
        Q(course=course)
        | Q(course__isnull=True, course_type=course.course_type if course else "")
        | Q(course__isnull=True, course_type="")
    )
    ranked = sorted(candidates, key=lambda p: (p.course_id is None, p.course_type == "", p.pk))
    return ranked[0] if ranked else None


def unused_share(payment: Payment) -> Decimal:
    """The share of the payment whose lines are unused (sessions of a package left to book), by line value."""
    order_lines = list(payment.order.lines.all())
    value = sum((line.total for line in order_lines), start=Decimal(0))
    if not value:
        return Decimal(1)
    unused = sum((line.total * lines.for_line(line).unused_share(line=line) for line in order_lines), start=Decimal(0))
    return unused / value


def refunded_total(payment: Payment) -> Decimal:
    return payment.refunds.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def evaluate(*, payment: Payment, usage: Usage | None = None, at=None) -> Decision:
    at = at or timezone.now()
    currency = payment.currency
    remaining = payment.amount - refunded_total(payment)
    nothing = Money(Decimal(0), currency)
    if remaining <= 0:
        return Decision(False, nothing, _("This payment has already been refunded in full."))
    parts = payment_parts(payment)
    if len(parts) > 1:
        return _evaluate_parts(payment=payment, parts=parts, remaining=remaining, at=at)
    course = parts[0][0].course if parts else payment.course
    return _evaluate_course(
        payment=payment, course=course, share=payment.amount, remaining=remaining, usage=usage, at=at
    )


def payment_parts(payment: Payment) -> list[tuple[lines.RefundPart, Decimal]]:
    """Each thing the payment bought (a bundle line names each of its items) with its share of the amount paid;
    the shares add up to the payment."""
    order_lines = payment.order.lines.select_related("course")
    parts = [part for line in order_lines for part in lines.for_line(line).refund_parts(line=line)]
    shares = allocate(payment.amount, list(enumerate(part.share for part in parts)), payment.currency)
    return [(part, shares[index]) for index, part in enumerate(parts)]


def _evaluate_parts(*, payment: Payment, parts, remaining: Decimal, at) -> Decision:
    """A payment for several things: each one's share under its own policy, and never more than its unused part."""
    currency = payment.currency
    decisions = [
        (
            part,
            _within_unused(
                part,
                share,
                _evaluate_course(payment=payment, course=part.course, share=share, remaining=share, usage=None, at=at),
            ),
        )
        for part, share in parts
    ]
    amount = min(sum((decision.amount.amount for _p, decision in decisions), start=Decimal(0)), remaining)
    reason = " ".join(f"{part.label}: {decision.reason}" for part, decision in decisions)
    return Decision(amount > 0, Money(amount, currency), reason)


def _within_unused(part: lines.RefundPart, share: Decimal, decision: Decision) -> Decision:
    """A part partly used (a package's booked sessions) refunds at most its unused share."""
    currency = decision.amount.currency
    limit = round_charge(share * part.unused, currency)
    if decision.amount.amount <= limit:
        return decision
    name = decision.policy.name if decision.policy else ""
    why = _("Used sessions are not refundable: the unused %(percent)s%% of the price is, under “%(policy)s”.")
    why = why % {"percent": int(part.unused * 100), "policy": name}
    return Decision(limit > 0, Money(limit, currency), why, decision.policy)


def _evaluate_course(*, payment: Payment, course, share: Decimal, remaining: Decimal, usage: Usage | None, at):
    currency = payment.currency
    nothing = Money(Decimal(0), currency)
    policy = policy_for(course)
    if policy is None:
        return Decision(False, nothing, _("No refund policy covers this course; an admin will review the request."))
    days = (at - payment.captured_at).days
    if days > policy.window_days:
        return Decision(
            False,
            nothing,
            _("Refunds are possible within %(window)d days of purchase; this purchase was %(days)d days ago.")
            % {"window": policy.window_days, "days": days},
            policy,
        )
    usage = usage if usage is not None else usage_for(student=payment.student, course=course)
    limits = [
        (
            policy.max_progress_percent,
            usage.progress_percent,
            _("You have completed %(used)d%% of the course; refunds stop after %(limit)d%%."),
        ),
        (
            policy.max_lessons_completed,
            usage.lessons_completed,
            _("You have completed %(used)d lessons; refunds stop after %(limit)d."),
        ),
        (
            policy.max_live_sessions_attended,
            usage.live_sessions_attended,
            _("You have attended %(used)d live sessions; refunds stop after %(limit)d."),
        ),
    ]
    for limit, used, message in limits:
        if limit is not None and used is not None and used > limit:
            return Decision(False, nothing, message % {"used": used, "limit": limit}, policy)
    if policy.amount_rule == RefundPolicy.Amount.PARTIAL:
        amount = share * Decimal(policy.partial_percent) / 100
        why = _("%(percent)d%% of the price is refundable under “%(policy)s”.")
        why = why % {"percent": policy.partial_percent, "policy": policy.name}
    elif policy.amount_rule == RefundPolicy.Amount.PRORATED:
        used = Decimal(usage.progress_percent or 0)
        amount = share * (Decimal(100) - min(used, Decimal(100))) / 100
        why = _("The unused %(percent)s%% of the course is refundable under “%(policy)s”.")
        why = why % {"percent": 100 - int(used), "policy": policy.name}
    else:
        amount = share
        why = _("The full price is refundable under “%(policy)s”.") % {"policy": policy.name}
    share = unused_share(payment)
    if payment.amount * share < amount:
        amount = payment.amount * share
        why = _("Used sessions are not refundable: the unused %(percent)s%% of the price is, under “%(policy)s”.")
        why = why % {"percent": int(share * 100), "policy": policy.name}
    amount = min(round_charge(amount, currency), remaining)
    if amount <= 0:
        return Decision(
            False, nothing, _("Nothing is left to refund under “%(policy)s”.") % {"policy": policy.name}, policy
        )
    return Decision(True, Money(amount, currency), why, policy)


def revokes_access(*, payment: Payment, policy: RefundPolicy | None, fully_refunded: bool) -> bool:
    rule = policy.revoke_access if policy else RefundPolicy.Revoke.FULL_REFUND
    if rule == RefundPolicy.Revoke.ALWAYS:
        return True
    if rule == RefundPolicy.Revoke.FULL_REFUND:
        return fully_refunded
    return False
