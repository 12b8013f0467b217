"""`{{ amount|money:currency }}`: a bare amount shown like a `Money`, in the active language."""

from decimal import Decimal

from django import template

from core.money import Money

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    if amount in (None, ""):
        return ""
    return Money(Decimal(amount), currency).format()
