"""Joins racing for a cohort's seats on PostgreSQL (`services` marker): the cohort row lock lets exactly as many
students in as there are seats, and each member is enrolled once."""

import pytest

from learning.models import Enrollment
from partners.models import CohortMember
from partners.services import PartnerRefused, cohorts
from tests.concurrency import run_in_threads
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def attempt(token, student):
    try:
        cohorts.join(token=token, student=student)
    except PartnerRefused as refused:
        return str(refused)
    return "joined"


def test_10_concurrent_joins_for_3_seats_give_3_members(cohort, courses):
    students = iter([UserFactory() for _ in range(10)])
    outcomes = run_in_threads(10, lambda: attempt(cohort.join_token, next(students)))
    assert outcomes.count("joined") == 3
    assert all("Every seat" in outcome for outcome in outcomes if outcome != "joined")
    assert CohortMember.objects.filter(cohort=cohort).count() == 3
    assert Enrollment.objects.filter(source=Enrollment.Source.COHORT).count() == 3 * len(courses)


def test_the_same_student_joining_from_two_tabs_takes_one_seat(cohort):
    student = UserFactory()
    outcomes = run_in_threads(2, lambda: attempt(cohort.join_token, student))
    assert outcomes == ["joined", "joined"]
    assert CohortMember.objects.filter(cohort=cohort).count() == 1
