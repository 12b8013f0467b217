"""What keeps the public pages fast on a phone: images that reserve their space, the first cover fetched at once
and the rest lazily, and nothing render-blocking from another origin."""

import pytest

from .conftest import parse

pytestmark = pytest.mark.django_db

GRIDS = ["/{lang}/", "/{lang}/arabic-courses/", "/{lang}/blog/"]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", GRIDS)
def test_images_have_dimensions_and_only_the_first_cover_loads_eagerly(client, demo_site, path, lang):
    soup = parse(client.get(path.format(lang=lang)))

    images = soup.select("main img")
    assert images
    assert [img["src"] for img in images if not (img.get("width") and img.get("height"))] == []
    covers = soup.select(".course-grid img, .post-list img")
    assert covers[0].get("fetchpriority") == "high" and covers[0].get("loading") != "lazy"
    assert all(img.get("loading") == "lazy" for img in covers[1:])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_scripts_and_styles_come_from_this_site_and_scripts_never_block_rendering(client, demo_site, lang):
    soup = parse(client.get(f"/{lang}/"))

    scripts = soup.select("script[src]")
    styles = soup.select('link[rel="stylesheet"]')
    assert scripts and styles
    assert all(tag["src"].startswith("/static/") and tag.has_attr("defer") for tag in scripts)
    assert all(tag["href"].startswith("/static/") for tag in styles)
