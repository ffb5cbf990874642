"""Every measure of both bundled stories, through every output, shows the value and the rank the
presenter (:mod:`generator.language.present`) gives: the facts, the Word table, the charts'
labels and alt text, the draft's own text (its lead figure, its rank words) and ninjs.

Slow: builds both stories whole."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import docx
import pytest
from conftest import ROOT

from generator.drafts.fact_types import DraftFacts, MeasureFacts, load
from generator.inputs.story import load_story
from generator.language import present
from generator.outputs.charts import HIGHLIGHT
from generator.pipeline import build

pytestmark = pytest.mark.slow

STORIES = ("cancelled-crimes", "police-misconduct")
SVG_TEXT = "{http://www.w3.org/2000/svg}text"


@pytest.fixture(scope="module", params=STORIES)
def story_out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """(story slug, its measures' scales, its output folder), each story built once."""
    slug = request.param
    out = build(ROOT, slug, out=tmp_path_factory.mktemp(slug)).out_dir
    scales = {m.key: (m.per, m.decimals) for m in load_story(ROOT, slug).measures}
    return slug, scales, out


def place_folders(out: Path) -> list[tuple[Path, DraftFacts]]:
    found = []
    for path in sorted(out.glob("*/facts.json")):
        facts = load(path)
        if isinstance(facts, DraftFacts):
            found.append((path.parent, facts))
    assert len(found) >= 40
    return found


def word_rows(folder: Path) -> dict[str, list[str]]:
    document = docx.Document(io.BytesIO((folder / "article.docx").read_bytes()))
    return {row.cells[0].text: [c.text for c in row.cells] for row in document.tables[0].rows}


def highlighted(svg: str) -> list[str]:
    """The text the chart sets in the highlight colour (the place's label and its value)."""
    return [
        t.text or ""
        for t in ET.fromstring(svg).iter(SVG_TEXT)
        if f"fill: {HIGHLIGHT.lower()}" in (t.get("style") or "").lower()
    ]


def expected_row(m: MeasureFacts, per: int, decimals: int) -> list[str]:
    assert m.figure is not None and m.pooled is not None
    rank = m.rank
    return [
        present.capital(m.label),  # a label opening a table row
        present.figures(m.figure.count),
        present.figures(m.figure.base),
        present.rate_label(Fraction(m.figure.count, m.figure.base), per, decimals),
        "not ranked" if rank is None else present.rank_label(rank.position, rank.tied, rank.base),
        present.rate_label(Fraction(m.pooled.count, m.pooled.base), per, decimals),
    ]


def test_every_measure_reads_the_same_in_facts_and_word(story_out) -> None:  # type: ignore[no-untyped-def]
    _, scales, out = story_out
    for folder, facts in place_folders(out):
        rows = word_rows(folder)
        for m in facts.measures:
            per, decimals = scales[m.measure]
            label = present.capital(m.label)
            if m.figure is None:
                # one "no figure" cell across count, sample, share and rank; the pooled share
                assert m.pooled is not None
                pooled = present.rate_label(Fraction(m.pooled.count, m.pooled.base), per, decimals)
                assert rows[label][1:] == [present.NO_FIGURE] * 4 + [pooled], folder.name
                continue
            row = expected_row(m, per, decimals)
            assert rows[label] == row, folder.name
            assert m.figure.label == row[3] and m.figure.text.endswith(f"({row[3]})")
            assert m.pooled is not None and m.pooled.label == row[5]
            if m.rank is not None:
                assert m.rank.label == row[4]


def test_rank_words_in_drafts_follow_the_presenter(story_out) -> None:  # type: ignore[no-untyped-def]
    """A draft's rank claim is "joint" exactly when the rank is shared, with the presenter's
    ordinal; the ordinal tables print is the same number."""
    _, _, out = story_out
    claims = 0
    for _, facts in place_folders(out):
        for m in facts.measures:
            rank = m.rank
            if rank is None or rank.claim is None or m.figure is None or not m.figure.count:
                continue
            claims += 1
            assert rank.claim.startswith("the joint ") == (rank.tied > 1), rank.claim
            if 2 <= rank.position <= 10:
                assert f" {present.ordinal(rank.position)} " in rank.claim
            assert rank.label.removeprefix("joint ").startswith(
                present.ordinal_figure(rank.position)
            )
    assert claims


def test_the_lead_figure_reads_the_same_in_the_draft_ninjs_and_charts(story_out) -> None:  # type: ignore[no-untyped-def]
    _, scales, out = story_out
    for folder, facts in place_folders(out):
        markdown = (folder / "article.md").read_text(encoding="utf-8")
        ninjs = json.loads((folder / "article.ninjs.json").read_text(encoding="utf-8"))
        assert ninjs["headlines"][0]["value"] == facts.headline
        body = ninjs["bodies"][1]["value"]
        charts = json.loads((folder / "charts.json").read_text(encoding="utf-8"))
        for m in facts.measures:
            if m.figure is None:
                continue
            per, decimals = scales[m.measure]
            exact = Fraction(m.figure.count, m.figure.base)
            if m.measure == facts.lead.measure and m.figure.count:
                said = {
                    present.rate(exact, per, decimals),
                    present.rate_label(exact, per, decimals),
                }
                assert any(s in markdown for s in said), (folder.name, said)
                assert any(s in body for s in said), (folder.name, said)
            if charts.get("measure") == m.measure:
                spoken = present.spoken_rate(exact, per, decimals)
                assert f"is highlighted: {spoken}." in charts["chart"]["alt"]
                assert f"({spoken})" in charts["funnel"]["alt"]
                svg = (folder / charts["chart"]["svg"]).read_text(encoding="utf-8")
                assert present.axis_value(exact, per, decimals) in highlighted(svg)
                assert m.pooled is not None
                pooled = present.rate_label(Fraction(m.pooled.count, m.pooled.base), per, decimals)
                assert any(t.endswith(f": {pooled}") for t in ET.fromstring(svg).itertext())
