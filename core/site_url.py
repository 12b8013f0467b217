"""Absolute URLs: every one is built from settings.SITE_URL, whatever host a request came on."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the site's public address; a URL that is already absolute is left as it is."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def host_and_port() -> tuple[str, int]:
    """Where SITE_URL points, as Wagtail's Site records it."""
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)
