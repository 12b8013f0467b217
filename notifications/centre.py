"""Reading a person's notification centre: the inbox, the unread count, and what a poll needs in one query."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Window

from .models import Notification

POLL_LATEST = 5


def inbox(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, in_app=True).order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    return inbox(user=user).filter(read_at__isnull=True).count()


def poll(*, user) -> tuple[int, list[Notification]]:
    """The unread count and the newest unread notices, in one query: the count is a window over the same rows."""
    rows = list(inbox(user=user).filter(read_at__isnull=True).annotate(unread_total=Window(Count("pk")))[:POLL_LATEST])
    return (rows[0].unread_total if rows else 0), rows
