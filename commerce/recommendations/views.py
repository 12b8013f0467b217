from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET

import analytics
from accounts.models import Role
from accounts.permissions import role_required
from learning.models import Course

from . import links, panels
from .attribution import CLICKED, remember_click


def click(request, token):
    """Anyone: record a click on a suggestion, then go to its page. Only links this site signed, only to itself."""
    followed = links.read(token)
    if followed is None:
        return render(request, "commerce/recommendations/bad_link.html", status=400)
    event = analytics.track(CLICKED, request=request, **followed.properties())
    remember_click(request, event=event)
    return redirect(followed.to)


@require_GET
def course_panel(request, course_id):
    """Anyone: the "You may also like" panel of a published course's page, fetched once the page has loaded, so the
    page itself stays one cached response for everyone (and leaves out, for a student, what they own)."""
    course = get_object_or_404(Course, pk=course_id, status=Course.Status.PUBLISHED)
    return _panel_response(request, place=panels.Place.COURSE_PAGE, course=course)


@require_GET
@role_required(Role.STUDENT)
def dashboard_panel(request):
    """Students: the "Recommended for you" panel of their own dashboard, fetched once the dashboard has loaded."""
    return _panel_response(request, place=panels.Place.DASHBOARD)


def _panel_response(request, *, place: str, course=None) -> HttpResponse:
    language = request.GET.get("language", "")  # the page's, which an unprefixed address does not carry
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        response = HttpResponse(panels.render(request, place=place, course=course))
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response
