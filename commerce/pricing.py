"""What a course costs in a currency: the admin's price, or one derived from the base price.

`offers_for()` answers for any number of courses in a fixed number of queries (two).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from core.money import Money

from .amounts import charge_quantum, minor_quantum, round_charge
from .models import CoursePrice, ExchangeRate


@dataclass(frozen=True, slots=True)
class Offer:
    course_id: int
    price: Money
    is_derived: bool  # derived from the base price by exchange rate and rounding rule


def rounding_step(currency: str) -> Decimal:
    step = Decimal(settings.COMMERCE_PRICE_ROUNDING.get(currency, "0"))
    quantum = charge_quantum(currency)
    if step <= 0:
        return quantum
    # A step finer than the currency can charge would make unchargeable prices.
    return max(step, quantum).quantize(quantum) if step % quantum == 0 else quantum


def round_price(amount: Decimal, currency: str) -> Decimal:
    """Nearest multiple of the currency's rounding step (half up), never below one step, in minor units.

    A free course (zero) stays free in every currency."""
    if amount == 0:
        return Decimal(0).quantize(minor_quantum(currency))
    step = rounding_step(currency)
    steps = (amount / step).to_integral_value(rounding=ROUND_HALF_UP)
    return (max(steps, Decimal(1)) * step).quantize(minor_quantum(currency))


def current_rates(currencies: Iterable[str] | None = None, *, at=None) -> dict[str, Decimal]:
    """The latest rate per currency (units per one reporting-currency unit), in one query."""
    at = at or timezone.now()
    rows = ExchangeRate.objects.filter(effective_at__lte=at)
    if currencies is not None:
        rows = rows.filter(currency__in=list(currencies))
    rows = rows.annotate(
        position=Window(RowNumber(), partition_by=[F("currency")], order_by=[F("effective_at").desc(), F("pk").desc()])
    ).filter(position=1)
    rates = {row.currency: row.rate for row in rows}
    rates[settings.FLUENTORY_REPORTING_CURRENCY] = Decimal(1)
    return rates


def convert(amount: Decimal, *, source: str, target: str, rates: dict[str, Decimal]) -> Decimal | None:
    """Unrounded conversion through the reporting currency; None when a rate is missing."""
    if source == target:
        return amount
    if source not in rates or target not in rates:
        return None
    return amount / rates[source] * rates[target]


def to_reporting_rate(currency: str, *, at=None) -> Decimal:
    """Reporting-currency units per one unit of `currency` at `at`; 1 when no rate is known."""
    rates = current_rates([currency], at=at)
    rate = rates.get(currency)
    return (Decimal(1) / rate).quantize(Decimal("0.0000000001")) if rate else Decimal(1)


def offers_for(*, courses, currency: str) -> dict[int, Offer]:
    """Offers keyed by course id; a course with no base price (or no rate to derive one) is left out."""
    course_ids = [course.pk if hasattr(course, "pk") else int(course) for course in courses]
    if not course_ids:
        return {}
    base = settings.COMMERCE_BASE_CURRENCY
    amounts: dict[tuple[int, str], Decimal] = {
        (course_id, price_currency): amount
        for course_id, price_currency, amount in CoursePrice.objects.filter(
            course_id__in=course_ids, currency__in={currency, base}
        ).values_list("course_id", "currency", "amount")
    }
    rates = _LazyRates({currency, base})
    offers = {course_id: _offer(course_id, currency, amounts, rates) for course_id in course_ids}
    return {course_id: offer for course_id, offer in offers.items() if offer is not None}


def offers_in_currencies(*, course, currencies: Iterable[str]) -> list[Offer]:
    """The course's offer in each currency that has one, in two queries however many currencies."""
    currencies = list(currencies)
    base = settings.COMMERCE_BASE_CURRENCY
    amounts = {
        (course.pk, price_currency): amount
        for price_currency, amount in CoursePrice.objects.filter(
            course_id=course.pk, currency__in={*currencies, base}
        ).values_list("currency", "amount")
    }
    rates = _LazyRates({*currencies, base})
    offers = [_offer(course.pk, currency, amounts, rates) for currency in currencies]
    return [offer for offer in offers if offer is not None]


class _LazyRates:
    """Exchange rates read once, and only if some price has to be derived."""

    def __init__(self, currencies: set[str]):
        self.currencies, self.rates = currencies, None

    def get(self) -> dict[str, Decimal]:
        if self.rates is None:
            self.rates = current_rates(self.currencies)
        return self.rates


def _offer(course_id: int, currency: str, amounts: dict, rates: _LazyRates) -> Offer | None:
    """The admin's price in `currency`, else one derived from the base price; None without either."""
    explicit = amounts.get((course_id, currency))
    if explicit is not None:
        return Offer(course_id, Money(explicit, currency).quantized(), False)
    base = settings.COMMERCE_BASE_CURRENCY
    base_price = amounts.get((course_id, base))
    if base_price is None:
        return None
    converted = convert(base_price, source=base, target=currency, rates=rates.get())
    if converted is None:
        return None
    return Offer(course_id, Money(round_price(converted, currency), currency), True)


def offers_from_prices(*, ids, currency: str, amounts: dict[tuple[int, str], Decimal]) -> dict[int, Offer]:
    """Offers for anything priced like a course (packages, the trial lesson) from its admin prices keyed by
    (id, currency), which must include the base currency; exchange rates are read only when one is derived."""
    rates = _LazyRates({currency, settings.COMMERCE_BASE_CURRENCY})
    offers = {item_id: _offer(item_id, currency, amounts, rates) for item_id in ids}
    return {item_id: offer for item_id, offer in offers.items() if offer is not None}


def offer_for(*, course, currency: str) -> Offer | None:
    return offers_for(courses=[course], currency=currency).get(course.pk)


@dataclass(frozen=True, slots=True)
class Totals:
    subtotal: Decimal
    tax: Decimal
    total: Decimal


def totals(*, amount: Decimal, currency: str, tax_rate: Decimal, prices_include_tax: bool) -> Totals:
    """Split or add tax (`tax_rate` in percent) so subtotal + tax == total, every figure chargeable."""
    rate = tax_rate / Decimal(100)
    if prices_include_tax:
        total = amount
        tax = round_charge(total - total / (1 + rate), currency) if rate else Decimal(0)
        return Totals(subtotal=total - tax, tax=tax, total=total)
    tax = round_charge(amount * rate, currency) if rate else Decimal(0)
    return Totals(subtotal=amount, tax=tax, total=amount + tax)
