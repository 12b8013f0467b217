"""Taking a test: sections in order, scoring into a level, and every refusal leaving the attempt unchanged."""

import pytest
import time_machine

from analytics.models import Event
from notifications.models import SequenceEntry
from placement import services
from placement.models import Attempt, PlacementTest, SectionResult
from tests.factories import UserFactory

from .factories import answers, make_test

pytestmark = pytest.mark.django_db


def sections_of(test):
    return list(test.sections.order_by("step", "sort_order"))


def snapshot(attempt):
    attempt.refresh_from_db()
    return (
        attempt.current_section_id,
        attempt.finished_at,
        attempt.score,
        SectionResult.objects.filter(attempt=attempt).count(),
    )


def test_a_linear_test_takes_every_section_and_gives_the_band_level_and_skill_breakdown():
    test = make_test()
    first, second = sections_of(test)
    attempt = services.start_attempt(test=test)
    assert attempt.current_section == first
    services.submit_section(attempt=attempt, data=answers(first, right=2))
    attempt.refresh_from_db()
    assert attempt.current_section == second and not attempt.is_finished
    services.submit_section(attempt=attempt, data=answers(second, right=1))
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.outcome == Attempt.Outcome.COMPLETED
    assert attempt.score == 75 and attempt.level.code == "B1"
    assert attempt.breakdown == {"grammar": 100, "vocabulary": 50}
    names = list(Event.objects.order_by("pk").values_list("name", flat=True))
    assert names == [
        "placement_started",
        "placement_section_completed",
        "placement_section_completed",
        "placement_finished",
    ]


def test_an_adaptive_test_moves_up_after_a_strong_section_and_weighs_the_harder_one_more():
    test = make_test(
        routing=PlacementTest.Routing.ADAPTIVE, sections=(("grammar", 1, 1), ("reading", 2, 1), ("reading", 2, 2))
    )
    step1, _easy, hard = sections_of(test)
    hard.points_per_question = 2
    hard.save()
    attempt = services.start_attempt(test=test)
    services.submit_section(attempt=attempt, data=answers(step1, right=2))
    attempt.refresh_from_db()
    assert attempt.current_section == hard
    services.submit_section(attempt=attempt, data=answers(hard, right=2))
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.level.code == "C1"


def test_answers_to_a_finished_test_are_refused_and_change_nothing():
    test = make_test(sections=(("grammar", 1, 1),))
    (only,) = sections_of(test)
    attempt = services.start_attempt(test=test)
    services.submit_section(attempt=attempt, data=answers(only, right=0))
    before = snapshot(attempt)
    with pytest.raises(services.PlacementRefused, match="finished"):
        services.submit_section(attempt=attempt, data=answers(only, right=2))
    assert snapshot(attempt) == before


def test_a_replayed_section_is_refused_and_counted_once():
    test = make_test()
    first, _second = sections_of(test)
    attempt = services.start_attempt(test=test)
    services.submit_section(attempt=attempt, data=answers(first, right=1))
    before = snapshot(attempt)
    with pytest.raises(services.PlacementRefused, match="already recorded"):
        services.submit_section(attempt=attempt, data=answers(first, right=2))
    assert snapshot(attempt) == before


@pytest.mark.parametrize("forged", ["other-test", "later-section", "garbage"])
def test_a_forged_section_is_refused_and_changes_nothing(forged):
    test = make_test()
    other = make_test(slug="other")
    attempt = services.start_attempt(test=test)
    data = {
        "other-test": answers(sections_of(other)[0], right=2),
        "later-section": answers(sections_of(test)[1], right=2),
        "garbage": {"section": "x'; drop"},
    }[forged]
    before = snapshot(attempt)
    with pytest.raises(services.PlacementRefused, match="not for the section you are on"):
        services.submit_section(attempt=attempt, data=data)
    assert snapshot(attempt) == before


def test_an_answer_outside_the_options_is_refused():
    test = make_test()
    first = sections_of(test)[0]
    attempt = services.start_attempt(test=test)
    data = answers(first, right=2)
    data[next(k for k in data if k.startswith("q-"))] = "99"
    before = snapshot(attempt)
    with pytest.raises(services.PlacementRefused, match="not one of its options"):
        services.submit_section(attempt=attempt, data=data)
    assert snapshot(attempt) == before


def test_an_empty_section_is_refused_while_time_remains():
    test = make_test()
    attempt = services.start_attempt(test=test)
    with pytest.raises(services.PlacementRefused, match="at least one"):
        services.submit_section(attempt=attempt, data={"section": str(attempt.current_section_id)})


def test_the_time_limit_is_enforced_on_the_server():
    test = make_test(time_limit_minutes=10)
    first, second = sections_of(test)
    with time_machine.travel("2026-03-02 10:00Z", tick=False) as clock:
        attempt = services.start_attempt(test=test)
        clock.shift(5 * 60)
        services.submit_section(attempt=attempt, data=answers(first, right=2))
        clock.shift(6 * 60)  # past the limit and its grace
        before = snapshot(attempt)
        with pytest.raises(services.TimeIsUp):
            services.submit_section(attempt=attempt, data=answers(second, right=2))
        assert snapshot(attempt) == before
        attempt = services.close_if_time_is_up(attempt=attempt)
    assert attempt.outcome == Attempt.Outcome.TIME_UP
    assert attempt.score == 50  # the unanswered section scores nothing
    assert attempt.level.code == "B1"


def test_answers_sent_by_the_countdown_at_zero_still_count():
    test = make_test(time_limit_minutes=10)
    first, _second = sections_of(test)
    with time_machine.travel("2026-03-02 10:00Z", tick=False) as clock:
        attempt = services.start_attempt(test=test)
        clock.shift(10 * 60 + 3)
        services.submit_section(attempt=attempt, data={"section": str(first.pk)})  # nothing answered: allowed at zero
    attempt.refresh_from_db()
    assert attempt.outcome == Attempt.Outcome.TIME_UP and attempt.score == 0


def test_a_closed_test_cannot_be_started():
    test = make_test(is_live=False)
    with pytest.raises(services.PlacementRefused):
        services.start_attempt(test=test)
    assert not Attempt.objects.exists()


def test_claiming_attaches_only_anonymous_attempts():
    test = make_test()
    mine = services.start_attempt(test=test)
    someone_elses = services.start_attempt(test=test, user=UserFactory())
    me = UserFactory()
    assert services.claim_attempts(user=me, keys=[str(mine.key), str(someone_elses.key)]) == 1
    mine.refresh_from_db()
    someone_elses.refresh_from_db()
    assert mine.user == me and someone_elses.user != me
    assert SequenceEntry.objects.filter(user=me, sequence__trigger="placement.unfinished").count() == 1
