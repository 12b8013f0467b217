from django import template

from .. import sharing

register = template.Library()


@register.inclusion_tag("includes/share_buttons.html", takes_context=True)
def share_buttons(context, url: str, title: str, networks=None, page_kind: str = ""):
    """Share buttons for `url`; `networks` (codes, in order) come from the site settings' share networks."""
    chosen = sharing.DEFAULT_ORDER if networks is None else networks
    return {
        "links": sharing.share_links(url=url, title=title, networks=chosen),
        "native_url": sharing.tagged_url(url, sharing.NATIVE),
        "title": title,
        "page_kind": page_kind,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE", ""),
    }
