"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; the ORM calls in these tests are deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    for item in items:
        if "tests/e2e" in str(item.fspath):
            if os.environ.get("CI", "").lower() == "true":
                continue  # let it fail loudly: CI installs Chromium
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def e2e_site(transactional_db, _demo_tree):
    """The demo site tree, committed for the live server: {"en": home page, "ar": its Arabic translation}.

    Browser tests use serialized rollback: the data restored before each of them includes the tree."""
    return _demo_tree.home_pages()


def login(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    # The next navigation must not cancel the login's own redirect, which carries the session cookie.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sign_out(page) -> None:
    """Forget the signed-in person. The page is left first: a response still arriving for it could otherwise set a
    fresh CSRF cookie after the clear, and the next login form would carry a token for the wrong one."""
    page.goto("about:blank")
    page.context.clear_cookies()


def switch_user(page, email: str) -> None:
    from tests.factories import PASSWORD

    sign_out(page)
    login(page, email, PASSWORD)
