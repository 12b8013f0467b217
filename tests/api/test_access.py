"""Every endpoint by every kind of token: who gets in, and that nobody sees another person's data."""

from decimal import Decimal

import pytest
from django.urls import reverse

from api.services import tokens
from commerce.services import checkout, fulfilment
from core.money import Money
from learning.models import Enrollment
from tests.commerce.factories import (
    CommissionRuleFactory,
    CourseFactory,
    CoursePriceFactory,
    ExchangeRateFactory,
    ReferralLinkFactory,
)
from tests.factories import UserFactory

from .conftest import bearer

pytestmark = pytest.mark.django_db

RATES = {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}


@pytest.fixture
def world(make_token, client_token, partner):
    for code, rate in RATES.items():
        ExchangeRateFactory(currency=code, rate=Decimal(rate))
    teacher = UserFactory(teacher=True)
    course = CourseFactory(title="Arabic for beginners")
    course.teachers.add(teacher)
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("100.00"))
    student, other = UserFactory(), UserFactory()
    link = ReferralLinkFactory(partner=partner)
    CommissionRuleFactory(partner=partner, percent=Decimal("10"))
    order = checkout.order_for_course(student=student, course=course, currency="USD", country="")
    order.partner, order.referral_link = partner, link
    order.save(update_fields=["partner", "referral_link"])
    fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
    )
    revoked = make_token(student)
    tokens.revoke_personal_token(user=student, token_id=student.api_tokens.get(prefix=revoked.split("_")[1]).pk)
    return {
        "course": course,
        "order": order,
        "student": student,
        "tokens": {
            "none": None,
            "student": make_token(student),
            "other student": make_token(other),
            "teacher": make_token(teacher),
            "partner": client_token(partner),
            "client": client_token(None),
            "revoked": revoked,
            "wrong scope": make_token(student, ["catalogue:read"]),
        },
    }


KINDS = ["none", "student", "other student", "teacher", "partner", "client", "revoked", "wrong scope"]
# endpoint → status for each kind, in KINDS order.
MATRIX = {
    "api:courses": [200, 200, 200, 200, 200, 200, 401, 200],
    "api:bundles": [200, 200, 200, 200, 200, 200, 401, 200],
    "api:packages": [200, 200, 200, 200, 200, 200, 401, 200],
    "api:enrollments": [401, 200, 200, 403, 403, 403, 401, 403],
    "api:progress": [401, 200, 200, 403, 403, 403, 401, 403],
    "api:bookings": [401, 200, 200, 200, 403, 403, 401, 403],
    "api:orders": [401, 200, 200, 403, 403, 403, 401, 403],
    "api:invoices": [401, 200, 200, 403, 403, 403, 401, 403],
    "api:certificates": [401, 200, 200, 403, 403, 403, 401, 403],
    "api:partner-referrals": [401, 403, 403, 403, 200, 403, 401, 403],
    "api:partner-commissions": [401, 403, 403, 403, 200, 403, 401, 403],
    "api:webhook-endpoints": [401, 403, 403, 403, 200, 403, 401, 403],
}


@pytest.mark.parametrize("name", MATRIX)
def test_each_endpoint_answers_each_kind_of_token_as_its_owner_may(client, world, name):
    url = reverse(name)
    answers = [client.get(url, **bearer(world["tokens"][kind])).status_code for kind in KINDS]
    assert dict(zip(KINDS, answers, strict=True)) == dict(zip(KINDS, MATRIX[name], strict=True))


def test_a_student_sees_only_their_own_enrollments_orders_and_invoices(client, world):
    mine = bearer(world["tokens"]["student"])
    theirs = bearer(world["tokens"]["other student"])
    assert [row["course"] for row in client.get(reverse("api:enrollments"), **mine).json()["results"]] == [
        world["course"].pk
    ]
    assert client.get(reverse("api:enrollments"), **theirs).json()["results"] == []
    assert [row["reference"] for row in client.get(reverse("api:orders"), **mine).json()["results"]] == [
        world["order"].reference
    ]
    assert client.get(reverse("api:orders"), **theirs).json()["results"] == []
    assert client.get(reverse("api:order", args=[world["order"].reference]), **theirs).status_code == 404
    assert len(client.get(reverse("api:invoices"), **mine).json()["results"]) == 1
    assert client.get(reverse("api:invoices"), **theirs).json()["results"] == []


