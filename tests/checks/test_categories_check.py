"""The fact check on shares across categories: a category's share and count, the national
share and "the second most common" trace to the draft's categories in its facts; an invented
share fails, in a draft and in a whole build. A story without categories gains no field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from generator.base.errors import CheckFailed
from generator.checks.trace import trace
from generator.drafts.facts import draft_facts
from generator.drafts.prepared import context_for, prepare
from generator.pipeline import build


@pytest.fixture
def shares(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "shares", tmp_path / "shares")


def untraced(root: Path, slug: str, text: str) -> list[str]:
    prepared = prepare(root, "shares")
    facts = draft_facts(context_for(prepared, slug), prepared.angles[slug], prepared.dataset, "")
    return [t.mention.written for t in trace(text, facts.to_dict()) if not t.ok]


def test_shares_counts_and_order_trace(shares: Path) -> None:
    text = (
        "The most common outcome was 'Charged' (40 per cent), 40 of 100 crimes. The second "
        "most common was 'investigation complete, no suspect identified' (30 per cent). "
        "Across Testland it was 43 per cent, 170 of 400."
    )
    assert untraced(shares, "southshire", text) == []


def test_an_invented_share_fails(shares: Path) -> None:
    assert untraced(shares, "southshire", "'Charged' (45 per cent)") == ["45 per cent"]
    assert untraced(shares, "southshire", "40 of 120 crimes were charged") == ["40 of 120"]
    # four categories and four places with a tally: nothing is fifth
    assert untraced(shares, "northshire", "the fifth most common outcome") == ["fifth"]


def test_a_place_without_a_tally_cannot_claim_one(shares: Path) -> None:
    assert untraced(shares, "westshire", "'Charged' (40 per cent)") == ["40 per cent"]


@pytest.mark.slow
def test_the_shares_story_builds_and_an_invented_share_fails_it(shares: Path) -> None:
    result = build(shares, "shares", out=shares / "out")
    south = (result.out_dir / "southshire" / "draft.md").read_text(encoding="utf-8")
    assert "the most common outcome was 'Charged' (40 per cent)" in south
    assert "Across Testland, the most common outcome was 'investigation complete" in south
    facts = json.loads((result.out_dir / "southshire" / "facts.json").read_text("utf-8"))
    assert facts["categories"][0]["shares"][0]["count"] == 40
    template = shares / "templates/shares/draft.md.j2"
    template.write_text(template.read_text() + "\nCharges made up 45 per cent of outcomes.\n")
    with pytest.raises(CheckFailed) as err:
        build(shares, "shares", out=shares / "again")
    assert "45 per cent" in str(err.value)


def test_a_story_without_categories_has_no_categories_in_its_facts(tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "trend", tmp_path / "trend")
    prepared = prepare(root, "trend")
    slug = "northshire"
    facts = draft_facts(context_for(prepared, slug), prepared.angles[slug], prepared.dataset, "")
    assert "categories" not in facts.to_dict()
