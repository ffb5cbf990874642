"""Ranking on exact rates: ties shared, gaps out of the base, pooled rates from sums."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from generator.compute.ranking import versus
from generator.drafts.prepared import prepare
from generator.inputs.story import Measure

STORY_MEASURE = Measure(
    "m", "label", "n", "d", "record", "records", "topic", "counted", "counted", per=100
)


def test_ties_share_a_position_and_the_next_skips(tiny: Path) -> None:
    late = prepare(tiny, "tiny").rankings["late"]
    positions = {slug: (r.position, r.tied) for slug, r in late.ranks.items()}
    assert positions == {
        "northshire": (1, 2),
        "southshire": (1, 2),
        "eastshire": (3, 1),
        "westshire": (4, 1),
    }
    assert late.worst == ("northshire", "southshire")


def test_gaps_are_left_out_of_the_base(tiny: Path) -> None:
    late = prepare(tiny, "tiny").rankings["late"]
    assert "midshire" not in late.ranks
    assert late.base == 4 and late.total == 5
    assert not late.ranks["eastshire"].complete


def test_pooled_rate_sums_samples_not_percentages(tiny: Path) -> None:
    lost = prepare(tiny, "tiny").rankings["lost"]
    # 1 + 0 + 6 + 0 + 2 of 10 + 10 + 10 + 10 + 4; the mean of the five rates would be 22%.
    assert (lost.pooled.count, lost.pooled.base) == (9, 44)
    assert lost.at_least_one == 3


@pytest.mark.slow
def test_ranks_use_exact_rates_not_rounded_percentages(project: Path) -> None:
    csv = project / "data/cancelled-crimes/figures.csv"
    text = csv.read_text(encoding="utf-8")
    # Kent 2 of 20 robberies (10.0%) against a rate of 199 of 2000 (9.95%, also "10 per cent").
    text = text.replace(
        "Surrey Police,2018,good,20,0,20,0,20,0,9,0,",
        "Surrey Police,2018,good,20,0,20,0,20,0,2000,199,",
    )
    csv.write_text(text, encoding="utf-8")
    robbery = prepare(project, "cancelled-crimes").rankings["robbery"]
    assert robbery.ranks["kent"].position < robbery.ranks["surrey"].position


def test_versus_is_claimed_only_when_printed_rates_differ() -> None:
    measure = replace(STORY_MEASURE, per=100, decimals=0)
    assert versus(Fraction(92, 1000), Fraction(94, 1000), measure) == "in line with"
    assert versus(Fraction(1, 2), Fraction(1, 10), measure) == "above"
    assert versus(Fraction(1, 20), Fraction(1, 10), measure) == "below"
    # Per 1,000 with one decimal: 1.44 and 1.36 both print as 1.4; 2.9 does not.
    per_1000 = replace(measure, per=1000, decimals=1)
    assert versus(Fraction(144, 100000), Fraction(136, 100000), per_1000) == "in line with"
    assert versus(Fraction(8, 2781), Fraction(299, 213249), per_1000) == "above"
    # Half up at the printed precision: 1.45 prints 1.5, 1.44 prints 1.4.
    assert versus(Fraction(145, 100000), Fraction(144, 100000), per_1000) == "above"


def test_from_best_counts_from_the_other_end_with_the_same_tie_rule(tiny: Path) -> None:
    late = prepare(tiny, "tiny").rankings["late"]
    # From the worst end 1, 1, 3, 4; from the best end the same places are 3, 3, 2, 1.
    from_best = {slug: (r.from_best, r.tied) for slug, r in late.ranks.items()}
    assert from_best == {
        "northshire": (3, 2),
        "southshire": (3, 2),
        "eastshire": (2, 1),
        "westshire": (1, 1),
    }


def test_from_best_is_one_more_than_the_places_strictly_better() -> None:
    from generator.compute.ranking import Rank

    # 1, 2, 2, 4 from the worst end is 4, 2, 2, 1 from the best.
    assert [Rank(p, t, 4, 4).from_best for p, t in ((1, 1), (2, 2), (4, 1))] == [4, 2, 1]
    assert Rank(1, 4, 4, 4).from_best == 1  # all level: joint first from both ends


def test_places_sharing_a_position_are_indexed_once(tiny: Path) -> None:
    late = prepare(tiny, "tiny").rankings["late"]
    assert late.sharing == {1: ("northshire", "southshire")}
    assert late.sharing is late.sharing  # counted once, kept on the ranking
    within = sum(p.within for p in late.funnel.values())
    assert late.within_limits == within
