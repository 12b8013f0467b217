"""Signed one-click unsubscribe links (RFC 8058): they carry the person and the category, and nothing else."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from core.site_url import absolute_url

from .kinds import Category

SALT = "notifications.unsubscribe"


class InvalidToken(Exception):
    pass


def make_token(*, user, category: str) -> str:
    return signing.dumps({"u": user.pk, "c": category}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str]:
    """The user id and category a token names; InvalidToken when it was altered or names no category."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    categories = {code for code, _label in Category.CHOICES} - Category.ESSENTIAL
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or data.get("c") not in categories:
        raise InvalidToken
    return data["u"], data["c"]


def unsubscribe_url(*, user, category: str) -> str:
    return absolute_url(reverse("notifications:unsubscribe", args=[make_token(user=user, category=category)]))


def headers(*, user, category: str) -> dict[str, str]:
    """The RFC 2369 / RFC 8058 headers a non-essential email carries; none on essential email."""
    if category in Category.ESSENTIAL:
        return {}
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user=user, category=category)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
