"""The second story, police misconduct: built from files under templates/, data/ and quotes/
alone, with rankings that carry the caution the funnel plot calls for."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, copy_project

from generator.checks.style import LEDE_WORDS, house_style, lede_of, short_headline_of
from generator.cli import main
from generator.drafts.jobs import render_outlet, render_place
from generator.drafts.prepared import covered, prepare
from generator.language.wording import CHANCE
from generator.pipeline import BuildResult, build

pytestmark = pytest.mark.slow  # every test here builds whole stories or drives a browser

STORY = "police-misconduct"
DATA = ROOT / "data" / STORY / "iopc_forfunnel.csv"
ABSENT = {"lancashire", "humberside", "lincolnshire", "gloucestershire", "dyfed-powys"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(ROOT, STORY, out=tmp_path_factory.mktemp("misconduct"))


def rows() -> list[dict[str, str]]:
    """The file's rows with a name, read here with the csv module (not the engine)."""
    with DATA.open(encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.DictReader(f) if r["item name"].strip()]


def article(result: BuildResult, slug: str) -> str:
    return (result.out_dir / slug / "article.md").read_text(encoding="utf-8")


def test_the_data_file_is_the_published_one_unchanged() -> None:
    raw = DATA.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # byte-order mark
    assert b"\r\n" in raw and raw.count(b",,,\r\n") > 900  # Windows endings, empty rows
    assert len(rows()) == 39


def test_a_draft_for_every_territorial_force_in_the_file(built: BuildResult) -> None:
    places = {d.slug for d in built.of_kind("place")}
    assert len(places) == 43  # 38 forces in the file and five with no row (data.absent: draft)
    assert places >= ABSENT
    for slug in places - ABSENT:
        facts = json.loads((built.out_dir / slug / "facts.json").read_text())
        assert facts["measures"][0]["available"] is True, slug
    assert not (built.out_dir / "british-transport-police").exists()


def test_north_wales_is_highest_at_2_9_per_1000_with_the_caution(built: BuildResult) -> None:
    text = article(built, "north-wales")
    lede = lede_of(text)
    assert re.search(r"\beight of (the|its) 2,781 officers and staff\b", lede), lede
    assert "misconduct case to answer" in lede or "misconduct rate" in lede
    assert "highest" in lede and "38 forces with figures" in lede
    body = text.split("## Notes")[0]
    compared = re.search(r"2\.9 per 1,000.{0,40}higher than the 1\.4 per 1,000", body)
    assert compared, body
    assert body.index("may be down to chance") > compared.end()  # the caveat follows it
    assert "33 of the 38 forces with figures have rates within the range" in body
    assert "beyond the inner control limit but within the outer one" in text
    assert CHANCE in text.split("## Notes")[1]  # the technical caution stays in the notes
    assert "significantly" not in text
    # The 38 and the rate, worked out here from the file: North Wales is the unshared highest.
    territorial = [r for r in rows() if r["item name"] != "British Transport Police"]
    rates = {
        r["item name"]: Fraction(int(r["indicator number"]), int(r["sample size"]))
        for r in territorial
    }
    assert len(rates) == 38 and max(rates, key=rates.get) == "North Wales Police"
    assert sorted(rates.values())[-2] < rates["North Wales Police"]
    assert 2.85 <= float(rates["North Wales Police"] * 1000) < 2.95


def test_the_rate_across_forces_leaves_out_british_transport_police(built: BuildResult) -> None:
    territorial = [r for r in rows() if r["item name"] != "British Transport Police"]
    count = sum(int(r["indicator number"]) for r in territorial)
    base = sum(int(r["sample size"]) for r in territorial)
    assert (count, base) == (299, 213249)
    facts = json.loads((built.out_dir / "north-wales" / "facts.json").read_text())
    pooled = facts["measures"][0]["pooled"]
    assert (pooled["count"], pooled["base"], pooled["value"]) == (count, base, "1.4")
    assert "than the 1.4 per 1,000 across the 38 forces with figures" in article(
        built, "north-wales"
    )


