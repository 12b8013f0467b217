"""Share links built from each network's own share address: no third-party script, nothing loaded from them.

Every link carries UTM parameters (`utm_source=<network>`, `utm_medium=social`, `utm_campaign=share`), so a
visit that comes back through a shared link is attributed to the share (analytics reads them on arrival).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext_lazy as _

from .site_url import absolute_url


@dataclass(frozen=True)
class Network:
    code: str
    label: str
    address: str  # with {url}, {text} and {title} in it; empty for copy-link, which the browser does itself


NETWORKS = {
    network.code: network
    for network in (
        Network("whatsapp", "WhatsApp", "https://wa.me/?text={text}%20{url}"),
        Network("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
        Network("x", "X", "https://x.com/intent/post?url={url}&text={text}"),
        Network("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        Network("telegram", "Telegram", "https://t.me/share/url?url={url}&text={text}"),
        Network("email", _("Email"), "mailto:?subject={title}&body={text}%0A{url}"),
        Network("copy", _("Copy link"), ""),
    )
}
DEFAULT_ORDER = tuple(NETWORKS)
# The phone's own share sheet records its shares under this name; it is not a network editors choose.
NATIVE = "native"
TRACKED = frozenset({*NETWORKS, NATIVE})


def tagged_url(url: str, network: str) -> str:
    """`url` (made absolute) with the share's UTM parameters; parameters it already has are kept."""
    parts = urlsplit(absolute_url(url))
    query = [(key, value) for key, value in parse_qsl(parts.query) if not key.startswith("utm_")]
    query += [("utm_source", network), ("utm_medium", "social"), ("utm_campaign", "share")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def share_links(*, url: str, title: str, networks=DEFAULT_ORDER) -> list[dict]:
    """One entry per chosen network, in the chosen order: its code, label and the address that shares `url`."""
    links = []
    for code in networks:
        network = NETWORKS.get(code)
        if network is None:
            continue
        target = tagged_url(url, code)
        href = network.address.format(
            url=quote(target, safe=""), text=quote(str(title), safe=""), title=quote(str(title), safe="")
        )
        links.append({"code": code, "label": network.label, "href": href, "url": target})
    return links
