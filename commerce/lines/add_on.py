"""A course offered beside another at a discount: the checkout's order bump or the one-click offer after payment.

It is delivered and refunded like a course bought on its own; only its price comes from the offer.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import Money

from ..amounts import round_charge
from ..models import AddOnOffer
from .base import CheckoutRefused, Price
from .course import CourseLine, course_price


def add_on_price(offer: AddOnOffer, currency: str) -> Price | None:
    """The add-on's own price less the offer's discount, in chargeable steps; None without a price."""
    own = course_price(offer.add_on, currency)
    if own is None:
        return None
    amount = round_charge(own.money.amount * (100 - Decimal(offer.percent_off)) / 100, currency)
    return Price(Money(amount, currency), own.is_derived)


class AddOnLine(CourseLine):
    code = "add_on"

    def __init__(self, offer: AddOnOffer):
        super().__init__(offer.add_on)
        self.offer = offer

    @classmethod
    def from_line(cls, line) -> AddOnLine:
        return cls(line.add_on_offer)

    def key(self) -> str:
        return f"add_on:{self.offer.pk}"

    def price(self, currency: str) -> Price | None:
        return add_on_price(self.offer, currency)

    def refuse_unless_buyable(self, buyer) -> None:
        if not self.offer.active:
            raise CheckoutRefused(_("This offer has ended."))
        super().refuse_unless_buyable(buyer)

    def line_fields(self) -> dict:
        return {"course": self.course, "add_on_offer": self.offer}
