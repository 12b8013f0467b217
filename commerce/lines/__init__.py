"""The kinds of order line, by the code stored in `OrderLine.kind`.

A new kind: a `LineKind` subclass in its own module, added to `KINDS`; checkout, fulfilment, refunds and invoices
then handle it with no change.
"""

from __future__ import annotations

from .add_on import AddOnLine
from .base import CheckoutRefused, LineKind, NotRefundableByBuyer, Price, RefundPart
from .bundle import BundleLine
from .course import CourseLine
from .gift import GiftLine
from .package import PackageLine, TrialLine

KINDS: dict[str, type[LineKind]] = {
    kind.code: kind for kind in (CourseLine, GiftLine, BundleLine, AddOnLine, PackageLine, TrialLine)
}

__all__ = [
    "KINDS",
    "AddOnLine",
    "BundleLine",
    "CheckoutRefused",
    "CourseLine",
    "GiftLine",
    "LineKind",
    "NotRefundableByBuyer",
    "PackageLine",
    "Price",
    "RefundPart",
    "TrialLine",
    "for_line",
]


def for_line(line) -> LineKind:
    """The kind that bought `line`, rebuilt from what the line stores."""
    return KINDS[line.kind].from_line(line)
