"""Public views of the site that are not Wagtail pages."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from core.json_body import BadJson, json_object
from core.site_url import absolute_url
from core.throttle import throttled

from . import catalogue as finder
from . import page_cache, sharing
from .models import CoursePage

MAX_BEACON_BYTES = 2048


@csrf_exempt  # shared pages are cached and carry no token; a share record grants nothing and changes no one's data
@require_POST
@throttled("share", as_json=True)
def share_beacon(request):
    """Anyone: the browser reports that the visitor shared a page (which network, which page, which language)."""
    if len(request.body) > MAX_BEACON_BYTES:
        return JsonResponse({"error": "Beacon too large."}, status=413)
    try:
        data = json_object(request.body)
        sharing.record_share(
            request=request,
            network=data.get("network"),
            path=data.get("path"),
            language=data.get("language"),
            kind=data.get("kind"),
        )
    except (BadJson, sharing.ShareRefused) as error:
        return JsonResponse({"error": str(error) or "Beacon must be a JSON object."}, status=400)
    return HttpResponse(status=204)


def catalogue(request):
    """Anyone: every course page in the visitor's language, with filters, keyword search and sorting.

    The listing is kept until the next publish or course, price, rate or review change (the page cache's
    generation), per language, currency and filters, and at most CMS_FRAGMENT_CACHE_SECONDS (popularity moves)."""
    language = translation.get_language()
    key = page_cache.versioned_key(f"catalogue:{language}:{request.currency}:{page_cache.cache_query_digest(request)}")
    listing = page_cache.fragment_cache().get(key)
    if listing is None:
        locale = Locale.get_active()
        found = finder.catalogue(request, pages=CoursePage.objects.filter(locale=locale))
        listing = render_to_string(
            "cms/includes/catalogue.html",
            {"catalogue": found, "current_currency": request.currency},
            request=request,
        )
        page_cache.fragment_cache().set(key, listing, settings.CMS_FRAGMENT_CACHE_SECONDS)
    return render(
        request,
        "cms/catalogue.html",
        {
            "listing": mark_safe(listing),  # rendered above from our own template
            "filtered": finder.is_filtered(request.GET),
            "canonical_url": absolute_url(request.path),
        },
    )
