"""The kinds of order line, by the code stored in `OrderLine.kind`.

A new kind: a `LineKind` subclass in its own module, added to `KINDS`; checkout, fulfilment, refunds and invoices
then handle it with no change.
"""

from __future__ import annotations

from .base import CheckoutRefused, LineKind, NotRefundableByBuyer, Price
from .course import CourseLine
from .gift import GiftLine

KINDS: dict[str, type[LineKind]] = {kind.code: kind for kind in (CourseLine, GiftLine)}

__all__ = [
    "KINDS",
    "CheckoutRefused",
    "CourseLine",
    "GiftLine",
    "LineKind",
    "NotRefundableByBuyer",
    "Price",
    "for_line",
]


def for_line(line) -> LineKind:
    """The kind that bought `line`, rebuilt from what the line stores."""
    return KINDS[line.kind].from_line(line)
