"""Finding a course on /courses/ and on category pages: filters, keyword search, sorting, prices in the visitor's
currency, crawling rules and a fixed number of queries."""

import warnings
from decimal import Decimal

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.base import CacheKeyWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from accounts.middleware import CURRENCY_SESSION_KEY
from learning.models import Enrollment, Review
from tests.commerce.factories import CoursePriceFactory
from tests.factories import UserFactory
from tests.learning.factories import EnrollmentFactory

from .conftest import parse
from .factories import CourseFactory, add_category, add_course_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return add_category(Page.objects.get(depth=2))


@pytest.fixture(autouse=True)
def fresh_caches():
    cache.clear()
    caches["template_fragments"].clear()


def use_currency(client, code):
    session = client.session
    session[CURRENCY_SESSION_KEY] = code
    session.save()


def titles(response) -> list[str]:
    return [title.get_text(strip=True) for title in parse(response).select(".course-card__title")]


def listing(client, **query):
    return client.get(reverse("cms:catalogue"), query)


def review(course, rating):
    enrollment = EnrollmentFactory(course=course, status=Enrollment.Status.COMPLETED)
    Review.objects.create(enrollment=enrollment, course=course, rating=rating, status=Review.Status.APPROVED)


@pytest.fixture
def shelf(category):
    """Four courses with pages, prices in JOD and USD, teachers and reviews."""
    amman, london = UserFactory(teacher=True, display_name="Huda"), UserFactory(teacher=True, display_name="Tom")
    specs = [
        ("Arabic A1 recorded", "Arabic", "A1", "recorded", "30", amman),
        ("Arabic A1 live", "Arabic", "A1", "live", "60", amman),
        ("Arabic B1 recorded", "Arabic", "B1", "recorded", "45", amman),
        ("English A1 recorded", "English", "A1", "recorded", "20", london),
    ]
    courses = {}
    for title, language, level, kind, jod, teacher in specs:
        course = CourseFactory(title=title, language=language, level=level, course_type=kind)
        course.teachers.add(teacher)
        CoursePriceFactory(course=course, currency="JOD", amount=Decimal(jod))
        CoursePriceFactory(course=course, currency="USD", amount=Decimal(jod) * 2)
        add_course_page(category, course, intro=f"{title}: learn with friendly teachers.")
        courses[title] = course
    return {"courses": courses, "amman": amman, "london": london}


def test_every_course_links_to_its_page_with_cover_level_type_duration_rating_and_price(client, category):
    cover = Image.objects.create(title="cover", file=get_test_image_file())
    course = CourseFactory(title="Arabic with a cover", cover_image=cover, estimated_hours=12)
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("40"))
    page = add_course_page(category, course)
    review(course, 4)
    CourseFactory(title="Arabic without a page")

    card = parse(listing(client)).select_one(".course-card")

    assert card.h3.a["href"] == page.url
    assert "/images/" in card.img["src"] and card.img["alt"] == ""
    facts = card.select_one(".course-card__facts").get_text()
    assert "A1" in facts and "Recorded" in facts and "12 hours" in facts
    assert "Rated 4.0 out of 5 by 1 student" in card.get_text() and "40.00" in card.get_text()
    assert titles(listing(client)) == ["Arabic with a cover"]  # a course without a page is not listed


def test_filters_by_language_level_type_and_price_in_the_visitors_currency(client, shelf):
    use_currency(client, "JOD")

    found = listing(client, language="Arabic", level="A1", course_type="recorded", max_price="40")

    assert titles(found) == ["Arabic A1 recorded"]
    assert "JOD" in found.content.decode()
    assert titles(listing(client, min_price="41", max_price="50")) == ["Arabic B1 recorded"]
    use_currency(client, "USD")  # the same range in dollars is another selection
    assert titles(listing(client, min_price="41", max_price="50")) == []


def test_filters_by_teacher(client, shelf):
    assert titles(listing(client, teacher=shelf["london"].pk)) == ["English A1 recorded"]
    assert len(titles(listing(client, teacher=shelf["amman"].pk))) == 3


def test_sorts_by_price_rating_newest_and_popularity(client, shelf):
    courses = shelf["courses"]
    use_currency(client, "JOD")
    assert titles(listing(client, sort="price")) == [
        "English A1 recorded",
        "Arabic A1 recorded",
        "Arabic B1 recorded",
        "Arabic A1 live",
    ]
    review(courses["Arabic B1 recorded"], 5)
    review(courses["English A1 recorded"], 3)
    assert titles(listing(client, sort="rating"))[:2] == ["Arabic B1 recorded", "English A1 recorded"]
    assert titles(listing(client, sort="newest"))[0] == "English A1 recorded"  # published last
    assert titles(listing(client, sort="popular"))[:2] == ["Arabic B1 recorded", "English A1 recorded"]
    for _ in range(2):
        EnrollmentFactory(course=courses["Arabic A1 live"])
    assert titles(listing(client))[0] == "Arabic A1 live"  # popular is the default order


