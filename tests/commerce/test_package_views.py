"""Who may buy packages and trials, what the live-sessions page offers, and in how many queries."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from commerce.amounts import minor_quantum
from commerce.lines import PackageLine
from commerce.models import Order
from commerce.services import checkout
from scheduling.services import credits
from tests.factories import UserFactory
from tests.scheduling.factories import make_schedule

from .factories import ExchangeRateFactory, SessionPackageFactory, SessionPackagePriceFactory, TrialPriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(rates):
    package = SessionPackageFactory(title="Ten sessions", slug="ten", sessions=10)
    SessionPackagePriceFactory(package=package, amount=Decimal("250.00"))
    return package


def test_role_matrix_of_the_package_checkout(client, package, student, teacher, admin_user):
    url = reverse("commerce:package-checkout", args=["ten"])
    assert client.get(url).status_code == 200  # anyone sees the price
    response = client.post(url, {"gateway": "test"})
    assert response.status_code == 302 and "login" in response["Location"]
    for user, status in ((teacher, 403), (admin_user, 403)):
        client.force_login(user)
        assert client.post(url, {"gateway": "test"}).status_code == status
    client.force_login(student)
    response = client.post(url, {"gateway": "test", "country": ""})
    assert response.status_code == 302 and "/checkout/test-gateway/" in response["Location"]
    assert Order.objects.get().student == student


def test_bad_input_gets_a_message_and_creates_nothing(client, package, student):
    client.force_login(student)
    response = client.post(reverse("commerce:package-checkout", args=["ten"]), {"gateway": "bitcoin"})
    assert response.status_code == 400
    assert client.get(reverse("commerce:package-checkout", args=["nope"]), follow=True).status_code == 404
    assert client.get(reverse("commerce:trial-checkout", args=[999999]), follow=True).status_code == 404
    assert not Order.objects.exists()


def test_the_sessions_page_offers_packages_to_a_student_without_credits(client, package, student):
    client.force_login(student)
    response = client.get(reverse("scheduling:student-sessions"))
    assert reverse("commerce:package-checkout", args=["ten"]) in response.content.decode()
    credits.grant_credits(student=student, quantity=1, reference="x")
    response = client.get(reverse("scheduling:student-sessions"))
    assert reverse("commerce:package-checkout", args=["ten"]) not in response.content.decode()


def test_the_teacher_page_offers_a_trial_until_it_is_taken(client, rates, student, teacher):
    make_schedule(teacher)
    TrialPriceFactory()
    client.force_login(student)
    url = reverse("scheduling:book-teacher", args=[teacher.pk])
    assert reverse("commerce:trial-checkout", args=[teacher.pk]) in client.get(url).content.decode()
    credits.grant_credits(student=student, quantity=1, source="trial", teacher=teacher, reference="t")
    assert reverse("commerce:trial-checkout", args=[teacher.pk]) not in client.get(url).content.decode()


def test_the_sessions_page_runs_a_fixed_number_of_queries(client, rates, student, django_assert_max_num_queries):
    def add_packages(count):
        for _ in range(count):
            SessionPackagePriceFactory(package=SessionPackageFactory(teacher=UserFactory(teacher=True)))

    client.force_login(student)
    add_packages(1)
    client.get(reverse("scheduling:student-sessions"))
    add_packages(20)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("scheduling:student-sessions"))
    assert response.content.decode().count("/buy/") == 21


def test_another_student_cannot_extend_my_credits_through_the_page(client, student, other_student):
    from datetime import timedelta

    from django.utils import timezone

    lot = credits.grant_credits(
        student=student, quantity=1, reference="x", expires_at=timezone.now() + timedelta(days=3)
    ).lot
    client.force_login(other_student)
    client.post(reverse("scheduling:credits-extend", args=[lot.pk]))  # a 404, which LocaleMiddleware redirects
    lot.refresh_from_db()
    assert lot.extension_requested_at is None
    client.force_login(student)
    assert client.post(reverse("scheduling:credits-extend", args=[lot.pk])).status_code == 302
    lot.refresh_from_db()
    assert lot.extension_requested_at is not None


def test_only_admins_open_the_credit_adjustments(client, student, admin_user):
    url = reverse("scheduling_credits:index")
    client.force_login(student)
    assert client.get(url).status_code in {302, 403}
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "grant", "student": student.email, "quantity": 2, "reason": "goodwill"})
    assert response.status_code == 302 and credits.balance(student=student) == 2


class PackageTotals(TestCase):
    @hypothesis_settings(max_examples=40, deadline=None)
    @given(
        amount=st.decimals(min_value=Decimal("1"), max_value=Decimal("5000"), places=2),
        currency=st.sampled_from(["USD", "EUR", "SAR", "AED", "JOD", "GBP"]),
        tax=st.sampled_from([Decimal(0), Decimal(5), Decimal(15)]),
    )
    def test_package_totals_are_chargeable_and_add_up_in_every_currency(self, amount, currency, tax):
        for code, rate in {"EUR": "0.92", "SAR": "3.75", "AED": "3.6725", "JOD": "0.709", "GBP": "0.79"}.items():
            ExchangeRateFactory(currency=code, rate=Decimal(rate))
        student = UserFactory()
        package = SessionPackageFactory()
        SessionPackagePriceFactory(package=package, amount=amount)
        if tax:
            from .factories import TaxRateFactory

            TaxRateFactory(country="SA", rate=tax)
        order = checkout.order_for(student=student, purchases=[PackageLine(package)], currency=currency, country="SA")
        assert order.total > 0
        assert order.subtotal + order.tax == order.total
        assert order.total == order.total.quantize(minor_quantum(currency))
