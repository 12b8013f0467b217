"""A course or a session package bought for someone else: priced as what is given, paid by the buyer, delivered by
email at its date. What the gift gives, and takes back when refunded, is its item's (`commerce.gift_items`)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from .. import gift_items  # the module, not its names: it imports the line kinds, which import this module
from ..models import Gift
from ..services import gifts
from .base import CheckoutRefused, LineKind, NextStep, NotRefundableByBuyer, Price, StartAgain


class GiftLine(LineKind):
    code = "gift"

    def __init__(self, gift: Gift):
        self.gift = gift
        self.item = gift_items.item_of(gift)

    @classmethod
    def from_line(cls, line) -> GiftLine:
        return cls(line.gift)

    def key(self) -> str:
        return f"gift:{self.gift.pk}"

    def price(self, currency: str) -> Price | None:
        return self.item.price(currency)

    def refuse_unless_buyable(self, buyer) -> None:
        self.item.refuse_unless_on_sale()
        if self.gift.status != Gift.Status.AWAITING_PAYMENT or self.gift.buyer_id != buyer.pk:
            raise CheckoutRefused(_("This gift has already been paid for."))
        try:
            gifts.refuse_unless_giftable(
                buyer=buyer, course=self.gift.course, recipient_email=self.gift.recipient_email
            )
        except gifts.GiftRefused as exc:
            raise CheckoutRefused(str(exc)) from exc

    def describe(self) -> str:
        return _("Gift: %(course)s for %(name)s") % {"course": self.gift.title, "name": self.gift.recipient_name}

    def line_fields(self) -> dict:
        return {"gift": self.gift, "course": self.gift.course, "package": self.gift.package}

    def next_step(self) -> NextStep:
        notice = _("Your gift is paid: %(name)s will get %(course)s by email on the day you chose.") % {
            "name": self.gift.recipient_name,
            "course": self.gift.title,
        }
        return NextStep(notice, _("Your gifts"), reverse("commerce:gifts"))

    def start_again(self) -> StartAgain:
        # Not one click: the ordinary checkout would buy it for the buyer, not as a gift.
        return StartAgain(reverse(self.item.start_view, args=[self.item.slug]), one_click=False)

    def fulfil(self, *, line, payment) -> None:
        gifts.mark_paid(gift=self.gift)

    def unused_share(self, *, line) -> Decimal:
        return self.item.unused_share()

    def refuse_unless_refundable_by_buyer(self, *, line) -> None:
        if Gift.objects.filter(pk=self.gift.pk, status=Gift.Status.REDEEMED).exists():
            raise NotRefundableByBuyer(_("This gift has been redeemed; only an admin can refund it now."))

    def refund(self, *, line, refund, revoke_access: bool) -> None:
        if revoke_access or self.item.always_taken_back:
            gifts.cancel_for_refund(gift=self.gift)
