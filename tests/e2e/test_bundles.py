"""A visitor sees a bundle's saving on a course page, opens the bundle and buys it: enrolled in every course, with
the package's session credits; in Arabic the bundle page reads right to left with its Arabic title."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cms.models import CoursePage
from commerce.models import BundleItem, BundlePrice, CoursePrice
from learning.models import Enrollment
from scheduling.services import credits
from tests.commerce.factories import (
    BundleFactory,
    ExchangeRateFactory,
    SessionPackageFactory,
    SessionPackagePriceFactory,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shop(e2e_site):
    for code, rate in {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}.items():
        ExchangeRateFactory(currency=code, rate=Decimal(rate))
    pages = list(CoursePage.objects.live().filter(locale__language_code="en").select_related("course")[:2])
    bundle = BundleFactory(title="Starter pack", slug="starter-pack", summary="Two courses and five sessions.")
    bundle.save_translation("ar", title="باقة البداية", summary="دورتان وخمس جلسات.")
    for position, (page, price) in enumerate(zip(pages, ("100.00", "60.00"), strict=True)):
        CoursePrice.objects.update_or_create(course=page.course, currency="USD", defaults={"amount": Decimal(price)})
        BundleItem.objects.create(bundle=bundle, course=page.course, position=position)
    package = SessionPackageFactory(title="Five live sessions", slug="five-live", sessions=5, language="Arabic")
    SessionPackagePriceFactory(package=package, currency="USD", amount=Decimal("40.00"))
    BundleItem.objects.create(bundle=bundle, package=package, position=2)
    BundlePrice.objects.create(bundle=bundle, currency="USD", amount=Decimal("150.00"))
    student = UserFactory(email="bundle-buyer@example.test", display_name="Basma Buyer")
    return pages, bundle, student


def test_a_visitor_sees_the_saving_on_a_course_page_and_buys_the_bundle(page, shop):
    pages, _bundle, student = shop
    page.set_default_timeout(30_000)  # generous: the machine is shared
    page.goto(pages[0].url)
    page.select_option("#currency-select", "USD")
    savings = page.locator(".bundle-savings")
    expect(savings).to_contain_text("Starter pack")
    expect(savings).to_contain_text("You save $50.00")
    savings.get_by_role("link", name="Starter pack").click()

    expect(page).to_have_url(re.compile(r"/bundles/starter-pack/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Starter pack")
    summary = page.locator(".order-summary")
    expect(summary).to_contain_text("Five live sessions")
    expect(summary).to_contain_text("$150.00")
    page.get_by_role("link", name="Log in to buy").click()
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()

    expect(page).to_have_url(re.compile(r"/bundles/starter-pack/$"))
    page.get_by_role("button", name="Buy the bundle").click()
    page.get_by_role("button", name="Pay successfully").click()
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    for course_page in pages:
        assert Enrollment.objects.filter(student=student, course=course_page.course, status="active").exists()
    assert credits.balance(student=student) == 5


def test_the_bundle_page_in_arabic_is_right_to_left_with_its_arabic_title(page, shop):
    page.goto("/bundles/starter-pack/")
    page.locator(".lang-switcher").get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("باقة البداية")
    expect(page.locator(".order-summary")).to_contain_text("Five live sessions")
