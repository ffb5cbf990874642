"""Partners, regional round-ups, the national story and radio scripts."""

from __future__ import annotations

import csv
import json
import math
import re
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, read

from generator.checks.style import sentences
from generator.cli import main
from generator.drafts.radio import FLOOR, estimate_seconds
from generator.language.filters import proportion
from generator.pipeline import build

SEED = (FIXTURES / "seed-hampshire.txt").read_text(encoding="utf-8")
YORKSHIRE = [
    "North Yorkshire Police",
    "West Yorkshire Police",
    "South Yorkshire Police",
    "Humberside Police",
]
CATEGORIES = {
    "sexual": "sexual offences",
    "rape": "rape cases",
    "violence": "violent offences",
    "robbery": "robberies",
}


def paragraph(text: str, *words: str) -> str:
    """The one paragraph of ``text`` that holds every one of ``words``."""
    found = [p for p in text.split("\n\n") if all(w in p for w in words)]
    assert len(found) == 1, (words, found)
    return found[0]


def rows() -> dict[str, dict[str, str]]:
    with open(ROOT / "data/cancelled-crimes/figures.csv", encoding="utf-8") as f:
        return {r["force"]: r for r in csv.DictReader(f)}


def test_yorkshire_post_totals_are_the_sums_in_the_data(built) -> None:
    facts = json.loads(read(built, "partners/yorkshire-post", "facts.json"))
    assert facts["places"] == YORKSHIRE
    data = rows()
    for m in facts["measures"]:
        key = m["measure"]
        count = sum(
            int(data[f][f"{key}_incorrect" if key != "victims" else "victims_not_told"])
            for f in YORKSHIRE
        )
        base = sum(int(data[f][f"{key}_sampled"]) for f in YORKSHIRE)
        assert (m["total"]["count"], m["total"]["base"]) == (count, base), key
    # The release's published regional facts.
    text = read(built, "partners/yorkshire-post", "roundup.md")
    assert "30 of 156 (19 per cent) victims" in text
    sexual = paragraph(text, "sexual offences", "13 of 80")
    assert re.search(r"\b(13|Thirteen) of 80 \(16 per cent\)", sexual), sexual


def test_yorkshire_post_names_the_worst_of_the_four_in_each_category(built) -> None:
    text = read(built, "partners/yorkshire-post", "roundup.md")
    data = rows()
    for key in CATEGORIES:
        rates = {
            f: Fraction(int(data[f][f"{key}_incorrect"]), int(data[f][f"{key}_sampled"]))
            for f in YORKSHIRE
        }
        top = max(rates.values())
        worst = [f for f, r in rates.items() if r == top]
        assert len(worst) == 1  # no ties in the bundled data
        row = data[worst[0]]
        said = proportion(int(row[f"{key}_incorrect"]), int(row[f"{key}_sampled"]))
        prose = text.split("## How the forces compare")[0]
        found = [p for p in prose.split("\n\n") if "highest rate in the region" in p]
        para = next((p for p in found if CATEGORIES[key] in p), "")
        assert (
            f"{worst[0]} had the highest rate in the region, {said}." in para
            or f"The highest rate in the region was at {worst[0]}, {said}." in para
            # the worst force's figure, given once earlier in the story with the force named,
            # is not said again ("had the highest rate in the region" would repeat it)
            or any(worst[0] in p and said in p for p in prose.split("\n\n"))
        ), (key, para)
    for force in YORKSHIRE:
        assert f"- {force}: " in text


def test_isle_of_wight_county_press_matches_the_seed(built) -> None:
    text = read(built, "partners/isle-of-wight-county-press", "article.md")
    for count, base, pct in re.findall(r"(\w+) of (\d+)(?: cases)? \((\d+) per cent\)", SEED):
        said = f"{count.lower()} of {base} ({pct} per cent)"  # or opening a sentence
        assert said in text or said.capitalize() in text, said
    assert "which also covers the Isle of Wight" in text
    # The seed's headline fact, in a headline with a verb; the lede states it in full.
    # its figures are published; its ranks and the national rates rest on other forces' stand-ins
    banner, text = text.split("\n\n", 1)
    assert banner.startswith("ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: Hampshire")
    headline = text.splitlines()[0]
    assert headline == "# Hampshire police have worst record for wrongly cancelled sex crimes"
    assert text.split("\n\n")[1] == (
        "Nine of 17 (53 per cent) sexual offences that inspectors checked at Hampshire "
        "Constabulary, which also covers the Isle of Wight, were incorrectly cancelled, the "
        "worst in England and Wales."
    )
    assert "Assistant Chief Constable Craig Dibdin" in text
    assert "has been approached for comment" not in text


def test_an_outlet_set_to_percent_sign_uses_it(built) -> None:
    text = read(built, "partners/hampshire-live", "article.md")
    body = text.split("## Notes")[0]
    paragraphs = body.split("\n\n")
    lede = paragraphs[next(i for i, p in enumerate(paragraphs) if p.startswith("# ")) + 1]
    assert lede.startswith("Nine of 17 (53%) sexual offences"), lede
    # Paragraphs printed word for word from a quotes file (the force's reported rebuttal says
    # "97 per cent") keep their wording; every sentence the template writes uses the sign.
    facts = json.loads(read(built, "partners/hampshire-live", "facts.json"))
    verbatim = [
        t
        for q in facts["quotes"]
        for t in [*q["paragraphs"], *q["reported"], *(c["text"] for c in q["context"])]
    ]
    assert any("97 per cent" in t and t in body for t in verbatim)
    for t in verbatim:
        body = body.replace(t, "")
    assert " per cent" not in body


