"""A visitor finds their level: halfway anonymously, signs up, resumes on another browser, sees the level and
the recommended course in their currency. In English and in Arabic."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from notifications.models import OutboxEmail
from tests.commerce.factories import CoursePriceFactory, ExchangeRateFactory
from tests.learning.factories import CourseFactory
from tests.placement.factories import make_test, recommend

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "lantern-quietly-ninety-owls"

CASES = {
    # browser locale, its currency, the words the pages use
    "en": ("en-GB", "GBP", "£80.00", "Save and continue", "Sign up", "Continue the test", "Your level: B1", "Buy"),
    "ar": ("ar-JO", "JOD", "80.000 د.أ.", "احفظ وتابع", "أنشئ حسابًا", "تابع الاختبار", "مستواك: B1", "اشترِ"),
}


def answer_section(page, right: int, button: str):
    # The click that led here may still be loading the section: count its questions only once they are shown.
    radios = page.locator("fieldset.question")
    expect(radios.first).to_be_visible()
    for index in range(radios.count()):
        radios.nth(index).locator("input[type=radio]").nth(0 if index < right else 1).check()
    page.get_by_role("button", name=button).click()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_visitor_takes_the_test_signs_up_and_finishes_on_another_device(browser, live_server, language):
    locale, currency, symbol, save, sign_up, resume, level_heading, buy = CASES[language]
    test = make_test()
    course = CourseFactory(title="English B1 in practice", language="English", level="B1")
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("100.00"))
    ExchangeRateFactory(currency=currency, rate=Decimal("0.80"))
    recommend(test, "B1", course)

    first = browser.new_context(base_url=live_server.url, locale=locale, timezone_id="Asia/Amman")
    page = first.new_page()
    page.goto("/placement/")
    page.locator(f'a[href="/placement/{test.slug}/"]').click()
    page.locator("form[action$='/start/'] button").click()
    answer_section(page, right=2, button=save)  # halfway: the first of two sections
    page.locator(".message").get_by_role("link", name=sign_up).click()  # sign up from the test
    email = f"taker-{language}@example.test"
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=display_name]").fill("Taker")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", OutboxEmail.objects.get(to=email).body)
    page.goto(link.group(1))
    page.locator("main form button[type=submit]").click()
    first.close()

    second = browser.new_context(base_url=live_server.url, locale=locale, timezone_id="Asia/Amman")
    page = second.new_page()
    login(page, email, PASSWORD) if language == "en" else _login_ar(page, email)
    page.goto("/placement/")
    page.get_by_role("link", name=resume).click()
    answer_section(page, right=0, button=save)  # 2 of 4 right: 50%, B1
    expect(page.get_by_role("heading", level=1)).to_contain_text(level_heading)
    card = page.locator(".recommendation")
    expect(card).to_contain_text("English B1 in practice")
    expect(card.locator(".price")).to_have_attribute("data-currency", currency)
    expect(card.locator(".price")).to_contain_text(symbol)
    card.get_by_role("link", name=re.compile(buy)).click()
    expect(page).to_have_url(re.compile(f"/checkout/start/{course.slug}/$"))
    second.close()


def _login_ar(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
