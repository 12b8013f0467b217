"""The course page shows what commerce and learning know: the price in the visitor's currency, reviews, buying."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.models import BundleItem, BundlePrice, CoursePrice
from learning.models import Review
from tests.commerce.factories import (
    BundleFactory,
    CoursePriceFactory,
    ExchangeRateFactory,
    SessionPackagePriceFactory,
)
from tests.learning.factories import EnrollmentFactory

from .factories import CourseFactory, add_category, add_course_page


@pytest.fixture
def course_page(site):
    page = add_course_page(add_category(site["en"], slug="shop-courses"))
    CoursePriceFactory(course=page.course, currency="USD", amount=Decimal("100.00"))
    ExchangeRateFactory(currency="SAR", rate=Decimal("3.75"))
    return page


def test_price_follows_the_visitors_currency(client, course_page):
    assert "$100.00" in client.get(course_page.url).content.decode()
    client.post("/currency/", {"currency": "SAR"})
    assert "375.00" in client.get(course_page.url).content.decode()


def test_buying_leads_to_checkout_giving_to_the_gift_form_and_finding_a_level_to_the_placement_test(
    client, course_page
):
    page = client.get(course_page.url).content.decode()
    assert f'href="/checkout/start/{course_page.course.slug}/"' in page
    assert f'href="/gifts/start/{course_page.course.slug}/"' in page and 'href="/placement/"' in page


def test_approved_reviews_and_their_average_are_shown(client, course_page):
    for rating, status in ((5, Review.Status.APPROVED), (4, Review.Status.APPROVED), (1, Review.Status.PENDING)):
        enrollment = EnrollmentFactory(course=course_page.course)
        Review.objects.create(
            enrollment=enrollment, course=course_page.course, rating=rating, body=f"{rating} stars", status=status
        )
    page = client.get(course_page.url).content.decode()
    assert "Rated 4.5 out of 5 by 2 students" in page
    assert "5 stars" in page and "1 stars" not in page


def test_a_new_price_refreshes_the_cached_page(client, course_page):
    client.get(course_page.url)
    CoursePriceFactory(course=course_page.course, currency="GBP", amount=Decimal("70.00"))
    client.post("/currency/", {"currency": "GBP"})
    assert "£70.00" in client.get(course_page.url).content.decode()


def add_bundle(course_page, *, slug="pack", bundle_price="120.00", others=("80.00",), package_price=None):
    """A bundle of the page's course ($100), courses at `others` and optionally a package; priced in USD."""
    bundle = BundleFactory(title=f"Bundle {slug}", slug=slug)
    BundleItem.objects.create(bundle=bundle, course=course_page.course, position=0)
    for position, price in enumerate(others, start=1):
        other = CourseFactory()
        CoursePriceFactory(course=other, currency="USD", amount=Decimal(price))
        BundleItem.objects.create(bundle=bundle, course=other, position=position)
    if package_price:
        package = SessionPackagePriceFactory(amount=Decimal(package_price)).package
        BundleItem.objects.create(bundle=bundle, package=package, position=len(others) + 1)
    BundlePrice.objects.create(bundle=bundle, currency="USD", amount=Decimal(bundle_price))
    return bundle


def bundle_box(client, course_page) -> str:
    soup = BeautifulSoup(client.get(course_page.url).content, "html.parser")
    box = soup.select_one(".bundle-savings")
    return box.get_text(" ", strip=True) if box else ""


def test_the_course_page_shows_each_bundle_holding_the_course_with_its_saving_in_the_visitors_currency(
    client, course_page
):
    add_bundle(course_page, slug="duo")  # $180 separately, $120 together
    add_bundle(course_page, slug="with-sessions", bundle_price="250.00", package_price="100.00")  # $280 → $250
    add_bundle(course_page, slug="no-saving", bundle_price="180.00")  # nothing saved: not shown

    box = bundle_box(client, course_page)
    assert "Bundle duo" in box and "You save $60.00" in box and "$120.00 instead of $180.00" in box
    assert "Bundle with-sessions" in box and "You save $30.00" in box
    assert "no-saving" not in box
    page = client.get(course_page.url).content.decode()
    assert 'href="/bundles/duo/"' in page

    client.post("/currency/", {"currency": "SAR"})
    assert "225.00" in bundle_box(client, course_page)  # (100 + 80 - 120) * 3.75, each price derived


def test_the_course_page_shows_the_bundle_title_in_the_pages_language(client, site, course_page):
    bundle = add_bundle(course_page, slug="duo")
    bundle.save_translation("ar", title="الباقة الثنائية")
    arabic = course_page.copy_for_translation(site["ar"].locale, copy_parents=True, alias=False)
    arabic.save_revision().publish()
    assert "الباقة الثنائية" in bundle_box(client, arabic.specific)
    assert "Bundle duo" in bundle_box(client, course_page)


def test_bundle_edits_and_price_changes_refresh_the_cached_course_page(client, course_page):
    bundle = add_bundle(course_page, slug="duo")
    assert "You save $60.00" in bundle_box(client, course_page)

    BundlePrice.objects.filter(bundle=bundle).update(amount=Decimal("150.00"))  # no signal: still cached
    assert "You save $60.00" in bundle_box(client, course_page)
    price = BundlePrice.objects.get(bundle=bundle)
    price.amount = Decimal("140.00")
    price.save()
    assert "You save $40.00" in bundle_box(client, course_page)

    other = BundleItem.objects.exclude(course=course_page.course).get(bundle=bundle).course
    other_price = CoursePrice.objects.get(course=other, currency="USD")
    other_price.amount = Decimal("100.00")
    other_price.save()
    assert "You save $60.00" in bundle_box(client, course_page)
    package = SessionPackagePriceFactory(amount=Decimal("60.00")).package
    BundleItem.objects.create(bundle=bundle, package=package, position=5)
    assert "You save $120.00" in bundle_box(client, course_page)

    bundle.active = False
    bundle.save()
    assert bundle_box(client, course_page) == ""


def test_the_course_page_reads_as_much_with_one_bundle_as_with_three(client, course_page, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0
    settings.CMS_FRAGMENT_CACHE_SECONDS = 0

    def queries() -> int:
        client.get(course_page.url)
        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(course_page.url).status_code == 200
        return len(captured)

    add_bundle(course_page, slug="one", package_price="100.00")
    one = queries()
    add_bundle(course_page, slug="two", others=("80.00", "30.00"))
    add_bundle(course_page, slug="three", package_price="40.00")
    assert queries() == one
    assert "Bundle three" in bundle_box(client, course_page)
