"""Telling every active admin about money that needs a person: in the app and by email, each in their language."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import override

from notifications.services import notify


def tell_admins(*, kind: str, message: Callable[[], tuple[str, str]], url: str, dedupe_key: str) -> None:
    """`message()` gives (title, body); it is called once per admin, in that admin's language."""
    admins = get_user_model().objects.filter(is_active=True).filter(Q(is_admin=True) | Q(is_superuser=True))
    for admin in admins:
        with override(admin.preferred_language):
            title, body = message()
            notify(admin, kind, title, body, url=url, dedupe_key=dedupe_key)
