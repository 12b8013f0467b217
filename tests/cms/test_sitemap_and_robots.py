import xml.etree.ElementTree as ET

from django.conf import settings
from wagtail.models import Page

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_live_page_in_every_locale_with_its_alternates(client, demo_site):
    entries = sitemap(client)

    live = Page.objects.filter(depth__gte=2).live()
    assert set(entries) == {page.get_full_url() for page in live}
    course_en = settings.SITE_URL + "/en/arabic-courses/arabic-a1-foundations/"
    course_ar = settings.SITE_URL + "/ar/arabic-courses/arabic-a1-foundations/"
    assert entries[course_en] == {"en": course_en, "ar": course_ar, "x-default": course_en}
    assert entries[course_ar] == entries[course_en]


def test_sitemap_leaves_out_drafts_unpublished_and_noindex_pages(client, demo_site):
    from cms.models import StandardPage

    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    about.unpublish()
    terms = StandardPage.objects.get(slug="terms", locale__language_code="en")
    terms.robots_noindex = True
    terms.save_revision().publish()

    entries = sitemap(client)

    assert settings.SITE_URL + "/en/about/" not in entries
    assert settings.SITE_URL + "/en/terms/" not in entries
    # The Arabic about page stays, now without alternates: its English twin is gone.
    assert entries[settings.SITE_URL + "/ar/about/"] == {}


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_areas(client, db):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response.status_code == 200
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body
    assert "Disallow: /admin/" in body and "Disallow: /learn/" in body


def test_sitemap_refuses_other_methods(client, db):
    assert client.post("/sitemap.xml").status_code == 405
