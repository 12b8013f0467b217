"""Money as Decimal plus an ISO 4217 code; minor units follow each currency's exponent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, get_currency_precision, get_currency_symbol
from django.utils import translation

# Where CLDR's symbol is not the one a reader of the language expects: its Arabic data writes "UK£" and "US$",
# while Arabic-speaking readers (and the English pages) write £ and $.
SYMBOLS = {("ar", "GBP"): "£", ("ar", "USD"): "$"}


def currency_symbol(currency: str, locale: str) -> str:
    """The symbol amounts in `currency` are shown with in `locale`."""
    return SYMBOLS.get((locale.split("_")[0], currency)) or get_currency_symbol(currency, locale)


def exponent(currency: str) -> int:
    """Decimal places of a currency per ISO 4217 (JOD has three)."""
    return get_currency_precision(currency)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money amounts are Decimal, never float.")
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"{self.currency!r} is not an ISO 4217 code.")

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(minor).scaleb(-exponent(currency)), currency)

    def quantized(self) -> Money:
        quantum = Decimal(1).scaleb(-exponent(self.currency))
        return Money(self.amount.quantize(quantum, rounding=ROUND_HALF_UP), self.currency)

    def to_minor(self) -> int:
        return int(self.quantized().amount.scaleb(exponent(self.currency)))

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"Cannot combine {self.currency} with {other.currency}.")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * Decimal(factor), self.currency)

    def format(self, locale: str | None = None) -> str:
        locale = (locale or translation.get_language() or "en").replace("-", "_")
        text = format_currency(self.quantized().amount, self.currency, locale=locale)
        symbol = currency_symbol(self.currency, locale)
        if symbol[-1].isalpha():  # CLDR's currency spacing, which Babel leaves out: "SAR 49.00", not "SAR49.00"
            return re.sub(re.escape(get_currency_symbol(self.currency, locale)) + r"(?=\d)", symbol + "\u00a0", text)
        return text.replace(get_currency_symbol(self.currency, locale), symbol)

    def __str__(self) -> str:
        return self.format()
