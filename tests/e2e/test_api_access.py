"""A student makes a personal API token in the account pages, reads their enrollments with it and revokes it; a
partner registers a webhook endpoint in the partner portal, sees its signing secret once and removes it."""

import re

import pytest
from playwright.sync_api import expect

from api.models import WebhookEndpoint
from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory
from tests.learning.factories import CourseFactory, EnrollmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_student_reads_their_enrollments_with_a_token_then_revokes_it(page, e2e_site):
    student = UserFactory(display_name="Tala Student")
    EnrollmentFactory(student=student, course=CourseFactory(title="Arabic greetings"))
    login(page, student.email, PASSWORD)

    page.goto("/account/profile/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="API tokens").click()
    expect(page.get_by_text("You have no API token yet.")).to_be_visible()
    page.get_by_label("Name").fill("My CRM sync")
    page.get_by_label(re.compile(r"enrollments:read:")).check()
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("Your new token").input_value()
    expect(page.get_by_role("row", name=re.compile("My CRM sync"))).to_contain_text("enrollments:read")

    bearer = {"Authorization": f"Bearer {token}"}
    answer = page.request.get("/api/v1/enrollments/", headers=bearer)
    assert answer.status == 200
    assert [item["course_title"] for item in answer.json()["results"]] == ["Arabic greetings"]
    assert page.request.get("/api/v1/orders/", headers=bearer).status == 403  # a scope it was not given

    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Token revoked: it no longer works.")).to_be_visible()
    assert page.request.get("/api/v1/enrollments/", headers=bearer).status == 401


def test_a_partner_registers_a_webhook_endpoint_and_removes_it(page, e2e_site):
    partner = UserFactory(partner=True, display_name="Noor Partners")
    login(page, partner.email, PASSWORD)

    page.goto("/partner/")
    page.get_by_role("navigation", name="Partner portal").get_by_role("link", name="Webhooks").click()
    expect(page.get_by_text("No endpoint yet.")).to_be_visible()
    page.get_by_label("Address (https)").fill("not an address")
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert not WebhookEndpoint.objects.exists()

    page.get_by_label("Address (https)").fill("https://crm.example.test/fluentory")
    page.get_by_label(re.compile(r"enrollment\.created:")).check()
    page.get_by_label(re.compile(r"payment\.succeeded:")).check()
    page.get_by_role("button", name="Add endpoint").click()
    secret = page.get_by_label("Signing secret").input_value()
    endpoint = WebhookEndpoint.objects.get()
    assert secret and endpoint.url == "https://crm.example.test/fluentory"
    assert sorted(endpoint.events) == ["enrollment.created", "payment.succeeded"]
    expect(page.get_by_role("row", name=re.compile("crm.example.test"))).to_contain_text("payment.succeeded")

    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("No endpoint yet.")).to_be_visible()
