"""Custom bundle requests: the partner asks, the admins answer with a quote and a status, each change is emailed."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEntry
from partners.models import BundleRequest
from partners.services import PartnerRefused, bundle_requests

from .factories import BundleRequestFactory

pytestmark = pytest.mark.django_db


def test_a_partner_asks_for_a_bundle_and_the_admins_are_emailed(
    client, partner, admin_user, courses, django_capture_on_commit_callbacks
):
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partners:bundle-request-create"),
            {"courses": [courses[0].pk], "students": 40, "currency": "SAR", "message": "For our spring intake."},
        )
    bundle_request = BundleRequest.objects.get()
    assert response.url == reverse("partners:bundle-request", args=[bundle_request.pk])
    assert (bundle_request.students, bundle_request.currency, bundle_request.status) == (40, "SAR", "open")
    assert any(admin_user.email in m.to for m in mail.outbox)


@pytest.mark.parametrize(
    "data, error",
    [
        ({"students": 40, "currency": "SAR", "message": "x"}, "This field is required."),
        ({"students": 0, "currency": "SAR", "message": "x"}, "greater than or equal to 1"),
        ({"students": 4, "currency": "XXX", "message": "x"}, "Select a valid choice"),
        ({"students": 4, "currency": "SAR", "message": "   "}, "This field is required."),
    ],
)
def test_bad_requests_get_a_clear_message_and_change_nothing(client, partner, courses, data, error):
    client.force_login(partner)
    if "students" in data and data["students"] != 40:
        data = {**data, "courses": [courses[0].pk]}
    response = client.post(reverse("partners:bundle-request-create"), data)
    assert response.status_code == 400 and error in response.content.decode()
    assert not BundleRequest.objects.exists()


def test_the_admins_answer_with_a_quote_and_the_partner_sees_it_and_is_emailed(
    client, partner, admin_user, django_capture_on_commit_callbacks
):
    bundle_request = BundleRequestFactory(partner=partner, currency="JOD")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partners_admin:bundle-request", args=[bundle_request.pk]),
            {"status": "answered", "quote": "1250.5", "answer": "Forty seats, twelve months."},
        )
    assert response.status_code == 302
    bundle_request.refresh_from_db()
    assert (bundle_request.status, bundle_request.quote) == ("answered", Decimal("1250.500"))
    assert any(partner.email in m.to and "Answered" in m.subject for m in mail.outbox)
    assert AuditEntry.objects.filter(action="partners.bundle_request_answered", actor=admin_user).exists()
    client.force_login(partner)
    page = client.get(reverse("partners:bundle-request", args=[bundle_request.pk])).content.decode()
    assert "Forty seats, twelve months." in page and "1,250.500" in page


def test_an_answer_without_words_is_refused(partner, admin_user):
    bundle_request = BundleRequestFactory(partner=partner)
    with pytest.raises(PartnerRefused):
        bundle_requests.answer_bundle_request(
            bundle_request=bundle_request, admin=admin_user, status="declined", answer=" ", quote=None
        )
    bundle_request.refresh_from_db()
    assert bundle_request.status == "open"


def test_the_list_pages_in_a_fixed_number_of_queries(client, partner, courses, django_assert_max_num_queries):
    for _ in range(25):
        BundleRequestFactory(partner=partner).courses.set(courses)
    client.force_login(partner)
    client.get(reverse("partners:bundle-requests"))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("partners:bundle-requests"))
    assert page.content.decode().count("data-bundle-request=") == 20
    assert "?page=2" in page.content.decode()
