"""Leads on change: ``biggest_rise`` for the unshared biggest change in the worse direction,
``rise`` for one of at least five points as printed, scored and explained, switchable in
``leads:``; a change the other way, or one printing rounds away, is no lead."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from generator.compute.change import PeriodChange, PlaceChange
from generator.compute.change_lead import change_finding, earned
from generator.compute.ranking import Rank
from generator.drafts.prepared import prepare
from generator.inputs.data import Figure
from generator.inputs.leads import LeadRules


def placed(now: tuple[int, int], then: tuple[int, int], position: int = 1, tied: int = 1):
    change = PeriodChange(Figure(*now), Figure(*then), "2012")
    return PlaceChange(change, Rank(position, tied, 4, 5), None, None)


def test_the_unshared_biggest_change_for_the_worse_is_the_biggest_rise() -> None:
    assert earned(placed((60, 100), (43, 100)), "higher") == ["biggest_rise", "rise"]
    assert earned(placed((60, 100), (43, 100), tied=2), "higher") == ["rise"]
    assert earned(placed((47, 100), (43, 100)), "higher") == ["biggest_rise"]  # 4 points
    assert earned(placed((48, 100), (43, 100), position=2), "higher") == ["rise"]  # 5 points


def test_a_change_for_the_better_or_that_does_not_print_is_no_lead() -> None:
    assert earned(placed((40, 100), (61, 100)), "higher") == []
    assert earned(placed((60, 100), (43, 100)), "lower") == []  # a rise is better here
    assert earned(placed((40, 100), (61, 100)), "lower") == ["biggest_rise", "rise"]
    # 43.4 and 43.2 per cent both print as 43: unchanged, whatever the exact difference
    assert earned(placed((434, 1000), (432, 1000)), "higher") == []


def test_the_finding_scores_points_and_rank_and_says_why() -> None:
    found = change_finding(placed((60, 100), (43, 100)), "higher")
    assert found is not None and found.kind == "biggest_rise"
    assert dict(found.parts) == {"change": 17, "rank": 20}
    assert found.reason.startswith("up 17 percentage points since 2012 (43 of 100 to 60 of 100)")
    assert dict(change_finding(placed((90, 100), (10, 100)), "higher").parts)["change"] == 40


def test_switched_off_kinds_fall_to_the_next() -> None:
    rise = change_finding(
        placed((60, 100), (43, 100)), "higher", LeadRules(frozenset({"biggest_rise"}))
    )
    assert rise is not None and rise.kind == "rise" and dict(rise.parts)["rank"] == 0
    assert "(biggest_rise is off in story.yaml's leads:)" in rise.reason
    both = LeadRules(frozenset({"biggest_rise", "rise"}))
    assert change_finding(placed((60, 100), (43, 100)), "higher", both) is None


@pytest.fixture
def trend(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "trend", tmp_path / "trend")


def _leads(root: Path, text: str) -> None:
    manifest = root / "templates" / "trend" / "story.yaml"
    manifest.write_text(manifest.read_text() + f"leads:\n{text}")


def test_a_change_lead_competes_with_the_others(trend: Path) -> None:
    angle = prepare(trend, "trend").angles["northshire"]
    assert angle.lead.kind == "worst"  # 61 beats the biggest rise's 37
    assert "beat: biggest_rise on unsolved (score 37: change +17, rank +20)" in angle.explain()
    _leads(trend, "  worst: off\n")
    angle = prepare(trend, "trend").angles["northshire"]
    assert angle.lead.kind == "biggest_rise" and angle.lead.measure == "unsolved"
    assert angle.lead.score == 37


def test_a_weighted_change_lead_shows_its_weight(trend: Path) -> None:
    _leads(trend, "  worst: off\n  biggest_rise: 0.5\n")
    angle = prepare(trend, "trend").angles["northshire"]
    assert angle.lead.kind == "above"  # 31 now beats the halved 37, rounded half to even: 18
    explain = angle.explain()
    assert "biggest_rise on unsolved (score 18: change +17, rank +20, weight -19)" in explain
    assert "(biggest_rise weighted 0.5 in story.yaml's leads:)" in explain


def test_the_draft_keeps_the_level_finding_of_a_measure_with_a_change_lead(trend: Path) -> None:
    from generator.drafts.prepared import context_for

    _leads(trend, "  worst: off\n")
    prepared = prepare(trend, "trend")
    ctx = context_for(prepared, "northshire")
    assert ctx.lead.kind == "biggest_rise"
    assert ctx.by_key["unsolved"].kind == "above"  # the finding on the latest figure
