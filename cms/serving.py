"""Wagtail's page serving, with the page found in two queries whatever its depth, and none until the next publish.

Wagtail routes from the site's root page, fetching it in the active language and as its specific type before
walking the tree one level at a time. Here the pages on the address (the language's home page down to the page
asked for) are read in one query and the page itself in a second; they also give the page its breadcrumb trail
and tell whether any page is private. Anything else (sub-routes, unknown or draft pages, other sites' layouts)
takes Wagtail's own routing, unchanged.
"""

from __future__ import annotations

from django.db.models import Exists
from django.urls import re_path
from django.utils import translation
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site

from . import page_cache

HOME_DEPTH = 2  # a language's home page; breadcrumbs start there


def serve(request, path):
    if not hasattr(request, "_wagtail_route_for_request"):
        route = _route(request, path)
        if route is not None:
            request._wagtail_route_for_request = route  # where Wagtail's serve looks for a route already found
    return wagtail_views.serve(request, path)


def _route(request, path):
    from .models import SitePage

    site = _site(request)
    root_path = _language_root_path(request, site) if site is not None else None
    if root_path is None:
        return None
    components = [component for component in path.split("/") if component]
    # The page an address leads to, as read for serving, is kept until the next publish or edit of anything it
    # shows (the cache generation), like the fragments rendered from it: a re-render reads no page. Each request
    # gets its own copy (the fragment cache stores a pickle), so what a render sets on it stays in that request.
    key = page_cache.versioned_key(f"route:{site.pk}:{root_path}{'/'.join(components)}")
    remembered = page_cache.fragment_cache().get(key)
    if remembered is not None:
        return _routed(remembered, request)
    prefixes = [root_path + "".join(f"{part}/" for part in components[:depth]) for depth in range(len(components) + 1)]
    found = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=prefixes).annotate(
            any_view_restriction=Exists(PageViewRestriction.objects.all())
        )
    }
    trail = [found.get(prefix) for prefix in prefixes]
    target = trail[-1]
    # As Wagtail does: the language's home page only when live, then only the page asked for must be live.
    if None in trail or not trail[0].live or not target.live or not issubclass(target.specific_class, SitePage):
        return None
    page_cache.remember_view_restrictions(target.any_view_restriction)
    page = target.specific_class.serving_queryset().get(pk=target.pk)
    if trail[0].depth == HOME_DEPTH:
        page._cms_trail = [*trail[:-1], page]
    page_cache.fragment_cache().set(key, page, None)
    return _routed(page, request)


def _routed(page, request):
    # The page's own URL (`page.url`, asked without the request) reads the root paths already read for routing.
    page._wagtail_cached_site_root_paths = request._wagtail_cached_site_root_paths
    return page.route(request, [])


def _site(request):
    """Wagtail's site for the request, remembered per address until the next publish or site edit."""
    if not hasattr(request, "_wagtail_site"):
        key = page_cache.versioned_key(f"site:{request.get_host()}:{request.get_port()}")
        site = page_cache.fragment_cache().get(key)
        if site is None:
            site = Site.find_for_request(request)
            if site is not None:
                page_cache.fragment_cache().set(key, site, None)
        request._wagtail_site = site  # where Wagtail's Site.find_for_request keeps it for the request
    return request._wagtail_site


def _language_root_path(request, site) -> str | None:
    """The url_path of the site's home page in the active language (Wagtail's `localized` root)."""
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None
    if not hasattr(request, "_wagtail_cached_site_root_paths"):  # where Wagtail looks for them for page URLs
        key = page_cache.versioned_key("site-root-paths")
        root_paths = page_cache.fragment_cache().get(key)
        if root_paths is None:
            root_paths = Site.get_site_root_paths()
            page_cache.fragment_cache().set(key, root_paths, None)
        request._wagtail_cached_site_root_paths = root_paths
    root_paths = request._wagtail_cached_site_root_paths
    return next(
        (root.root_path for root in root_paths if root.site_id == site.pk and root.language_code == language), None
    )


urlpatterns = [
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
