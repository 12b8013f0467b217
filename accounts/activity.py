"""The person's own activity log: logins, failed logins and password changes, from Django's and allauth's signals."""

from django.contrib.auth.signals import user_logged_in, user_login_failed

from . import audit
from .models import User


def connect() -> None:
    from allauth.account.signals import password_changed, password_reset, password_set

    user_logged_in.connect(on_logged_in, dispatch_uid="accounts.activity.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.activity.login_failed")
    password_changed.connect(on_password_event("account.password_changed"), weak=False, dispatch_uid="pw_changed")
    password_set.connect(on_password_event("account.password_set"), weak=False, dispatch_uid="pw_set")
    password_reset.connect(on_password_event("account.password_reset"), weak=False, dispatch_uid="pw_reset")


def _client(request) -> dict:
    if request is None:
        return {}
    return {"ip": request.META.get("REMOTE_ADDR", ""), "user_agent": request.headers.get("User-Agent", "")[:200]}


def on_logged_in(sender, request, user, **kwargs) -> None:
    audit.record(actor=user, action="account.logged_in", target=user, **_client(request))


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """Only attempts on an existing account: the log is per person, and unknown addresses have no one to show."""
    email = credentials.get("email") or credentials.get("username") or ""
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is not None:
        audit.record(actor=None, action="account.login_failed", target=user, **_client(request))


def on_password_event(action: str):
    def receiver(sender, request, user, **kwargs) -> None:
        audit.record(actor=user, action=action, target=user, **_client(request))

    return receiver
