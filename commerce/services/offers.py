"""Add-ons offered beside a course: the checkbox at checkout (order bump) and the one offer after payment (upsell).

An offer is hidden from someone who already owns the add-on. The upsell is bought in one click with the payment
method of the order just paid when the buyer agreed to keep it and the gateway can charge it again; otherwise it
goes through a normal checkout.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

import analytics

from .. import amounts
from ..gateways import GatewayError, get_gateway
from ..gateways.base import PaymentResult
from ..lines import AddOnLine, CheckoutRefused, Price
from ..lines.add_on import add_on_price
from ..models import AddOnOffer, Order, OrderLine, PaymentAttempt
from . import checkout


@dataclass(frozen=True)
class ShownOffer:
    offer: AddOnOffer
    price: Price

    @property
    def headline(self) -> str:
        return self.offer.headline or self.offer.add_on.title


def _shown(*, course, student, currency: str, placement: str) -> ShownOffer | None:
    offer = AddOnOffer.objects.select_related("add_on").filter(course=course, placement=placement, active=True).first()
    if offer is None:
        return None
    buyer = student if student is not None and student.is_authenticated else None
    try:
        AddOnLine(offer).refuse_unless_buyable(buyer)  # on sale, and not owned
    except CheckoutRefused:
        return None
    price = add_on_price(offer, currency)
    if price is None or price.money.amount <= 0:
        return None
    return ShownOffer(offer, price)


def order_bump_for(*, course, student, currency: str) -> ShownOffer | None:
    """The checkbox offered on `course`'s checkout, unless the buyer owns the add-on or it has no price."""
    return _shown(course=course, student=student, currency=currency, placement=AddOnOffer.Placement.ORDER_BUMP)


def upsell_for(*, order: Order) -> ShownOffer | None:
    """The one offer after `order` is paid: for its first course, chargeable on its own."""
    if order.status != Order.Status.PAID:
        return None
    first = OrderLine.objects.filter(order=order, course__isnull=False).select_related("course").first()
    if first is None:
        return None
    shown = _shown(
        course=first.course, student=order.student, currency=order.currency, placement=AddOnOffer.Placement.UPSELL
    )
    if shown is None or shown.price.money.amount < amounts.minimum_charge(order.currency).amount:
        return None
    return shown


def can_buy_in_one_click(*, order: Order) -> bool:
    """The buyer agreed to keep the card used for `order`, and its gateway can charge it again."""
    payment = getattr(order, "payment", None)
    if payment is None or payment.attempt_id is None or not payment.attempt.saves_payment_method:
        return False
    try:
        return get_gateway(payment.gateway).can_charge_saved(payment=payment)
    except GatewayError:
        return False


def upsell_order(*, source: Order, offer: AddOnOffer) -> Order:
    """The unpaid order for the upsell, in the paid order's currency and country."""
    return checkout.order_for(
        student=source.student,
        purchases=[AddOnLine(offer)],
        currency=source.currency,
        country=source.country,
        partner=source.partner,
        referral_link=source.referral_link,
    )


def buy_upsell_in_one_click(*, source: Order, offer: AddOnOffer, request=None) -> Order:
    """Charge the upsell to the payment method of `source`, once.

    The paid order's row stays locked from the check that the upsell is not bought yet to its recorded payment:
    a second click (another tab, a double click) waits, then gets the order the first one paid and charges
    nothing. The attempt's key is the gateway's idempotency key for the one charge."""
    if not can_buy_in_one_click(order=source):
        raise CheckoutRefused(_("This offer cannot be bought in one click; continue to payment instead."))
    payment = source.payment
    gateway = get_gateway(payment.gateway)
    with transaction.atomic():
        Order.objects.select_for_update().only("pk").get(pk=source.pk)
        bought = _bought_upsell(source=source, offer=offer)
        if bought is not None:
            return bought
        order = upsell_order(source=source, offer=offer)
        if order.status == Order.Status.PENDING:
            return order  # a charge is under way at the gateway: never a second one
        if order.total == 0:  # the buyer's account credit covers it: nothing to charge
            return checkout.complete_free_order(order=order, request=request)
        attempt = PaymentAttempt.objects.create(
            order=order, gateway=payment.gateway, amount=order.total, currency=order.currency
        )
        try:
            result = gateway.charge_saved(attempt=attempt, payment=payment)
        except GatewayError as exc:
            result = PaymentResult(PaymentResult.FAILED, failure_reason=str(exc))
        checkout.settle(attempt=attempt, result=result)
    order.refresh_from_db()
    if order.status == Order.Status.PAID:
        analytics.track(
            "upsell_accepted",
            user=order.student,
            request=request,
            order=order.reference,
            offer=offer.pk,
            one_click=True,
        )
    return order


def _bought_upsell(*, source: Order, offer: AddOnOffer) -> Order | None:
    """The order in which the buyer of `source` paid for `offer` after it, if they did."""
    return (
        Order.objects.filter(
            student=source.student, status=Order.Status.PAID, paid_at__gte=source.paid_at, lines__add_on_offer=offer
        )
        .order_by("-paid_at")
        .first()
    )