def test_the_run_reports_british_transport_police_and_the_absent_forces(
    built: BuildResult,
) -> None:
    skipped = [w for w in built.warnings if "British Transport Police" in w]
    assert skipped == [
        "data/police-misconduct/iopc_forfunnel.csv: row 37 (British Transport Police) left "
        "out: not a territorial force (it polices the railways), so it is not ranked with the "
        "forces of England and Wales (data.skip in templates/police-misconduct/story.yaml)"
    ]
    absent = [w for w in built.warnings if "has no row for" in w]
    assert len(absent) == 1 and "5 forces" in absent[0] and "Lancashire Constabulary" in absent[0]
    manifest = json.loads((built.out_dir / "manifest.json").read_text())
    assert skipped[0] in manifest["warnings"]["messages"]


def test_no_draft_prints_nan_or_an_invented_zero(built: BuildResult) -> None:
    for path in built.out_dir.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bnan\b|\bNone\b", text, re.IGNORECASE), path
        assert not re.search(r"(?<![\d.])0(\.0)? per 1,000", text), path
    for slug in ABSENT:
        text = article(built, slug)
        assert "no number for" in lede_of(text)
        assert "there is no number for the force: do not report one" in text
        facts = json.loads((built.out_dir / slug / "facts.json").read_text())
        assert facts["flags"]["no_row"] is True
        assert facts["measures"][0]["available"] is False and "figure" not in facts["measures"][0]


