"""What a token may do: each scope names one kind of read or write, and each kind of owner may hold some."""

from django.utils.translation import gettext_lazy as _

SCOPES = {
    "catalogue:read": _("Read the catalogue: courses, bundles, session packages and their prices"),
    "enrollments:read": _("Read your enrollments"),
    "progress:read": _("Read your progress in your courses"),
    "bookings:read": _("Read your live sessions and teachers' free times"),
    "bookings:write": _("Book and cancel live sessions"),
    "orders:read": _("Read your orders and invoices"),
    "certificates:read": _("Read your certificates and verify any certificate"),
    "partner:read": _("Read the partner's referral links and commissions"),
    "webhooks:manage": _("Register and remove webhook endpoints"),
}

STUDENT_SCOPES = (
    "catalogue:read",
    "enrollments:read",
    "progress:read",
    "bookings:read",
    "bookings:write",
    "orders:read",
    "certificates:read",
)
TEACHER_SCOPES = ("catalogue:read", "bookings:read", "certificates:read")
CLIENT_SCOPES = ("catalogue:read", "certificates:read")
PARTNER_CLIENT_SCOPES = (*CLIENT_SCOPES, "partner:read", "webhooks:manage")


def personal_scopes_for(user) -> tuple[str, ...]:
    """The scopes a person may give their own tokens: what their roles let them see in the site."""
    allowed = []
    if user.is_student:
        allowed += STUDENT_SCOPES
    if user.is_teacher:
        allowed += TEACHER_SCOPES
    return tuple(scope for scope in SCOPES if scope in allowed)


def client_scopes_for(partner) -> tuple[str, ...]:
    return PARTNER_CLIENT_SCOPES if partner is not None else CLIENT_SCOPES


def choices(scopes) -> list[tuple[str, str]]:
    return [(scope, f"{scope}: {SCOPES[scope]}") for scope in scopes]
