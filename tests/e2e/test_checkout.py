"""A visitor switches to SAR, buys with the test gateway, downloads the invoice; a declined card is retried."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commerce.models import Order
from learning.models import Enrollment
from tests.commerce.factories import CourseFactory, CoursePriceFactory, ExchangeRateFactory, TaxRateFactory
from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shop(e2e_site):
    for code, rate in {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}.items():
        ExchangeRateFactory(currency=code, rate=Decimal(rate))
    TaxRateFactory(country="SA", rate=Decimal("15"))
    first = CourseFactory(title="Arabic for beginners", slug="arabic-for-beginners")
    second = CourseFactory(title="Business English", slug="business-english")
    CoursePriceFactory(course=first, amount=Decimal("100.00"))
    CoursePriceFactory(course=second, amount=Decimal("60.00"))
    student = UserFactory(email="buyer@example.test", display_name="Basma Buyer")
    return first, second, student


def test_checkout_in_sar_with_invoice_then_a_declined_card_is_retried(page, shop, tmp_path):
    first, second, student = shop
    page.goto("/courses/")
    with page.expect_navigation():  # the switcher posts itself; logging in before it lands would cancel it
        page.select_option("#currency-select", "SAR")
    expect(page.locator("#currency-select")).to_have_value("SAR")

    login(page, student.email, PASSWORD)
    page.goto("/checkout/start/arabic-for-beginners/")
    expect(page.locator(".order-summary")).to_contain_text("375.00")
    page.select_option("#id_country", "SA")
    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_role("button", name="Pay successfully").click()
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    assert Enrollment.objects.filter(student=student, course=first, status="active").exists()

    page.get_by_role("link", name="Receipt and invoice").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download Invoice INV-")).click()
    path = tmp_path / "invoice.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    # Second purchase: the card is declined, the student retries and pays.
    page.goto("/checkout/start/business-english/")
    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_role("button", name="Decline the card").click()
    expect(page.get_by_role("heading", name="Payment declined")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("declined")
    page.get_by_role("button", name="Try again").click()
    page.get_by_role("button", name="Pay successfully").click()
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    assert Order.objects.filter(student=student).count() == 2
    assert Order.objects.filter(student=student, status="paid").count() == 2
    assert Enrollment.objects.filter(student=student, course=second, status="active").exists()

    page.goto("/learn/purchases/")
    expect(page.locator("table")).to_contain_text("Business English")


def test_arabic_checkout_page_is_right_to_left(page, shop):
    page.goto("/checkout/start/arabic-for-beginners/")
    page.locator(".lang-switcher").get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".order-summary")).to_be_visible()
