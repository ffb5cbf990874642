"""Change between two periods: exact points, "unchanged" when it does not print, ranking by
change with ties, the pooled change over places with both figures, and its wording."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from generator.compute.change import PeriodChange, rank_change
from generator.drafts.prepared import prepare
from generator.inputs.data import Figure
from generator.language.present import change, change_from, change_label, count_change

TREND = FIXTURES / "trend"


@pytest.fixture
def trend(tmp_path: Path) -> Path:
    return copy_project(TREND, tmp_path / "trend")


def between(now: tuple[int, int], then: tuple[int, int], per: int = 100, decimals: int = 0):
    return PeriodChange(Figure(*now), Figure(*then), "2012", per, decimals)


def test_a_change_is_exact_percentage_points_and_counts() -> None:
    c = between((60, 100), (43, 100))
    assert c.points == 17 and c.counts == 17 and c.direction == "up"
    assert change(c) == "up 17 percentage points since 2012"
    assert change_from(c) == "up from 43 per cent in 2012"
    assert change_from(c, "%") == "up from 43% in 2012"
    assert change_label(c) == "up 17 percentage points since 2012 (43% in 2012)"


def test_a_fall_is_worded_down_and_counts_fewer() -> None:
    c = between((40, 100), (61, 100))
    assert c.points == -21 and c.direction == "down"
    assert change(c) == "down 21 percentage points since 2012"
    assert change_from(c) == "down from 61 per cent in 2012"
    assert count_change(c, "case") == "21 fewer cases than in 2012"
    assert count_change(between((2, 10), (1, 10)), "case") == "one more case than in 2012"


def test_small_changes_are_in_words_and_singular_for_one() -> None:
    assert change(between((45, 100), (40, 90))) == "up one percentage point since 2012"
    assert change(between((44, 100), (47, 100))) == "down three percentage points since 2012"


def test_a_change_per_thousand_is_points_per_thousand() -> None:
    c = between((30, 10000), (18, 10000), per=1000, decimals=1)
    assert c.points == Fraction(6, 5) and c.points_value == "1.2"
    assert change(c) == "up 1.2 points per 1,000 since 2012"
    assert change_from(c) == "up from 1.8 per 1,000 in 2012"


@pytest.mark.parametrize(
    ("now", "then"),
    [
        ((50, 100), (50, 100)),  # equal
        ((524, 1000), (515, 1000)),  # both print 52, though they differ by 0.9 (prints 1)
        ((526, 1000), (524, 1000)),  # 52.6 and 52.4 print 53 and 52, but differ by 0.2 -> 0
    ],
)
def test_a_change_that_does_not_print_is_unchanged(now, then) -> None:
    c = between(now, then)
    assert c.direction == "unchanged"
    assert change(c) == "unchanged since 2012"
    assert change_from(c) == "the same as in 2012"


def test_a_change_is_claimed_when_the_printed_rates_and_difference_differ() -> None:
    c = between((535, 1000), (520, 1000))  # 54 against 52, 1.5 points -> 2
    assert c.direction == "up" and change(c) == "up two percentage points since 2012"


def test_places_are_ranked_by_change_worst_first(trend: Path) -> None:
    prepared = prepare(trend, "trend")
    unsolved = prepared.changes["unsolved"]
    positions = {slug: (r.position, r.tied) for slug, r in unsolved.ranks.items()}
    # northshire +17, midshire +0.6, eastshire 0, southshire -21; westshire has no figure
    assert positions == {
        "northshire": (1, 1),
        "midshire": (2, 1),
        "eastshire": (3, 1),
        "southshire": (4, 1),
    }
    assert unsolved.claims == {"northshire": "the biggest rise", "southshire": "the biggest fall"}


def test_ties_in_change_share_a_position_and_claims_are_joint(trend: Path) -> None:
    prepared = prepare(trend, "trend")
    complaints = prepared.changes["complaints"]
    # southshire and midshire are both exactly unchanged; westshire has no 2012 figure
    assert complaints.ranks["southshire"].tied == 2
    assert complaints.ranks["midshire"].position == complaints.ranks["southshire"].position
    assert "westshire" not in complaints.ranks
    measure = prepared.story.measures[0]
    dataset = prepared.dataset
    for slug in ("northshire", "southshire"):
        dataset.records[slug].earlier["unsolved"] = Figure(40, 100)
        dataset.records[slug].figures["unsolved"] = Figure(60, 100)
    again = rank_change(dataset, measure)
    assert again is not None
    assert again.claims["northshire"] == again.claims["southshire"] == "the joint biggest rise"


def test_a_better_change_ranks_last_when_lower_is_worse(trend: Path) -> None:
    prepared = prepare(trend, "trend")
    dataset = prepared.dataset
    lower = dataset.story.measures[0].__class__(
        **{**dataset.story.measures[0].__dict__, "worse": "lower"}
    )
    ranked = rank_change(dataset, lower)
    assert ranked is not None
    assert ranked.ranks["southshire"].position == 1  # the biggest fall is the worst change
    assert ranked.claims["northshire"] == "the biggest rise"


def test_the_pooled_change_uses_places_with_both_figures(trend: Path) -> None:
    pooled = prepare(trend, "trend").changes["unsolved"].pooled
    assert pooled is not None
    assert (pooled.now.count, pooled.now.base) == (60 + 40 + 50 + 45, 400)
    assert (pooled.then.count, pooled.then.base) == (43 + 61 + 50 + 40, 390)
    assert pooled.direction == "down" and pooled.points_value == "1"


def test_a_measure_without_change_has_no_ranking(tiny: Path) -> None:
    assert prepare(tiny, "tiny").changes == {}
