"""Numbers a template prints from the story's ``settings:`` trace at any depth (mappings and
lists inside settings), as they do at the top level (generator/checks/allowed.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run

from generator.checks.trace import trace

TEXT = "Figures from 2012 to 2016, at 2.5 per officer, in the 2019-20 report."


def traced(settings: dict[str, Any]) -> dict[str, str | None]:
    return {t.mention.written: t.source for t in trace(TEXT, {}, settings)}


def test_numbers_at_the_top_of_settings_trace() -> None:
    found = traced({"start": 2012, "end": 2016, "per_officer": 2.5, "report": "2019-20 report"})
    assert found == {
        "2012": "settings.start",
        "2016": "settings.end",
        "2.5": "settings.per_officer",
        "2019": "settings.report",
        "20": "settings.report",
    }


def test_numbers_in_nested_settings_trace_with_their_path() -> None:
    settings = {
        "periods": {"start": 2012, "end": 2016},
        "rates": [{"per_officer": 2.5}],
        "reports": ["2019-20 report"],
    }
    assert traced(settings) == {
        "2012": "settings.periods.start",
        "2016": "settings.periods.end",
        "2.5": "settings.rates[0].per_officer",
        "2019": "settings.reports",
        "20": "settings.reports",
    }


def test_a_number_in_a_list_of_settings_traces() -> None:
    found = traced({"years": [2012, 2016]})
    assert found["2012"] == "settings.years[0]" and found["2016"] == "settings.years[1]"


def test_a_number_nowhere_in_settings_is_still_refused() -> None:
    found = traced({"periods": {"start": 2013, "flag": True}, "names": ["2.4 teams"]})
    assert found == {"2012": None, "2016": None, "2.5": None, "2019": None, "20": None}


@pytest.mark.slow
def test_a_template_printing_a_nested_setting_builds(tiny: Path) -> None:
    manifest = tiny / "templates" / "tiny" / "story.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + "settings:\n  periods:\n    start: 2012\n    years: [2014, 2016]\n",
        encoding="utf-8",
    )
    template = tiny / "templates" / "tiny" / "draft.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8")
        + "\nFigures since {{ story.settings.periods.start }}, "
        "and in {{ story.settings.periods.years | join(' and ') }}.\n",
        encoding="utf-8",
    )
    built = run(tiny, "build", "--story", "tiny")
    assert built.exit_code == 0, built.output
    draft = (tiny / "out" / "tiny" / "northshire" / "draft.md").read_text(encoding="utf-8")
    assert "Figures since 2012, and in 2014 and 2016." in draft
