"""The pure rules: score bands and adaptive routing, checked over every shape hypothesis can think of."""

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from placement import scoring

band = st.tuples(st.integers(-5, 105), st.integers(-5, 105)).map(lambda b: scoring.Band(*b))


def covers_every_score_once(bands) -> bool:
    return all(
        sum(1 for b in bands if b.min_score <= score <= b.max_score) == 1 for score in range(scoring.MAX_SCORE + 1)
    ) and all(0 <= b.min_score <= b.max_score <= scoring.MAX_SCORE for b in bands)


@given(st.lists(band, max_size=8))
def test_bands_are_accepted_exactly_when_every_score_has_one_level(bands):
    assert (scoring.band_errors(bands) == []) == covers_every_score_once(bands)


@st.composite
def valid_bands(draw):
    cuts = sorted(draw(st.sets(st.integers(1, scoring.MAX_SCORE), max_size=7)))
    lows = [0, *cuts]
    highs = [c - 1 for c in cuts] + [scoring.MAX_SCORE]
    return [scoring.Band(low, high, level=index) for index, (low, high) in enumerate(zip(lows, highs, strict=True))]


@given(valid_bands(), st.integers(0, scoring.MAX_SCORE))
def test_any_score_finds_the_one_band_holding_it(bands, score):
    assert scoring.band_errors(bands) == []
    found = scoring.band_for(score, bands)
    assert found is not None and found.min_score <= score <= found.max_score


def test_a_gap_and_an_overlap_are_named():
    errors = scoring.band_errors([scoring.Band(0, 40), scoring.Band(45, 90), scoring.Band(85, 100)])
    assert any("41 to 44" in e for e in errors)
    assert any("overlap" in e for e in errors)


@dataclass(frozen=True)
class FakeSection:
    pk: int
    step: int
    difficulty: int
    sort_order: int = 0


sections = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 5)), min_size=1, max_size=15).map(
    lambda rows: [FakeSection(pk=i + 1, step=s, difficulty=d, sort_order=i) for i, (s, d) in enumerate(rows)]
)


@given(sections, st.booleans(), st.lists(st.integers(0, 100), min_size=20, max_size=20))
def test_routing_always_ends_without_repeating_a_section(all_sections, adaptive, percents):
    taken = []
    current = scoring.first_section(all_sections, adaptive=adaptive)
    while current is not None:
        assert current not in taken
        taken.append(current)
        assert len(taken) <= len(all_sections)
        current = scoring.next_section(all_sections, adaptive=adaptive, taken=taken, last_percent=percents[len(taken)])
    if adaptive:  # one section per step, steps only forward
        assert [s.step for s in taken] == sorted({s.step for s in all_sections})
    else:
        assert len(taken) == len(all_sections)


def test_a_strong_result_leads_to_the_harder_section_and_a_weak_one_to_the_easier():
    step1 = FakeSection(1, 1, 2)
    easy, middle, hard = FakeSection(2, 2, 1), FakeSection(3, 2, 2), FakeSection(4, 2, 3)
    everything = [step1, easy, middle, hard]
    assert scoring.next_section(everything, adaptive=True, taken=[step1], last_percent=90) == hard
    assert scoring.next_section(everything, adaptive=True, taken=[step1], last_percent=10) == easy
    assert scoring.next_section(everything, adaptive=True, taken=[step1], last_percent=50) == middle
