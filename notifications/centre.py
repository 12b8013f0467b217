"""Reading a person's notification centre: the inbox, the unread count, and what a poll needs in one query.

The header's bell shows the unread count on every signed-in page, so it is kept in the shared cache, forgotten
whenever a notification is created or read, and refreshed by each poll; `UNREAD_COUNT_SECONDS` bounds how long
a count can be stale when a write races a read.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, QuerySet, Window

from .models import Notification

POLL_LATEST = 5
UNREAD_COUNT_SECONDS = 300


def inbox(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, in_app=True).order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    """The bell's count: one cache read, and a query only after the count was forgotten."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = inbox(user=user).filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_COUNT_SECONDS)
    return count


def forget_unread_count(*, user_id: int) -> None:
    """Now, for the rest of the caller's transaction, and again once it commits: a page that counted the old rows
    meanwhile may have stored what it saw."""
    key = _unread_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def poll(*, user) -> tuple[int, list[Notification]]:
    """The unread count and the newest unread notices, in one query: the count is a window over the same rows."""
    rows = list(inbox(user=user).filter(read_at__isnull=True).annotate(unread_total=Window(Count("pk")))[:POLL_LATEST])
    count = rows[0].unread_total if rows else 0
    cache.set(_unread_key(user.pk), count, UNREAD_COUNT_SECONDS)
    return count, rows


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"
