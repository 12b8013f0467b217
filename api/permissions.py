"""Each endpoint names its scope per method (`required_scopes`), the role its owner must hold (`required_role`)
and whether it answers without a token (`public`). A token must carry the scope; its owner must still hold the
role in the site, so a person who loses a role loses the API's view of it at once."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions

from api.services.tokens import Credential

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def credential_of(request) -> Credential | None:
    return request.auth if isinstance(request.auth, Credential) else None


def scope_for(view, method: str) -> str:
    scopes = view.required_scopes
    if isinstance(scopes, str):
        return scopes
    return scopes["write" if method in WRITE_METHODS else "read"]


class ScopePermission(permissions.BasePermission):
    def has_permission(self, request, view):
        credential = credential_of(request)
        if credential is None:
            if getattr(view, "public", False) and request.method in permissions.SAFE_METHODS:
                return True
            raise exceptions.NotAuthenticated(_("Send a token: Authorization: Bearer <token>."))
        scope = scope_for(view, request.method)
        if scope not in credential.scopes:
            raise exceptions.PermissionDenied(_("This token lacks the scope %(scope)s.") % {"scope": scope})
        role = getattr(view, "required_role", None)
        if role and not (request.user.is_authenticated and request.user.has_role(role)):
            raise exceptions.PermissionDenied(_("This endpoint is for: %(role)s.") % {"role": role})
        return True
