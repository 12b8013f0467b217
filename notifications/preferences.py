"""Which channels a person wants per category, and the consent trail for categories that need a yes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .kinds import Category
from .models import ConsentRecord, NotificationPreference


@dataclass(frozen=True)
class Channels:
    in_app: bool
    email: bool


def default_channels(category: str) -> Channels:
    opted_in = category not in Category.OPT_IN
    return Channels(in_app=opted_in, email=opted_in)


def _channels(category: str, row: NotificationPreference | None) -> Channels:
    # Essential categories always reach the person, whatever a stored row says.
    if category in Category.ESSENTIAL:
        return Channels(in_app=True, email=True)
    if row is None:
        return default_channels(category)
    return Channels(in_app=row.in_app, email=row.email)


def channels_for(*, user, category: str) -> Channels:
    if category in Category.ESSENTIAL:
        return _channels(category, None)
    return _channels(category, NotificationPreference.objects.filter(user=user, category=category).first())


def email_wanted(*, pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Of (user id, category) pairs, those whose email channel is on: one query for any number of people."""
    chosen = {
        (row.user_id, row.category): row
        for row in NotificationPreference.objects.filter(
            user_id__in={user_id for user_id, _category in pairs}, category__in={category for _user, category in pairs}
        )
    }
    return {pair for pair in pairs if _channels(pair[1], chosen.get(pair)).email}


def all_channels(*, user) -> dict[str, Channels]:
    chosen = {row.category: row for row in NotificationPreference.objects.filter(user=user)}
    return {category: _channels(category, chosen.get(category)) for category, _label in Category.CHOICES}


@transaction.atomic
def set_channels(*, user, category: str, channels: Channels, source: str) -> None:
    """Store the choice; a change to a category that needs consent is recorded with its time and source."""
    if category in Category.ESSENTIAL:
        return
    before = channels_for(user=user, category=category)
    NotificationPreference.objects.update_or_create(
        user=user, category=category, defaults={"in_app": channels.in_app, "email": channels.email}
    )
    if category not in Category.OPT_IN:
        return
    for channel in ("in_app", "email"):
        granted = getattr(channels, channel)
        if granted != getattr(before, channel):
            ConsentRecord.objects.create(user=user, category=category, channel=channel, granted=granted, source=source)


def unsubscribe(*, user, category: str, source: str) -> None:
    """Stop email for one category, keeping the in-app choice."""
    current = channels_for(user=user, category=category)
    set_channels(user=user, category=category, channels=Channels(in_app=current.in_app, email=False), source=source)
