"""Template tags for the public site: menus, language links, hreflang, JSON-LD."""

import json

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Page

from core.site_url import absolute_url
from core.templatetags.chrome import home_url
from core.templatetags.chrome import language_links as plain_language_links
from core.templatetags.chrome import main_menu as pages_in_menu

from .. import page_cache, site_settings
from ..models import Menu, MenuItem, SitePage

register = template.Library()

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(value) -> str:
    """A dict as JSON safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(value, ensure_ascii=False, default=str).translate(JSON_ESCAPES))


@register.simple_tag(takes_context=True)
def site_menu(context, place: str) -> list[dict]:
    """The editable menu for `place` in the visitor's language; the header falls back to pages "in menus".

    Links are kept in the cache until a page is published or a menu edited (the page cache's generation)."""
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    keys = {
        other: page_cache.versioned_key(f"menu:{other}:{translation.get_language()}:{host}") for other in Menu.Place
    }
    fragments = page_cache.fragment_cache()
    cached = fragments.get(keys[place])  # a one-item list, so that "no menu edited yet" is remembered too
    if cached is None:
        # Every menu of the page is read at once (header and footer): one or two queries, not as many each.
        every_place = _menu_entries_once(request, translation.get_language())
        fragments.set_many({keys[other]: [every_place[other]] for other in keys}, settings.CMS_PAGE_CACHE_SECONDS or 60)
        cached = [every_place[place]]
    entries = cached[0]
    if entries is None:  # no menu edited yet
        return pages_in_menu(context) if place == Menu.Place.MAIN else []
    current = context.get("page")
    current_path = getattr(current, "url", None) or ""
    return [
        {
            **entry,
            "active": bool(entry["url"])
            and entry["internal"]
            and current_path.startswith(entry["url"])
            and entry["url"].count("/") > 2,
        }
        for entry in entries
    ]


def _menu_entries_once(request, language: str) -> dict[str, list[dict] | None]:
    """`_menu_entries`, read once per request even where the fragment cache keeps nothing (a cold render)."""
    memo = getattr(request, "_cms_menu_entries", None)
    if memo is None or memo[0] != language:
        memo = (language, _menu_entries(request, language))
        if request is not None:
            request._cms_menu_entries = memo
    return memo[1]


def _menu_entries(request, language: str) -> dict[str, list[dict] | None]:
    """{place: its links in `language`'s menu, else the default language's, else None (no menu with links yet)}.

    The links of both languages' menus come in one query; a menu without links counts as not made yet."""
    items = list(
        MenuItem.objects.filter(menu__locale__language_code__in={language, settings.LANGUAGE_CODE})
        .select_related("menu__locale", "link_page")
        .order_by("sort_order")
    )
    menus = {(item.menu.place, item.menu.locale.language_code): item.menu for item in items}
    chosen = {place: menus.get((place, language)) or menus.get((place, settings.LANGUAGE_CODE)) for place in Menu.Place}
    items = [item for item in items if item.menu in chosen.values()]
    in_language = {menu.locale_id for menu in menus.values() if menu.locale.language_code == language}
    linked = [item.link_page for item in items if item.link_page_id]
    # A page already in the visitor's language is its own translation: only the others are looked up.
    localized = {page.translation_key: page for page in linked if page.locale_id in in_language and page.live}
    keys = [page.translation_key for page in linked if page.locale_id not in in_language]
    if keys:
        localized |= {
            page.translation_key: page
            for page in Page.objects.filter(translation_key__in=keys, locale__language_code=language).live()
        }
    return {
        place: None if menu is None else _links([item for item in items if item.menu_id == menu.pk], localized, request)
        for place, menu in chosen.items()
    }


def _links(items, localized: dict, request) -> list[dict]:
    entries = []
    for item in items:
        if item.link_page_id:
            page = localized.get(item.link_page.translation_key)
            if page is None:
                if not item.link_page.live:
                    continue
                page = item.link_page  # not translated yet: link to the original
            entries.append({"title": item.label or page.title, "url": page.get_url(request), "internal": True})
        else:
            entries.append({"title": item.label, "url": item.link_url, "internal": False})
    return entries


def _translations(context) -> dict[str, Page]:
    """The live translations of the current page by language code, computed once per page."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return {}
    if isinstance(page, SitePage):
        return page.live_translations()
    if not hasattr(page, "_cms_translations"):
        page._cms_translations = {
            translated.locale.language_code: translated
            for translated in page.get_translations(inclusive=True).live().select_related("locale")
        }
    return page._cms_translations


@register.simple_tag(takes_context=True)
def page_language_links(context) -> list[dict]:
    """Links to this page in each language; an untranslated page links to the nearest translated section."""
    page = context.get("page")
    if not isinstance(page, SitePage):
        return plain_language_links(context)
    request = context.get("request")
    current = translation.get_language()
    key = page_cache.versioned_key(f"language-links:{page.pk}:{current}:{request.get_host() if request else ''}")
    links = page_cache.fragment_cache().get(key)
    if links is None:
        links = _language_links(page, request, current, page.live_translations())
        page_cache.fragment_cache().set(key, links, settings.CMS_FRAGMENT_CACHE_SECONDS)
    return links


def _language_links(page, request, current, translations) -> list[dict]:
    links = []
    for code, name in settings.LANGUAGES:
        target, fallback = translations.get(code), False
        if target is None:
            fallback = True
            target = page.nearest_translated_ancestor(code)
        url = target.get_url(request) if target is not None else f"/{code}/"
        links.append({"code": code, "name": name, "current": code == current, "url": url, "untranslated": fallback})
    return links


@register.simple_tag(takes_context=True)
def hreflang_links(context) -> str:
    """<link rel="alternate" hreflang> for every translation of the page, plus x-default."""
    request = context.get("request")
    translations = _translations(context)
    if len(translations) < 2:
        return ""
    # Plain pages (not SitePage) would take the Site record's host: build from SITE_URL like every other URL.
    urls = {code: absolute_url(page.get_url(request)) for code, page in translations.items()}
    default_code = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in urls else sorted(urls)[0]
    rows = [*sorted(urls.items()), ("x-default", urls[default_code])]
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', rows)


@register.simple_tag(takes_context=True)
def site_home_url(context) -> str:
    """The home page in the visitor's language (cached until the next publish)."""
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    key = page_cache.versioned_key(f"home-url:{translation.get_language()}:{host}")
    url = page_cache.fragment_cache().get(key)
    if url is None:
        page = context.get("page")
        url = page.trail()[0].get_url(request) if isinstance(page, SitePage) else home_url(context)
        page_cache.fragment_cache().set(key, url, settings.CMS_PAGE_CACHE_SECONDS or 60)
    return url


@register.simple_tag(takes_context=True)
def load_site_settings(context) -> str:
    """Reads the site's settings and wagtail-seo's in one query, before the head's SEO tags ask for them."""
    if context.get("request") is not None:
        site_settings.load_for_request(context["request"])
    return ""


@register.simple_tag
def cache_generation() -> str:
    """The page cache's generation: fragment caches keyed on it refresh whenever a page is published."""
    return page_cache.generation()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query_without_page(context) -> str:
    """The current filters minus the page number, for pagination links (tracking parameters are left out)."""
    request = context.get("request")
    if request is None:
        return ""
    query = QueryDict(page_cache.cache_query(request), mutable=True)
    query.pop("page", None)
    return query.urlencode()
