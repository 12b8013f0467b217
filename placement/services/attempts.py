"""Taking a placement test: start, answer one section at a time, finish (or run out of time), and hand an
anonymous attempt to the account that signs up or logs in. Each change locks the attempt's row first."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import analytics
from learning import grading

from .. import scoring
from ..models import Attempt, PlacementTest, Section, SectionResult, Skill
from . import moments
from .errors import PlacementRefused, TimeIsUp

# Answers sent by the countdown as it reaches zero are still on their way: they count for this long.
GRACE = timedelta(seconds=10)


def question_count(section: Section) -> int:
    return len(section.questions.raw_data)


@transaction.atomic
def start_attempt(*, test: PlacementTest, user=None, now=None) -> Attempt:
    now = now or timezone.now()
    if not test.is_live:
        raise PlacementRefused(_("This placement test is not open."))
    first = scoring.first_section(list(test.sections.all()), adaptive=_adaptive(test))
    if first is None:
        raise PlacementRefused(_("This placement test has no questions yet."))
    attempt = Attempt.objects.create(
        test=test,
        user=user if user is not None and user.is_authenticated else None,
        started_at=now,
        deadline=now + timedelta(minutes=test.time_limit_minutes) if test.time_limit_minutes else None,
        current_section=first,
    )
    analytics.track("placement_started", user=attempt.user, test=test.pk, attempt=str(attempt.key))
    if attempt.user is not None:
        moments.owner_known(attempt=attempt)
    return attempt


@transaction.atomic
def submit_section(*, attempt: Attempt, data, now=None) -> Attempt:
    """Mark the section the attempt is on. Refuses, changing nothing, answers to a finished or timed-out
    attempt, to a section other than the current one (forged, or sent again) and answers that do not fit."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().select_related("test").get(pk=attempt.pk)
    if attempt.is_finished:
        raise PlacementRefused(_("This test is finished: its answers can no longer change."))
    if attempt.deadline and now > attempt.deadline + GRACE:
        raise TimeIsUp(_("Time ran out before these answers arrived, so they were not counted."))
    section_id = _section_id(data)
    if section_id != attempt.current_section_id:
        if SectionResult.objects.filter(attempt=attempt, section_id=section_id).exists():
            raise PlacementRefused(_("These answers were already recorded; they were not counted again."))
        raise PlacementRefused(_("These answers are not for the section you are on, so nothing was recorded."))
    section = attempt.current_section
    questions = grading.questions_of(section)
    try:
        answers = grading.read_answers(questions, data)
    except grading.MalformedAnswer as exc:
        raise PlacementRefused(str(exc)) from None
    time_is_up = attempt.deadline is not None and now >= attempt.deadline
    if not answers and not time_is_up:
        raise PlacementRefused(_("Answer at least one question before going on."))
    correct = sum(1 for q in questions if grading.grade_question(q, answers.get(q["id"])).correct)
    per_question = section.points_per_question * section.weight
    available = scoring.available_points(
        question_count=len(questions), points_per_question=section.points_per_question, weight=section.weight
    )
    percent = scoring.percentage(correct * per_question, available)
    try:
        with transaction.atomic():
            SectionResult.objects.create(
                attempt=attempt,
                section=section,
                skill=section.skill,
                submitted_at=now,
                answers=answers,
                earned=correct * per_question,
                available=available,
                percent=percent,
            )
    except IntegrityError:  # the same section sent twice at once
        raise PlacementRefused(_("These answers were already recorded; they were not counted again.")) from None
    analytics.track(
        "placement_section_completed",
        user=attempt.user,
        test=attempt.test_id,
        attempt=str(attempt.key),
        section=section.pk,
        skill=section.skill,
        percent=percent,
    )
    sections = list(attempt.test.sections.all())
    taken = _taken(attempt, sections)
    following = scoring.next_section(sections, adaptive=_adaptive(attempt.test), taken=taken, last_percent=percent)
    if following is None or time_is_up:
        _finish(
            attempt,
            sections=sections,
            outcome=Attempt.Outcome.COMPLETED if following is None else Attempt.Outcome.TIME_UP,
            now=now,
        )
    else:
        attempt.current_section = following
        attempt.save(update_fields=["current_section"])
    return attempt


@transaction.atomic
def close_if_time_is_up(*, attempt: Attempt, now=None) -> Attempt:
    """An attempt whose time ran out is finished with the sections answered in time (the rest score nothing)."""
    now = now or timezone.now()
    if attempt.is_finished or attempt.deadline is None or now <= attempt.deadline + GRACE:
        return attempt
    attempt = Attempt.objects.select_for_update().select_related("test").get(pk=attempt.pk)
    if not attempt.is_finished:
        _finish(attempt, sections=list(attempt.test.sections.all()), outcome=Attempt.Outcome.TIME_UP, now=now)
    return attempt


@transaction.atomic
def claim_attempts(*, user, keys) -> int:
    """Attach the anonymous attempts a browser holds to the account that just signed up or logged in."""
    attempts = list(
        Attempt.objects.select_for_update().select_related("test").filter(key__in=list(keys), user__isnull=True)
    )
    for attempt in attempts:
        attempt.user = user
        attempt.save(update_fields=["user"])
        if not attempt.is_finished:
            moments.owner_known(attempt=attempt)
    return len(attempts)


def _adaptive(test: PlacementTest) -> bool:
    return test.routing == PlacementTest.Routing.ADAPTIVE


def _section_id(data) -> int | None:
    raw = data.get("section", "")
    return int(raw) if raw.isdigit() else None


def _taken(attempt: Attempt, sections: list[Section]) -> list[Section]:
    by_id = {s.pk: s for s in sections}
    ids = (
        SectionResult.objects.filter(attempt=attempt)
        .order_by("submitted_at", "pk")
        .values_list("section_id", flat=True)
    )
    return [by_id[pk] for pk in ids if pk in by_id]


def _finish(attempt: Attempt, *, sections: list[Section], outcome: str, now) -> None:
    results = list(SectionResult.objects.filter(attempt=attempt))
    counts = {s.pk: question_count(s) for s in sections}
    most = scoring.most_points(sections, adaptive=_adaptive(attempt.test), question_counts=counts)
    attempt.score = scoring.percentage(sum(r.earned for r in results), most)
    bands = attempt.test.bands.select_related("level")
    band = scoring.band_for(attempt.score, bands)
    attempt.level = band.level if band else None
    attempt.breakdown = _breakdown(results)
    attempt.finished_at = now
    attempt.outcome = outcome
    attempt.current_section = None
    attempt.save(update_fields=["score", "level", "breakdown", "finished_at", "outcome", "current_section"])
    moments.finished(attempt=attempt)


def _breakdown(results: list[SectionResult]) -> dict[str, int]:
    """Percentage per skill over the sections taken, in the order skills are listed."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        totals[result.skill][0] += result.earned
        totals[result.skill][1] += result.available
    return {skill: scoring.percentage(*totals[skill]) for skill in Skill.values if skill in totals}
