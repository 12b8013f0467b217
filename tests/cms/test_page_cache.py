"""The page cache for anonymous visitors: no query on a hit, invalidated by publishing, never for members."""

import pytest

from tests.factories import PASSWORD, UserFactory


def test_second_anonymous_visit_is_served_from_the_cache_without_any_query(
    client, demo_site, django_assert_num_queries
):
    first = client.get("/en/")
    assert first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get("/en/")

    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_cache_is_keyed_by_language_query_and_currency(client, demo_site):
    client.get("/en/")
    assert client.get("/ar/")["X-Page-Cache"] == "miss"
    assert client.get("/en/", {"utm_source": "x"})["X-Page-Cache"] == "miss"
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="en-GB")["X-Page-Cache"] == "miss"  # GBP visitor
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="en-GB")["X-Page-Cache"] == "hit"


def test_publishing_a_page_invalidates_the_cache(client, demo_site):
    from cms.models import HomePage

    client.get("/en/")
    home = HomePage.objects.get(pk=demo_site["en"].pk)
    home.hero_heading = "A fresh heading"
    home.save_revision().publish()

    response = client.get("/en/")

    assert response["X-Page-Cache"] == "miss"
    assert b"A fresh heading" in response.content


def test_unpublishing_a_page_invalidates_the_cache(client, demo_site):
    from cms.models import StandardPage

    served = client.get("/en/about/")
    assert served.status_code == 200
    assert b"<h1>About us</h1>" in served.content
    StandardPage.objects.get(slug="about", locale__language_code="en").unpublish()

    gone = client.get("/en/about/")
    assert gone.status_code == 404
    assert b"We could not find that page" in gone.content and b"About us</h1>" not in gone.content


def test_editing_a_menu_invalidates_the_cache(client, demo_site):
    from cms.models import Menu, MenuItem

    client.get("/en/")
    menu = Menu.objects.get(place="main", locale__language_code="en")
    MenuItem.objects.create(menu=menu, label="Partners", link_url="https://partners.example.test/", sort_order=9)
    menu.save()

    assert b"https://partners.example.test/" in client.get("/en/").content


def test_signed_in_people_are_never_served_or_stored_in_the_cache(client, demo_site):
    user = UserFactory(display_name="Cached Nobody")
    client.get("/en/")  # stored for anonymous visitors
    client.login(email=user.email, password=PASSWORD)

    response = client.get("/en/")

    assert "X-Page-Cache" not in response
    assert b"Cached Nobody" in response.content


@pytest.mark.parametrize("path", ["/en/contact/", "/en/no-such-page/"])
def test_pages_with_a_form_token_or_errors_are_not_cached(client, demo_site, path):
    client.get(path)
    response = client.get(path)

    assert response.get("X-Page-Cache") != "hit"


def test_hard_reload_bypasses_the_cache(client, demo_site):
    client.get("/en/")

    assert client.get("/en/", HTTP_CACHE_CONTROL="no-cache")["X-Page-Cache"] == "miss"


def test_a_page_made_private_stops_being_served_to_anonymous_visitors(client, demo_site):
    from wagtail.models import PageViewRestriction

    from cms.models import StandardPage

    served = client.get("/en/about/")
    assert served.status_code == 200
    assert b"<h1>About us</h1>" in served.content
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/en/about/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert client.get("/en/terms/").status_code == 200
