"""Public views of the site that are not Wagtail pages."""

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Locale

from core.site_url import absolute_url

from . import catalogue as finder
from . import page_cache
from .models import CoursePage


def catalogue(request):
    """Anyone: every course page in the visitor's language, with filters, keyword search and sorting.

    The listing is kept until the next publish or course, price, rate or review change (the page cache's
    generation), per language, currency and filters, and at most CMS_FRAGMENT_CACHE_SECONDS (popularity moves)."""
    language = translation.get_language()
    key = page_cache.versioned_key(f"catalogue:{language}:{request.currency}:{page_cache.cache_query(request)}")
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
