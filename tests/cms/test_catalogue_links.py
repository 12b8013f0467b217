"""The storefront catalogue (/courses/) links each course to its public page and shows its cover."""

import pytest
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from .conftest import parse
from .factories import CourseFactory, add_category, add_course_page

pytestmark = pytest.mark.django_db


def catalogue_items(client) -> dict:
    soup = parse(client.get(reverse("commerce:catalogue")))
    return {item.h2.get_text(strip=True): item for item in soup.select(".catalogue__item")}


@pytest.fixture
def category():
    return add_category(Page.objects.get(depth=2))


def test_each_course_links_to_its_page_and_shows_its_cover(client, category):
    cover = Image.objects.create(title="cover", file=get_test_image_file())
    page = add_course_page(category, CourseFactory(title="Arabic with a page", cover_image=cover))
    CourseFactory(title="Arabic without a page")

    items = catalogue_items(client)

    linked = items["Arabic with a page"]
    assert linked.h2.a["href"] == page.url
    assert "/images/" in linked.img["src"] and linked.img["alt"] == ""
    assert items["Arabic without a page"].h2.a is None  # no page yet: the title is plain text, never a dead link
    assert items["Arabic without a page"].img is None


def test_the_cached_catalogue_follows_pages_going_live_and_away(client, category):
    course = CourseFactory(title="Arabic soon")
    assert catalogue_items(client)["Arabic soon"].h2.a is None  # cached without a link

    page = add_course_page(category, course)
    assert catalogue_items(client)["Arabic soon"].h2.a["href"] == page.url

    page.unpublish()
    assert catalogue_items(client)["Arabic soon"].h2.a is None
