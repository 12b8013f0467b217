"""Which currency a visitor sees before they choose one."""

from django.conf import settings

REGION_CURRENCIES = {
    "SA": "SAR",
    "AE": "AED",
    "JO": "JOD",
    "GB": "GBP",
    "US": "USD",
    "DE": "EUR",
    "FR": "EUR",
    "ES": "EUR",
    "IT": "EUR",
    "NL": "EUR",
    "IE": "EUR",
    "AT": "EUR",
    "BE": "EUR",
}


def default_currency(*, accept_language: str = "", country: str = "") -> str:
    """The first offered currency matching the visitor's country, else their browser's region."""
    candidates = [country.upper()] if country else []
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip()
        if "-" in tag:
            candidates.append(tag.split("-")[-1].upper())
    for region in candidates:
        currency = REGION_CURRENCIES.get(region)
        if currency in settings.FLUENTORY_CURRENCIES:
            return currency
    return settings.FLUENTORY_DEFAULT_CURRENCY
