import pytest
from allauth.usersessions.models import UserSession
from bs4 import BeautifulSoup
from django.test import Client

from tests.factories import PASSWORD

NEW_PASSWORD = "marble-orchard-seventeen-kites"


def logged_in_client(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def assert_in_the_student_portal(client: Client, student) -> None:
    response = client.get("/learn/")
    assert response.status_code == 200
    assert f"Welcome back, {student.name}" in response.content.decode()


def test_a_person_sees_their_sessions_and_ends_the_others(db, student):
    laptop, phone = logged_in_client(student), logged_in_client(student)
    page = laptop.get("/accounts/sessions/")
    assert page.status_code == 200
    assert UserSession.objects.filter(user=student).count() == 2
    rows = [row.get_text(" ", strip=True) for row in BeautifulSoup(page.content, "html.parser").select("tbody tr")]
    assert len(rows) == 2 and sum(row.endswith("Current") for row in rows) == 1
    laptop.post("/accounts/sessions/", {})
    assert phone.get("/learn/")["Location"].startswith("/accounts/login/")
    assert_in_the_student_portal(laptop, student)


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(db, student):
    laptop, phone = logged_in_client(student), logged_in_client(student)
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert_in_the_student_portal(laptop, student)
    assert phone.get("/learn/")["Location"].startswith("/accounts/login/")


def test_profile_saves_time_zone_language_and_currency(client, student):
    client.force_login(student)
    response = client.post(
        "/account/profile/",
        {
            "display_name": "Sam S.",
            "first_name": "",
            "last_name": "",
            "time_zone": "America/New_York",
            "preferred_language": "ar",
            "preferred_currency": "JOD",
        },
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.time_zone, student.preferred_language, student.preferred_currency) == (
        "America/New_York",
        "ar",
        "JOD",
    )


def test_profile_refuses_an_unknown_time_zone_and_changes_nothing(client, student):
    client.force_login(student)
    response = client.post(
        "/account/profile/",
        {"display_name": "X", "time_zone": "Nowhere/Land", "preferred_language": "en", "preferred_currency": "USD"},
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    student.refresh_from_db()
    assert student.time_zone == "Europe/London"


def test_currency_switcher_keeps_the_choice_in_session_and_profile(client, student, site):
    client.force_login(student)
    response = client.post("/currency/", {"currency": "SAR", "next": "/en/"})
    assert response["Location"] == "/en/"
    student.refresh_from_db()
    assert student.preferred_currency == "SAR"
    assert 'value="SAR" selected' in client.get("/en/").content.decode()


def test_currency_switcher_refuses_unknown_currencies_and_foreign_redirects(client, db):
    response = client.post("/currency/", {"currency": "XYZ", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "currency" not in client.session


def test_first_visit_currency_follows_the_browser_region(client, site):
    page = client.get("/ar/", HTTP_ACCEPT_LANGUAGE="ar-JO,ar;q=0.9").content.decode()
    assert 'value="JOD" selected' in page


@pytest.mark.parametrize("target", ["foo", "foo.html", "javascript:alert(1)", "//evil.example/"])
def test_currency_switcher_sends_anything_but_a_site_path_home(client, db, target):
    response = client.post("/currency/", {"currency": "EUR", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["currency"] == "EUR"
