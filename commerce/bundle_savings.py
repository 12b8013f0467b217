"""The bundles a course is part of, with what buying the bundle saves, for the course's public page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.money import Money

from . import bundle_pricing
from .models import Bundle, BundleItem


@dataclass(frozen=True, slots=True)
class BundleSaving:
    title: str
    url: str
    price: Money
    separate_total: Money
    saving: Money


def savings_for_course(*, course_id: int, currency: str, language: str) -> list[BundleSaving]:
    """Each active bundle holding the course and priced in `currency` for less than its items separately, titled
    in `language` where translated. A fixed number of queries however many bundles; the visitor's own courses are
    not taken into account, so the answer can be cached with the page."""
    bundles = list(Bundle.objects.filter(active=True, items__course_id=course_id).order_by("title", "pk"))
    if not bundles:
        return []
    keys: dict[int, list[str]] = {bundle.pk: [] for bundle in bundles}
    for item in BundleItem.objects.filter(bundle__in=bundles).only("bundle_id", "course_id", "package_id"):
        keys[item.bundle_id].append(item.key)
    quotes = bundle_pricing.quotes(items=keys, currency=currency)
    return [
        BundleSaving(
            title=bundle.in_language("title", language),
            url=reverse("commerce:bundle-detail", args=[bundle.slug]),
            price=quote.price,
            separate_total=quote.separate_total,
            saving=quote.saving,
        )
        for bundle in bundles
        if (quote := quotes[bundle.pk]) is not None and quote.saving.amount > 0
    ]