def test_keyword_search_finds_courses_through_wagtail_search(client, shelf):
    assert titles(listing(client, q="English")) == ["English A1 recorded"]
    assert titles(listing(client, q="English", level="B1")) == []


def test_a_long_search_is_cached_under_a_key_of_fixed_length(client, shelf):
    words = "English " * 100
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)  # a key over 250 characters, or with spaces
        first = titles(listing(client, q=words))
        assert titles(listing(client, q=words)) == first and "English A1 recorded" in first
    assert titles(listing(client, q="Klingon")) == []  # another search, another entry


def test_empty_results_say_what_to_change(client, shelf):
    page = parse(listing(client, q="Klingon"))

    empty = page.select_one(".empty-state").get_text()
    assert "No course matches these filters." in empty and "remove a filter" in empty
    assert page.select_one(".empty-state a")["href"] == reverse("cms:catalogue")


def test_bad_filter_values_are_reported_and_nothing_is_guessed(client, shelf):
    response = listing(client, max_price="cheap", level="Z9", teacher="nobody", sort="random", page="x")

    assert response.status_code == 200
    errors = parse(response).select(".errorlist")
    assert len(errors) == 4
    assert len(titles(response)) == 4  # the valid part (none) filters nothing
    inverted = listing(client, min_price="50", max_price="10")
    assert "The highest price must not be below the lowest." in inverted.content.decode()


def test_filtered_listings_are_not_indexed_and_point_to_the_plain_listing(client, shelf, category):
    for url in (reverse("cms:catalogue"), category.url):
        plain, filtered = parse(client.get(url)), parse(client.get(url, {"level": "A1", "sort": "price"}))
        assert plain.find("meta", attrs={"name": "robots", "content": "noindex, follow"}) is None
        assert filtered.find("meta", attrs={"name": "robots", "content": "noindex, follow"}) is not None
        canonical = filtered.find("link", rel="canonical")["href"]
        assert canonical.endswith(url) and "?" not in canonical


def test_filters_are_kept_in_the_address_of_the_next_page(client, category):
    for index in range(14):
        add_course_page(category, CourseFactory(title=f"Course {index:02d}", level="A2"))

    first = parse(listing(client, level="A2", sort="newest"))

    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert "level=A2" in next_link and "sort=newest" in next_link and "page=2" in next_link
    assert len(titles(listing(client, level="A2", sort="newest", page="2"))) == 2


def test_the_category_page_filters_its_own_courses_and_the_page_cache_keys_on_the_filters(client, demo_site):
    url = "/en/arabic-courses/"
    first, again = client.get(url, {"level": "A1"}), client.get(url, {"level": "A1"})
    other = client.get(url, {"level": "B1", "utm_source": "news"})

    assert titles(first) == titles(again) == ["Arabic A1: Foundations"]
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert titles(other) == ["Modern Standard Arabic: Reading B1"]  # another filter, another entry
    assert titles(client.get(url, {"q": "Levantine"})) == ["Levantine Arabic Conversation"]


def test_the_cached_listing_follows_pages_prices_and_reviews(client, category):
    course = CourseFactory(title="Arabic soon")
    assert titles(listing(client)) == []
    page = add_course_page(category, course)
    assert titles(listing(client)) == ["Arabic soon"]
    price = CoursePriceFactory(course=course, currency="USD", amount=Decimal("20"))
    assert "20.00" in listing(client).content.decode()
    price.amount = Decimal("25")
    price.save()
    assert "25.00" in listing(client).content.decode()
    review(course, 5)
    assert "Rated 5.0" in listing(client).content.decode()
    page.unpublish()
    assert titles(listing(client)) == []


def test_results_are_in_the_visitors_language(client, site):
    english = titles(client.get(reverse("cms:catalogue"), HTTP_ACCEPT_LANGUAGE="en"))
    arabic = titles(client.get(reverse("cms:catalogue"), HTTP_ACCEPT_LANGUAGE="ar"))

    assert "Arabic A1: Foundations" in english
    assert "العربية A1: الأساسيات" in arabic and "Arabic A1: Foundations" not in arabic


def _queries(client, url, query) -> int:
    cache.clear()
    caches["template_fragments"].clear()
    client.get(url, query)  # the session and the site's own lookups
    cache.clear()
    caches["template_fragments"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"q": "Course", "level": "A1", "max_price": "100", "sort": "price"}])
def test_the_listing_reads_the_same_number_of_queries_for_one_course_or_many(
    client, category, query, django_assert_max_num_queries
):
    teacher = UserFactory(teacher=True)

    def add(count):
        for _ in range(count):
            course = CourseFactory()
            course.teachers.add(teacher)
            CoursePriceFactory(course=course, currency="USD", amount=Decimal("30"))
            review(course, 4)
            add_course_page(category, course)

    add(1)
    use_currency(client, "USD")
    one = _queries(client, reverse("cms:catalogue"), query)
    add(30)
    many = _queries(client, reverse("cms:catalogue"), query)

    assert many == one
    with django_assert_max_num_queries(one):
        client.get(reverse("cms:catalogue"), {**query, "page": 2})
