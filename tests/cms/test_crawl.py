"""A crawl of the demo site, in both languages, as anonymous and as every demo role: no server error, and
every absolute URL in what it serves points at the configured base URL (or at an allowed outside service)."""

import json
import re
import urllib.parse

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from core.sharing import NETWORKS
from tools.site_crawl import START_PATHS, Visit, beyond_public_pages, crawl, is_skipped

PAGES_PER_CRAWL = 40
ROLES = {
    "anonymous": None,
    "student": "student.lina@fluentory.test",
    "teacher": "teacher.amman@fluentory.test",
    "partner": "partner@fluentory.test",
    "editor": "editor@fluentory.test",
    "admin": "admin@fluentory.test",
}
# Services the site links to on purpose: meeting rooms, video players, the structured-data vocabulary and
# the school's social profiles.
ALLOWED_OUTSIDE_HOSTS = {
    "meet.jit.si",
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "vimeo.com",
    "schema.org",
    "www.facebook.com",
    "www.instagram.com",
    "www.linkedin.com",
    "x.com",
    # The share buttons' networks, each opened at its own share address.
    *(urllib.parse.urlsplit(net.address).hostname for net in NETWORKS.values() if net.address.startswith("https:")),
}
URL_ATTRIBUTES = ("href", "src", "action", "content", "poster", "srcset")
ABSOLUTE_URL = re.compile(r"(?:https?:)?//[^\s\"'<>]+")
XML_NAMESPACE = re.compile(r"xmlns(?::\w+)?=\"[^\"]*\"")  # names a vocabulary, links nowhere


@pytest.fixture(scope="module")
def _seeded_demo(django_db_setup, django_db_blocker, _media_in_tmp):
    """The whole demo (pages, people, courses, prices, sessions), seeded once and rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def absolute_urls(visit: Visit) -> set[str]:
    """Absolute URLs in links, sources, meta content, JSON-LD, or anywhere in a non-HTML text (sitemap, feeds)."""
    if not visit.content_type.startswith("text/html"):
        return set(ABSOLUTE_URL.findall(XML_NAMESPACE.sub("", visit.body)))
    soup = BeautifulSoup(visit.body, "html.parser")
    values = [tag.get(name) for tag in soup.find_all(True) for name in URL_ATTRIBUTES if tag.get(name)]
    for script in soup.find_all("script", type="application/ld+json"):
        values.extend(_strings(json.loads(script.string)))
    return {match for value in values for match in ABSOLUTE_URL.findall(str(value)) if value}


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def points_elsewhere(url: str) -> bool:
    parts, base = urllib.parse.urlsplit(url), urllib.parse.urlsplit(settings.SITE_URL)
    if parts.hostname in ALLOWED_OUTSIDE_HOSTS:
        return False
    return (parts.scheme or base.scheme, parts.netloc) != (base.scheme, base.netloc)


def client_fetch(client: Client, language: str):
    def fetch(path: str) -> Visit:
        response = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE=language)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        landed = response.request["PATH_INFO"]
        if response.request.get("QUERY_STRING"):
            landed += "?" + response.request["QUERY_STRING"]
        return Visit(landed, response.status_code, response.get("Content-Type", ""), body.decode("utf-8", "replace"))

    return fetch


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("role", list(ROLES))
def test_the_demo_site_crawls_without_errors_or_foreign_absolute_urls(_seeded_demo, db, role, language):
    from accounts.models import User

    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if ROLES[role]:
        client.force_login(User.objects.get(email=ROLES[role]))
    starts = [*START_PATHS, "/sitemap.xml", "/robots.txt"]
    follow = bool if role == "anonymous" else beyond_public_pages

    server_errors, foreign, visited = [], {}, 0
    for visit in crawl(client_fetch(client, language), starts, limit=PAGES_PER_CRAWL, follow=follow):
        visited += 1
        if visit.status >= 500:
            server_errors.append(f"{visit.status} {visit.path}")
        if is_skipped(visit.path):
            continue  # a redirect into the Wagtail admin (the "My Fluentory" of editors): not our markup
        for url in absolute_urls(visit):
            if points_elsewhere(url):
                foreign.setdefault(url, visit.path)

    assert visited >= 15  # the crawl reached well beyond its start pages
    assert server_errors == []
    assert foreign == {}, f"absolute URLs not under {settings.SITE_URL} (url → first page): {foreign}"
