"""Helpers for Wagtail admin screens shared by several apps."""

from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy


def is_admin_user(user) -> bool:
    """The back office's admins: the Admin role or a superuser, and an active account."""
    return user.is_active and (user.is_superuser or getattr(user, "is_admin", False))


class AdminOnlyMenuItem(MenuItem):
    """A menu entry of the Wagtail admin shown to admins only (editors use the same admin for pages)."""

    def is_shown(self, request):
        return is_admin_user(request.user)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """For append-only records (logs, payments, outbox): admins may list and inspect, never change."""

    refused_actions = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.refused_actions:
            return False
        return is_admin_user(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        if set(actions) <= self.refused_actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(Q(is_superuser=True) | Q(is_admin=True), is_active=True)
