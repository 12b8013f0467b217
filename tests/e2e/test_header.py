"""The site header keeps to one line and never overflows: a laptop shows everything, a phone folds it behind Menu."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
SHOWN = (
    ".logo, .menu-toggle, .site-nav a, .lang-switcher a, .lang-switcher button, .currency-switcher select, "
    ".account-menu > a, .account-menu summary, .notice-bell"
)
MEASURE = """(selector) => [...document.querySelectorAll(selector)]
    .filter((node) => node.getClientRects().length)
    .map((node) => { const r = node.getBoundingClientRect(); return {name: node.textContent.trim() || node.className,
        top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })"""


def boxes(page, selector):
    return page.evaluate(MEASURE, selector)


def assert_fits(page, width, shown):
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    outside = [box["name"] for box in shown if box["left"] < 0 or box["right"] > width + 0.5]
    assert outside == []


def assert_one_line(page, width):
    shown = boxes(page, f".site-header__inner :is({SHOWN})")
    assert_fits(page, width, shown)
    # One line: a single horizontal line crosses every item of the header.
    assert max(box["top"] for box in shown) < min(box["bottom"] for box in shown), shown


def check_header(browser, live_server, user=None):
    for language in ("en", "ar"):
        for viewport in (LAPTOP, PHONE):
            context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en-GB")
            page = context.new_page()
            if user is not None:
                login(page, user.email, PASSWORD)
            page.goto(f"/{language}/")
            toggle = page.locator(".menu-toggle")
            if viewport is LAPTOP:
                expect(toggle).to_be_hidden()
                expect(page.locator(".site-nav a").first).to_be_visible()
                assert_one_line(page, viewport["width"])
            else:
                expect(page.locator(".site-nav")).to_be_hidden()
                assert_one_line(page, viewport["width"])
                toggle.click()
                expect(toggle).to_have_attribute("aria-expanded", "true")
                expect(page.locator(".site-nav a").first).to_be_visible()
                expect(page.locator(".currency-switcher select")).to_be_visible()
                assert_fits(page, viewport["width"], boxes(page, f".site-header__inner :is({SHOWN})"))
                toggle.click()
                expect(page.locator(".site-nav")).to_be_hidden()
            context.close()


def test_the_header_fits_one_line_for_a_visitor(browser, live_server, e2e_site):
    check_header(browser, live_server)


def test_the_header_fits_one_line_for_a_student_and_a_teacher(browser, live_server, e2e_site):
    # Long names: the account menu's name is the widest thing a signed-in header adds.
    student = UserFactory(display_name="Maximiliana Fitzgerald-Abernathy", password=PASSWORD)
    teacher = UserFactory(teacher=True, display_name="عبد الرحمن الحسيني القاسمي", password=PASSWORD)
    check_header(browser, live_server, student)
    check_header(browser, live_server, teacher)
