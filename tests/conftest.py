"""Fixtures everything uses, and the `services` marker's rules."""

import os
import socket
from functools import cache
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import override_settings

from tests import demo_tree
from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


@cache
def services_missing() -> tuple[str, ...]:
    missing = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append("PostgreSQL (set DATABASE_URL=postgres://…)")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url or not _reachable(redis_url, 6379):
        missing.append("Redis (set REDIS_URL=redis://…)")
    return tuple(missing)


def pytest_runtest_setup(item):
    if "services" not in item.keywords:
        return
    missing = services_missing()
    if missing:
        reason = "needs " + " and ".join(missing)
        if IN_CI:
            pytest.fail(f"CI must provide the services: {reason}", pytrace=False)
        pytest.skip(reason)


def pytest_collection_modifyitems(items):
    demo_tree.order_items(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if demo_tree.KEY in item.config.stash:
        item.config.stash[demo_tree.KEY].after_test(nextitem)
    return result


def pytest_report_header(config):
    missing = services_missing()
    return f"services tests: {'run' if not missing else 'skipped, ' + '; '.join(missing)}"


@pytest.fixture(scope="session", autouse=True)
def _media_in_tmp(tmp_path_factory):
    """Uploaded and seeded files go to a temporary folder that lives as long as the test process."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup):
    """pytest-django's test databases; the migrated data its serialized rollback restores is kept for `_demo_tree`."""
    from django.db import connection

    request.config.stash[demo_tree.MIGRATED] = getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def _demo_tree(request, django_db_setup, django_db_blocker):
    migrated = request.config.stash[demo_tree.MIGRATED]
    tree = demo_tree.DemoTree(request.session.items, django_db_blocker, migrated)
    request.config.stash[demo_tree.KEY] = tree
    yield tree
    tree.close()
    del request.config.stash[demo_tree.KEY]


@pytest.fixture
def _demo_tree_before_db(request, _demo_tree):
    _demo_tree.before_test_database(request.node)


@pytest.fixture
def _django_db_helper(_demo_tree_before_db, _django_db_helper, request, _demo_tree):
    """pytest-django's test database set-up, with the shared demo tree in place for the tests that use it."""
    _demo_tree.after_test_database(request.node)


@pytest.fixture(autouse=True)
def _outbox_email_backend(settings):
    """Django's test runner swaps in the locmem backend; put the outbox back in front of it."""
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    from django.core.cache import caches
    from django.utils import translation

    for backend in caches.all():
        backend.clear()
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def student(db):
    return UserFactory(display_name="Sam Student")


@pytest.fixture
def other_student(db):
    return UserFactory(display_name="Olga Other")


@pytest.fixture
def teacher(db):
    return UserFactory(teacher=True, display_name="Tariq Teacher", time_zone="Asia/Amman")


@pytest.fixture
def other_teacher(db):
    return UserFactory(teacher=True, display_name="Tess Teacher", time_zone="Europe/London")


@pytest.fixture
def partner(db):
    return UserFactory(partner=True, display_name="Pat Partner")


@pytest.fixture
def admin_user(db):
    return UserFactory(admin=True, display_name="Ada Admin")


@pytest.fixture
def marketing_editor(db):
    """Opens the Wagtail admin (Wagtail's "Editors" group) without the Admin role."""
    from django.contrib.auth.models import Group

    user = UserFactory(is_student=False, display_name="Eda Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def site(db, _demo_tree):
    """The demo site tree: {"en": home page, "ar": its Arabic translation}; each test's changes are undone."""
    return _demo_tree.home_pages()


@pytest.fixture
def demo_site(site):
    """The whole demo site (pages in English and Arabic, menus, settings), as `site`."""
    return site
