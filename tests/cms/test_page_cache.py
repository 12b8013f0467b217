"""The page cache for anonymous visitors: no query and one cache round trip on a hit, invalidated by
publishing only, never for members, and never filled by tracking or unknown query parameters."""

import pytest
from django.core.cache import caches

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


def test_a_hit_carries_the_headers_the_page_was_rendered_with(client, demo_site):
    first = client.get("/en/")
    second = client.get("/en/")

    assert second["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "Content-Language", "X-Frame-Options", "Referrer-Policy"):
        assert second[header] == first[header]


CACHE_METHODS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr", "get_or_set", "has_key")


@pytest.fixture
def cache_calls(monkeypatch):
    """Every call made on the page cache's backend, as (method, first argument)."""
    backend = caches["default"]
    calls, depth = [], [0]

    def recording(name):
        original = getattr(backend, name)

        def method(*args, **kwargs):
            if not depth[0]:  # a backend's get_many may loop over its own get: one call all the same
                calls.append((name, args[0] if args else None))
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return method

    for name in CACHE_METHODS:
        monkeypatch.setattr(backend, name, recording(name))
    return calls


def page_lookups(calls) -> list:
    return [key for name, key in calls if name == "get_many" and "cms:page:" in str(key)]


def page_entries(calls) -> list:
    return [key for name, key in calls if name == "set" and str(key).startswith("cms:page:")]


def test_a_hit_is_one_cache_round_trip_and_no_query(client, demo_site, cache_calls, django_assert_num_queries):
    client.get("/en/arabic-courses/")
    cache_calls.clear()

    with django_assert_num_queries(0):
        response = client.get("/en/arabic-courses/")

    assert response["X-Page-Cache"] == "hit"
    assert [name for name, _key in cache_calls] == ["get_many"]


def test_cache_is_keyed_by_language_query_and_currency(client, demo_site):
    client.get("/en/")
    assert client.get("/ar/")["X-Page-Cache"] == "miss"
    assert client.get("/en/", {"page": "2"})["X-Page-Cache"] == "miss"
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="en-GB")["X-Page-Cache"] == "miss"  # GBP visitor
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="en-GB")["X-Page-Cache"] == "hit"


def test_tracking_parameters_are_served_the_page_and_never_add_an_entry(client, demo_site, cache_calls):
    client.get("/en/arabic-courses/")
    cache_calls.clear()

    for campaign in range(5):
        response = client.get("/en/arabic-courses/", {"utm_source": f"mail-{campaign}", "gclid": "x", "fbclid": "y"})
        assert response["X-Page-Cache"] == "hit"

    assert page_entries(cache_calls) == []


def test_unknown_query_parameters_are_rendered_but_never_stored(client, demo_site, cache_calls):
    first = client.get("/en/arabic-courses/", {"nonsense": "1"})
    second = client.get("/en/arabic-courses/", {"nonsense": "2"})

    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert page_entries(cache_calls) == []
    assert b"Arabic" in second.content


def test_a_visitors_no_cache_header_is_served_from_the_cache(client, demo_site, cache_calls):
    client.get("/en/")
    cache_calls.clear()

    response = client.get("/en/", HTTP_CACHE_CONTROL="no-cache", HTTP_PRAGMA="no-cache")

    assert response["X-Page-Cache"] == "hit"
    assert page_entries(cache_calls) == []


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/", "/learn/", "/static/css/learning.css", "/courses/"])
def test_requests_that_are_never_cached_skip_the_lookup(client, demo_site, cache_calls, path):
    client.get(path)

    assert not page_lookups(cache_calls)


def test_signed_in_portal_and_posts_skip_the_lookup(client, demo_site, cache_calls):
    client.force_login(UserFactory())
    client.get("/learn/")
    client.logout()
    client.post("/en/", {})

    assert not page_lookups(cache_calls)


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
