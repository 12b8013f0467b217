import json

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module", autouse=True)
def _media_in_tmp(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="module")
def _demo_tree(django_db_setup, django_db_blocker, _media_in_tmp):
    """Builds the demo site once per module inside a transaction rolled back at the end of the module."""
    from cms import demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            homes = demo.seed()
            _warm_renditions()
            yield {language: home.pk for language, home in homes.items()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _warm_renditions():
    """Render every page once so image renditions exist before the tests (each test would redo them)."""
    from django.test import Client
    from wagtail.models import Page

    client = Client()
    for page in Page.objects.filter(depth__gte=2).live():
        client.get(page.url)


@pytest.fixture
def demo_site(_demo_tree, db):
    """The whole demo site (pages in English and Arabic, menus, settings); each test's changes are undone."""
    from cms.models import HomePage

    return {language: HomePage.objects.get(pk=pk) for language, pk in _demo_tree.items()}


def parse(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld(response) -> list[dict]:
    soup = parse(response)
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


def by_type(items: list[dict], kind: str) -> dict:
    found = [item for item in items if item.get("@type") == kind]
    assert found, f"no {kind} in {[item.get('@type') for item in items]}"
    return found[0]
