"""Whole-page cache for anonymous visitors: rendered Wagtail pages keyed by URL, language and currency.

A hit is served before any view runs, without touching the database (a visitor without a session cookie
has no session or user to load). Publishing, unpublishing, moving or deleting a page, or editing a menu,
the site settings or a course, starts a new cache generation, so no stale page is served afterwards.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "cms:page-cache:generation"
HIT_HEADER = "X-Page-Cache"


def _cache():
    return caches[settings.CMS_PAGE_CACHE_ALIAS]


def generation() -> str:
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def invalidate(**_kwargs) -> None:
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


def versioned_key(name: str) -> str:
    """A cache key that changes whenever the page cache is invalidated."""
    return f"cms:{generation()}:{name}"


def any_view_restrictions() -> bool:
    """Whether any page is private; most sites have none, which spares two queries per page view."""
    from wagtail.models import PageViewRestriction

    key = versioned_key("any-view-restrictions")
    found = _cache().get(key)
    if found is None:
        found = PageViewRestriction.objects.exists()
        _cache().set(key, found, None)
    return found


def remember_site(request) -> None:
    """Wagtail looks the site up by host on every request; the answer only changes when a site is edited."""
    from wagtail.models import Site

    key = versioned_key(f"site:{request.get_host()}")
    site = _cache().get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is None:
            return
        _cache().set(key, site, 300)
    request._wagtail_site = site


def _key(request) -> str:
    raw = "|".join([request.get_host(), request.get_full_path(), getattr(request, "currency", "")])
    return f"cms:page:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _is_anonymous_get(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def mark_cacheable(request) -> None:
    request._cms_page_cacheable = True


class AnonymousPageCacheMiddleware:
    """Serve and store public Wagtail pages for visitors who are not signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.CMS_PAGE_CACHE_SECONDS <= 0 or not _is_anonymous_get(request):
            remember_site(request)
            return self.get_response(request)
        key = _key(request)
        # "Cache-Control: no-cache" asks for a fresh page (browsers send it on a hard reload); it is then stored.
        if "no-cache" not in request.headers.get("Cache-Control", ""):
            cached = _cache().get(key)
            if cached is not None:
                cached[HIT_HEADER] = "hit"
                return cached
        remember_site(request)
        response = self.get_response(request)
        if self._storable(request, response):
            response[HIT_HEADER] = "miss"
            _cache().set(key, response, settings.CMS_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        session = getattr(request, "session", None)
        return (
            getattr(request, "_cms_page_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            # A CSRF token or a message was issued (their middleware adds the cookie after this one runs).
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (session is not None and session.modified)
        )
