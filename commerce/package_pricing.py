"""What session packages and the trial lesson cost in a currency: the admin's price or one derived from the base."""

from __future__ import annotations

from django.conf import settings

from . import pricing
from .packages import SessionPackage, SessionPackagePrice, TrialPrice

TRIAL = 0  # the trial lesson has one price list, keyed as item 0


def package_offers(*, packages, currency: str) -> dict[int, pricing.Offer]:
    """Offers keyed by package id, in at most two queries; a package with no base price is left out."""
    return offers_by_id(ids=[package.pk for package in packages], currency=currency)


def offers_by_id(*, ids: list[int], currency: str) -> dict[int, pricing.Offer]:
    if not ids:
        return {}
    base = settings.COMMERCE_BASE_CURRENCY
    amounts = {
        (package_id, price_currency): amount
        for package_id, price_currency, amount in SessionPackagePrice.objects.filter(
            package_id__in=ids, currency__in={currency, base}
        ).values_list("package_id", "currency", "amount")
    }
    return pricing.offers_from_prices(ids=ids, currency=currency, amounts=amounts)


def package_offer(*, package: SessionPackage, currency: str) -> pricing.Offer | None:
    return package_offers(packages=[package], currency=currency).get(package.pk)


def trial_offer(*, currency: str) -> pricing.Offer | None:
    base = settings.COMMERCE_BASE_CURRENCY
    amounts = {
        (TRIAL, price_currency): amount
        for price_currency, amount in TrialPrice.objects.filter(currency__in={currency, base}).values_list(
            "currency", "amount"
        )
    }
    return pricing.offers_from_prices(ids=[TRIAL], currency=currency, amounts=amounts).get(TRIAL)


def on_sale():
    return SessionPackage.objects.filter(is_active=True).select_related("teacher")
