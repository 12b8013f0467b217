"""What may be charged in a currency, in one place: ISO 4217 minor units plus the gateways' own rules.

Every gateway is held to Stripe's rules (the production gateway), so the test gateway refuses locally what
Stripe would refuse in production:
- three-decimal currencies (JOD, KWD, …) are charged in steps of ten minor units (0.010);
- a charge is at least the currency's minimum (Stripe's "minimum and maximum charge amounts"; SAR and JOD are
  not in Stripe's table, so their minimum is about the USD 0.50 that Stripe requires after conversion).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core.money import Money, exponent

THREE_DECIMAL_CURRENCIES = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
MINIMUM_CHARGES = {
    "USD": Decimal("0.50"),
    "EUR": Decimal("0.50"),
    "GBP": Decimal("0.30"),
    "AED": Decimal("2.00"),
    "SAR": Decimal("2.00"),
    "JOD": Decimal("0.500"),
}
DEFAULT_MINIMUM_MINOR_UNITS = 50


class AmountRefused(ValueError):
    """An amount no gateway would take; the message is safe to show."""


def minor_quantum(currency: str) -> Decimal:
    """One minor unit: 0.01 USD, 0.001 JOD."""
    return Decimal(1).scaleb(-exponent(currency))


def charge_quantum(currency: str) -> Decimal:
    """The smallest step a gateway charges: Stripe wants three-decimal currencies in steps of ten minor units."""
    if currency in THREE_DECIMAL_CURRENCIES or exponent(currency) == 3:
        return Decimal("0.01")  # written with two places so that quantize() rounds to it
    return minor_quantum(currency)


def quantize(amount: Decimal, currency: str) -> Decimal:
    """`amount` to the currency's exponent, half up: how every amount is stored."""
    return amount.quantize(minor_quantum(currency), rounding=ROUND_HALF_UP)


def round_charge(amount: Decimal, currency: str) -> Decimal:
    """A computed amount (tax, a prorated refund, a discount) rounded to what can be charged."""
    return quantize(amount.quantize(charge_quantum(currency), rounding=ROUND_HALF_UP), currency)


def minimum_charge(currency: str) -> Money:
    default = Decimal(DEFAULT_MINIMUM_MINOR_UNITS) * minor_quantum(currency)
    return Money(quantize(MINIMUM_CHARGES.get(currency, default), currency), currency)


def is_whole_steps(money: Money) -> bool:
    return money.amount % charge_quantum(money.currency) == 0


def check_step(money: Money) -> None:
    """Refuse an amount with more decimals than the currency, or a gateway, takes."""
    if not is_whole_steps(money):
        raise AmountRefused(
            _("%(amount)s %(currency)s cannot be charged: amounts in %(currency)s go in steps of %(step)s.")
            % {
                "amount": money.amount,
                "currency": money.currency,
                "step": quantize(charge_quantum(money.currency), money.currency),
            }
        )


def check_charge(money: Money) -> None:
    """Refuse what a gateway would refuse: a bad step, or a total of more than zero below the minimum."""
    check_step(money)
    minimum = minimum_charge(money.currency)
    if money.amount < minimum.amount:
        raise AmountRefused(
            _("Card payments in %(currency)s start at %(minimum)s; this total (%(total)s) is below that.")
            % {"currency": money.currency, "minimum": minimum.format(), "total": money.format()}
        )


def check_price(money: Money) -> None:
    """A course price is free (zero) or something a gateway can charge."""
    if money.amount < 0:
        raise AmountRefused(_("A price cannot be negative."))
    if money.amount == 0:
        return
    check_charge(money)


def gateway_minor_units(money: Money) -> int:
    """The integer a gateway is sent, after every check."""
    check_charge(money)
    return money.to_minor()


def validate_price_row(row, *, check=check_price, not_positive: str = "") -> None:
    """An admin's row of `currency` and `amount` (a price, a coupon's amount off): an offered currency, then an
    amount the currency and the gateways take. `not_positive` is the reason to refuse zero, where zero is refused."""
    from django.conf import settings
    from django.core.exceptions import ValidationError

    if row.currency not in settings.FLUENTORY_CURRENCIES:
        raise ValidationError({"currency": _("This currency is not offered.")})
    if row.amount is None:
        return
    if not_positive and row.amount <= 0:
        raise ValidationError({"amount": not_positive})
    try:
        check(Money(row.amount, row.currency))
    except AmountRefused as exc:
        raise ValidationError({"amount": str(exc)}) from exc
