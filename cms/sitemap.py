"""sitemap.xml (every live page in every locale, with hreflang alternates) and robots.txt."""

from collections import defaultdict

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, Site

from core.site_url import absolute_url


def sitemap_entries(request) -> list[dict]:
    """One entry per indexable live page: its URL, last change and the URLs of all its translations."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    roots = Page.objects.filter(translation_key=site.root_page.translation_key)
    pages = Page.objects.none()
    for root in roots:
        pages |= Page.objects.descendant_of(root, inclusive=True)
    pages = list(pages.live().public().specific().select_related("locale").order_by("path"))
    default_language = Locale.get_default().language_code
    groups: dict = defaultdict(dict)
    for page in pages:
        if getattr(page, "robots_noindex", False):
            continue
        url = page.get_full_url(request)
        if url:
            groups[page.translation_key][page.locale.language_code] = (page, url)
    entries = []
    for versions in groups.values():
        alternates = [{"lang": code, "url": url} for code, (_, url) in sorted(versions.items())]
        if len(versions) > 1:
            default = versions.get(default_language) or next(iter(versions.values()))
            alternates.append({"lang": "x-default", "url": default[1]})
        else:
            alternates = []
        for page, url in versions.values():
            entries.append({"url": url, "lastmod": page.last_published_at, "alternates": alternates})
    entries.sort(key=lambda entry: entry["url"])
    return entries


@require_GET
def sitemap(request):
    """Anyone may read it."""
    xml = render_to_string("cms/sitemap.xml", {"entries": sitemap_entries(request)})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


@require_GET
def robots_txt(request):
    """Anyone may read it. The admin, accounts and portals are no business of search engines."""
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in settings.CMS_ROBOTS_DISALLOW]]
    lines.append(f"Sitemap: {absolute_url('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
