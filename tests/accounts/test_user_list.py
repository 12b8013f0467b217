"""The user list: search and filters, and bulk actions behind a confirmation page, each audited per person."""

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from tests.factories import UserFactory

INDEX = reverse("wagtailusers_users:index")


def names_listed(client, query: str) -> str:
    return client.get(INDEX + query).content.decode()


@pytest.fixture
def people(db):
    return {
        "jo": UserFactory(display_name="Jordan Student", email="jo@example.test", country="JO"),
        "teacher": UserFactory(teacher=True, display_name="Tariq Teacher", email="tariq@example.test"),
        "unverified": UserFactory(display_name="Una Verified", email="una@example.test"),
        "disabled": UserFactory(display_name="Dina Disabled", email="dina@example.test", is_active=False),
    }


def test_filters_by_role_status_verification_and_country(client, admin_user, people):
    EmailAddress.objects.filter(user=people["unverified"]).update(verified=False)
    client.force_login(admin_user)
    assert "tariq@example.test" in (page := names_listed(client, "?role=teacher")) and "jo@example.test" not in page
    assert "jo@example.test" in (page := names_listed(client, "?country=jo")) and "una@example.test" not in page
    assert "una@example.test" in (page := names_listed(client, "?verified=false")) and "jo@example.test" not in page
    assert "dina@example.test" in (page := names_listed(client, "?is_active=false")) and "jo@ex" not in page
    assert "jo@example.test" in (page := names_listed(client, "?q=Jordan")) and "tariq@" not in page


def test_the_list_stays_bounded(client, admin_user, django_assert_max_num_queries):
    UserFactory.create_batch(30)
    client.force_login(admin_user)
    with django_assert_max_num_queries(30):
        assert client.get(INDEX).status_code == 200


def bulk_url(action, *people):
    ids = "&".join(f"id={person.pk}" for person in people)
    return reverse("wagtail_bulk_action", args=["accounts", "user", action]) + f"?{ids}&next={INDEX}"


def test_bulk_actions_ask_first_then_act_and_audit(client, admin_user, people):
    browser = Client()
    browser.force_login(people["jo"])
    browser.get("/learn/")
    client.force_login(admin_user)
    url = bulk_url("end_sessions", people["jo"], people["teacher"])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "End every open session of these users?" in confirm.content.decode()
    assert UserSession.objects.filter(user=people["jo"]).exists()  # nothing happens before confirming
    client.post(url)
    assert browser.get("/learn/").status_code == 302
    assert AuditEntry.objects.filter(action="account.sessions_ended", actor=admin_user).count() == 2


def test_bulk_mark_verified_and_disable(client, admin_user, people):
    EmailAddress.objects.filter(user=people["unverified"]).update(verified=False)
    client.force_login(admin_user)
    client.post(bulk_url("mark_verified", people["unverified"]))
    assert EmailAddress.objects.get(user=people["unverified"]).verified
    client.post(bulk_url("disable", people["jo"], admin_user))
    people["jo"].refresh_from_db()
    admin_user.refresh_from_db()
    assert not people["jo"].is_active and admin_user.is_active  # never yourself
    assert AuditEntry.objects.filter(action="account.disabled", actor=admin_user, subject=people["jo"]).exists()


def test_wagtails_own_bulk_actions_are_audited(client, admin_user, people):
    client.force_login(admin_user)
    client.post(bulk_url("set_active_state", people["jo"]), {"mark_as_active": "False"})
    entry = AuditEntry.objects.get(action="account.bulk_set_active_state")
    assert entry.actor == admin_user and entry.subject == people["jo"] and entry.details == {"active": False}


def test_students_cannot_run_bulk_actions(client, student, people):
    client.force_login(student)
    client.post(bulk_url("disable", people["jo"]))
    people["jo"].refresh_from_db()
    assert people["jo"].is_active
