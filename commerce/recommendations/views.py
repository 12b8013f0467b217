from django.shortcuts import redirect, render

import analytics

from . import links
from .attribution import CLICKED, remember_click


def click(request, token):
    """Anyone: record a click on a suggestion, then go to its page. Only links this site signed, only to itself."""
    followed = links.read(token)
    if followed is None:
        return render(request, "commerce/recommendations/bad_link.html", status=400)
    event = analytics.track(
        CLICKED, request=request, kind=followed.kind, course=followed.course_id, place=followed.place
    )
    remember_click(request, event=event)
    return redirect(followed.to)
