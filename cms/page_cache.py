"""Whole-page cache for anonymous visitors: rendered Wagtail pages keyed by URL, language and currency.

A hit is served before any view runs, in one cache round trip and without touching the database (a visitor
without a session cookie has no session or user to load). Publishing, unpublishing, moving or deleting a
page, or editing a menu, the site settings or a course, starts a new cache generation, so no stale page is
served afterwards. Only that renders afresh: a visitor's `Cache-Control: no-cache` is served from the cache,
and tracking or unknown query parameters neither change the key nor create an entry.
"""

from __future__ import annotations

import hashlib
import uuid
from urllib.parse import urlencode

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches

from core.currency import default_currency

GENERATION_KEY = "cms:page-cache:generation"
# Raised whenever what a stored copy holds changes (since 2, the headers of the middleware after this one): copies
# stored by the previous release are then never served.
STORED_FORMAT = 2
HIT_HEADER = "X-Page-Cache"
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset(
    {"gclid", "gbraid", "wbraid", "dclid", "fbclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid"}
    | {"_ga", "_gl", "ref", "ttclid", "li_fat_id", "srsltid"}
)

# What one request has read already (the generation, whether any page is private): asked for many times.
_request_state = Local()


def _cache():
    return caches[settings.CMS_PAGE_CACHE_ALIAS]


def fragment_cache():
    """Where versioned fragments live: each process's memory, as their keys change with every publish."""
    return caches[settings.CMS_FRAGMENT_CACHE_ALIAS]


def _request_memo() -> dict | None:
    return getattr(_request_state, "memo", None)


def generation() -> str:
    memo = _request_memo()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    cache = _cache()
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        current = cache.get(GENERATION_KEY) or uuid.uuid4().hex
    if memo is not None:
        memo["generation"] = current
    return current


def invalidate(**_kwargs) -> None:
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    memo = _request_memo()
    if memo is not None:
        memo.clear()


def versioned_key(name: str) -> str:
    """A cache key that changes whenever the page cache is invalidated."""
    return f"cms:{generation()}:{name}"


def any_view_restrictions() -> bool:
    """Whether any page is private; most sites have none, which spares two queries per page view."""
    from wagtail.models import PageViewRestriction

    memo = _request_memo() or {}
    if "any-view-restrictions" in memo:
        return memo["any-view-restrictions"]
    key = versioned_key("any-view-restrictions")
    found = fragment_cache().get(key)
    if found is None:
        found = PageViewRestriction.objects.exists()
        fragment_cache().set(key, found, None)
    memo["any-view-restrictions"] = found
    return found


def remember_view_restrictions(found: bool) -> None:
    """Whether any page is private, as the routing's query found it: no second query for this request, nor for
    the next renders until the cache generation changes."""
    memo = _request_memo()
    if memo is not None:
        memo["any-view-restrictions"] = found
    fragment_cache().set(versioned_key("any-view-restrictions"), found, None)


def public(pages):
    """`pages.public()`, which costs a query, only when some page is private."""
    return pages.public() if any_view_restrictions() else pages


def remember_site(request) -> None:
    """Wagtail looks the site up by host on every request; the answer only changes when a site is edited."""
    from wagtail.models import Site

    key = versioned_key(f"site:{request.get_host()}")
    site = fragment_cache().get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is None:
            return
        fragment_cache().set(key, site, 300)
    request._wagtail_site = site


def is_tracking_param(name: str) -> bool:
    return name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMS


def cache_query(request) -> str:
    """The query parameters that change what a page shows (`CMS_PAGE_CACHE_QUERY_PARAMS`), in a fixed order."""
    if not request.META.get("QUERY_STRING"):
        return ""
    known = settings.CMS_PAGE_CACHE_QUERY_PARAMS
    pairs = sorted((name, value) for name, values in request.GET.lists() if name in known for value in values)
    return urlencode(pairs)


def cache_query_digest(request) -> str:
    """`cache_query` as a fixed-length part of a cache key: a visitor's search words can be of any length."""
    query = cache_query(request)
    return hashlib.sha256(query.encode()).hexdigest() if query else ""


def cache_path(request) -> str:
    """The address a cached copy of this request is filed under: the path and its known parameters only."""
    query = cache_query(request)
    return f"{request.path}?{query}" if query else request.path


def _has_unkeyed_params(request) -> bool:
    return any(name not in settings.CMS_PAGE_CACHE_QUERY_PARAMS for name in request.GET)


def _visitor_currency(request) -> str:
    # A visitor without a session has not chosen one: it follows the browser's region (as the site's own choice).
    meta = request.META
    return default_currency(
        accept_language=meta.get("HTTP_ACCEPT_LANGUAGE", ""), country=meta.get("HTTP_CF_IPCOUNTRY", "")
    )


def _key(request) -> str:
    raw = "|".join([request.get_host(), cache_path(request), _visitor_currency(request)])
    return f"cms:page:{STORED_FORMAT}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _may_be_cached(request) -> bool:
    """Anonymous reads of a Wagtail page (the language-prefixed addresses); everything else skips the lookup."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and request.path_info.split("/", 2)[1] in _page_prefixes()
    )


def _page_prefixes() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def mark_cacheable(request) -> None:
    request._cms_page_cacheable = True


class AnonymousPageCacheMiddleware:
    """Serve and store public Wagtail pages for visitors who are not signed in.

    It sits right after the HTTPS checks in MIDDLEWARE: a hit skips the security policy, static files, session,
    language, CSRF and account middleware, and what they add to a page's response (headers, never a cookie) is
    stored with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request_state.memo = {}
        try:
            return self._respond(request)
        finally:
            _request_state.memo = None

    def _respond(self, request):
        if settings.CMS_PAGE_CACHE_SECONDS <= 0 or not _may_be_cached(request):
            return self.get_response(request)
        key = _key(request)
        # One round trip: the current generation and the stored copy, which is served only if it is current.
        found = _cache().get_many([GENERATION_KEY, key])
        current, stored = found.get(GENERATION_KEY), found.get(key)
        if current is not None and stored is not None and stored[0] == current:
            response = stored[1]
            response[HIT_HEADER] = "hit"
            return response
        # Filed under the generation the render started in: a publish during the render leaves it unserved.
        if current is not None:
            _request_state.memo["generation"] = current
        started_in = generation()
        remember_site(request)
        response = self.get_response(request)
        if self._storable(request, response):
            response[HIT_HEADER] = "miss"
            _cache().set(key, (started_in, response), settings.CMS_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        session = getattr(request, "session", None)
        return (
            getattr(request, "_cms_page_cacheable", False)
            # Only the address's own copy is stored: tracking or unknown parameters never add an entry.
            and not _has_unkeyed_params(request)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            # A CSRF token or a message was issued (their middleware adds the cookie after this one runs).
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (session is not None and session.modified)
        )