def test_absent_skip_writes_no_draft_and_says_so(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    manifest = project / "templates" / STORY / "story.yaml"
    manifest.write_text(manifest.read_text().replace("absent: draft", "absent: skip"))
    result = build(project, STORY, out=tmp_path / "out")
    places = {d.slug for d in result.of_kind("place")}
    assert len(places) == 38 and not places & ABSENT
    assert any("no draft is written for them (data.absent: skip)" in w for w in result.warnings)
    # A round-up covering a force with no row names it as having no figure only when it has a
    # draft; with skip, the Yorkshire round-up covers the three forces that have figures.
    roundup = (result.out_dir / "partners/yorkshire-post/roundup.md").read_text()
    assert "Humberside" not in roundup.split("## Notes")[0].split("\n", 3)[-1]


def test_without_its_skip_british_transport_police_is_a_clear_error(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    manifest = project / "templates" / STORY / "story.yaml"
    raw = yaml.safe_load(manifest.read_text())
    del raw["data"]["skip"]
    manifest.write_text(yaml.safe_dump(raw, sort_keys=False))
    before = (
        sorted(p.name for p in (project / "out").glob("*")) if (project / "out").exists() else []
    )
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--story", STORY])
    assert result.exit_code == 1
    assert "row 37, column 'item name'" in result.output
    assert "'British Transport Police': matches no place" in result.output
    assert "Traceback" not in result.output
    after = (
        sorted(p.name for p in (project / "out").glob("*")) if (project / "out").exists() else []
    )
    assert before == after


def test_the_funnel_plot_highlights_the_force_in_its_own_folder(built: BuildResult) -> None:
    folder = built.out_dir / "north-wales"
    charts = json.loads((folder / "charts.json").read_text())
    assert charts["measure"] == "misconduct"
    funnel = charts["funnel"]
    assert (folder / funnel["png"]).read_bytes().startswith(b"\x89PNG")
    svg = (folder / funnel["svg"]).read_text()
    assert "North Wales" in svg
    assert "North Wales Police (2.9 per 1,000) is above the 95 per cent limit" in funnel["alt"]
    assert f"the highest of the 38 forces with figures, though {CHANCE}" in funnel["alt"]
    national = json.loads((built.out_dir / "national" / "charts.json").read_text())
    assert [c["measure"] for c in national["charts"]] == ["misconduct"]


def test_generator_holds_nothing_about_this_story() -> None:
    words = re.compile(r"misconduct|IOPC|British Transport|per 1,000 staff|iopc", re.IGNORECASE)
    for path in (ROOT / "generator").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".j2", ".js", ".css", ".html"):
            assert not words.search(path.read_text(encoding="utf-8")), path


def test_the_manifest_is_all_the_story_needs() -> None:
    story_files = {
        p.relative_to(ROOT).as_posix()
        for folder in ("templates", "data", "quotes")
        for p in (ROOT / folder / STORY).rglob("*")
        if p.is_file()
    }
    assert "templates/police-misconduct/story.yaml" in story_files
    assert "data/police-misconduct/iopc_forfunnel.csv" in story_files


def test_bad_values_for_the_new_manifest_settings_are_named(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    manifest = project / "templates" / STORY / "story.yaml"
    text = manifest.read_text()
    text = text.replace("absent: draft", "absent: maybe")
    text = text.replace("method: exact", "method: poisson")
    text = text.replace("per: 1000", "per: 0")
    text = text.replace("decimals: 1", "decimals: one")
    manifest.write_text(text)
    (project / "out").mkdir()
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--story", STORY])
    assert result.exit_code == 1 and "Traceback" not in result.output
    shown = "templates/police-misconduct/story.yaml"
    for expected in (
        f"{shown}, column 'data.absent': 'maybe': must be 'skip' or 'draft'",
        f"{shown}, column 'funnel.method': 'poisson': must be 'exact' or 'normal'",
        f"{shown}, column 'measures[0].per': '0': must be a whole number, at least 1",
        f"{shown}, column 'measures[0].decimals': 'one': must be a whole number, at least 0",
    ):
        assert expected in result.output, expected
    assert not any((project / "out").iterdir())


# House style (issue 13; /work/shared/STYLE.md, "News judgement")

GOOD_NEWS = {"better", "below", "clean"}


def headline(text: str) -> str:
    return next(line[2:] for line in text.splitlines() if line.startswith("# "))


def force_drafts(result: BuildResult) -> dict[str, str]:
    return {d.slug: article(result, d.slug) for d in result.of_kind("place")}


def test_no_prose_draft_has_a_house_style_warning(built: BuildResult) -> None:
    names = {"article.md", "roundup.md", "national.md"}
    prose = [p for p in built.out_dir.rglob("*.md") if p.name in names and "packs" not in p.parts]
    assert len(prose) == 43 + 16 + 1  # force drafts, partner copies and the national draft
    for path in prose:
        text = path.read_text(encoding="utf-8")
        assert house_style(text, str(path)) == [], path
        assert short_headline_of(text), path
    assert not [w for w in built.warnings if "headline" in w or "lede" in w]
    assert not [s for d in built.drafts for s in d.style]


def test_no_opening_clause_is_shared_by_more_than_a_quarter_of_force_drafts(
    built: BuildResult,
) -> None:
    drafts = force_drafts(built)
    assert len(drafts) == 43
    openings = Counter(" ".join(lede_of(text).split()[:6]) for text in drafts.values())
    clause, shared = openings.most_common(1)[0]
    assert shared <= len(drafts) // 4, (clause, shared)
    # and no frame dominates: the first three words of the lede vary too
    frames = Counter(" ".join(lede_of(text).split()[:3]) for text in drafts.values())
    assert frames.most_common(1)[0][1] <= len(drafts) // 4, frames.most_common(3)


def test_north_wales_headline_names_the_force_with_a_verb(built: BuildResult) -> None:
    text = article(built, "north-wales")
    title = headline(text)
    assert "North Wales" in title and len(title) <= 70
    assert re.search(r"\b(has|have|had|finds|ranks|face|faces|tops|records)\b", title), title
    assert "highest" in title
    assert not re.search(r"North Wales Police's (rate|incorrect)", title)  # not nominalised
    short = short_headline_of(text)
    assert "North Wales" in short and "highest" in short and len(short) <= 40
    facts = json.loads((built.out_dir / "north-wales" / "facts.json").read_text())
    assert facts["headline"] == title and facts["headline_short"] == short


def test_forces_better_than_average_are_good_news_with_lower_than(built: BuildResult) -> None:
    better = 0
    for slug, text in force_drafts(built).items():
        facts = json.loads((built.out_dir / slug / "facts.json").read_text())
        measure = facts["measures"][0]
        if facts["lead"]["kind"] not in GOOD_NEWS or measure["pooled"]["versus"] != "below":
            continue
        better += 1
        title = headline(text).lower()
        assert re.search(r"better than most|less likely than most|lowest|below-average", title)
        assert not re.search(r"highest|worst|above", title), title
        body = text.split("## Notes")[0]
        assert "lower than the 1.4 per 1,000 across" in body, slug
        assert "compared with" not in body
    assert better == 18  # Suffolk to City of London: every force below the rate across forces


def test_ranks_are_exact_and_the_chance_caveat_follows_the_comparison(
    built: BuildResult,
) -> None:
    for slug, text in force_drafts(built).items():
        body = text.split("## Notes")[0]
        facts = json.loads((built.out_dir / slug / "facts.json").read_text())
        measure = facts["measures"][0]
        assert "among the" not in body.replace("among 38 forces", ""), slug
        if not measure["available"]:
            assert "may be down to chance" not in body
            continue
        rank = measure["rank"]
        if rank["claim_extreme"]:
            words = rank["claim_extreme"].removeprefix("the ").split(" of ")[0]
            assert re.search(f"the {words} (misconduct )?rate", lede_of(text)), slug
        caution = measure["funnel"]["caution"]
        if caution is None:  # no comparison to hedge (in line), or a zero
            assert "may be down to chance" not in body, slug
        else:
            assert body.count("may be down to chance") == 1, slug
            compared = re.search(r"(higher|lower) than the 1\.4 per 1,000", body)
            assert compared and body.index("may be down to chance") > compared.end(), slug
        # the unit's key caution is in every draft with a figure, near the top
        key = "33 of the 38 forces with figures have rates within the range"
        assert key in body and body.index(key) < body.index("The figures count"), slug


def test_every_phrasing_passes_the_fact_check_and_house_style() -> None:
    """Each place rendered at every rotation of the phrasings (so every frame of every pick is
    used), the partner copies, round-ups and national draft too: the fact check passes (a
    failure raises) and there are no house-style warnings; openings stay varied."""
    prepared = prepare(ROOT, STORY)
    outlets = [o for o in covered(prepared) if not o.is_broadcast]
    for rotation in range(12):  # the picks offer 2, 3 and 4 phrasings
        prepared.rotation, prepared._variants = rotation, None
        openings: Counter[str] = Counter()
        for slug in prepared.dataset.records:
            files, result = render_place(prepared, slug, scopes=("place",))
            assert result.style == (), (rotation, result.style)
            lede = lede_of(str(files["article.md"]))
            assert len(lede.split()) <= LEDE_WORDS
            openings[" ".join(lede.split()[:6])] += 1
        assert openings.most_common(1)[0][1] <= len(prepared.dataset.records) // 4, rotation
        for outlet in outlets:
            _, result = render_outlet(prepared, outlet)
            assert result.style == (), (rotation, result.style)


def _edited(tmp_path: Path, rows: dict[str, tuple[int, int]]) -> BuildResult:
    project = copy_project(ROOT, tmp_path / "project")
    data = project / "data" / STORY / "iopc_forfunnel.csv"
    lines = data.read_bytes().decode("utf-8-sig").split("\r\n")
    for i, line in enumerate(lines):
        cells = line.split(",")
        if cells and cells[0] in rows:
            count, base = rows[cells[0]]
            header = lines[0].split(",")
            cells[header.index("indicator number")] = str(count)
            cells[header.index("sample size")] = str(base)
            lines[i] = ",".join(cells)
    data.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    return build(project, STORY, out=tmp_path / "out")


def test_a_shared_rank_names_who_shares_it_and_a_zero_is_never_hedged(tmp_path: Path) -> None:
    result = _edited(
        tmp_path,
        {"Leicestershire Police": (8, 2781), "Wiltshire Constabulary": (0, 2115)},
    )
    assert not [s for d in result.drafts for s in d.style]
    text = article(result, "north-wales")
    assert "joint highest" in headline(text)
    assert "Leicestershire had the same rate" in text.split("## Notes")[0]
    text = article(result, "leicestershire")
    assert "joint highest" in headline(text)
    assert "North Wales had the same rate" in text
    text = article(result, "wiltshire")
    body = text.split("## Notes")[0]
    assert re.search(r"no misconduct case to answer|Not one of the 2,115", lede_of(text))
    assert "may be down to chance" not in body  # none is none, whatever the sample
    assert "33 of the 38" in body or "of the 38 forces with figures have rates within" in body
