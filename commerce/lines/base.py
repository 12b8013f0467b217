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


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the buyer reads on the return page once a line is paid, and the link to where it went."""

    notice: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class StartAgain:
    """Where a buyer whose payment was declined tries again: in one click (same gateway and country), or on the
    page that takes the purchase's details afresh."""

    url: str
    one_click: bool


@dataclass(frozen=True, slots=True)
class RefundPart:
    """Something a line bought, with its share of the line's price, refunded under `course`'s policy (None: the
    default policy) and never beyond its `unused` part (0 to 1)."""

    label: str
    course: Any
    share: Decimal
    unused: Decimal = Decimal(1)


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

    def next_step(self) -> NextStep:
        """Shown once this line is paid; a kind that delivers somewhere of its own points there."""
        return NextStep(self.describe(), _("Your purchases"), reverse("commerce:purchases"))

    def start_again(self) -> StartAgain:
        return StartAgain(reverse("cms:catalogue"), one_click=False)

    def unused_share(self, *, line: OrderLine) -> Decimal:
        """The share (0 to 1) of the line still unused; the refund policy never refunds more than this part."""
        return Decimal(1)

    def refund_parts(self, *, line: OrderLine) -> list[RefundPart]:
        """What the refund policy weighs one by one: the line's course, if any; a line of several things says each."""
        return [RefundPart(line.course.title, line.course, line.total)] if line.course_id else []

    def refuse_unless_refundable_by_buyer(self, *, line: OrderLine) -> None:
        """Raise NotRefundableByBuyer when only an admin may refund this line; most lines leave it to the policy."""

    def refund(self, *, line: OrderLine, refund: Refund, revoke_access: bool) -> None:
        """Follow a refund; `revoke_access` is the refund policy's answer for this payment."""
        raise NotImplementedError
