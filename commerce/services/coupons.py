"""Promo codes: what a code takes off a cart, and its uses, held so that no limit is ever passed.

A use is reserved when payment starts (under a lock on the coupon row, so concurrent checkouts queue and the
limits count every reservation), redeemed when the order is paid, and released when the order fails, is
abandoned or is retired; a released order that is paid after all takes its use back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import audit
from core.money import Money

from .. import amounts
from ..admin_alerts import tell_admins
from ..lines import CheckoutRefused
from ..models import Coupon, CouponRedemption, Order

logger = logging.getLogger(__name__)
CODE_PATTERN = re.compile(r"^[A-Z0-9_-]{1,40}$")


class CouponRefused(CheckoutRefused):
    """Why a code cannot be used here; `reason` is a short code for analytics, the message is for the buyer."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Applied:
    coupon: Coupon
    discount: Decimal  # in the order's currency, in whole charge steps, never more than the lines it applies to


def normalize(code: str) -> str:
    return (code or "").strip().upper()


def is_well_formed(code: str) -> bool:
    return bool(CODE_PATTERN.match(normalize(code)))


def find(code: str) -> Coupon:
    """The active coupon for `code`; unknown and switched-off codes get the same answer."""
    code = normalize(code)
    coupon = None
    if is_well_formed(code):
        coupon = Coupon.objects.filter(code=code, active=True).prefetch_related("amounts", "targets").first()
    if coupon is None:
        raise CouponRefused("unknown", _("%(code)s is not a valid code.") % {"code": code[:40] or "—"})
    return coupon


def refuse_unless_current(coupon: Coupon, *, now=None) -> None:
    now = now or timezone.now()
    if now < coupon.valid_from:
        raise CouponRefused(
            "not_started",
            _("%(code)s can be used from %(date)s.")
            % {"code": coupon.code, "date": date_format(timezone.localtime(coupon.valid_from), "DATETIME_FORMAT")},
        )
    if coupon.valid_until is not None and now >= coupon.valid_until:
        raise CouponRefused(
            "expired",
            _("%(code)s expired on %(date)s.")
            % {"code": coupon.code, "date": date_format(timezone.localtime(coupon.valid_until), "DATETIME_FORMAT")},
        )


def refuse_unless_available(coupon: Coupon, *, student, order: Order | None = None) -> None:
    """Usage limits and first purchase; `order`'s own use is not counted against it."""
    held = CouponRedemption.objects.filter(coupon=coupon, status__in=CouponRedemption.HELD)
    if order is not None:
        held = held.exclude(order=order)
    if coupon.max_uses is not None and held.count() >= coupon.max_uses:
        raise CouponRefused("used_up", _("%(code)s has been used up.") % {"code": coupon.code})
    if coupon.max_uses_per_person is not None and held.filter(student=student).count() >= coupon.max_uses_per_person:
        raise CouponRefused("used_by_you", _("You have already used %(code)s.") % {"code": coupon.code})
    if coupon.first_purchase_only and Order.objects.filter(student=student, status=Order.Status.PAID).exists():
        raise CouponRefused("first_purchase_only", _("%(code)s is for a first purchase only.") % {"code": coupon.code})


def discount_for(coupon: Coupon, *, lines: Sequence[tuple[str, Decimal]], currency: str) -> Decimal:
    """What `coupon` takes off `lines` (line key, price) in `currency`: never more than the lines it applies to."""
    targets = {target.line_key for target in coupon.targets.all()}
    eligible = sum((price for key, price in lines if not targets or key in targets), start=Decimal(0))
    if targets and not any(key in targets for key, _price in lines):
        raise CouponRefused("not_applicable", _("%(code)s does not apply to this purchase.") % {"code": coupon.code})
    if coupon.kind == Coupon.Kind.PERCENT:
        discount = amounts.round_charge(eligible * coupon.percent / Decimal(100), currency)
    else:
        fixed = next((row.amount for row in coupon.amounts.all() if row.currency == currency), None)
        if fixed is None:
            raise CouponRefused(
                "currency", _("%(code)s cannot be used in %(currency)s.") % {"code": coupon.code, "currency": currency}
            )
        discount = fixed
    return min(discount, eligible)


