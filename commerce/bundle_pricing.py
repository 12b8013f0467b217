"""What a bundle costs a buyer: its own price per currency, less the courses the buyer already owns.

Owned courses are excluded from the price (the buyer pays the bundle price pro rata over the courses they get) or
credited (their separate prices come off the bundle price), as `COMMERCE_BUNDLE_OWNED_COURSES` says. Either way
the buyer never pays more than the courses they get would cost separately, and each course gets a share of the
price (the shares add up to it exactly, in chargeable steps) so a refund can follow each course's own policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings

from core.money import Money

from . import pricing
from .amounts import charge_quantum, minimum_charge, quantize, round_charge
from .models import Bundle, BundlePrice

EXCLUDE, CREDIT = "exclude", "credit"


@dataclass(frozen=True, slots=True)
class BundleQuote:
    currency: str
    bundle_price: Money  # the bundle's price, before anything the buyer owns
    is_derived: bool
    separate_total: Money  # what the courses the buyer gets cost one by one
    price: Money  # what the buyer pays
    shares: dict[int, Decimal]  # course id → its share of `price`, for the courses the buyer gets
    owned: frozenset[int]  # courses left out because the buyer has them

    @property
    def saving(self) -> Money:
        return Money(max(self.separate_total.amount - self.price.amount, Decimal(0)), self.currency)


def allocate(total: Decimal, weights: Sequence[tuple[int, Decimal]], currency: str) -> dict[int, Decimal]:
    """Split `total` over the keys by weight in chargeable steps (largest remainder); the parts add up to it.

    Equal weights when every weight is zero."""
    if not weights:
        return {}
    step = charge_quantum(currency)
    weight_sum = sum((weight for _key, weight in weights), start=Decimal(0))
    if weight_sum <= 0:
        weights, weight_sum = [(key, Decimal(1)) for key, _weight in weights], Decimal(len(weights))
    steps_total = int(total / step)
    exact = [(key, Decimal(steps_total) * weight / weight_sum) for key, weight in weights]
    floors = {key: int(value.to_integral_value(rounding=ROUND_FLOOR)) for key, value in exact}
    left = steps_total - sum(floors.values())
    by_remainder = sorted(exact, key=lambda item: (-(item[1] - floors[item[0]]), item[0]))
    for key, _value in by_remainder[:left]:
        floors[key] += 1
    return {key: quantize(Decimal(count) * step, currency) for key, count in floors.items()}


def buyer_price(
    *, bundle_amount: Decimal, separate: Mapping[int, Decimal], owned: frozenset[int], currency: str, mode: str
) -> tuple[Decimal, dict[int, Decimal]]:
    """The buyer's price and each course's share of it; (0, {}) when the buyer owns every course."""
    wanted = [(course_id, amount) for course_id, amount in separate.items() if course_id not in owned]
    if not wanted:
        return quantize(Decimal(0), currency), {}
    wanted_total = sum((amount for _course, amount in wanted), start=Decimal(0))
    all_total = sum(separate.values(), start=Decimal(0))
    if len(wanted) == len(separate):
        price = bundle_amount
    elif mode == CREDIT:
        credit = all_total - wanted_total
        # Credit never brings a chargeable bundle below what a card can be charged.
        price = max(bundle_amount - credit, min(bundle_amount, minimum_charge(currency).amount))
    elif all_total > 0:
        price = bundle_amount * wanted_total / all_total
    else:
        price = bundle_amount * len(wanted) / len(separate)
    if wanted_total > 0:
        price = min(price, wanted_total)
    price = round_charge(price, currency)
    return price, allocate(price, wanted, currency)


def bundle_price(bundle: Bundle, currency: str) -> pricing.Offer | None:
    """The admin's price in `currency`, else one derived from the base currency's like a course price."""
    base = settings.COMMERCE_BASE_CURRENCY
    amounts = dict(
        BundlePrice.objects.filter(bundle=bundle, currency__in={currency, base}).values_list("currency", "amount")
    )
    if currency in amounts:
        return pricing.Offer(bundle.pk, Money(amounts[currency], currency).quantized(), False)
    if base not in amounts:
        return None
    converted = pricing.convert(
        amounts[base], source=base, target=currency, rates=pricing.current_rates({currency, base})
    )
    if converted is None:
        return None
    return pricing.Offer(bundle.pk, Money(pricing.round_price(converted, currency), currency), True)


def quote(*, bundle: Bundle, course_ids: Sequence[int], currency: str, owned: frozenset[int] = frozenset()):
    """The buyer's quote, or None when the bundle or one of its courses has no price in `currency`."""
    offer = bundle_price(bundle, currency)
    if offer is None or not course_ids:
        return None
    offers = pricing.offers_for(courses=list(course_ids), currency=currency)
    if any(course_id not in offers for course_id in course_ids):
        return None
    separate = {course_id: offers[course_id].price.amount for course_id in course_ids}
    owned = frozenset(owned) & set(course_ids)
    price, shares = buyer_price(
        bundle_amount=offer.price.amount,
        separate=separate,
        owned=owned,
        currency=currency,
        mode=settings.COMMERCE_BUNDLE_OWNED_COURSES,
    )
    wanted_total = sum((amount for course_id, amount in separate.items() if course_id not in owned), Decimal(0))
    return BundleQuote(
        currency=currency,
        bundle_price=offer.price,
        is_derived=offer.is_derived,
        separate_total=Money(quantize(wanted_total, currency), currency),
        price=Money(price, currency),
        shares=shares,
        owned=owned,
    )
