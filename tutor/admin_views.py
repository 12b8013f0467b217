"""The tutor's question themes in the Wagtail admin. Admins only. (Its usage and cost are a report in the Reports
menu: `analytics.admin_courses.TutorUsageReport`.)"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.models import Role
from learning.models import Course

from . import themes as tutor_themes


def _number(value: str, default: int) -> int:
    return int(value) if value.isdigit() and len(value) < 10 else default


def _course_choices():
    """Every course for the filter, named in the admin's language."""
    return Course.objects.order_by("title").only("pk", "title", "translations")


def _admin_only(request):
    if not request.user.has_role(Role.ADMIN):
        raise PermissionDenied(_("The tutor's question themes are for admins."))


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
