"""Round-ups with change: a group's pooled change (its places' counts over their bases in each
period, over the places with both figures), in its facts and fact-checked; and a group's chance
judged against limits widened by the measure's over-dispersion, as each place's are."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, copy_project

from generator.checks.trace import trace
from generator.compute.funnel import position
from generator.drafts.facts import group_facts
from generator.drafts.prepared import group_for, prepare


@pytest.fixture
def trend(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "trend", tmp_path / "trend")


def test_a_groups_change_pools_its_places_counts_and_bases(trend: Path) -> None:
    prepared = prepare(trend, "trend")
    group = group_for(prepared, "North and South", ["northshire", "southshire", "westshire"])
    change = group.by_key["unsolved"].change
    data = pd.read_csv(trend / "data" / "trend" / "outcomes.csv").iloc[[0, 1]]  # westshire: none
    now = (
        data["unsolved 2016"].sum(),
        data[["solved 2016", "unsolved 2016", "pending 2016"]].sum().sum(),
    )
    then = data["unsolved 2012"].sum(), data["recorded 2012"].sum()
    assert (change.now.count, change.now.base) == (now[0], now[1])
    assert (change.then.count, change.then.base) == (then[0], then[1])
    assert (
        change.points
        == (Fraction(int(now[0]), int(now[1])) - Fraction(int(then[0]), int(then[1]))) * 100
    )
    assert change.direction == "down" and change.points_value == "2"
    facts = group_facts(group, "").to_dict()
    entry = next(m for m in facts["measures"] if m["measure"] == "unsolved")["change"]
    assert entry["places"] == 2 and entry["earlier"]["count"] == 104 and entry["points"] == "2"
    said = (
        "Across the two areas the rate was down two percentage points since 2012, from 52 per cent."
    )
    assert [t.mention.written for t in trace(said, facts) if not t.ok] == []
    wrong = "Across the areas the rate was down three percentage points since 2012."
    assert [t.mention.written for t in trace(wrong, facts) if not t.ok] == [
        "three percentage points"
    ]


def test_the_national_groups_change_is_the_pooled_change(trend: Path) -> None:
    prepared = prepare(trend, "trend")
    group = group_for(prepared, "Testland", list(prepared.dataset.records), national=True)
    pooled = prepared.changes["unsolved"].pooled
    assert group.by_key["unsolved"].change == pooled


def test_a_measure_without_change_has_none_in_a_group(project: Path) -> None:
    prepared = prepare(project, "cancelled-crimes")
    group = group_for(prepared, "Some", list(prepared.dataset.records)[:3])
    assert all(g.change is None for g in group.measures)
    assert all("change" not in m for m in group_facts(group, "").to_dict()["measures"])


def test_a_groups_chance_uses_the_measures_dispersion(trend: Path) -> None:
    prepared = prepare(trend, "trend")
    spread = prepared.rankings["complaints"].dispersion
    assert spread is not None and spread.method == "additive"
    group = group_for(prepared, "East and Mid", ["eastshire", "midshire"])
    g = group.by_key["complaints"]
    assert g.spread is spread
    total, pooled = g.total, g.pooled
    widened = position(
        total.count, total.base, pooled.rate, prepared.story.funnel_method, spread
    ).within
    narrow = position(total.count, total.base, pooled.rate, prepared.story.funnel_method).within
    assert g.chance == (total.rate != pooled.rate and widened)
    assert widened and not narrow  # the widened limits hold the gap chance alone would not
