"""A student with no credits buys a session package from the live-sessions page and books a lesson with a credit."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from scheduling.models import Booking, CreditLot
from scheduling.services import credits
from tests.commerce.factories import ExchangeRateFactory, SessionPackageFactory, SessionPackagePriceFactory
from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory
from tests.scheduling.factories import make_schedule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = {
    "en": {"offers": "Get session credits", "paid": "Payment received"},
    "ar": {"offers": "احصل على أرصدة جلسات", "paid": "استُلمت الدفعة"},
}


@pytest.fixture
def package(db):
    for code, rate in {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}.items():
        ExchangeRateFactory(currency=code, rate=Decimal(rate))
    teacher = UserFactory(teacher=True, display_name="Rania Haddad", time_zone="Asia/Amman")
    make_schedule(teacher)
    package = SessionPackageFactory(
        title="Five sessions with Rania", slug="five-with-rania", sessions=5, teacher=teacher
    )
    SessionPackagePriceFactory(package=package, currency="USD", amount=Decimal("120.00"))
    return package


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_student_without_credits_buys_a_package_and_books_a_lesson_with_a_credit(page, package, language):
    text = TEXT[language]
    student = UserFactory(email=f"package-{language}@example.test", display_name="Basma Buyer")
    page.set_default_timeout(30_000)  # generous: the machine is shared
    login(page, student.email, PASSWORD)
    page.goto("/learn/sessions/")
    if language == "ar":
        page.locator(".lang-switcher").get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    offers = page.locator(".session-offers")
    expect(offers.get_by_role("heading", level=2)).to_have_text(text["offers"])
    offer = offers.locator(".session-offer", has_text="Five sessions with Rania")
    offer.locator(f'a[href$="/packages/{package.slug}/buy/"]').click()

    expect(page.locator(".order-summary")).to_contain_text("Five sessions with Rania")
    page.locator(".checkout__form button[type=submit]").click()
    page.locator('button[name="outcome"][value="success"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["paid"])
    assert credits.balance(student=student) == 5

    page.locator(".portal a.button--primary[href$='/learn/sessions/']").click()
    expect(page.locator(".session-offers")).to_have_count(0)  # credits to spend: nothing to sell here
    expect(page.locator(".credit-lots")).to_contain_text("Five sessions with Rania")
    page.locator(f'a[href$="/learn/sessions/teachers/{package.teacher.pk}/"]').first.click()
    page.locator(".slot-button").first.click()

    expect(page).to_have_url(re.compile(r"/learn/sessions/\d+/$"))
    expect(page.locator("[data-booking-start]")).to_be_visible()
    if language == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    booking = Booking.objects.get(student=student, status="confirmed")
    assert booking.credit_used and booking.session.teacher == package.teacher
    assert CreditLot.objects.get(student=student).remaining == 4
