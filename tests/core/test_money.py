"""Money reads the same in every language: Babel's format per locale, each currency's own minor units."""

import re
from decimal import Decimal

from babel.numbers import (
    get_decimal_symbol,
    get_group_symbol,
    list_currencies,
    parse_decimal,
)
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.money import Money, currency_symbol, exponent

# Every ISO 4217 currency Babel knows (zero-, two- and three-decimal), the school's own among them.
CURRENCIES = sorted(code for code in list_currencies() if len(code) == 3 and code.isalpha())
LANGUAGES = [code for code, _name in settings.LANGUAGES]
BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u00a0\u202f ]")


@st.composite
def money(draw):
    currency = draw(st.sampled_from(CURRENCIES))
    minor = draw(st.integers(min_value=0, max_value=10**12))
    return Money.from_minor(minor, currency)


def number_part(text: str, *, currency: str, locale: str) -> str:
    for symbol in {currency_symbol(currency, locale), currency}:
        text = text.replace(symbol, "")
    return BIDI_MARKS.sub("", text)


def test_the_school_s_currencies_are_all_covered():
    assert set(settings.FLUENTORY_CURRENCIES) <= set(CURRENCIES)
    assert {exponent(code) for code in CURRENCIES} >= {0, 2, 3}


@given(amount=money(), language=st.sampled_from(LANGUAGES))
@hypothesis_settings(max_examples=500)
def test_a_formatted_amount_parses_back_to_itself(amount, language):
    text = amount.format(language)
    number = number_part(text, currency=amount.currency, locale=language)
    assert parse_decimal(number, locale=language, strict=True) == amount.amount, text


@given(amount=money(), language=st.sampled_from(LANGUAGES))
@hypothesis_settings(max_examples=500)
def test_the_digits_after_the_decimal_sign_are_the_currency_exponent(amount, language):
    number = number_part(amount.format(language), currency=amount.currency, locale=language)
    decimal_sign, group_sign = get_decimal_symbol(language), get_group_symbol(language)
    assert decimal_sign != group_sign
    whole, _sign, fraction = number.partition(decimal_sign)
    assert len(fraction) == exponent(amount.currency)
    # Grouping only ever splits the whole part into threes, so 34.500 JOD can never read as thirty-four thousand.
    groups = whole.split(group_sign)
    assert all(len(group) == 3 for group in groups[1:]) and 1 <= len(groups[0]) <= 3


@given(language=st.sampled_from(LANGUAGES), currency=st.sampled_from(CURRENCIES))
def test_an_amount_with_too_many_decimals_is_shown_rounded_to_the_currency(language, currency):
    places = exponent(currency)
    raw = Money(Decimal("20.0051"), currency)
    number = number_part(raw.format(language), currency=currency, locale=language)
    assert parse_decimal(number, locale=language) == Decimal("20.0051").quantize(Decimal(1).scaleb(-places))


def test_jod_keeps_three_decimals_in_both_languages():
    jod = Money(Decimal("34.5"), "JOD")
    assert jod.format("en") == "JOD\u00a034.500"
    assert "34.500" in jod.format("ar") and "34,500" not in jod.format("ar")


SCHOOL_CURRENCIES_SHOWN = {
    "en": {
        "USD": "$1,234.50",
        "EUR": "€1,234.50",
        "GBP": "£1,234.50",
        "SAR": "SAR\u00a01,234.50",
        "AED": "AED\u00a01,234.50",
        "JOD": "JOD\u00a01,234.500",
    },
    "ar": {"USD": "$", "EUR": "€", "GBP": "£", "SAR": "ر.س.", "AED": "د.إ.", "JOD": "د.أ."},
}


def test_the_school_s_currencies_read_as_their_readers_write_them():
    for currency, shown in SCHOOL_CURRENCIES_SHOWN["en"].items():
        assert Money(Decimal("1234.5"), currency).format("en") == shown
    for currency, symbol in SCHOOL_CURRENCIES_SHOWN["ar"].items():
        text = Money(Decimal("1234.5"), currency).format("ar")
        assert BIDI_MARKS.sub("", text).startswith("1,234.5") and text.endswith(
            symbol + ("\u200f" if symbol[-1] == "." else "")
        )
        assert "UK£" not in text and "US$" not in text
