"""The demo site tree, seeded once per test process and shared by every test that asks for it.

Seeding takes tens of seconds, so no test seeds it on its own:

- database tests that use `site` or `demo_site` run inside one open transaction that holds the tree; each
  test's own transaction is a savepoint on top of it and is rolled back, so the next test finds it unchanged;
- transactional tests (the browser tests' `e2e_site`) need committed rows and the database is flushed after each
  of them: with serialized rollback, the snapshot restored before each of them is the migrated data plus the tree.

Tests that ask for none of these run on the migrated database without the tree, as if it had never been seeded.
`order_items` puts the tests that use the tree last in their group, so each process seeds it once.
"""

from __future__ import annotations

import sys

import pytest
from pytest_django.fixtures import validate_django_db

FIXTURES = ("site", "demo_site", "e2e_site")
KEY = pytest.StashKey["DemoTree"]()
MIGRATED = pytest.StashKey["str | None"]()  # the migrated data that serialized rollback restores


def uses_tree(item: pytest.Item) -> bool:
    return any(name in item.fixturenames for name in FIXTURES)


def _database_use(item: pytest.Item) -> tuple[bool, bool, bool]:
    """(uses the database, is transactional, has serialized rollback), as pytest-django decides them."""
    marker = item.get_closest_marker("django_db")
    transactional, reset_sequences, _, serialized, _ = validate_django_db(marker) if marker else (False,) * 5
    names = item.fixturenames
    transactional = bool(transactional or reset_sequences or "transactional_db" in names or "live_server" in names)
    uses_db = bool(marker or transactional or "db" in names)
    return uses_db, transactional, bool(serialized or "django_db_serialized_rollback" in names)


def order_items(items: list[pytest.Item]) -> None:
    """Keep pytest-django's order (database tests, transactional tests, the rest), tree users last in each."""

    def key(item):
        uses_db, transactional, _ = _database_use(item)
        return (2 if not uses_db else int(transactional), uses_tree(item))

    items.sort(key=key)


class DemoTree:
    """The open transaction holding the tree for database tests, and the snapshot with it for transactional ones."""

    def __init__(self, items: list[pytest.Item], blocker, migrated: str | None) -> None:
        self._blocker = blocker
        self._atomic = None
        self._migrated = migrated  # None when the database is reused (--reuse-db): nothing to restore
        self._snapshot: str | None = None
        # Transactional tests restore the snapshot: taking it before the held tree is rolled back saves a seed.
        self._snapshot_wanted = any(uses_tree(item) and _database_use(item)[1:] == (True, True) for item in items)
        self.homes: dict[str, int] = {}

    def before_test_database(self, item: pytest.Item) -> None:
        """Called before pytest-django opens the test's transaction or restores its serialized data."""
        from django.db import connection

        _, transactional, serialized = _database_use(item)
        with self._blocker.unblock():
            if not transactional and uses_tree(item):
                self._hold()
                return
            self._release()
        if transactional and serialized and self._migrated is not None:
            # Set on the connection the test will use: Playwright's event loop gives the ORM new connection objects.
            with_tree = uses_tree(item) and self._snapshot is not None
            connection._test_serialized_contents = self._snapshot if with_tree else self._migrated

    def after_test_database(self, item: pytest.Item) -> None:
        """Called once the test's database is ready: a transactional test that uses the tree gets it committed."""
        from django.db import connection

        from cms.models import HomePage

        _, transactional, serialized = _database_use(item)
        if not (transactional and uses_tree(item)):
            return
        with self._blocker.unblock():
            if HomePage.objects.exists():
                return
            self.homes = _seed_and_warm()
            if serialized and self._migrated is not None:
                self._snapshot = connection.creation.serialize_db_to_string()

    def after_test(self, next_item: pytest.Item | None) -> None:
        """Roll the tree back as soon as the next test does not run inside it.

        Before that test's fixtures start: a browser test's Playwright event loop gives the ORM other connections."""
        if next_item is not None and not (uses_tree(next_item) and not _database_use(next_item)[1]):
            with self._blocker.unblock():
                self._release()

    def close(self) -> None:
        self._snapshot_wanted = False
        with self._blocker.unblock():
            self._release()

    def _hold(self) -> None:
        from django.db import transaction

        if self._atomic is not None:
            return
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            self.homes = _seed_and_warm()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
        self._atomic = atomic

    def _release(self) -> None:
        from django.db import transaction

        if self._atomic is None:
            return
        if self._snapshot_wanted and self._migrated is not None and self._snapshot is None:
            from django.db import connection

            self._snapshot = connection.creation.serialize_db_to_string()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self._atomic = None

    def home_pages(self) -> dict:
        from cms.models import HomePage

        return {language: HomePage.objects.get(pk=pk) for language, pk in self.homes.items()}


def _seed_and_warm() -> dict[str, int]:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.utils import translation
    from wagtail.models import Page

    from cms import demo

    homes = {language: home.pk for language, home in demo.seed().items()}
    # One render of every page makes the image renditions, which each test would otherwise make again.
    client = Client()
    for page in Page.objects.filter(depth__gte=2).live():
        client.get(page.url)
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    return homes
