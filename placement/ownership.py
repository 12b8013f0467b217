"""Whose attempt it is: a signed-in person owns the attempts on their account; an anonymous browser owns the
attempts whose keys its session holds, until sign-up or log-in attaches them to the account."""

from __future__ import annotations

from enum import Enum

from .models import Attempt

SESSION_KEY = "placement_attempts"
MAX_REMEMBERED = 20


class Access(Enum):
    OWNER = "owner"
    LOG_IN = "log_in"  # the attempt belongs to an account: sign in to continue it
    NONE = "none"


def remember(request, attempt: Attempt) -> None:
    keys = [str(attempt.key), *[k for k in session_keys(request) if k != str(attempt.key)]]
    request.session[SESSION_KEY] = keys[:MAX_REMEMBERED]


def session_keys(request) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def access(request, attempt: Attempt) -> Access:
    """The browser that started an attempt keeps it (even signed out, e.g. while the sign-up email is pending);
    once it belongs to an account, only that account opens it anywhere else."""
    user = request.user
    if attempt.user_id is not None and user.is_authenticated:
        return Access.OWNER if attempt.user_id == user.pk else Access.NONE
    if str(attempt.key) in session_keys(request):
        return Access.OWNER
    return Access.LOG_IN if attempt.user_id is not None else Access.NONE
