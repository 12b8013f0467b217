"""The tutor's usage and cost in the Wagtail admin. Admins only."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.models import Role
from learning.models import Course

from . import themes as tutor_themes
from . import usage as tutor_usage

PERIODS = (7, 30, 90, 365)


def _number(value: str, default: int) -> int:
    return int(value) if value.isdigit() and len(value) < 10 else default


def _course_choices():
    """Every course for the filter, named in the admin's language."""
    return Course.objects.order_by("title").only("pk", "title", "translations")


def _admin_only(request):
    if not request.user.has_role(Role.ADMIN):
        raise PermissionDenied(_("The tutor's usage is for admins."))


def usage(request):
    """Admins: questions, refusals, tokens, cost and latency by course, day and person."""
    _admin_only(request)
    days = _number(request.GET.get("days", ""), 30)
    course_id = _number(request.GET.get("course", ""), 0) or None
    report = tutor_usage.usage(days=days, course_id=course_id)
    return TemplateResponse(
        request,
        "tutor/admin/usage.html",
        {
            "report": report,
            "periods": PERIODS,
            "courses": _course_choices(),
            "course_id": course_id,
            "currency": settings.FLUENTORY_REPORTING_CURRENCY,
        },
    )


def themes(request):
    """Admins: a course's confusion themes, with example questions, and the lessons drawing the most questions."""
    _admin_only(request)
    course = Course.objects.filter(pk=_number(request.GET.get("course", ""), 0)).first()
    return TemplateResponse(
        request,
        "tutor/admin/themes.html",
        {
            "course": course,
            "courses": _course_choices(),
            "report": tutor_themes.themes_for(course_id=course.pk) if course else None,
        },
    )