NATIONAL = {
    "rape": ("Nineteen", "rape case"),
    "sexual": ("Thirty-eight", "sexual offence"),
    "violence": ("Thirty-seven", "violent offence"),
    "robbery": ("Twenty-eight", "robbery"),
}


def test_national_counts_of_forces_come_from_the_data(built) -> None:
    text = read(built, "national", "national.md")
    facts = json.loads(read(built, "national", "facts.json"))
    counts = {m["measure"]: m["places_with_at_least_one"] for m in facts["measures"]}
    assert {k: counts[k] for k in NATIONAL} == {
        "rape": 19,
        "sexual": 38,
        "violence": 37,
        "robbery": 28,
    }
    rape = paragraph(text, "at least one rape case")
    assert re.search(r"\b(Nineteen|19) of the 42 forces with figures\b", rape), rape
    sexual = paragraph(text, "at least one sexual offence")
    # every force has a figure for sexual offences: no "with figures"
    assert re.search(r"\b(Thirty-eight|38) of the 43 forces\b(?! with figures)", sexual), sexual
    assert re.search(
        r"(The highest rate was at Hampshire Constabulary|Hampshire Constabulary had the "
        r"highest rate), nine of 17 \(53 per cent\)\.",
        sexual,
    ), sexual
    assert "Four forces shared the highest rate, 33 per cent:" in text


@pytest.mark.slow
def test_national_counts_change_when_the_data_changes(project: Path, tmp_path: Path) -> None:
    figures = project / "data/cancelled-crimes/figures.csv"
    text = figures.read_text(encoding="utf-8")
    old = "Surrey Police,2018,good,20,0,"
    assert old in text
    figures.write_text(text.replace(old, "Surrey Police,2018,good,20,1,"), encoding="utf-8")
    result = build(project, "cancelled-crimes", out=tmp_path / "out")
    national = read(result, "national", "national.md")
    rape = paragraph(national, "at least one rape case")
    assert re.search(r"\b(Twenty|20) of the 42 forces with figures\b", rape), rape


def _scripts(built) -> list[tuple[str, dict]]:
    found = []
    for path in sorted(built.out_dir.rglob("radio*.json")):
        if path.is_relative_to(built.out_dir / "packs"):
            continue
        for script in json.loads(path.read_text(encoding="utf-8"))["scripts"]:
            found.append((str(path.relative_to(built.out_dir)), script))
    return found


def test_every_radio_script_is_timed_at_or_under_its_target(built) -> None:
    scripts = _scripts(built)
    # 43 forces and 40 stations, four scripts each.
    assert len(scripts) == (43 + 40) * 4
    for where, script in scripts:
        target = script["target_seconds"]
        estimate = estimate_seconds(script["text"])
        assert FLOOR * target <= estimate <= target, (where, estimate)
        assert script["estimated_seconds"] == math.ceil(round(estimate, 6)) <= target
        assert script["words"] == len(script["text"].split())


def test_radio_scripts_are_written_for_the_ear(built) -> None:
    for where, script in _scripts(built):
        text = script["text"]
        assert not re.search(r"[()\[\]]", text), where
        assert "HMICFRS" not in text and "%" not in text, where
        for sentence in sentences(text):
            assert not sentence.lstrip("\"“'")[:1].isdigit(), (where, sentence)


def run(*args: str):
    return CliRunner().invoke(main, ["--root", str(ROOT), *args, "--story", "cancelled-crimes"])


@pytest.mark.slow
def test_snippets_for_a_station() -> None:
    result = run("snippets", "--station", "BBC Radio Leicester", "--seconds", "20")
    assert result.exit_code == 0, result.output
    warnings, _, scripts = result.output.partition("BBC Radio Leicester\n\n")
    assert "NO RESPONSE FROM LEICESTERSHIRE POLICE" in warnings  # as radio.md opens
    assert scripts.startswith("CUE (20 seconds): ")
    assert "COPY (20 seconds)" in result.output and "(40 seconds)" not in result.output
    assert "Leicestershire Police" in result.output


@pytest.mark.slow
def test_snippets_json_for_a_force() -> None:
    result = run("snippets", "--place", "hampshire", "--json")
    payload = json.loads(result.output)
    assert payload["for"] == "Hampshire Constabulary"
    assert [(s["part"], s["target_seconds"]) for s in payload["scripts"]] == [
        ("cue", 20),
        ("copy", 20),
        ("cue", 40),
        ("copy", 40),
    ]
    copy = payload["scripts"][1]["text"]
    assert "The force says progress has been made." in copy


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["--station", "BBC Radio Leicster"], "Did you mean 'BBC Radio Leicester'?"),
        (["--place", "hampshir"], "hampshire"),
    ],
)
def test_snippets_unknown_names_get_the_closest(args: list[str], suggestion: str) -> None:
    result = run("snippets", *args)
    assert result.exit_code == 1
    assert suggestion in result.output
    assert "Traceback" not in result.output
