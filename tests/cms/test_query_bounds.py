"""Home, category and course pages read the database a fixed number of times, whatever the number of items,
and a cold render (every cache empty) stays within a bound (it took 30 to 46 queries before)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import UserFactory

from .factories import CourseFactory, add_category, add_course_page

MAX_QUERIES = 15


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0
    settings.CMS_FRAGMENT_CACHE_SECONDS = 0  # every query of a full render is counted


def queries_for(client, path) -> int:
    """Queries of a cold render: the image renditions exist, every cache is empty."""
    assert client.get(path).status_code == 200  # renditions are made on the first view
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def add_courses(category, count, start=0):
    image = Image.objects.create(title="cover", file=get_test_image_file())
    for index in range(start, start + count):
        add_course_page(category, CourseFactory(slug=f"bulk-{index}", cover_image=image))


def test_category_page_with_100_courses_costs_what_it_costs_with_10(client, site):
    category = add_category(site["en"])
    add_courses(category, 10)
    with_ten = queries_for(client, category.url)
    add_courses(category, 90, start=10)
    with_hundred = queries_for(client, category.url)
    filtered = queries_for(client, f"{category.url}?level=A1&course_type=recorded&page=3")

    assert with_hundred == with_ten
    assert filtered <= with_ten + 1
    assert with_hundred <= MAX_QUERIES


def test_home_page_highlights_cost_the_same_for_3_or_12_courses(client, site):
    from cms.models import HomePage

    category = add_category(site["en"])
    add_courses(category, 12)

    def highlight(limit):
        home = HomePage.objects.get(pk=site["en"].pk)
        home.body = [("course_highlights", {"heading": "Ours", "category": category, "limit": limit})]
        home.save_revision().publish()
        return queries_for(client, home.url)

    three, twelve = highlight(3), highlight(12)

    assert twelve == three
    assert twelve <= MAX_QUERIES


def test_course_page_costs_the_same_with_one_or_five_teachers(client, site):
    category = add_category(site["en"])
    page = add_course_page(category)
    page.course.teachers.add(UserFactory(teacher=True))
    one = queries_for(client, page.url)
    page.course.teachers.add(*[UserFactory(teacher=True) for _ in range(4)])
    five = queries_for(client, page.url)

    assert five == one
    assert five <= MAX_QUERIES


@pytest.mark.parametrize("path", ["/en/", "/ar/", "/en/arabic-courses/", "/en/arabic-courses/arabic-a1-foundations/"])
def test_a_cold_render_of_a_public_page_stays_within_the_query_bound(client, site, path, django_assert_max_num_queries):
    assert client.get(path).status_code == 200  # renditions are made on the first view
    for cache in caches.all():
        cache.clear()

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(path)

    assert response.status_code == 200
    assert b"</main>" in response.content


@pytest.mark.parametrize("path", ["/en/", "/en/arabic-courses/", "/en/arabic-courses/arabic-a1-foundations/"])
def test_with_cached_fragments_a_render_needs_only_routing_and_chrome_queries(client, site, settings, path):
    settings.CMS_FRAGMENT_CACHE_SECONDS = 300
    assert client.get(path).status_code == 200

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200

    assert len(captured) <= 8  # routing, the page itself and the signed-out chrome


@pytest.mark.parametrize("path", ["/en/", "/ar/", "/en/arabic-courses/arabic-a1-foundations/"])
def test_with_cached_fragments_a_render_reads_no_page(client, site, settings, path):
    settings.CMS_FRAGMENT_CACHE_SECONDS = 300
    first = client.get(path)

    with CaptureQueriesContext(connection) as captured:
        again = client.get(path)

    assert again.status_code == 200 and again.content == first.content
    assert not [query["sql"] for query in captured.captured_queries if "wagtailcore_page" in query["sql"]]


def test_a_page_unpublished_is_no_longer_served_from_the_kept_route(client, site, settings):
    from cms.models import CoursePage

    settings.CMS_FRAGMENT_CACHE_SECONDS = 300
    page = CoursePage.objects.get(slug="arabic-a1-foundations", locale__language_code="en")
    assert client.get(page.url).status_code == 200

    page.unpublish()

    assert client.get("/en/arabic-courses/arabic-a1-foundations/").status_code == 404


def test_publishing_refreshes_the_cached_fragments(client, site, settings):
    from cms.models import CoursePage

    settings.CMS_FRAGMENT_CACHE_SECONDS = 300
    page = CoursePage.objects.get(slug="arabic-a1-foundations", locale__language_code="en")
    client.get(page.url)
    page.intro = "A brand new introduction."
    page.save_revision().publish()

    assert b"A brand new introduction." in client.get(page.url).content


def test_with_no_cache_at_all_the_header_and_footer_menus_are_read_once(client, site, settings):
    settings.CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES}

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/en/")

    assert response.status_code == 200
    assert sum('"cms_menuitem"' in query["sql"] for query in captured.captured_queries) == 1


def test_a_cold_course_page_reads_its_covers_and_the_logos_renditions_in_one_query(client, site):
    from wagtail.models import Site

    from cms.models import SiteSettings

    details = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    details.logo = Image.objects.create(title="logo", file=get_test_image_file())
    details.save()
    path = "/en/arabic-courses/arabic-a1-foundations/"
    assert client.get(path).status_code == 200  # renditions are made on the first view
    for cache in caches.all():
        cache.clear()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)

    assert '"logo": "http' in response.content.decode()  # the organization's structured data shows a logo
    assert sum('"wagtailimages_rendition"' in query["sql"] for query in captured.captured_queries) == 1


def test_a_cold_course_page_without_pictures_reads_the_default_share_images_rendition_once(client, site):
    from wagtail.models import Site
    from wagtailseo.models import SeoSettings

    from cms.models import CoursePage
    from cms.models.share_cards import ShareCard

    seo_settings = SeoSettings.for_site(Site.objects.get(is_default_site=True))
    seo_settings.og_image_default = Image.objects.create(title="default share", file=get_test_image_file())
    seo_settings.save()
    page = CoursePage.objects.get(slug="arabic-a1-foundations", locale__language_code="en")
    page.course.cover_image = None
    page.course.save()
    ShareCard.objects.filter(page=page).delete()
    assert client.get(page.url).status_code == 200  # renditions are made on the first view
    for cache in caches.all():
        cache.clear()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)

    rendition = seo_settings.og_image_default.get_rendition("original")
    og_image = next(line for line in response.content.decode().splitlines() if 'property="og:image"' in line)
    assert rendition.url in og_image, og_image
    assert sum('"wagtailimages_rendition"' in query["sql"] for query in captured.captured_queries) == 1
