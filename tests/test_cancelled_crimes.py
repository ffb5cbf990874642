"""The bundled story against its seed article and the data, checked independently."""

from __future__ import annotations

import csv
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, read

from generator.build import build

SEED = (FIXTURES / "seed-hampshire.txt").read_text(encoding="utf-8")
FORBIDDEN = re.compile(r"(?i:\bnan\b)|\bNone\b|\b0 of 0\b|\{\{|\}\}|\{%|%\}")
ILLUSTRATIVE = "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION"


def test_all_43_drafts_are_written(built) -> None:
    forces = built.of_kind("place")
    assert len(forces) == 43
    for draft in forces:
        for name in ("article.md", "article.html", "article.txt", "facts.json"):
            assert (built.out_dir / draft.slug / name).stat().st_size > 0


def test_hampshire_carries_every_figure_of_the_seed(built) -> None:
    text = read(built, "hampshire")
    # Every "nine of 17 (53 per cent)" of the seed, taken from the seed itself.
    seed_figures = re.findall(r"(\w+) of (\d+)(?: cases)? \((\d+) per cent\)", SEED)
    assert len(seed_figures) == 4
    for count, base, pct in seed_figures:
        assert f"{count.lower()} of {base} ({pct} per cent)" in text
    for phrase in (
        "nine of 17 (53 per cent) sexual offences",
        "two of 19 (11 per cent) violent offences",
        "six of 18 (33 per cent) robberies",
        "three of 19 (16 per cent) rape cases",
    ):
        assert phrase in text


def test_hampshire_headline_and_lead_say_worst_in_england_and_wales(built) -> None:
    lines = read(built, "hampshire").splitlines()
    assert lines[0] == (
        "# Hampshire Constabulary's incorrect cancellation of sexual offences is "
        "the worst in England and Wales"
    )
    lead = lines[2]
    assert "53 per cent of sexual offences were incorrectly cancelled" in lead
    assert "the worst in England and Wales" in lead
    assert "Hampshire Constabulary, which also covers the Isle of Wight," in lead
    assert "BBC Shared Data Unit" in lead


def test_hampshire_grade_response_and_no_illustrative_warning(built) -> None:
    text = read(built, "hampshire")
    assert 'rated Hampshire Constabulary as "requires improvement"' in text
    assert (
        "Hampshire Constabulary's force lead on crime data integrity, ACC Craig Dibdin, "
        "said progress has been made."
    ) in text
    assert "has been approached for comment" not in text
    assert ILLUSTRATIVE not in text
    assert "EDITOR:" not in text


def test_cheshire_is_flagged_illustrative_on_the_first_line_of_every_output(built) -> None:
    for name in ("article.md", "article.txt"):
        assert read(built, "cheshire", name).splitlines()[0] == ILLUSTRATIVE
    assert f'<p class="banner">{ILLUSTRATIVE}</p>' in read(built, "cheshire", "article.html")
    assert json.loads(read(built, "cheshire", "facts.json"))["flags"]["illustrative"] is True


def test_run_summary_counts_illustrative_drafts(built) -> None:
    # Only Hampshire's and Suffolk's rows are wholly published.
    forces = built.of_kind("place")
    assert sum(d.illustrative for d in forces) == 41
    clean = {d.slug for d in forces if not d.illustrative}
    assert clean == {"hampshire", "suffolk"}


def test_greater_manchester_reads_naturally_around_missing_figures(built) -> None:
    text = read(built, "greater-manchester")
    assert (
        "Inspectors found that one of 20 (5 per cent) sexual offences and five of 20 "
        "(25 per cent) robberies had been incorrectly cancelled."
    ) in text
    assert "Figures for rape cases and violent offences were not available for the force." in text
    assert "victims" not in text.split("## Notes for editors")[0]


@pytest.mark.parametrize("name", ["article.md", "article.txt", "article.html"])
def test_no_draft_prints_a_missing_value_or_template_syntax(built, name: str) -> None:
    for draft in built.of_kind("place"):
        text = read(built, draft.slug, name)
        if name.endswith(".html"):
            text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
        assert not FORBIDDEN.search(text), (draft.slug, FORBIDDEN.search(text).group())


def _oracle() -> dict[str, dict[str, tuple[int, int]]]:
    """Position and tie size per force and category, computed here from the CSV alone."""
    with open(ROOT / "data/cancelled-crimes/figures.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for key in ("rape", "sexual", "violence", "robbery"):
        rates = {
            r["force"]: Fraction(int(r[f"{key}_incorrect"]), int(r[f"{key}_sampled"]))
            for r in rows
            if r[f"{key}_sampled"] and r[f"{key}_incorrect"]
        }
        for force, rate in rates.items():
            above = sum(1 for v in rates.values() if v > rate)
            tied = sum(1 for v in rates.values() if v == rate)
            out.setdefault(force, {})[key] = (above + 1, tied)
    return out


def test_every_superlative_is_true(built) -> None:
    oracle = _oracle()
    seen = 0
    for draft in built.of_kind("place"):
        facts = json.loads(read(built, draft.slug, "facts.json"))
        text = read(built, draft.slug)
        for m in facts["measures"]:
            claim = (m.get("rank") or {}).get("claim") or ""
            if m["measure"] not in oracle[draft.name]:
                continue
            position, tied = oracle[draft.name][m["measure"]]
            if claim.startswith("the worst"):
                assert (position, tied) == (1, 1), (draft.slug, m["measure"])
                seen += 1
            if claim.startswith("the joint worst"):
                assert position == 1 and tied > 1
        unearned = [c for c in re.findall(r"the (?:joint )?worst in England and Wales", text)]
        earned = [
            m
            for m in facts["measures"]
            if ((m.get("rank") or {}).get("claim") or "").endswith("worst in England and Wales")
        ]
        assert not unearned or earned, draft.slug
    assert seen >= 3  # Hampshire (sexual), West Midlands (violence), Cheshire (rape)


@pytest.mark.slow
def test_a_changed_figure_moves_worst_with_no_code_change(project: Path, tmp_path: Path) -> None:
    csv_path = project / "data/cancelled-crimes/figures.csv"
    text = csv_path.read_text(encoding="utf-8")
    kent = "Kent Police,2018,outstanding,20,0,20,1,"
    assert kent in text
    csv_path.write_text(
        text.replace(kent, "Kent Police,2018,outstanding,20,0,17,12,"), encoding="utf-8"
    )
    result = build(project, "cancelled-crimes", out=tmp_path / "out")
    kent_draft = read(result, "kent")
    hampshire = read(result, "hampshire")
    assert kent_draft.splitlines()[4] == (
        "# Kent Police's incorrect cancellation of sexual "
        "offences is the worst in England and Wales"
    )
    assert "12 of 17 (71 per cent) sexual offences" in kent_draft
    assert "sexual offences is the worst" not in hampshire
    assert (
        "Its rate for sexual offences, 53 per cent, was the second worst in England and Wales."
    ) in hampshire
