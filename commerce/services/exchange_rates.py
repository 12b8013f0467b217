"""Exchange rates: set by admins, refreshed from a provider when one is configured; history is kept."""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import ExchangeRate
from ..pricing import current_rates


class ProviderError(Exception):
    pass


def set_rate(*, currency: str, rate: Decimal, source: str = "admin", effective_at=None) -> ExchangeRate:
    if currency not in settings.FLUENTORY_CURRENCIES or currency == settings.FLUENTORY_REPORTING_CURRENCY:
        raise ValueError(f"{currency} takes no exchange rate")
    if rate <= 0:
        raise ValueError("A rate is positive")
    return ExchangeRate.objects.create(
        currency=currency, rate=rate, source=source, effective_at=effective_at or timezone.now()
    )


def fetch_provider_rates(url: str) -> dict[str, Decimal]:
    """A JSON document with {"rates": {"EUR": 0.92, …}} per one unit of the reporting currency."""
    if not url.startswith(("https://", "http://")):
        raise ProviderError("The exchange-rate URL must be http(s)")
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (scheme checked above)
            document = json.loads(response.read().decode("utf-8"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise ProviderError(str(exc)) from exc
    rates = document.get("rates") if isinstance(document, dict) else None
    if not isinstance(rates, dict):
        raise ProviderError("No rates in the provider's answer")
    parsed = {}
    for code, value in rates.items():
        try:
            parsed[str(code).upper()] = Decimal(str(value))
        except InvalidOperation:
            continue
    return parsed


def refresh_from_provider() -> int:
    """Store the provider's rate for every offered currency that changed; answers how many were stored."""
    url = settings.COMMERCE_EXCHANGE_RATE_URL
    if not url:
        return 0
    fetched = fetch_provider_rates(url)
    stored = 0
    with transaction.atomic():
        current = current_rates()
        for currency in settings.FLUENTORY_CURRENCIES:
            if currency == settings.FLUENTORY_REPORTING_CURRENCY or currency not in fetched:
                continue
            rate = fetched[currency].quantize(Decimal("0.0000000001"))
            if rate > 0 and current.get(currency) != rate:
                set_rate(currency=currency, rate=rate, source="provider")
                stored += 1
    return stored
