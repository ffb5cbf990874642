"""The ``drafts`` command: exit codes and the exact words a journalist sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run, tree_digest


@pytest.mark.slow
def test_build_writes_43_drafts_and_a_summary(project: Path) -> None:
    result = run(project, "build", "--story", "cancelled-crimes")
    assert result.exit_code == 0, result.output
    assert "cancelled-crimes: 100 drafts written" in result.output
    assert "(43 force drafts, 16 partner drafts, 40 station script sets, one national draft)" in (
        result.output
    )
    assert "illustrative figures (not for publication): 100" in result.output
    folders = {p.name for p in (project / "out/cancelled-crimes").iterdir()}
    shared = {"partners", "radio", "national", "packs", "site", "manifest.json", ".drafts-build"}
    assert len(folders - shared) == 43


@pytest.mark.slow
def test_unknown_force_is_one_clear_error_and_earlier_output_survives(project: Path) -> None:
    assert run(project, "build").exit_code == 0
    before = tree_digest(project / "out")
    csv = project / "data/cancelled-crimes/figures.csv"
    csv.write_text(csv.read_text().replace("Hampshire Constabulary,", "Hampshir Constabulary,"))
    result = run(project, "build")
    assert result.exit_code == 1
    assert result.output == (
        "Error: data/cancelled-crimes/figures.csv, row 18, column 'force': "
        "'Hampshir Constabulary': matches no place. "
        "Did you mean 'Hampshire Constabulary'? Use a name from data/police-forces.csv or add "
        "a variant there\n"
    )
    assert "Traceback" not in result.output
    assert tree_digest(project / "out") == before


def test_bad_cells_are_all_reported_at_once(project: Path) -> None:
    csv = project / "data/cancelled-crimes/figures.csv"
    text = csv.read_text()
    text = text.replace(
        "Kent Police,2018,outstanding,20,0,20,1,", "Kent Police,2018,outstanding,20,0,20,twelve,"
    )
    text = text.replace(
        "Dorset Police,2020,good,20,0,20,1,20,1,7,0,", "Dorset Police,2020,good,20,0,20,1,20,1,7,9,"
    )
    csv.write_text(text)
    result = run(project, "build")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: 2 problems found; nothing was written:",
        "  - data/cancelled-crimes/figures.csv, row 11, column 'robbery_incorrect': '9': is "
        "larger than robbery_sampled (7). A count cannot exceed its sample; check both cells",
        "  - data/cancelled-crimes/figures.csv, row 21, column 'sexual_incorrect': 'twelve': is "
        "not a whole number of records. Write a whole number, or leave the cell empty if not "
        "available",
    ]


def test_missing_column_suggests_the_closest(project: Path) -> None:
    csv = project / "data/cancelled-crimes/figures.csv"
    csv.write_text(csv.read_text().replace("rape_sampled", "rape_sample", 1))
    result = run(project, "build")
    assert result.exit_code == 1
    assert (
        "column 'rape_sampled': required column is missing. Did you mean 'rape_sample'?"
        in result.output
    )


@pytest.mark.slow
def test_show_and_list(project: Path) -> None:
    shown = run(project, "show", "hampshire", "--story", "cancelled-crimes")
    assert shown.exit_code == 0
    banner, _, draft = shown.output.partition("\n\n# ")  # its ranks use illustrative figures
    assert banner.startswith("ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION")
    headline, _, rest = draft.partition("\n\n")
    assert headline == "Hampshire police have worst record for wrongly cancelled sex crimes"
    assert rest.startswith("Nine of 17 (53 per cent) sexual offences that inspectors checked")
    listed = run(project, "list", "--story", "cancelled-crimes")
    assert listed.exit_code == 0
    header, *rows = listed.output.splitlines()
    assert header.split() == ["PLACE", "NAME", "LEAD", "FLAGS"]
    assert len(rows) == 43
    hampshire = next(row for row in rows if row.startswith("hampshire "))
    assert "Hampshire Constabulary" in hampshire
    assert "worst: sexual offences (not rape)" in hampshire


@pytest.mark.slow
def test_unknown_slug_suggests(project: Path) -> None:
    result = run(project, "show", "hampshir", "--story", "cancelled-crimes")
    assert result.exit_code == 1
    assert "hampshire" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_build_one_force_keeps_the_others(project: Path) -> None:
    assert run(project, "build").exit_code == 0
    out = project / "out/cancelled-crimes"
    before = tree_digest(out)
    result = run(project, "build", "--place", "hampshire")
    assert result.exit_code == 0
    assert "cancelled-crimes: one draft written" in result.output
    after = tree_digest(out)
    # Every draft is kept; packs, made from every draft together, wait for a full build (so the
    # site's pages no longer link them), and the manifest says the build is partial (drafts
    # release refuses it).
    assert {k: v for k, v in before.items() if not k.startswith("packs/")}.keys() == after.keys()
    kept = [k for k in before if k in after and k != "manifest.json" and not k.startswith("site/")]
    assert all(after[k] == before[k] for k in kept)
    assert "packs/" not in (out / "site/partners/hemel-today.html").read_text()
    assert json.loads((out / "manifest.json").read_text())["partial"] is True


@pytest.mark.slow
def test_python_dash_m_entry_point(project: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(project),
            "list",
            "--story",
            "cancelled-crimes",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "hampshire" in proc.stdout
