"""The fact check on changes: "17 percentage points" and the earlier "61 per cent" trace to the
measure's change in the facts; an invented change fails, in a draft and in a whole build."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from generator.base.errors import CheckFailed
from generator.checks.trace import trace
from generator.drafts.facts import draft_facts
from generator.drafts.prepared import context_for, prepare
from generator.pipeline import build


@pytest.fixture
def trend(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "trend", tmp_path / "trend")


def untraced(root: Path, slug: str, text: str) -> list[str]:
    prepared = prepare(root, "trend")
    facts = draft_facts(context_for(prepared, slug), prepared.angles[slug], prepared.dataset, "")
    return [t.mention.written for t in trace(text, facts.to_dict()) if not t.ok]


def test_a_change_and_its_earlier_rate_trace(trend: Path) -> None:
    text = "The rate was 40 per cent, down 21 percentage points since 2012 (61 per cent in 2012)."
    assert untraced(trend, "southshire", text) == []
    text = "Complaints fell to 1.5 per 1,000, down 1.0 points per 1,000 from 2.5 since 2012."
    assert untraced(trend, "eastshire", text) == []
    assert untraced(trend, "southshire", "That is 21 fewer cases than in 2012.") == []


def test_an_invented_change_fails(trend: Path) -> None:
    assert untraced(trend, "southshire", "down 23 percentage points since 2012") == [
        "23 percentage points"
    ]
    assert untraced(trend, "southshire", "down from 64 per cent in 2012") == ["64 per cent"]
    assert untraced(trend, "southshire", "down 21 percentage points since 2011") == ["2011"]
    assert untraced(trend, "eastshire", "down 1.3 points per 1,000 since 2012") == ["1.3 points"]


def test_a_place_without_a_change_cannot_claim_one(trend: Path) -> None:
    # westshire has no unsolved figure: the 17 and 43 per cent of other places are not its own
    assert untraced(trend, "westshire", "up 17 percentage points from 43 per cent") == [
        "17 percentage points",
        "43 per cent",
    ]


@pytest.mark.slow
def test_the_trend_story_builds_and_an_invented_change_fails_it(trend: Path) -> None:
    result = build(trend, "trend", out=trend / "out")
    draft = (result.out_dir / "northshire" / "draft.md").read_text(encoding="utf-8")
    assert "up 17 percentage points since 2012 (up from 43 per cent in 2012)" in draft
    assert "the biggest rise in Testland" in draft
    south = (result.out_dir / "southshire" / "draft.md").read_text(encoding="utf-8")
    assert "down 21 percentage points since 2012 (down from 61 per cent in 2012)" in south
    template = trend / "templates/trend/draft.md.j2"
    template.write_text(template.read_text() + "\nThe rate rose 23 percentage points since 2012.\n")
    with pytest.raises(CheckFailed) as err:
        build(trend, "trend", out=trend / "again")
    assert "23 percentage points" in str(err.value)
