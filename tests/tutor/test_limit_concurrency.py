"""The daily question limit under questions asked at once, on PostgreSQL (`services` marker)."""

import pytest

from tests.concurrency import run_in_threads
from tutor import services
from tutor.models import DailyUsage, Decision, Exchange, TutorSettings

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
LIMIT = 3
QUESTIONS = 10


def test_questions_asked_at_once_get_exactly_the_daily_limit(tutored, student):
    rules = TutorSettings.load()
    rules.messages_per_day = LIMIT
    rules.save()

    def ask():
        try:
            services.ask(student=student, course=tutored.course, question="What does marhaba mean?").answer()
        except services.Refused as refusal:
            return refusal.message
        return "answered"

    results = run_in_threads(QUESTIONS, ask)
    assert results.count("answered") == LIMIT
    refusals = [result for result in results if result != "answered"]
    assert len(refusals) == QUESTIONS - LIMIT
    assert all("the daily limit" in refusal for refusal in refusals)
    assert Exchange.objects.filter(decision=Decision.ANSWERED).count() == LIMIT
    assert Exchange.objects.filter(decision=Decision.MESSAGE_LIMIT).count() == QUESTIONS - LIMIT
    assert DailyUsage.objects.get(student=student).messages == LIMIT
