"""The currency switch changes state only on POST, and works without JavaScript."""

import pytest


@pytest.mark.django_db
def test_a_get_never_changes_the_currency(client):
    response = client.get("/currency/", {"currency": "SAR", "next": "/en/"})
    assert response.status_code == 405
    assert "currency" not in client.session


@pytest.mark.django_db
def test_an_anonymous_get_with_a_bare_next_is_refused_not_a_server_error(client):
    response = client.get("/currency/?next=foo")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_the_header_switcher_is_a_post_form_with_a_submit_button_for_no_javascript(client, site):
    page = client.get("/en/").content.decode()
    form = page[page.index('<form class="currency-switcher"') :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form
    assert '<button type="submit">' in form
