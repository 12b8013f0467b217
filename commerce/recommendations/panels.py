"""The "What next" panel: suggestions rendered for one page, recorded once as shown."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language

import analytics
from learning import portal_panels

from ..caching import CATALOGUE_TTL, catalogue_version
from . import links
from .attribution import SHOWN
from .suggestions import suggest


class Place(portal_panels.Place):
    COURSE_PAGE = "course_page"
    EMAIL = "email"


def portal_panel(request, *, place: str, course=None) -> str:
    """The panel on a student portal page. The dashboard's is fetched once the page has loaded (`dashboard_panel`):
    working out suggestions costs more than the rest of a dashboard visit, which is the portal's most frequent
    page. A completed course's page, seen rarely, shows it in place."""
    if place == Place.DASHBOARD:
        url = reverse("commerce:dashboard-suggestions")
        return format_html('<div data-suggestions="{}?language={}"></div>', url, get_language())
    return render(request, place=place, course=course)


def render(request, *, place: str, course=None) -> str:
    """The panel's HTML, or "" with nothing to suggest.

    One `recommendation_shown` event per render lists every card: a panel is seen as a whole, and one row per
    page view keeps the event log's growth that of the page views. It is recorded for signed-in people only:
    what an anonymous visitor sees on a course page is the same for all of them and served from the page
    cache, so its exposure is the course page's own `page_visit` count. Being the same for all of them, their
    panel is cached too (per course, currency and language, in the catalogue's cache generation)."""
    currency = getattr(request, "currency", settings.FLUENTORY_DEFAULT_CURRENCY)
    if request.user.is_authenticated or course is None:
        return _render(request, place=place, course=course, currency=currency)
    key = f"suggestions:{catalogue_version()}:{place}:{course.pk}:{currency}:{get_language()}"
    return cache.get_or_set(
        key, lambda: _render(request, place=place, course=course, currency=currency), timeout=CATALOGUE_TTL
    )


def _shown_item(suggestion) -> dict:
    item = {"kind": suggestion.kind, "course": suggestion.course.pk if suggestion.course else None}
    if suggestion.package is not None:
        item["package"] = suggestion.package.pk
    return item


def _render(request, *, place: str, course, currency: str) -> str:
    suggestions = suggest(
        student=request.user,
        course=course,
        currency=currency,
        language=get_language(),
    )
    if not suggestions:
        return ""
    cards = [
        {
            "suggestion": suggestion,
            "href": links.click_url(
                to=suggestion.url,
                kind=suggestion.kind,
                course_id=suggestion.course.pk if suggestion.course else None,
                place=place,
                package_id=suggestion.package.pk if suggestion.package else None,
            ),
        }
        for suggestion in suggestions
    ]
    if request.user.is_authenticated:
        analytics.track(
            SHOWN,
            request=request,
            place=place,
            course=course.pk if course is not None else None,
            items=[_shown_item(s) for s in suggestions],
        )
    return render_to_string("commerce/recommendations/panel.html", {"cards": cards, "place": place}, request=request)
