"""Shares of public pages: what the share beacon records, and the admins' report of them."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from analytics.events import track
from analytics.models import Event
from core import sharing

EVENT = "share"
PAGE_KINDS = frozenset({"course", "blog", "certificate"})
MAX_PATH = 500


class ShareRefused(ValueError):
    """The beacon named something this site does not share; nothing was recorded."""


def record_share(*, request, network: str, path: str, language: str, kind: str) -> Event:
    """Record one share of the page at `path` (on this site) through `network`, by the visitor of `request`."""
    if not all(isinstance(value, str) for value in (network, path, language, kind)):
        raise ShareRefused(_("A share names its network, page, language and kind of page as text."))
    if network not in sharing.TRACKED:
        raise ShareRefused(_("Unknown network."))
    if not path.startswith("/") or path.startswith("//") or len(path) > MAX_PATH:
        raise ShareRefused(_("The page must be a path on this site."))
    if language not in dict(settings.LANGUAGES):
        raise ShareRefused(_("Unknown language."))
    if kind not in PAGE_KINDS:
        raise ShareRefused(_("Unknown kind of page."))
    return track(EVENT, request=request, path=path, network=network, language=language, kind=kind)


def count_by_day(events):
    """Share `events` counted by day, network, page and language, newest day first (one query)."""
    return (
        events.annotate(day=TruncDate("occurred_at"))
        .values("day", "path", network=_key("network"), language=_key("language"))
        .annotate(shares=Count("pk"))
        .order_by("-day", "-shares", "network", "path")
    )


def _key(name: str) -> KeyTextTransform:
    return KeyTextTransform(name, "properties")
