"""What every kind of order line answers: what is bought, what it costs, and what paying and refunding it do.

Checkout, fulfilment, refunds and invoices only talk to a line through `LineKind`, so a new kind of purchase
plugs in with one class and one entry in `commerce.lines.KINDS`, never a branch in those services.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.urls import reverse
from django.utils.translation import gettext as _

from core.money import Money

if TYPE_CHECKING:
    from ..models import OrderLine, Payment, Refund


class CheckoutRefused(Exception):
    """Why this purchase cannot go ahead; the message is shown to the buyer."""


class NotRefundableByBuyer(Exception):
    """Why the buyer may not ask for this line's refund (an admin still may); safe to show."""


@dataclass(frozen=True, slots=True)
class Price:
    money: Money
    is_derived: bool  # converted from the base currency, not set by an admin


class LineKind:
    """One thing a buyer can put in an order.

    An instance wraps what is bought (a course, a gift of a course…); `for_line()` rebuilds it from a stored line.
    `fulfil` and `refund` run inside the payment's or refund's transaction and must be idempotent: a replayed
    webhook or a retried task calls them again.
    """

    code: ClassVar[str]  # stored in OrderLine.kind

    @classmethod
    def from_line(cls, line: OrderLine) -> LineKind:
        raise NotImplementedError

    def key(self) -> str:
        """Names what is bought, e.g. `course:12`; an order's cart key is made of its lines' keys."""
        raise NotImplementedError

    def price(self, currency: str) -> Price | None:
        """The price in `currency`, or None when there is none yet."""
        raise NotImplementedError

    def refuse_unless_buyable(self, buyer) -> None:
        """Raise CheckoutRefused with the reason when `buyer` may not buy this now."""
        raise NotImplementedError

    def describe(self) -> str:
        """The line as the buyer reads it on the order and the invoice."""
        raise NotImplementedError

    def line_fields(self) -> dict[str, Any]:
        """The OrderLine fields that name what is bought (`course`, …)."""
        raise NotImplementedError

    def fulfil(self, *, line: OrderLine, payment: Payment) -> None:
        """Deliver what was paid for."""
        raise NotImplementedError

    def checkout_url(self) -> str:
        """Where the buyer starts (or retries) buying this line alone; empty when it is bought elsewhere."""
        return ""

    def paid_note(self) -> str:
        """What the buyer reads once this line is paid."""
        return _("You are enrolled in %(title)s.") % {"title": self.describe()}

    def next_step(self) -> tuple[str, str]:
        """The button after payment: its label and where it leads."""
        return _("Start learning"), reverse("learning:student-home")

    def unused_share(self, *, line: OrderLine) -> Decimal:
        """The share (0 to 1) of the line still unused; the refund policy never refunds more than this part."""
        return Decimal(1)

    def refuse_unless_refundable_by_buyer(self, *, line: OrderLine) -> None:
        """Raise NotRefundableByBuyer when only an admin may refund this line; most lines leave it to the policy."""

    def refund(self, *, line: OrderLine, refund: Refund, revoke_access: bool) -> None:
        """Follow a refund; `revoke_access` is the refund policy's answer for this payment."""
        raise NotImplementedError
