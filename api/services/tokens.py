"""Personal tokens and client credentials: created (the secret shown once), checked on every request, revoked.

A token reads `<kind>_<prefix>_<secret>`: the prefix finds the row, the SHA-256 digest of the whole value is
compared in constant time. Nothing about a token is cached, so a revocation holds from the next request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api import scopes as scope_rules
from api.models import ApiClient, ClientAccessToken, PersonalToken

PERSONAL, CLIENT_ID, CLIENT_SECRET, ACCESS = "flp", "flc", "fls", "fla"
LAST_USED_PRECISION = timedelta(minutes=1)  # one write a minute per token at most, not one per request
MAX_NAME = 100


class TokenRefused(Exception):
    def __init__(self, message: str, *, error: str = "invalid_request"):
        super().__init__(message)
        self.message, self.error = message, error


@dataclass(frozen=True)
class Credential:
    """Who a request acts for and what it may do; `user` is None for an integration's client."""

    kind: str  # "personal" or "client"
    key: str  # what the rate limit counts: one per token or client
    user: object | None
    scopes: frozenset[str]
    partner: object | None = None


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _new_token(kind: str) -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{kind}_{prefix}_{secrets.token_urlsafe(32)}"


def _clean_scopes(requested, allowed) -> list[str]:
    requested = list(dict.fromkeys(requested or []))
    unknown = [scope for scope in requested if scope not in allowed]
    if unknown:
        raise TokenRefused(_("Not allowed for this owner: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    if not requested:
        raise TokenRefused(_("Choose at least one scope."))
    return requested


@transaction.atomic
def create_personal_token(*, user, name: str, scopes, expires_at=None) -> tuple[PersonalToken, str]:
    """The new token and its plain value, which is never shown again."""
    name = " ".join((name or "").split())[:MAX_NAME]
    if not name:
        raise TokenRefused(_("Give the token a name, e.g. the script that uses it."))
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenRefused(_("The expiry must be in the future."))
    allowed = scope_rules.personal_scopes_for(user)
    if not allowed:
        raise TokenRefused(_("Personal tokens are for students and teachers."))
    chosen = _clean_scopes(scopes, allowed)
    prefix, value = _new_token(PERSONAL)
    token = PersonalToken.objects.create(
        user=user, name=name, prefix=prefix, digest=digest(value), scopes=chosen, expires_at=expires_at
    )
    return token, value


def revoke_personal_token(*, user, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False if they have no such token (or it was revoked already)."""
    return bool(
        PersonalToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )


@transaction.atomic
def create_client(*, name: str, partner=None, scopes, created_by=None) -> tuple[ApiClient, str]:
    """A client and its plain secret, which is never shown again."""
    name = " ".join((name or "").split())[:MAX_NAME]
    if not name:
        raise TokenRefused(_("Give the client a name."))
    if partner is not None and not partner.is_partner:
        raise TokenRefused(_("Choose a partner account."))
    chosen = _clean_scopes(scopes, scope_rules.client_scopes_for(partner))
    secret = f"{CLIENT_SECRET}_{secrets.token_urlsafe(32)}"
    client = ApiClient.objects.create(
        name=name,
        partner=partner,
        client_id=f"{CLIENT_ID}_{secrets.token_hex(12)}",
        secret_digest=digest(secret),
        scopes=chosen,
        created_by=created_by,
    )
    return client, secret


@transaction.atomic
def revoke_client(*, client: ApiClient) -> None:
    """The client's credentials and every access token it holds stop working at once."""
    ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    ClientAccessToken.objects.filter(client=client).delete()


def exchange_client_credentials(*, client_id: str, client_secret: str, scope: str = "") -> tuple[str, int, list]:
    """OAuth2 client_credentials: a bearer token for a subset of the client's scopes, and its lifetime."""
    client = ApiClient.objects.filter(client_id=(client_id or "")[:40], revoked_at__isnull=True).first()
    if client is None or not hmac.compare_digest(client.secret_digest, digest(client_secret or "")):
        raise TokenRefused(_("Unknown client or wrong secret."), error="invalid_client")
    wanted = scope.split() if scope else list(client.scopes)
    if not set(wanted) <= set(client.scopes) or not wanted:
        raise TokenRefused(_("This client may not ask for these scopes."), error="invalid_scope")
    lifetime = settings.API_CLIENT_TOKEN_SECONDS
    now = timezone.now()
    prefix, value = _new_token(ACCESS)
    ClientAccessToken.objects.create(
        client=client, prefix=prefix, digest=digest(value), scopes=wanted, expires_at=now + timedelta(seconds=lifetime)
    )
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    ClientAccessToken.objects.filter(client=client, expires_at__lte=now).delete()
    return value, lifetime, wanted


def authenticate(value: str) -> Credential | None:
    """The credential a bearer value stands for, or None if it is unknown, expired or revoked (one query)."""
    kind, _sep, rest = value.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if not prefix or not secret:
        return None
    now = timezone.now()
    if kind == PERSONAL:
        token = PersonalToken.objects.select_related("user").filter(prefix=prefix[:16]).first()
        if token is None or not hmac.compare_digest(token.digest, digest(value)) or not token.is_usable(now):
            return None
        if not token.user.is_active:
            return None
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
            PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return Credential("personal", f"personal:{token.pk}", token.user, frozenset(token.scopes))
    if kind == ACCESS:
        token = (
            ClientAccessToken.objects.select_related("client__partner")
            .filter(prefix=prefix[:16], client__revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if token is None or not hmac.compare_digest(token.digest, digest(value)):
            return None
        partner = token.client.partner
        if partner is not None and not (partner.is_active and partner.is_partner):
            return None
        return Credential("client", f"client:{token.client_id}", partner, frozenset(token.scopes), partner)
    return None
