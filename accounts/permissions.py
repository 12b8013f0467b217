"""Who may open a view: every portal view names its role with `role_required`."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Role


def role_required(*roles: Role):
    """Anonymous visitors are sent to log in; people without one of `roles` get a 403 that says why."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(user.has_role(role) for role in roles):
                names = ", ".join(str(Role(role).label) for role in roles)
                raise PermissionDenied(_("This area is for: %(roles)s.") % {"roles": names})
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = tuple(roles)
        return wrapped

    return decorator


def require_admin(request) -> None:
    """Back-office screens of our own inside the Wagtail admin: admins only, with a 403 that says why."""
    if not (request.user.is_authenticated and request.user.has_role(Role.ADMIN)):
        raise PermissionDenied(_("This area is for: %(roles)s.") % {"roles": Role.ADMIN.label})


class RoleRequiredMixin:
    """Class-based views: set `allowed_roles`."""

    allowed_roles: tuple[Role, ...] = ()

    @classmethod
    def as_view(cls, **initkwargs):
        return role_required(*cls.allowed_roles)(super().as_view(**initkwargs))
