"""Template tags for the site's header and footer."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


def _site_root(request):
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site else None


def _localized_root(request):
    root = _site_root(request)
    return root.localized if root is not None else None


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    root = _localized_root(context.get("request"))
    return root.url if root is not None else "/"


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[dict]:
    """The home page's live children marked "show in menus", in the active language."""
    request = context.get("request")
    root = _localized_root(request)
    if root is None:
        return []
    current = context.get("page")
    return [
        {"title": child.title, "url": child.url, "active": current is not None and current.path.startswith(child.path)}
        for child in root.get_children().live().in_menu().specific(defer=True)
    ]


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One entry per language: a link to the translated page, or (off the page tree) a form to switch."""
    request = context.get("request")
    current_language = translation.get_language()
    page = context.get("page")
    urls: dict[str, str] = {}
    if page is not None and hasattr(page, "get_translations"):
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            urls[translated.locale.language_code] = translated.url
    links = []
    for code, name in settings.LANGUAGES:
        url = urls.get(code)
        if url is None and request is not None and request.path.startswith(f"/{current_language}/"):
            url = translate_url(request.path, code)
        links.append({"code": code, "name": name, "current": code == current_language, "url": url})
    return links
