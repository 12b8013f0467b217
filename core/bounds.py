"""Bounds for numbers people type in: the same limits as form validators and as database check constraints."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import CheckConstraint, Q


def between(low, high) -> list:
    """Field validators keeping a typed number within [low, high]; the form says which limit was crossed."""
    return [MinValueValidator(low), MaxValueValidator(high)]


def check_between(field: str, low, high, *, name: str) -> CheckConstraint:
    """The database's copy of `between` (an empty nullable field passes, as SQL's CHECK lets NULL through)."""
    return CheckConstraint(condition=Q(**{f"{field}__gte": low, f"{field}__lte": high}), name=name)
