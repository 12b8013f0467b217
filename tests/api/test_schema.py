"""schemathesis against the project's own OpenAPI schema: no server error, no answer contradicting the schema.

Bounded: a few generated examples per operation, no deadline (the machine is shared), real data and a student's
token so the reads return rows, not only 401s."""

from decimal import Decimal

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.services import tokens
from tests.commerce.factories import CourseFactory, CoursePriceFactory
from tests.factories import UserFactory

CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 8


@pytest.mark.django_db(transaction=True)
def test_the_api_keeps_to_its_schema():
    cache.clear()
    teacher = UserFactory(teacher=True)
    course = CourseFactory()
    course.teachers.add(teacher)
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("40.00"))
    student = UserFactory()
    value = tokens.create_personal_token(user=student, name="fuzz", scopes=list(tokens.scope_rules.STUDENT_SCOPES))[1]
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            cache.clear()  # the rate limit is not what this test is about
            case.call_and_validate(headers={"Authorization": f"Bearer {value}"}, checks=CHECKS)

        check()


@pytest.mark.django_db
def test_a_time_with_an_offset_the_database_refuses_is_compared_in_utc(client):
    _token, secret = tokens.create_personal_token(user=UserFactory(), name="t", scopes=["bookings:read"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    found = client.get("/api/v1/bookings/", {"starts_before": "0351-12-10T22:57:14.2-16:56"}, **auth)
    assert found.status_code == 200
    refused = client.get("/api/v1/bookings/", {"starts_before": "9999-12-31T23:59:59-10:00"}, **auth)
    assert refused.status_code == 400
