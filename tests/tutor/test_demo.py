"""The demo ships a week of the demo students' tutor questions, one answer reported, so the AI tutor usage report,
the themes and the teachers' analytics show something; seeding again asks nothing more."""

import os

import pytest
from django.core.management import call_command
from django.db.models.functions import TruncDate

from tutor import demo
from tutor.models import Decision, Exchange

pytestmark = pytest.mark.django_db


def seed_quietly():
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)


def test_the_demo_students_have_asked_the_tutor_over_several_days():
    seed_quietly()
    exchanges = Exchange.objects.select_related("conversation__course")

    assert {exchange.conversation.course.slug for exchange in exchanges} == set(demo.QUESTIONS)
    assert all(exchange.decision == Decision.ANSWERED and exchange.answer for exchange in exchanges)
    assert exchanges.annotate(day=TruncDate("created_at")).values("day").distinct().count() > 3
    reported = exchanges.get(reported_at__isnull=False)
    assert (reported.question, reported.report_reason) == demo.REPORTED

    count = exchanges.count()
    seed_quietly()

    assert Exchange.objects.count() == count
