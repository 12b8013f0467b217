import pytest
from bs4 import BeautifulSoup

from tests.factories import UserFactory

PORTAL_HEADINGS = {"/learn/": "Welcome back, {name}", "/teach/": "Teaching", "/partner/": "Partner portal"}


@pytest.mark.parametrize(
    ("role", "portal", "expected"),
    [
        ("student", "/learn/", 200),
        ("student", "/teach/", 403),
        ("student", "/partner/", 403),
        ("teacher", "/teach/", 200),
        ("teacher", "/learn/", 403),
        ("teacher", "/partner/", 403),
        ("partner", "/partner/", 200),
        ("partner", "/learn/", 403),
        ("partner", "/teach/", 403),
        ("admin", "/learn/", 403),
    ],
)
def test_each_role_reaches_only_its_portal(client, role, portal, expected, request):
    user = request.getfixturevalue({"admin": "admin_user"}.get(role, role))
    client.force_login(user)
    response = client.get(portal)
    assert response.status_code == expected
    heading = PORTAL_HEADINGS[portal].format(name=user.name) if expected == 200 else "You can\u2019t open this page"
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.parametrize("portal", ["/learn/", "/teach/", "/partner/", "/me/", "/account/profile/"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, portal):
    response = client.get(portal)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_turned_away_people_are_told_why(client, student):
    client.force_login(student)
    response = client.get("/teach/")
    assert response.status_code == 403
    assert "This area is for: Teacher." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "destination"),
    [("student", "/learn/"), ("teacher", "/teach/"), ("partner", "/partner/"), ("admin_user", "/admin/")],
)
def test_my_fluentory_leads_each_role_to_its_portal(client, role, destination, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"] == destination


def test_person_with_several_roles_lands_in_the_teaching_portal(client, db):
    client.force_login(UserFactory(is_student=True, is_teacher=True))
    assert client.get("/me/")["Location"] == "/teach/"


@pytest.mark.parametrize(("role", "expected"), [("student", 302), ("teacher", 302), ("partner", 302)])
def test_wagtail_admin_is_closed_to_students_teachers_and_partners(client, role, expected, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/")
    assert response.status_code == expected
    assert "/admin/login/" in response["Location"]


def test_wagtail_admin_opens_to_admins_and_editors(client, admin_user, db):
    from django.contrib.auth.models import Group

    editor = UserFactory(is_student=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    for person in (admin_user, editor):
        client.force_login(person)
        response = client.get("/admin/")
        assert response.status_code == 200
        assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "Fluentory"  # the dashboard


def test_my_fluentory_leads_an_editor_to_the_admin_and_a_person_without_a_role_to_the_profile(client, db):
    from django.contrib.auth.models import Group

    editor = UserFactory(is_student=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/me/")["Location"] == "/admin/"
    client.force_login(UserFactory(is_student=False))
    assert client.get("/me/")["Location"] == "/account/profile/"
