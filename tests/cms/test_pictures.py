"""Responsive pictures: AVIF and WebP sources with a JPEG fallback, explicit sizes, lazy except the hero."""

import pytest
from bs4 import BeautifulSoup
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms import images


@pytest.fixture
def picture(db):
    return Image.objects.create(title="Cover", file=get_test_image_file(filename="cover.png", size=(1600, 900)))


def render(image, **options):
    return BeautifulSoup(str(images.picture(image, **options)), "html.parser")


def test_a_card_offers_avif_and_webp_in_three_widths_with_a_jpeg_fallback(picture, settings):
    settings.CMS_PICTURE_FORMATS = ("avif", "webp", "jpeg")
    soup = render(picture, preset="card", alt="")
    assert [source["type"] for source in soup.select("source")] == ["image/avif", "image/webp"]
    assert soup.select_one("source")["srcset"].count("w,") == 2
    img = soup.select_one("picture > img")
    assert img["src"].endswith(".jpg")
    assert (img["width"], img["height"], img["loading"], img["alt"]) == ("320", "180", "lazy", "")
    assert img["sizes"].startswith("(min-width: 56rem)")
    assert "fetchpriority" not in img.attrs


def test_the_hero_is_fetched_first_not_lazily(picture):
    img = render(picture, preset="hero", alt="A class", eager=True, css_class="hero__image").select_one("img")
    assert (img["fetchpriority"], img["class"], img["alt"]) == ("high", ["hero__image"], "A class")
    assert "loading" not in img.attrs


def test_no_image_renders_nothing():
    assert str(images.picture(None, preset="card")) == ""


def test_the_demo_home_page_shows_its_hero_first_and_course_cards_lazily(client, site):
    soup = BeautifulSoup(client.get(site["ar"].url).content, "html.parser")
    pictures = soup.select("picture > img")
    assert pictures[0]["fetchpriority"] == "high" and pictures[0]["alt"]
    cards = [img for img in pictures if "course-card__image" in img.get("class", [])]
    assert cards and all(img.get("loading") == "lazy" for img in cards[1:])
