import pytest


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
