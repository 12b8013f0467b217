import pytest

from tests.factories import UserFactory


@pytest.mark.parametrize(("path", "lang", "direction"), [("/en/", "en", "ltr"), ("/ar/", "ar", "rtl")])
def test_home_page_renders_in_each_language_with_its_direction(client, site, path, lang, direction):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()


def test_root_redirects_to_a_language(client, site):
    assert client.get("/")["Location"] == "/en/"


def test_language_switcher_links_to_the_translated_page(client, site):
    page = client.get("/en/").content.decode()
    assert 'href="/ar/" lang="ar"' in page


def test_home_page_query_count_is_bounded(client, site, django_assert_max_num_queries):
    with django_assert_max_num_queries(24):
        assert client.get("/en/").status_code == 200


def test_home_page_query_count_is_bounded_for_a_signed_in_person(client, site, django_assert_max_num_queries):
    client.force_login(UserFactory())
    with django_assert_max_num_queries(34):
        assert client.get("/ar/").status_code == 200
