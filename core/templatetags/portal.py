"""The second navigation row inside the student, teacher and partner portals."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (URL prefix, role flag, aria label, [(url name, label)]): the first item is the portal's home.
PORTALS = [
    (
        "/learn/",
        "is_student",
        _("Student portal"),
        [
            ("learning:student-home", _("My courses")),
            ("scheduling:student-sessions", _("Live sessions")),
            ("learning:student-messages", _("Messages")),
            ("learning:certificates", _("Certificates")),
            ("commerce:purchases", _("Purchases")),
            ("commerce:gifts", _("Gifts")),
        ],
    ),
    (
        "/teach/",
        "is_teacher",
        _("Teacher portal"),
        [
            ("learning:teacher-home", _("My courses")),
            ("scheduling:teacher-calendar", _("Availability")),
            ("scheduling:teacher-sessions", _("Sessions")),
            ("learning:teacher-messages", _("Messages")),
            ("analytics-portal:teacher", _("Analytics")),
        ],
    ),
    (
        "/partner/",
        "is_partner",
        _("Partner portal"),
        [
            ("partners:home", _("Overview")),
            ("partners:referrals", _("Referrals")),
            ("partners:sales", _("Sales")),
            ("partners:analytics", _("Analytics")),
            ("partners:payouts", _("Payouts")),
            ("partners:cohorts", _("Cohorts")),
            ("partners:bundle-requests", _("Bundle requests")),
            ("partners:tickets", _("Tickets")),
            ("api-account:partner-webhooks", _("Webhooks")),
        ],
    ),
]


@register.inclusion_tag("includes/portal_nav.html", takes_context=True)
def portal_nav(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"items": []}
    for prefix, role_flag, label, entries in PORTALS:
        if request.path.startswith(prefix) and getattr(user, role_flag, False):
            items = []
            for name, title in entries:
                try:
                    url = reverse(name)
                except NoReverseMatch:  # an area not installed on this site
                    continue
                items.append({"url": url, "title": title})
            # The longest matching address is the current section (the portal home matches everything).
            current = max((item for item in items if request.path.startswith(item["url"])), key=lambda i: len(i["url"]))
            for item in items:
                item["current"] = item is current
            return {"items": items, "label": label}
    return {"items": []}