def check(*, code: str, student, lines: Sequence[tuple[str, Decimal]], currency: str, now=None) -> Applied:
    """What `code` takes off this cart for `student`, or CouponRefused with the reason. Reserves nothing."""
    coupon = find(code)
    refuse_unless_current(coupon, now=now)
    refuse_unless_available(coupon, student=student)
    return Applied(coupon=coupon, discount=discount_for(coupon, lines=lines, currency=currency))


def below_minimum(*, coupon: Coupon, total: Money) -> CouponRefused:
    minimum = amounts.minimum_charge(total.currency)
    return CouponRefused(
        "below_minimum",
        _(
            "With %(code)s the total would be %(total)s, below the smallest card payment in %(currency)s "
            "(%(minimum)s). Remove the code to pay the full price."
        )
        % {"code": coupon.code, "total": total.format(), "currency": total.currency, "minimum": minimum.format()},
    )


@transaction.atomic
def reserve(*, order: Order) -> CouponRedemption | None:
    """Hold one use of the order's coupon while it is paid for; idempotent for the same order.

    The coupon row is locked first, so concurrent reservations are counted one after another."""
    if order.coupon_id is None:
        return None
    coupon = Coupon.objects.select_for_update().get(pk=order.coupon_id)
    use = CouponRedemption.objects.filter(order=order).first()
    if use is not None and use.coupon_id == coupon.pk and use.status in CouponRedemption.HELD:
        return use
    if not coupon.active:
        raise CouponRefused("unknown", _("%(code)s is not a valid code.") % {"code": coupon.code})
    refuse_unless_current(coupon)
    refuse_unless_available(coupon, student=order.student, order=order)
    fields = {
        "coupon": coupon,
        "student": order.student,
        "status": CouponRedemption.Status.RESERVED,
        "discount": order.discount,
        "currency": order.currency,
        "reserved_at": timezone.now(),
        "redeemed_at": None,
        "released_at": None,
    }
    if use is None:
        return CouponRedemption.objects.create(order=order, **fields)
    for name, value in fields.items():
        setattr(use, name, value)
    use.save()
    return use


def redeem(*, order: Order) -> None:
    """The order is paid: its use counts for good. Runs inside the payment's transaction; idempotent."""
    if order.coupon_id is None:
        return
    use = CouponRedemption.objects.filter(order=order).first()
    if use is not None and use.status == CouponRedemption.Status.REDEEMED:
        return
    over_limit = False
    if use is None or use.status != CouponRedemption.Status.RESERVED or use.coupon_id != order.coupon_id:
        # Paid after its reservation was released (a late capture of an abandoned checkout): the money is taken,
        # so the payment is honoured and the use taken back. Checked under the coupon's lock, so a checkout
        # reserving at the same moment either sees this use or is seen by it: a passed limit is never silent.
        coupon = Coupon.objects.select_for_update().get(pk=order.coupon_id)
        try:
            refuse_unless_available(coupon, student=order.student, order=order)
        except CouponRefused as exc:
            over_limit = True
            _flag_over_limit(order=order, coupon=coupon, reason=exc.reason)
    CouponRedemption.objects.update_or_create(
        order=order,
        defaults={
            "coupon_id": order.coupon_id,
            "student": order.student,
            "status": CouponRedemption.Status.REDEEMED,
            "discount": order.discount,
            "currency": order.currency,
            "redeemed_at": timezone.now(),
            "over_limit": over_limit,
        },
    )


def _flag_over_limit(*, order: Order, coupon: Coupon, reason: str) -> None:
    audit.record(actor=None, action="commerce.coupon_over_limit", target=order, code=coupon.code, reason=reason)
    logger.warning("Order %s paid late with %s past its limit (%s)", order.reference, coupon.code, reason)
    tell_admins(
        kind="commerce.coupon_over_limit",
        message=lambda: (
            _("%(code)s was used past its limit") % {"code": coupon.code},
            _(
                "Order %(order)s was paid after its checkout had been abandoned and %(code)s's last use taken by "
                "someone else. The payment is kept with its discount; refund it or accept the extra use."
            )
            % {"order": order.reference, "code": coupon.code},
        ),
        url=reverse("commerce_orders:inspect", args=[order.pk]),
        dedupe_key=f"coupon-over-limit:{order.pk}",
    )


def release(*, order: Order) -> int:
    """Give back a reserved use (the order failed, was abandoned or retired); a redeemed one stays."""
    return CouponRedemption.objects.filter(order=order, status=CouponRedemption.Status.RESERVED).update(
        status=CouponRedemption.Status.RELEASED, released_at=timezone.now()
    )
