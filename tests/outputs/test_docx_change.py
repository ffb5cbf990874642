"""The Word document lists a measure's change beside its figures: a "Change since" table with
the earlier rate, the latest, the change and the rank by change (only when a measure declares
a change, so other stories' documents are unchanged)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project
from docx import Document

from generator.pipeline import build


def _tables(path: Path) -> list[list[list[str]]]:
    document = Document(io.BytesIO(path.read_bytes()))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


@pytest.mark.slow
def test_a_places_word_document_lists_its_change(tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "trend", tmp_path / "trend")
    result = build(root, "trend", out=root / "out")
    tables = _tables(result.out_dir / "northshire" / "draft.docx")
    change = tables[-1]
    assert change[0] == ["Measure", "In 2012", "Latest", "Change", "Rank by change"]
    assert change[1] == [
        "Unsolved cases",  # the measure's label "unsolved cases", capitalised to open a row
        "43%",
        "60%",
        "up 17 percentage points since 2012 (43% in 2012)",
        "1st of 4 (the biggest rise)",
    ]
    assert change[2][:3] == ["Complaints", "1.8 per 1,000", "3.0 per 1,000"]
    west = _tables(result.out_dir / "westshire" / "draft.docx")[-1]
    assert west[0][:2] == ["Measure", "Count"]  # no figure in both periods: no change table
