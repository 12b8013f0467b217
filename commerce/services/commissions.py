"""Partner commissions: written with the payment (one row per order line) and with each refund (negative rows).

Both run inside the transaction that records the payment or the refund, and write once per payment or refund
(unique constraints), so a webhook replay or a second return page adds nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

import analytics

from ..amounts import quantize
from ..models import Commission, CommissionRule, OrderLine, Payment, Refund


def split(total: Decimal, weights: list[Decimal], currency: str) -> list[Decimal]:
    """`total` shared in proportion to `weights`, in the currency's minor units, summing to `total` exactly."""
    whole = sum(weights)
    if not weights:
        return []
    if whole == 0:
        return [total if index == 0 else Decimal(0) for index in range(len(weights))]
    shares = [quantize(total * weight / whole, currency) for weight in weights]
    shares[-1] += total - sum(shares)  # what rounding left over goes on the last line
    return shares


def commission_on(base: Decimal, percent: Decimal, currency: str) -> Decimal:
    return quantize(base * percent / 100, currency)


def taken_back(*, earned: Decimal, refunded: Decimal, paid: Decimal, already: Decimal, currency: str) -> Decimal:
    """What one more refund takes back (zero or less): the share of `earned` that `refunded` of `paid` stands for,
    less what earlier refunds took back (`already`, zero or less)."""
    fraction = min(refunded / paid, Decimal(1))
    return -quantize(earned * fraction, currency) - already


def rule_for(*, partner, line: OrderLine, on: date) -> CommissionRule | None:
    """The partner's rule valid on `on` for this line: its course, bundle or package first, then everything."""
    course_id = line.course_id or (line.gift.course_id if line.gift_id else None)
    package_id = line.package_id or (line.gift.package_id if line.gift_id else None)
    rules = CommissionRule.objects.filter(partner=partner, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    everything = Q(course__isnull=True, bundle__isnull=True, package__isnull=True)
    target = Q(pk__in=[])
    if line.bundle_id:
        target = Q(bundle_id=line.bundle_id)
    elif course_id:
        target = Q(course_id=course_id)
    elif package_id:
        target = Q(package_id=package_id)
    candidates = list(rules.filter(target | everything))
    specific = [rule for rule in candidates if rule.course_id or rule.bundle_id or rule.package_id]
    return (specific or candidates or [None])[0]


def record_for_payment(*, payment: Payment) -> list[Commission]:
    """The partner's commission on each line of a paid order, at the rule valid on the day of the sale."""
    if payment.partner_id is None or payment.amount == 0:
        return []
    if Commission.objects.filter(payment=payment, refund__isnull=True).exists():
        return []
    order = payment.order
    lines = list(order.lines.select_related("gift", "course").order_by("pk"))
    # What the partner earns on is the order's net amount (after codes and credit, before tax), line by line.
    bases = split(order.subtotal, [line.total for line in lines], payment.currency)
    on = timezone.localdate(payment.captured_at, timezone.get_default_timezone())  # rules' dates: the site's zone
    rows = []
    for line, base in zip(lines, bases, strict=True):
        rule = rule_for(partner=payment.partner, line=line, on=on)
        if rule is None:
            continue
        rows.append(
            Commission(
                partner_id=payment.partner_id,
                order=order,
                line=line,
                payment=payment,
                rule=rule,
                course=line.course or (line.gift.course if line.gift_id else None),
                description=line.description,
                currency=payment.currency,
                base=base,
                rate=rule.percent,
                amount=commission_on(base, rule.percent, payment.currency),
                occurred_at=payment.captured_at,
            )
        )
    for row in rows:
        row.save()
    if order.referral_link_id:
        link = order.referral_link
        analytics.track(
            "referral_purchase",
            user=order.student,
            attribution={"utm_source": "partner", "utm_medium": "referral", "utm_campaign": link.code},
            link=link.pk,
            order=order.reference,
        )
    return rows


def record_for_refund(*, refund: Refund) -> list[Commission]:
    """Negative rows taking back the refunded share of each line's commission; never a change to earlier rows.

    Each refund takes back the commission due on everything refunded so far less what earlier refunds took back,
    so however a payment is refunded in parts, a full refund cancels the commission to the last minor unit."""
    payment = refund.payment
    if Commission.objects.filter(refund=refund).exists():
        return []
    written = list(Commission.objects.filter(payment=payment).order_by("pk"))
    sales = [row for row in written if row.refund_id is None]
    if not sales:
        return []
    refunded = Refund.objects.filter(payment=payment, pk__lt=refund.pk)  # written in turn, under the payment's lock
    refunded_total = (refunded.aggregate(total=Sum("amount"))["total"] or Decimal(0)) + refund.amount
    rows = []
    for sale in sales:
        earlier = [row for row in written if row.refund_id is not None and row.line_id == sale.line_id]
        amount, base = (
            taken_back(
                earned=getattr(sale, field),
                refunded=refunded_total,
                paid=payment.amount,
                already=sum((getattr(row, field) for row in earlier), Decimal(0)),
                currency=sale.currency,
            )
            for field in ("amount", "base")
        )
        if amount == 0 and base == 0:
            continue
        rows.append(
            Commission(
                partner_id=sale.partner_id,
                order_id=sale.order_id,
                line_id=sale.line_id,
                payment=payment,
                refund=refund,
                rule_id=sale.rule_id,
                course_id=sale.course_id,
                description=sale.description,
                currency=sale.currency,
                base=base,
                rate=sale.rate,
                amount=min(amount, Decimal(0)),
                occurred_at=refund.created_at,
            )
        )
    for row in rows:
        row.save()
    return rows
