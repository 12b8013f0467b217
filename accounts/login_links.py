"""Single-use, short-lived login links that support emails to a person.

Built on Django's password-reset tokens: the hash covers the password and the last login, so the link stops
working once it has been used (the login moves `last_login`), or when the password changes."""

from datetime import timedelta

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.http import base36_to_int, int_to_base36

from .models import User

LIFETIME = timedelta(minutes=30)


class LoginLinkTokens(PasswordResetTokenGenerator):
    key_salt = "accounts.login_links.LoginLinkTokens"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - issued <= LIFETIME.total_seconds()


tokens = LoginLinkTokens()


def path_for(user: User) -> str:
    return reverse("accounts:login-link", args=[int_to_base36(user.pk), tokens.make_token(user)])


def user_for(uidb36: str, token: str) -> User | None:
    try:
        user = User.objects.get(pk=base36_to_int(uidb36), is_active=True)
    except (ValueError, User.DoesNotExist):
        return None
    return user if tokens.check_token(user, token) else None
