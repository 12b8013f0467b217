"""Where "My Fluentory" leads each role."""

from django.urls import reverse

from .models import Role, User

PORTAL_URL_NAMES = {
    Role.STUDENT: "learning:student-home",
    Role.TEACHER: "learning:teacher-home",
    Role.PARTNER: "partners:home",
    Role.ADMIN: "wagtailadmin_home",
}
# A person with several roles lands in the one they most likely came to work in.
PORTAL_PRIORITY = [Role.ADMIN, Role.TEACHER, Role.PARTNER, Role.STUDENT]


def portals_for(user: User) -> list[tuple[Role, str]]:
    return [(role, reverse(PORTAL_URL_NAMES[role])) for role in PORTAL_PRIORITY if user.has_role(role)]


def home_portal_url(user: User) -> str:
    portals = portals_for(user)
    if portals:
        return portals[0][1]
    # Marketing editors hold no role of their own; their work is in the Wagtail admin.
    return reverse("wagtailadmin_home" if user.has_perm("wagtailadmin.access_admin") else "accounts:profile")
