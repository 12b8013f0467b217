"""A day after a known person leaves a placement test unfinished, one email asks them to finish it; finishing,
or running out of time, stops it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from notifications.models import OutboxEmail, SequenceDelivery
from notifications.sequences import engine
from placement import services
from tests.factories import UserFactory

from .factories import answers, make_test

pytestmark = pytest.mark.django_db

MONDAY = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


def sent_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return engine.run()


def emails_to(user):
    return OutboxEmail.objects.filter(to=user.email)


@pytest.mark.parametrize(
    ("language", "subject"),
    [("en", "[Fluentory] Your level is a few questions away"), ("ar", "[Fluentory] مستواك على بعد أسئلة قليلة")],
)
def test_an_unfinished_attempt_gets_one_reminder_a_day_later_in_the_persons_language(language, subject):
    person = UserFactory(preferred_language=language)
    attempt = services.start_attempt(test=make_test(), user=person, now=MONDAY)
    assert sent_at(MONDAY + timedelta(hours=23)) == 0
    assert sent_at(MONDAY + timedelta(hours=24, minutes=1)) == 1
    assert sent_at(MONDAY + timedelta(hours=25)) == 0
    reminder = emails_to(person).get()
    assert reminder.subject == subject
    assert f"/placement/attempt/{attempt.key}/" in reminder.body


def test_an_anonymous_attempt_is_remembered_from_when_it_is_claimed():
    attempt = services.start_attempt(test=make_test(), now=MONDAY)
    assert sent_at(MONDAY + timedelta(hours=25)) == 0  # nobody to write to
    person = UserFactory()
    services.claim_attempts(user=person, keys=[str(attempt.key)])
    assert sent_at(MONDAY + timedelta(hours=25, minutes=1)) == 1  # started a day ago: due at once
    assert emails_to(person).count() == 1


def test_finishing_the_test_stops_the_reminder():
    person = UserFactory()
    attempt = services.start_attempt(test=make_test(), user=person, now=MONDAY)
    for _ in range(attempt.test.sections.count()):
        attempt.refresh_from_db()
        attempt = services.submit_section(
            attempt=attempt, data=answers(attempt.current_section, right=2), now=MONDAY + timedelta(hours=1)
        )
    assert attempt.is_finished
    assert sent_at(MONDAY + timedelta(hours=24, minutes=1)) == 0
    assert not emails_to(person).exists()
    assert SequenceDelivery.objects.get(entry__user=person).state == "skipped"


def test_an_attempt_whose_time_ran_out_gets_no_reminder():
    person = UserFactory()
    services.start_attempt(test=make_test(time_limit_minutes=30), user=person, now=MONDAY)
    assert sent_at(MONDAY + timedelta(hours=24, minutes=1)) == 0
    assert not emails_to(person).exists()
