"""Who hears about what: the partner behind a record, and the admins who answer partners."""

from collections.abc import Callable

from django.db.models import Q
from django.utils.translation import override

from accounts.models import User
from notifications.services import notify

Words = Callable[[], tuple[str, str]]  # (title, body), called in the reader's language


def admins():
    return User.objects.filter(Q(is_admin=True) | Q(is_superuser=True), is_active=True)


def tell(user, *, kind: str, words: Words, url: str, dedupe_key: str = "") -> None:
    """An in-app notice and an email to `user` (sent once the transaction commits), in their language."""
    with override(user.preferred_language):
        title, body = words()
        notify(user, kind, title, body, url=url, dedupe_key=dedupe_key)


def tell_admins(*, kind: str, words: Words, url: str, dedupe_key: str = "") -> None:
    for admin in admins():
        tell(admin, kind=kind, words=words, url=url, dedupe_key=dedupe_key)
