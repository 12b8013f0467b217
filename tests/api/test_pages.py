"""The account, partner-portal and back-office pages around the API: who may open them, what they do."""

import pytest
from django.urls import reverse

from api.models import ApiClient, PersonalToken, WebhookEndpoint
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "tokens_page", "partner_page", "admin_page"),
    [
        ("anonymous", 302, 302, 302),
        ("student", 200, 403, 302),
        ("teacher", 200, 403, 302),
        ("partner", 200, 200, 302),
        ("admin", 200, 403, 200),
    ],
)
def test_who_opens_which_page(client, who, tokens_page, partner_page, admin_page):
    if who != "anonymous":
        client.force_login(UserFactory(**({} if who == "student" else {who: True})))
    assert client.get(reverse("api-account:tokens")).status_code == tokens_page
    assert client.get(reverse("api-account:partner-webhooks")).status_code == partner_page
    assert client.get(reverse("api_admin:clients")).status_code in {admin_page, 403 if admin_page != 200 else 200}


def test_a_student_creates_a_token_sees_it_once_and_revokes_it(client):
    student = UserFactory()
    client.force_login(student)
    response = client.post(reverse("api-account:tokens"), {"name": "CRM", "scopes": ["enrollments:read"]})
    token = PersonalToken.objects.get(user=student)
    value = next(part for part in response.content.decode().split('"') if part.startswith(f"flp_{token.prefix}_"))
    assert client.get(reverse("api:enrollments"), HTTP_AUTHORIZATION=f"Bearer {value}").status_code == 200
    assert value not in client.get(reverse("api-account:tokens")).content.decode()
    client.post(reverse("api-account:token-revoke", args=[token.pk]))
    assert client.get(reverse("api:enrollments"), HTTP_AUTHORIZATION=f"Bearer {value}").status_code == 401


def test_someone_else_cannot_revoke_my_token(client):
    student = UserFactory()
    client.force_login(student)
    client.post(reverse("api-account:tokens"), {"name": "CRM", "scopes": ["enrollments:read"]})
    token = PersonalToken.objects.get(user=student)
    client.force_login(UserFactory())
    client.post(reverse("api-account:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_scope_outside_the_role_is_refused_and_nothing_is_written(client):
    client.force_login(UserFactory(teacher=True))
    response = client.post(reverse("api-account:tokens"), {"name": "x", "scopes": ["orders:read"]})
    assert response.status_code == 400 and not PersonalToken.objects.exists()


def test_a_partner_registers_an_endpoint_and_sees_the_secret_once(client):
    partner = UserFactory(partner=True)
    client.force_login(partner)
    response = client.post(
        reverse("api-account:partner-webhooks"),
        {"url": "https://127.0.0.1:9/hook", "events": ["payment.succeeded"]},
    )
    endpoint = WebhookEndpoint.objects.get(partner=partner)
    assert endpoint.secret in response.content.decode()
    assert endpoint.secret not in client.get(reverse("api-account:partner-webhooks")).content.decode()


def test_an_admin_creates_client_credentials(client):
    admin, partner = UserFactory(admin=True), UserFactory(partner=True)
    client.force_login(admin)
    response = client.post(
        reverse("api_admin:clients"), {"name": "CRM", "partner": partner.pk, "scopes": ["partner:read"]}
    )
    api_client = ApiClient.objects.get()
    assert api_client.client_id in response.content.decode() and api_client.partner == partner
    token = client.post(
        reverse("api:token"),
        {"grant_type": "client_credentials", "client_id": api_client.client_id, "client_secret": "wrong"},
    )
    assert token.status_code == 401