def test_the_partner_sees_the_commission_on_their_referral(client, world):
    rows = client.get(reverse("api:partner-commissions"), **bearer(world["tokens"]["partner"])).json()["results"]
    assert [row["order"] for row in rows] == [world["order"].reference]
    other_partner = UserFactory(partner=True)
    other = tokens.create_client(name="Other", partner=other_partner, scopes=["partner:read"])
    value = tokens.exchange_client_credentials(client_id=other[0].client_id, client_secret=other[1])[0]
    assert client.get(reverse("api:partner-commissions"), **bearer(value)).json()["results"] == []


def test_a_revoked_token_is_refused_at_once(client, world, make_token):
    value = make_token(world["student"])
    assert client.get(reverse("api:enrollments"), **bearer(value)).status_code == 200
    token = world["student"].api_tokens.get(prefix=value.split("_")[1])
    assert tokens.revoke_personal_token(user=world["student"], token_id=token.pk)
    assert client.get(reverse("api:enrollments"), **bearer(value)).status_code == 401


def test_revoking_a_client_refuses_its_access_tokens_at_once(client, partner):
    api_client, secret = tokens.create_client(name="CRM", partner=partner, scopes=["partner:read"])
    value = tokens.exchange_client_credentials(client_id=api_client.client_id, client_secret=secret)[0]
    assert client.get(reverse("api:partner-referrals"), **bearer(value)).status_code == 200
    tokens.revoke_client(client=api_client)
    assert client.get(reverse("api:partner-referrals"), **bearer(value)).status_code == 401


def test_a_person_who_loses_the_role_loses_the_endpoint(client, world):
    student = world["student"]
    student.is_student = False
    student.save(update_fields=["is_student"])
    assert client.get(reverse("api:enrollments"), **bearer(world["tokens"]["student"])).status_code == 403


def test_token_exchange_follows_the_client_credentials_grant(client, partner):
    api_client, secret = tokens.create_client(name="CRM", partner=partner, scopes=["partner:read", "catalogue:read"])
    url = reverse("api:token")
    ok = client.post(
        url,
        {
            "grant_type": "client_credentials",
            "client_id": api_client.client_id,
            "client_secret": secret,
            "scope": "partner:read",
        },
    )
    assert ok.status_code == 200
    assert ok.json()["token_type"] == "Bearer" and ok.json()["scope"] == "partner:read"
    value = ok.json()["access_token"]
    assert client.get(reverse("api:courses"), **bearer(value)).status_code == 403  # not asked for
    wrong = client.post(
        url, {"grant_type": "client_credentials", "client_id": api_client.client_id, "client_secret": "x"}
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert client.post(url, {"grant_type": "password"}).json()["error"] == "unsupported_grant_type"
    too_much = client.post(
        url,
        {
            "grant_type": "client_credentials",
            "client_id": api_client.client_id,
            "client_secret": secret,
            "scope": "orders:read",
        },
    )
    assert too_much.json()["error"] == "invalid_scope"


def test_personal_tokens_get_only_the_scopes_of_their_owners_roles(partner):
    with pytest.raises(tokens.TokenRefused):
        tokens.create_personal_token(user=UserFactory(teacher=True), name="x", scopes=["orders:read"])
    with pytest.raises(tokens.TokenRefused):
        tokens.create_personal_token(user=partner, name="x", scopes=["catalogue:read"])


def test_tokens_are_stored_hashed(world):
    value = world["tokens"]["student"]
    token = world["student"].api_tokens.get(prefix=value.split("_")[1])
    assert value not in token.digest and token.digest == tokens.digest(value)


def test_enrollment_rows_follow_the_enrollment(world):
    assert Enrollment.objects.filter(student=world["student"]).count() == 1
