"""Who may open what: partners see only their own cohorts, requests and tickets; students, teachers and anonymous
visitors are refused the portal; the admins' partner screens refuse everyone but admins."""

import pytest
from django.urls import reverse

from partners.models import Cohort, Ticket
from tests.factories import UserFactory

from .factories import BundleRequestFactory, CohortFactory, TicketFactory

pytestmark = pytest.mark.django_db

PORTAL_LISTS = [
    "partners:cohorts",
    "partners:cohort-create",
    "partners:bundle-requests",
    "partners:bundle-request-create",
    "partners:tickets",
    "partners:ticket-create",
]
ADMIN_SCREENS = ["partners_admin:cohorts", "partners_admin:bundle-requests", "partners_admin:tickets"]


@pytest.fixture
def records(partner, courses):
    return {
        "partners:cohort": CohortFactory(partner=partner, courses=courses, approved=True),
        "partners:bundle-request": BundleRequestFactory(partner=partner),
        "partners:ticket": TicketFactory(partner=partner),
    }


@pytest.mark.parametrize("name", PORTAL_LISTS)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PORTAL_LISTS)
@pytest.mark.parametrize("role", ["student", "teacher", "admin"])
def test_students_teachers_and_admins_are_refused_the_portal(client, name, role):
    client.force_login(UserFactory(**{role: True}) if role != "student" else UserFactory())
    assert client.get(reverse(name)).status_code == 403


def test_a_partner_sees_only_their_own_records(client, partner, other_partner, records):
    client.force_login(partner)
    for name, record in records.items():
        assert client.get(reverse(name, args=[record.pk])).status_code == 200
    client.force_login(other_partner)
    for name, record in records.items():
        assert client.get(reverse(name, args=[record.pk]), follow=True).status_code == 404, name
    for name in ("partners:cohorts", "partners:bundle-requests", "partners:tickets"):
        page = client.get(reverse(name)).content.decode()
        assert "data-cohort=" not in page and "data-bundle-request=" not in page and "data-ticket=" not in page


def test_another_partner_cannot_act_on_a_cohort_or_reply_to_a_ticket(client, other_partner, records):
    cohort, ticket = records["partners:cohort"], records["partners:ticket"]
    client.force_login(other_partner)
    for name in ("partners:cohort-revoke-link", "partners:cohort-close"):
        assert client.post(reverse(name, args=[cohort.pk]), follow=True).status_code == 404
    assert (
        client.post(reverse("partners:cohort", args=[cohort.pk]), {"emails": "x@example.com"}, follow=True).status_code
        == 404
    )
    assert client.post(reverse("partners:ticket", args=[ticket.pk]), {"body": "Hi"}, follow=True).status_code == 404
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.APPROVED and not cohort.invitations.exists()
    assert ticket.messages.count() == 1


@pytest.mark.parametrize("name", ADMIN_SCREENS)
def test_the_admin_screens_refuse_non_admins(client, partner, teacher, student, name):
    for person in (partner, teacher, student):
        client.force_login(person)
        assert client.get(reverse(name)).status_code in (302, 403)


def test_the_admin_screens_open_for_admins_and_decisions_need_an_admin(client, admin_user, partner, records):
    cohort = CohortFactory(partner=partner, courses=[])
    client.force_login(partner)
    client.post(reverse("partners_admin:cohort", args=[cohort.pk]), {"decision": "approve", "seats": 5})
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PENDING
    client.force_login(admin_user)
    for name in ADMIN_SCREENS:
        assert client.get(reverse(name)).status_code == 200
    for name, record in (
        ("partners_admin:cohort", cohort),
        ("partners_admin:ticket", records["partners:ticket"]),
        ("partners_admin:bundle-request", records["partners:bundle-request"]),
    ):
        assert client.get(reverse(name, args=[record.pk])).status_code == 200


def test_a_forged_decision_gets_a_clear_message_and_changes_nothing(client, admin_user, partner):
    cohort = CohortFactory(partner=partner, courses=[])
    client.force_login(admin_user)
    response = client.post(reverse("partners_admin:cohort", args=[cohort.pk]), {"decision": "approve", "seats": ""})
    assert response.status_code == 400 and "Set the number of seats granted." in response.content.decode()
    response = client.post(reverse("partners_admin:cohort", args=[cohort.pk]), {"decision": "decline", "reason": ""})
    assert response.status_code == 400 and "Say why the cohort is declined" in response.content.decode()
    response = client.post(reverse("partners_admin:cohort", args=[cohort.pk]), {"decision": "maybe"})
    assert response.status_code == 400
    assert client.get(reverse("partners_admin:ticket", args=[999999]), follow=True).status_code == 404
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PENDING


def test_the_partner_lists_page_in_a_fixed_number_of_queries(client, partner, courses, django_assert_max_num_queries):
    for _ in range(22):
        CohortFactory(partner=partner, courses=courses)
        TicketFactory(partner=partner)
    client.force_login(partner)
    for name, marker in (("partners:cohorts", "data-cohort="), ("partners:tickets", "data-ticket=")):
        client.get(reverse(name))
        with django_assert_max_num_queries(12):
            page = client.get(reverse(name)).content.decode()
        assert page.count(marker) == 20 and "?page=2" in page
    assert Ticket.objects.count() == 22
