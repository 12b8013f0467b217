"""Conditional GET, rate limits and the catalogue's fixed number of queries."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.commerce.factories import CourseFactory, CoursePriceFactory, ExchangeRateFactory
from tests.factories import UserFactory
from tests.learning.factories import EnrollmentFactory, LessonFactory

from .conftest import bearer

pytestmark = pytest.mark.django_db


def catalogue(size):
    for code, rate in {"EUR": "0.92", "SAR": "3.75", "AED": "3.67", "JOD": "0.709", "GBP": "0.79"}.items():
        ExchangeRateFactory(currency=code, rate=Decimal(rate))
    teacher = UserFactory(teacher=True)
    for _ in range(size):
        course = CourseFactory()
        course.teachers.add(teacher)
        CoursePriceFactory(course=course, currency="USD", amount=Decimal("40.00"))


def test_an_unchanged_answer_is_304_with_its_etag(client):
    catalogue(2)
    first = client.get(reverse("api:courses"))
    assert first.status_code == 200 and first["ETag"]
    again = client.get(reverse("api:courses"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    CourseFactory()
    assert client.get(reverse("api:courses"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_courses_carry_a_price_in_every_currency(client):
    catalogue(1)
    prices = client.get(reverse("api:courses")).json()["results"][0]["prices"]
    assert [p["currency"] for p in prices] == ["USD", "EUR", "SAR", "AED", "JOD", "GBP"]
    assert prices[0] == {"currency": "USD", "amount": "40.00", "derived": False}


@pytest.mark.parametrize("size", [3, 40])
def test_the_catalogue_takes_the_same_queries_whatever_its_size(client, django_assert_max_num_queries, size):
    catalogue(size)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("api:courses")).status_code == 200


def test_too_many_requests_get_429_with_retry_after(client, settings, make_token):
    cache.clear()
    settings.API_RATE_LIMITS = {"token": "2/minute", "anonymous": "60/minute"}
    headers = bearer(make_token(UserFactory()))
    assert [client.get(reverse("api:enrollments"), **headers).status_code for _ in range(3)] == [200, 200, 429]
    assert int(client.get(reverse("api:enrollments"), **headers)["Retry-After"]) > 0
    other = bearer(make_token(UserFactory()))
    assert client.get(reverse("api:enrollments"), **other).status_code == 200  # counted per token


def test_bad_filters_are_400_not_500(client):
    assert client.get(reverse("api:courses"), {"level": "Z9"}).status_code == 400
    assert client.get(reverse("api:courses"), {"page": "999"}).status_code == 404


def test_the_docs_and_schema_are_served(client):
    assert client.get(reverse("api:schema")).status_code == 200
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()


@pytest.mark.parametrize("size", [2, 25])
def test_a_students_lists_take_the_same_queries_whatever_their_size(
    client, django_assert_max_num_queries, make_token, size
):
    student = UserFactory()
    for _ in range(size):
        enrollment = EnrollmentFactory(student=student)
        LessonFactory(module__course=enrollment.course)
    headers = bearer(make_token(student))
    for name in ("api:enrollments", "api:progress", "api:orders", "api:invoices", "api:bookings"):
        with django_assert_max_num_queries(8):
            assert client.get(reverse(name), **headers).status_code == 200


def test_a_body_nested_too_deep_is_400_not_500(client, make_token):
    headers = bearer(make_token(UserFactory()))
    deep = "[" * 100_000 + "]" * 100_000
    for url in (reverse("api:bookings"), reverse("api:token")):
        response = client.post(url, deep, content_type="application/json", **headers)
        assert response.status_code == 400
