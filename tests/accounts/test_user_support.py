"""The support page of one person in the Wagtail admin: status, verification, sessions, activity, and the
actions support takes; each is audited with who did it, and only admins reach any of it."""

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry, User
from notifications.models import OutboxEmail
from tests.factories import PASSWORD, UserFactory

ROLES = ["anonymous", "student", "teacher", "partner"]


def signed_in(person) -> Client:
    """A browser of `person`'s, with an open session recorded in the sessions list."""
    browser = Client(HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36")
    browser.force_login(person)
    assert browser.get("/learn/").status_code == 200
    return browser


def action_url(person, action):
    return reverse("wagtailusers_users:support_action", args=[person.pk, action])


def page_url(person):
    return reverse("wagtailusers_users:inspect", args=[person.pk])


@pytest.fixture
def someone(request, student, teacher, partner):
    return {"anonymous": None, "student": student, "teacher": teacher, "partner": partner}[request.param]


@pytest.mark.parametrize("someone", ROLES, indirect=True)
def test_only_admins_open_the_support_page_or_act_on_it(client, someone, other_student):
    if someone is not None:
        client.force_login(someone)
    assert client.get(page_url(other_student)).status_code == 302
    assert client.post(action_url(other_student, "disable")).status_code == 302
    assert client.post(action_url(other_student, "verify")).status_code == 302
    other_student.refresh_from_db()
    assert other_student.is_active
    assert not AuditEntry.objects.filter(action__in=["account.disabled", "account.verified_by_hand"]).exists()


def test_the_page_shows_status_sessions_and_activity(client, admin_user, student, django_assert_max_num_queries):
    signed_in(student)
    signed_in(student)
    client.force_login(admin_user)
    with django_assert_max_num_queries(40):
        page = client.get(page_url(student))
    html = page.content.decode()
    assert page.status_code == 200
    assert student.email in html and "Chrome · Windows" in html
    assert html.count("data-session") == 2
    assert "account.logged_in" in html  # the activity log
    assert "Yes" in html.split("data-verified>")[1][:20]


def test_the_page_stays_bounded_with_many_sessions_and_entries(
    client, admin_user, student, django_assert_max_num_queries
):
    for _ in range(6):
        signed_in(student)
    for n in range(40):
        AuditEntry.objects.create(actor=admin_user, action="test.entry", target_type="x", target_id=n, subject=student)
    client.force_login(admin_user)
    with django_assert_max_num_queries(40):
        assert client.get(page_url(student)).status_code == 200


def test_the_activity_log_is_paginated(client, admin_user, student):
    for n in range(30):
        AuditEntry.objects.create(action=f"test.entry{n}", target_type="x", target_id="1", subject=student)
    client.force_login(admin_user)
    first = client.get(page_url(student)).content.decode()
    second = client.get(page_url(student) + "?p=2").content.decode()
    assert "test.entry29" in first and "test.entry0<" not in first
    assert "test.entry0<" in second and "Page 2 of 2" in second


def test_verify_by_hand(client, admin_user):
    person = UserFactory()
    EmailAddress.objects.filter(user=person).update(verified=False)
    client.force_login(admin_user)
    response = client.post(action_url(person, "verify"), follow=True)
    assert "now verified" in response.content.decode()
    assert EmailAddress.objects.get(user=person).verified
    entry = AuditEntry.objects.get(action="account.verified_by_hand")
    assert entry.actor == admin_user and entry.subject == person
    client.post(action_url(person, "verify"))
    assert AuditEntry.objects.filter(action="account.verified_by_hand").count() == 1


def test_send_a_password_reset(client, admin_user, student):
    client.force_login(admin_user)
    client.post(action_url(student, "password-reset"))
    email = OutboxEmail.objects.get(to=student.email)
    assert "/accounts/password/reset/key/" in email.body
    assert AuditEntry.objects.get(action="account.password_reset_sent").actor == admin_user


def test_a_login_link_works_once_and_only_by_post(client, admin_user, student):
    client.force_login(admin_user)
    client.post(action_url(student, "login-link"))
    email = OutboxEmail.objects.get(to=student.email, key="account.login_link")
    path = email.body.split("http://127.0.0.1:8000")[1].split()[0]
    browser = Client()
    assert browser.get(path).status_code == 200
    assert "_auth_user_id" not in browser.session  # opening the link (a mail scanner) logs no one in
    assert browser.post(path).status_code == 302
    assert int(browser.session["_auth_user_id"]) == student.pk
    assert Client().post(path).status_code == 400  # used once: last_login moved
    assert AuditEntry.objects.get(action="account.login_link_sent").subject == student


def test_a_login_link_expires(client, admin_user, student):
    client.force_login(admin_user)
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        client.post(action_url(student, "login-link"))
    path = OutboxEmail.objects.get(to=student.email).body.split("http://127.0.0.1:8000")[1].split()[0]
    with time_machine.travel("2026-03-01 10:31Z", tick=False):
        response = Client().post(path)
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_a_tampered_login_link_is_refused(student):
    response = Client().post(reverse("accounts:login-link", args=["zz", "nonsense-token"]))
    assert response.status_code == 400


def test_ending_one_session_logs_that_browser_out_on_its_next_request(client, admin_user, student):
    laptop, phone = signed_in(student), signed_in(student)
    session = UserSession.objects.get(session_key=laptop.session.session_key)
    client.force_login(admin_user)
    client.post(action_url(student, "end-session"), {"session": session.pk})
    assert laptop.get("/learn/").status_code == 302
    assert phone.get("/learn/").status_code == 200
    assert AuditEntry.objects.get(action="account.session_ended").actor == admin_user


def test_ending_all_sessions(client, admin_user, student):
    laptop, phone = signed_in(student), signed_in(student)
    client.force_login(admin_user)
    client.post(action_url(student, "end-all"))
    assert laptop.get("/learn/").status_code == 302 and phone.get("/learn/").status_code == 302
    assert not UserSession.objects.filter(user=student).exists()
    assert AuditEntry.objects.get(action="account.sessions_ended").details == {"count": 2}


@pytest.mark.parametrize("bad", ["", "abc", "999999"])
def test_ending_a_session_that_is_not_theirs_changes_nothing(client, admin_user, student, other_student, bad):
    other = signed_in(other_student)
    theirs = UserSession.objects.get(user=other_student)
    client.force_login(admin_user)
    response = client.post(action_url(student, "end-session"), {"session": bad or str(theirs.pk)}, follow=True)
    assert "already ended" in response.content.decode()
    assert other.get("/learn/").status_code == 200
    assert not AuditEntry.objects.filter(action="account.session_ended").exists()


def test_an_unknown_action_is_refused(client, admin_user, student):
    client.force_login(admin_user)
    response = client.post(action_url(student, "explode"), follow=True)
    assert "Unknown action" in response.content.decode()
    assert client.get(action_url(student, "disable")).status_code == 405


def test_a_disabled_person_loses_their_open_session_and_cannot_log_in(client, admin_user, student):
    browser = signed_in(student)
    client.force_login(admin_user)
    client.post(action_url(student, "disable"))
    assert browser.get("/learn/").status_code == 302
    student.refresh_from_db()
    assert not student.is_active
    login = Client().post(reverse("account_login"), {"login": student.email, "password": PASSWORD})
    assert "_auth_user_id" not in Client().session
    assert login.status_code in (200, 302) and "inactive" in (login.get("Location", "") + login.content.decode())
    assert AuditEntry.objects.get(action="account.disabled").actor == admin_user


def test_an_open_session_stops_when_the_account_is_disabled_anywhere(student):
    """Even without ending the sessions (e.g. Wagtail's own active-state action), the next request is refused."""
    browser = signed_in(student)
    User.objects.filter(pk=student.pk).update(is_active=False)
    assert browser.get("/learn/").status_code == 302


def test_admins_cannot_disable_themselves(client, admin_user):
    client.force_login(admin_user)
    client.post(action_url(admin_user, "disable"))
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_logins_failed_logins_and_password_changes_are_in_the_activity_log(student):
    browser = Client()
    browser.post(reverse("account_login"), {"login": student.email, "password": "wrong password"})
    browser.post(reverse("account_login"), {"login": student.email, "password": PASSWORD})
    browser.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another-long-passphrase", "password2": "another-long-passphrase"},
    )
    actions = list(AuditEntry.objects.filter(subject=student).order_by("pk").values_list("action", flat=True))
    assert actions == ["account.login_failed", "account.logged_in", "account.password_changed"]


def test_role_changes_in_the_user_editor_are_audited(client, admin_user, student):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[student.pk]),
        {
            "email": student.email,
            "first_name": "Sam",
            "last_name": "Student",
            "display_name": student.display_name,
            "country": "jo",
            "time_zone": "Europe/London",
            "preferred_language": "en",
            "is_student": "on",
            "is_teacher": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "error" in line and "<" in line
    ][:10]
    student.refresh_from_db()
    assert student.country == "JO"
    entry = AuditEntry.objects.get(action="account.roles_changed")
    assert entry.actor == admin_user and entry.subject == student and entry.details == {"is_teacher": True}
    assert AuditEntry.objects.filter(action="account.roles_changed").count() == 1
