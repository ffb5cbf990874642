"""The second story, police misconduct: built from files under templates/, data/ and quotes/
alone, with rankings that carry the caution the funnel plot calls for."""

from __future__ import annotations

import csv
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, copy_project

from generator.build import BuildResult, build
from generator.cli import main
from generator.wording import CHANCE

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
    assert "eight of the 2,781 officers and staff were found to have a misconduct case" in text
    assert "a rate of 2.9 per 1,000" in text
    assert f"That is the highest of the 38 forces with figures, though {CHANCE}." in text
    assert "significantly" not in text
    headline = text.split("\n# ", 1)[1].splitlines()[0]
    assert "is the highest of the 38 forces with figures" in headline
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
    assert "The rate across the 38 forces with figures was 1.4 per 1,000." in article(
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
        assert "have no number for" in text
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
    result = CliRunner().invoke(main, ["--root", str(project), "build", STORY])
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
    result = CliRunner().invoke(main, ["--root", str(project), "build", STORY])
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
