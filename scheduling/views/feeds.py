"""Private calendar subscription feeds (anyone holding the token), and resetting one's own token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import CalendarFeed
from ..services import calendars


def feed(request, token):
    """Anyone with the unguessable token (calendar apps cannot log in); a reset token stops working."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404(_("This calendar link is no longer valid."))
    response = HttpResponse(calendars.feed_ics(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
@login_required
def reset(request):
    """Any logged-in person: revoke their own feed URL and get a new one."""
    calendars.reset_feed(user=request.user)
    messages.success(request, _("Your calendar link was replaced; the old one no longer works."))
    target = request.POST.get("next", "")
    return redirect(target if target in {"/learn/sessions/", "/teach/schedule/"} else "my-fluentory")
