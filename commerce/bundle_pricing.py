"""What a bundle costs a buyer: its own price per currency, less the courses the buyer already owns.

A bundle's items are named by key, `course:12` or `package:3`. Owned courses are excluded from the price (the buyer
pays the bundle price pro rata over the items they get) or credited (their separate prices come off the bundle
price), as `COMMERCE_BUNDLE_OWNED_COURSES` says; a package is never owned, as each purchase adds credits. Either
way the buyer never pays more than the items they get would cost separately, and each item gets a share of the
price (the shares add up to it exactly, in chargeable steps) so a refund can follow each item's own policy.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings

from core.money import Money

from . import package_pricing, pricing
from .amounts import charge_quantum, minimum_charge, quantize, round_charge
from .models import Bundle, BundlePrice

EXCLUDE, CREDIT = "exclude", "credit"


@dataclass(frozen=True, slots=True)
class BundleQuote:
    currency: str
    bundle_price: Money  # the bundle's price, before anything the buyer owns
    is_derived: bool
    separate_total: Money  # what the items the buyer gets cost one by one
    price: Money  # what the buyer pays
    shares: dict[str, Decimal]  # item key → its share of `price`, for the items the buyer gets
    owned: frozenset[str]  # keys of the courses left out because the buyer has them

    @property
    def saving(self) -> Money:
        return Money(max(self.separate_total.amount - self.price.amount, Decimal(0)), self.currency)


def allocate(total: Decimal, weights: Sequence[tuple[Hashable, Decimal]], currency: str) -> dict:
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
    *, bundle_amount: Decimal, separate: Mapping[Hashable, Decimal], owned: frozenset, currency: str, mode: str
) -> tuple[Decimal, dict]:
    """The buyer's price and each item's share of it; (0, {}) when the buyer owns every item."""
    wanted = [(key, amount) for key, amount in separate.items() if key not in owned]
    if not wanted:
        return quantize(Decimal(0), currency), {}
    wanted_total = sum((amount for _key, amount in wanted), start=Decimal(0))
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


def bundle_offers(*, bundle_ids: Sequence[int], currency: str) -> dict[int, pricing.Offer]:
    """Each bundle's price in `currency`: the admin's, else one derived from the base currency's like a course
    price; a bundle with neither is left out. Two queries however many bundles."""
    base = settings.COMMERCE_BASE_CURRENCY
    amounts = {
        (bundle_id, price_currency): amount
        for bundle_id, price_currency, amount in BundlePrice.objects.filter(
            bundle_id__in=list(bundle_ids), currency__in={currency, base}
        ).values_list("bundle_id", "currency", "amount")
    }
    offers, rates = {}, None
    for bundle_id in bundle_ids:
        if (bundle_id, currency) in amounts:
            price = Money(amounts[bundle_id, currency], currency).quantized()
            offers[bundle_id] = pricing.Offer(bundle_id, price, False)
            continue
        if (bundle_id, base) not in amounts:
            continue
        rates = rates if rates is not None else pricing.current_rates({currency, base})
        converted = pricing.convert(amounts[bundle_id, base], source=base, target=currency, rates=rates)
        if converted is not None:
            price = Money(pricing.round_price(converted, currency), currency)
            offers[bundle_id] = pricing.Offer(bundle_id, price, True)
    return offers


def quotes(
    *, items: Mapping[int, Sequence[str]], currency: str, owned: frozenset[str] = frozenset()
) -> dict[int, BundleQuote | None]:
    """Each bundle's quote for a buyer owning the courses keyed in `owned`, from its item keys (bundle id → keys);
    None when the bundle or one of its items has no price in `currency`. A fixed number of queries however many
    bundles."""
    offers = bundle_offers(bundle_ids=list(items), currency=currency)
    item_prices = separate_prices(keys={key for keys in items.values() for key in keys}, currency=currency)
    return {
        bundle_id: _quote(offers.get(bundle_id), keys, item_prices, currency=currency, owned=owned)
        for bundle_id, keys in items.items()
    }


def quote(*, bundle: Bundle, keys: Sequence[str], currency: str, owned: frozenset[str] = frozenset()):
    """The buyer's quote, or None when the bundle or one of its items has no price in `currency`."""
    return quotes(items={bundle.pk: keys}, currency=currency, owned=owned)[bundle.pk]


def separate_prices(*, keys, currency: str) -> dict[str, Decimal]:
    """What each keyed item costs on its own in `currency`; items without a price are left out."""
    ids: dict[str, list[int]] = {"course": [], "package": []}
    for key in keys:
        kind, _sep, item_id = key.partition(":")
        ids[kind].append(int(item_id))
    prices = {}
    if ids["course"]:
        for course_id, offer in pricing.offers_for(courses=sorted(ids["course"]), currency=currency).items():
            prices[f"course:{course_id}"] = offer.price.amount
    if ids["package"]:
        for package_id, offer in package_pricing.offers_by_id(ids=sorted(ids["package"]), currency=currency).items():
            prices[f"package:{package_id}"] = offer.price.amount
    return prices


def _quote(offer, keys, item_prices, *, currency: str, owned: frozenset[str]) -> BundleQuote | None:
    if offer is None or not keys or any(key not in item_prices for key in keys):
        return None
    separate = {key: item_prices[key] for key in keys}
    owned = frozenset(owned) & set(keys)
    price, shares = buyer_price(
        bundle_amount=offer.price.amount,
        separate=separate,
        owned=owned,
        currency=currency,
        mode=settings.COMMERCE_BUNDLE_OWNED_COURSES,
    )
    wanted_total = sum((amount for key, amount in separate.items() if key not in owned), Decimal(0))
    return BundleQuote(
        currency=currency,
        bundle_price=offer.price,
        is_derived=offer.is_derived,
        separate_total=Money(quantize(wanted_total, currency), currency),
        price=Money(price, currency),
        shares=shares,
        owned=owned,
    )
