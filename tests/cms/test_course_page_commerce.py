"""The course page shows what commerce and learning know: the price in the visitor's currency, reviews, buying."""

from decimal import Decimal

import pytest

from learning.models import Review
from tests.commerce.factories import CoursePriceFactory, ExchangeRateFactory
from tests.learning.factories import EnrollmentFactory

from .factories import add_category, add_course_page


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
