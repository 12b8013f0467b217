"""What support does for one person from the back office; every change is written to the audit log with who did
it, and to the person's own activity log."""

from __future__ import annotations

from allauth.account.internal.flows.password_reset import request_password_reset
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils.translation import override

from core.site_url import absolute_url
from notifications.email_templates import render_email

from . import audit, login_links
from .models import User


def is_verified(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


@transaction.atomic
def mark_verified(*, user: User, by: User) -> bool:
    """Answers whether anything changed: an address already verified stays as it is."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif address.verified:
        return False
    else:
        address.verified = True
        address.save(update_fields=["verified"])
    audit.record(actor=by, action="account.verified_by_hand", target=user, email=user.email)
    return True


def send_password_reset(*, user: User, by: User, request) -> None:
    """allauth's own reset email, to the person's address."""
    request_password_reset(request, user.email, [user], None)
    audit.record(actor=by, action="account.password_reset_sent", target=user, email=user.email)


def send_login_link(*, user: User, by: User) -> None:
    with override(user.preferred_language):
        email = render_email(
            key="account.login_link",
            language=user.preferred_language,
            context={"name": user.name, "link": absolute_url(login_links.path_for(user))},
        )
    email.message(to=[user.email]).send()
    audit.record(actor=by, action="account.login_link_sent", target=user, email=user.email)


@transaction.atomic
def end_session(*, user: User, session_id: int, by: User) -> bool:
    """Signs the person out of one browser; their next request there asks them to log in."""
    session = UserSession.objects.filter(user=user, pk=session_id).first()
    if session is None:
        return False
    details = {"ip": session.ip, "user_agent": session.user_agent[:200]}
    session.end()
    audit.record(actor=by, action="account.session_ended", target=user, **details)
    return True


@transaction.atomic
def end_all_sessions(*, user: User, by: User) -> int:
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    audit.record(actor=by, action="account.sessions_ended", target=user, count=len(sessions))
    return len(sessions)


@transaction.atomic
def set_active(*, user: User, active: bool, by: User) -> bool:
    """Disabling also ends every open session; answers whether anything changed."""
    if User.objects.filter(pk=user.pk, is_active=not active).update(is_active=active) == 0:
        return False
    user.is_active = active
    if not active:
        for session in UserSession.objects.filter(user=user):
            session.end()
    audit.record(actor=by, action="account.enabled" if active else "account.disabled", target=user)
    return True
