"""A value measure's values trace to its facts ("£1,234.50", "31.0 minutes"); an invented
value fails the fact check, and the test story with a rate and two values builds."""

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
def values(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "values", tmp_path / "values")


def untraced(root: Path, slug: str, text: str) -> list[str]:
    prepared = prepare(root, "values")
    facts = draft_facts(context_for(prepared, slug), prepared.angles[slug], prepared.dataset, "")
    return [t.mention.written for t in trace(text, facts.to_dict()) if not t.ok]


def test_values_and_the_national_figure_trace(values: Path) -> None:
    text = "Spending was £1,234.50 per head against £1,102.95 per head; calls took 42.0 minutes."
    assert untraced(values, "northshire", text) == []
    assert untraced(values, "northshire", "The median was 31.0 minutes.") == []


def test_an_invented_value_fails(values: Path) -> None:
    assert untraced(values, "northshire", "Spending was £1,300 per head.") == ["1,300"]
    assert untraced(values, "northshire", "Calls took 44 minutes.") == ["44"]
    # westshire has no response time: another place's 42 minutes is not its own
    assert untraced(values, "westshire", "Calls took 42.0 minutes.") == ["42.0"]


@pytest.mark.slow
def test_the_values_story_builds_and_an_invented_value_fails_it(values: Path) -> None:
    result = build(values, "values", out=values / "out")
    north = result.out_dir / "northshire"
    draft = (north / "draft.md").read_text(encoding="utf-8")
    assert "The average response time was 42.0 minutes, above the figure for Testland" in draft
    assert "(31.0 minutes), the highest of the four areas with figures" in draft
    assert "£1,234.50 per head, above the figure for Testland (£1,102.95 per head)" in draft
    assert (north / "chart.png").exists() and not (north / "funnel.png").exists()
    alt = (north / "charts.json").read_text(encoding="utf-8")
    assert "Northshire Council's value is the highest" in alt and "42.0 minutes" in alt
    site = (result.out_dir / "site" / "northshire.html").read_text(encoding="utf-8")
    assert 'id="fact-response-amount"' in site and "31.0 minutes" in site
    template = values / "templates/values/draft.md.j2"
    template.write_text(template.read_text() + "\nSpending rose to £1,300 per head.\n")
    with pytest.raises(CheckFailed) as err:
        build(values, "values", out=values / "again")
    assert "1,300" in str(err.value)
