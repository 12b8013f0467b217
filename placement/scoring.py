"""Pure rules of a placement test: which section comes next, how many points a section earns, the overall
score (a whole percentage) and the level its score band gives. No database access: models or plain values in,
values out, so the rules can be checked exhaustively."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Protocol

from django.utils.translation import gettext as _

MAX_SCORE = 100  # scores are whole percentages
ADVANCE_FROM = 70  # a section result at or above this moves an adaptive test one difficulty up
DROP_BELOW = 40  # and below this, one difficulty down


class Routable(Protocol):
    pk: int
    step: int
    difficulty: int
    sort_order: int | None


@dataclass(frozen=True)
class Band:
    min_score: int
    max_score: int
    level: object = None


def ordered(sections: Iterable[Routable]) -> list[Routable]:
    return sorted(sections, key=lambda s: (s.step, s.sort_order or 0, s.pk))


def first_section(sections: Sequence[Routable], *, adaptive: bool) -> Routable | None:
    sections = ordered(sections)
    if not sections:
        return None
    if not adaptive:
        return sections[0]
    first_step = [s for s in sections if s.step == sections[0].step]
    difficulties = sorted({s.difficulty for s in first_step})
    return _closest(first_step, difficulties[(len(difficulties) - 1) // 2])


def next_section(
    sections: Sequence[Routable], *, adaptive: bool, taken: Sequence[Routable], last_percent: int
) -> Routable | None:
    """The section after those `taken` (in the order they were taken), or None when the test is over.

    Linear: the next section not yet taken. Adaptive: one section per step; the last result moves the
    difficulty up or down a notch and the next step offers the section nearest to it. Steps only go forward,
    so a test always ends."""
    sections = ordered(sections)
    done = {s.pk for s in taken}
    if not adaptive:
        return next((s for s in sections if s.pk not in done), None)
    if not taken:
        return first_section(sections, adaptive=True)
    last = taken[-1]
    later = [s for s in sections if s.step > last.step and s.pk not in done]
    if not later:
        return None
    target = last.difficulty + (1 if last_percent >= ADVANCE_FROM else -1 if last_percent < DROP_BELOW else 0)
    next_step = later[0].step
    return _closest([s for s in later if s.step == next_step], target)


def _closest(candidates: list[Routable], target: int) -> Routable:
    return min(candidates, key=lambda s: (abs(s.difficulty - target), s.difficulty, s.sort_order or 0, s.pk))


def available_points(*, question_count: int, points_per_question: int, weight: int) -> int:
    return question_count * points_per_question * weight


def most_points(sections: Sequence, *, adaptive: bool, question_counts: dict[int, int]) -> int:
    """The best score a taker can reach: every section (linear) or the richest section of each step (adaptive)."""

    def points(s) -> int:
        return available_points(
            question_count=question_counts[s.pk], points_per_question=s.points_per_question, weight=s.weight
        )

    if not adaptive:
        return sum(points(s) for s in sections)
    best: dict[int, int] = {}
    for s in sections:
        best[s.step] = max(best.get(s.step, 0), points(s))
    return sum(best.values())


def percentage(earned: int, available: int) -> int:
    if available <= 0:
        return 0
    value = (Decimal(earned) * 100 / Decimal(available)).to_integral_value(rounding=ROUND_HALF_UP)
    return min(int(value), MAX_SCORE)


def band_errors(bands: Iterable[Band]) -> list[str]:
    """Why these bands do not give every score from 0 to 100 exactly one level (empty when they do)."""
    bands = sorted(bands, key=lambda b: (b.min_score, b.max_score))
    if not bands:
        return [_("Add score bands that cover every score from 0 to %(max)s.") % {"max": MAX_SCORE}]
    errors = []
    for band in bands:
        if not 0 <= band.min_score <= band.max_score <= MAX_SCORE:
            errors.append(
                _("The band %(low)s-%(high)s must run upwards, between 0 and %(max)s.")
                % {"low": band.min_score, "high": band.max_score, "max": MAX_SCORE}
            )
    if errors:
        return errors
    if bands[0].min_score > 0:
        errors.append(_("Scores from 0 to %(high)s have no level.") % {"high": bands[0].min_score - 1})
    for before, after in pairwise(bands):
        if after.min_score <= before.max_score:
            errors.append(
                _("The bands %(a)s and %(b)s overlap: a score there would have two levels.")
                % {"a": f"{before.min_score}-{before.max_score}", "b": f"{after.min_score}-{after.max_score}"}
            )
        elif after.min_score > before.max_score + 1:
            errors.append(
                _("Scores from %(low)s to %(high)s have no level.")
                % {"low": before.max_score + 1, "high": after.min_score - 1}
            )
    if bands[-1].max_score < MAX_SCORE:
        errors.append(
            _("Scores from %(low)s to %(high)s have no level.") % {"low": bands[-1].max_score + 1, "high": MAX_SCORE}
        )
    return errors


def band_for(score: int, bands: Iterable[Band]) -> Band | None:
    return next((b for b in bands if b.min_score <= score <= b.max_score), None)
