"""``data.steps``: a published table turned into one row per place before it meets the places.

The tiny story's figures are given as a long table (one row per area, year and kind of
item) and reshaped by the manifest's steps; every figure must come out exact and traceable to
the published file, and every bad step must be named in its error.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, TINY, copy_project

from generator.base.errors import DraftsError, ProblemList
from generator.delivery.packs import csv_rows
from generator.inputs.data import Dataset, load_dataset
from generator.inputs.places import Places
from generator.inputs.step_run import apply_steps
from generator.inputs.steps import Derive, Filter, Join, Pivot, read_steps
from generator.inputs.story import load_story
from generator.inputs.tables import read_table

PUBLISHED = Path("/work/shared/data/unsolved-crime")
LONG_FILE = "crime outcomes by category force year 2012-16.csv"
FIGURES = {  # area -> kind -> year -> count; the tiny story's figures, split over two years
    "North Shire": {"late": (2, 3), "letters": (4, 6), "lost": (1, 0), "parcels": (5, 5)},
    "Southshire Council": {"late": (5, 0), "letters": (5, 5), "lost": (0, 0), "parcels": (3, 7)},
    "Eastshire": {"late": (1, 0), "letters": (6, 4), "lost": (2, 4), "parcels": (5, 5)},
}
PIVOT = "    - pivot: {rows: area, columns: kind, values: n}\n"


def long_csv() -> str:
    lines = ["area,kind,year,n"]
    for area, kinds in FIGURES.items():
        for kind, counts in kinds.items():
            for year, count in zip((2015, 2016), counts, strict=True):
                lines.append(f"{area},{kind},{year},{count}")
    lines.append("Eastshire,,2016,9")  # a row with no kind: what filters are for
    return "\n".join(lines) + "\n"


def project(tmp_path: Path, steps: str, files: dict[str, str] | None = None) -> Path:
    """The tiny story reading ``long.csv`` through ``steps`` (YAML lines under ``steps:``)."""
    root = copy_project(TINY, tmp_path / "p")
    for name, text in {"long.csv": long_csv(), **(files or {})}.items():
        (root / "data/tiny" / name).write_text(text, encoding="utf-8")
    manifest = root / "templates/tiny/story.yaml"
    text = manifest.read_text(encoding="utf-8").replace(
        "  file: figures.csv\n  name_column: area\n  illustrative_column: illustrative\n",
        f"  file: long.csv\n  name_column: area\n  steps:\n{steps}",
    )
    manifest.write_text(text, encoding="utf-8")
    return root


def load(root: Path) -> Dataset:
    story = load_story(root, "tiny")
    return load_dataset(story, Places.load(story.places_path))


def error(root: Path) -> str:
    with pytest.raises(DraftsError) as caught:
        load(root)
    return str(caught.value)


# --- reading the manifest --------------------------------------------------------------------


def test_steps_are_read_as_typed_steps(tmp_path: Path) -> None:
    raw = [
        {"filter": {"column": "kind", "is": ["late", 2016], "not_empty": True}},
        {"pivot": {"rows": "area", "columns": ["year", "kind"], "values": "n"}},
        {"derive": {"column": "all", "sum": ["2016 *", "late"]}},
        {"derive": {"column": "share", "ratio": ["a", "b"]}},
        {"join": {"file": "other.csv", "name_column": "Force"}},
    ]
    problems = ProblemList("story.yaml")
    steps = read_steps(raw, problems, folder=tmp_path / "data" / "tiny")
    assert not problems.problems
    assert steps == (
        Filter("data.steps[0] (filter)", "kind", ("late", "2016"), (), True),
        Pivot("data.steps[1] (pivot)", ("area",), ("year", "kind"), "n", "zero"),
        Derive("data.steps[2] (derive)", "all", "sum", ("2016 *", "late")),
        Derive("data.steps[3] (derive)", "share", "ratio", ("a", "b")),
        Join("data.steps[4] (join)", "other.csv", "Force", None),
    )


def test_bad_steps_are_reported_with_every_other_manifest_problem(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        "    - pivot: {rows: area, colums: kind, values: n}\n"
        "    - derive: {column: all, sum: [a], ratio: [a, b]}\n"
        "    - filter: {column: kind}\n"
        "    - sort: {column: kind}\n"
        "    - join: {file: ../../secret.csv, name_column: area}\n"
        "  absent: maybe\n",
    )
    message = error(root)
    assert message.startswith("7 problems found; nothing was written:"), message
    for line in (
        "data.steps[0] (pivot): unknown setting 'colums'. Use: rows, columns, values, missing",
        "data.steps[0] (pivot): 'columns' is missing. Add it",
        "data.steps[1] (derive): needs exactly one of sum, difference or ratio",
        "data.steps[2] (filter): says nothing to keep or leave out. Add 'is:', 'not:' or "
        "'not_empty: true'",
        "data.steps[3]: must be one of filter, pivot, derive, join, with its settings",
        "data.steps[4] (join): '../../secret.csv' lies outside data/tiny/",
        "column 'data.absent': 'maybe': must be 'skip' or 'draft'",
    ):
        assert line in message, line


# --- pivot, filter, derive -------------------------------------------------------------------


def test_a_long_table_pivoted_gives_exact_sums(tmp_path: Path) -> None:
    root = project(tmp_path, "    - filter: {column: kind, not_empty: true}\n" + PIVOT)
    dataset = load(root)
    north = dataset.record("northshire").figures["late"]
    assert north is not None and (north.count, north.base) == (5, 10)
    south = dataset.record("southshire").figures["lost"]
    assert south is not None and (south.count, south.base) == (0, 10)
    assert list(dataset.table.columns) == ["area", "late", "letters", "lost", "parcels"]
    assert dataset.table["late"].tolist() == ["1", "5", "5"]  # areas in sorted order
    # the pack's data.csv is the table as the drafts read it, one row a place
    rows = [dataset.record(s).row for s in ("northshire", "eastshire")]
    assert csv_rows(dataset.table, rows).decode() == (
        "area,late,letters,lost,parcels\nEastshire,1,10,6,10\nNorth Shire,5,10,1,10\n"
    )


def test_pivoted_figures_trace_to_the_published_rows(tmp_path: Path) -> None:
    root = project(tmp_path, "    - filter: {column: kind, not_empty: true}\n" + PIVOT)
    figure = load(root).record("eastshire").figures["lost"]
    assert figure is not None
    count, base = figure.cells
    assert (count.file, count.row, count.value) == ("data/tiny/long.csv", 22, "6")
    assert count.column == (
        "lost (n summed over 2 rows, the first at row 22, where area is Eastshire, "
        "kind is lost, kind is not empty)"
    )
    published = pd.read_csv(root / "data/tiny/long.csv", dtype=str)
    assert published.iloc[count.row - 2].tolist() == ["Eastshire", "lost", "2015", "2"]


def test_wide_columns_join_the_values_and_name_an_empty_one_blank(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        "    - pivot: {rows: area, columns: [year, kind], values: n, missing: empty}\n"
        "    - derive: {column: late, sum: ['* late']}\n"
        "    - derive: {column: letters, sum: ['2015 letters', '2016 letters']}\n"
        "    - derive: {column: lost, sum: ['2016 lost', '2015 lost']}\n"
        "    - derive: {column: parcels, sum: ['* parcels']}\n"
        "    - derive: {column: spare, difference: ['2016 parcels', '2016 lost']}\n",
    )
    dataset = load(root)
    table = dataset.table.set_index("area")
    assert table.at["Eastshire", "2016 (blank)"] == "9"
    assert table.at["North Shire", "2016 (blank)"] == ""  # no row: not available
    assert table.at["North Shire", "late"] == "5"
    late = dataset.record("northshire").figures["late"]
    assert late is not None and late.cells[0].column.startswith(
        "late (the sum of 2 columns matching '* late', after data.steps[0] (pivot) of n by area"
    )


def test_a_combination_with_no_rows_counts_zero_by_default(tmp_path: Path) -> None:
    root = project(tmp_path, "    - pivot: {rows: area, columns: [kind], values: n}\n")
    table = load(root).table.set_index("area")
    assert table.at["North Shire", "(blank)"] == "0"
    assert table.at["Eastshire", "(blank)"] == "9"


def test_a_misspelt_step_column_is_named_with_its_step(tmp_path: Path) -> None:
    root = project(tmp_path, "    - pivot: {rows: area, columns: kind, values: nn}\n")
    assert error(root) == (
        "data/tiny/long.csv: data.steps[0] (pivot): column 'nn' not found. Did you mean 'n'?"
    )


def test_a_filter_value_no_row_has_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, "    - filter: {column: kind, is: [late, leters]}\n" + PIVOT)
    assert error(root) == (
        "data/tiny/long.csv: data.steps[0] (filter): no row has 'leters' in column 'kind'. "
        "Did you mean 'letters'?"
    )


def test_filter_is_and_not_keep_the_rows_named(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        "    - filter: {column: year, not: 2015}\n    - filter: {column: kind, not_empty: true}\n"
        + PIVOT,
    )
    table = load(root).table.set_index("area")
    assert table.at["North Shire", "letters"] == "6"
    assert "(blank)" not in table.columns


def test_a_cell_that_is_not_a_number_names_its_published_row(tmp_path: Path) -> None:
    text = long_csv().replace("Eastshire,lost,2016,4", "Eastshire,lost,2016,four")
    root = project(tmp_path, PIVOT, {"long.csv": text})
    assert error(root) == (
        "data/tiny/long.csv, row 23, column 'n': 'four': data.steps[0] (pivot): is not a whole "
        "number. Steps add whole numbers; fix the cell, or filter its row out first"
    )


def test_a_sum_pattern_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, PIVOT + "    - derive: {column: all, sum: ['2017 *', late]}\n")
    assert error(root) == (
        "data/tiny/long.csv: data.steps[1] (derive): '2017 *' matches no column. "
        "Check the column names"
    )


def test_a_ratio_is_exact_and_cannot_be_a_count(tmp_path: Path) -> None:
    ratio = PIVOT + "    - derive: {column: share, ratio: [late, letters]}\n"
    root = project(tmp_path, ratio)
    table = load(root).table.set_index("area")
    assert table["share"].tolist() == ["1/10", "1/2", "1/2"]
    manifest = root / "templates/tiny/story.yaml"
    text = manifest.read_text().replace("numerator: late", "numerator: share")
    manifest.write_text(text)
    assert error(root) == (
        "data/tiny/long.csv: data.steps[1] (derive): 'share' is a ratio, not a count. A "
        "measure's numerator and denominator are counts: derive a sum or a difference "
        "instead, or show the ratio as a field (data.fields)"
    )


# --- join ------------------------------------------------------------------------------------


GRADES = "Council,grade\nNorthshire,good\nEastshire Council,poor\nSouthshire,fair\n"


def test_a_join_matches_other_spellings_through_the_places(tmp_path: Path) -> None:
    steps = PIVOT + "    - join: {file: grades.csv, name_column: Council}\n"
    root = project(tmp_path, steps + "  fields: {grade: grade}\n", {"grades.csv": GRADES})
    dataset = load(root)
    record = dataset.record("northshire")
    assert record.fields["grade"] == "good"
    cell = record.field_cells["grade"]
    assert (cell.file, cell.row, cell.column) == ("data/tiny/grades.csv", 2, "grade")


def test_a_column_in_both_joined_files_is_an_error(tmp_path: Path) -> None:
    steps = PIVOT + "    - join: {file: grades.csv, name_column: Council}\n"
    files = {"grades.csv": GRADES.replace("grade", "late")}
    assert error(project(tmp_path, steps, files)) == (
        "data/tiny/long.csv: data.steps[1] (join): column 'late' is in both files (and in "
        "data/tiny/grades.csv). Rename it in one file, or delete it from one"
    )


def test_a_joined_row_that_matches_no_place_is_named_in_its_file(tmp_path: Path) -> None:
    steps = PIVOT + "    - join: {file: grades.csv, name_column: Council}\n"
    files = {"grades.csv": GRADES + "Wetshire,good\n"}
    message = error(project(tmp_path, steps, files))
    assert message.startswith(
        "data/tiny/grades.csv, row 5, column 'Council': 'Wetshire': matches no place."
    )


# --- data.py's hints -------------------------------------------------------------------------


def test_a_long_table_without_a_pivot_is_one_problem_with_the_step_to_add(tmp_path: Path) -> None:
    message = error(project(tmp_path, "    - filter: {column: kind, not_empty: true}\n"))
    assert message.startswith("5 problems found")  # the four measure columns, and this:
    assert message.endswith(
        "  - data/tiny/long.csv, column 'area': 3 names appear on more than one row (21 repeated "
        "rows; 'North Shire' is on 8): this looks like a long table, with several rows a area. "
        "Make it one row a place with a pivot step: under data: in templates/tiny/story.yaml "
        "write 'steps: [{pivot: {rows: area, columns: [year, kind], values: n}}]', keeping in "
        "columns: only what names a figure, and filter out the rest first "
        "(docs/writing-a-story.md, 'Data steps')"
    )
    assert "appears twice" not in message


def test_a_row_with_no_close_place_is_told_to_use_skip_first(tmp_path: Path) -> None:
    text = long_csv() + "Railway Police,late,2016,1\nRailway Police,letters,2016,4\n"
    root = project(tmp_path, "    - filter: {column: kind, not_empty: true}\n" + PIVOT)
    (root / "data/tiny/long.csv").write_text(text)
    assert error(root) == (
        "data/tiny/long.csv, row 27, column 'area': 'Railway Police': matches no place. If it "
        "is not one of the areas, leave its rows out: under data: in templates/tiny/story.yaml "
        "write 'skip: {\"Railway Police\": not one of the areas}' (or add that line to "
        "data.skip). If it is one, add this spelling as a variant in "
    ) + str(root / "data/places.csv")


def test_the_same_unknown_name_on_two_rows_is_one_problem(tmp_path: Path) -> None:
    root = project(tmp_path, "    - filter: {column: area, not_empty: true}\n")
    figures = (TINY / "data/tiny/figures.csv").read_text()
    (root / "data/tiny/long.csv").write_text(figures + "Railway Police,1,2,,\n" * 2)
    message = error(root)
    assert message.startswith(
        "data/tiny/long.csv, row 7, column 'area': 'Railway Police': "
        "matches no place (on 2 rows; the first shown). If it is not"
    )


def test_old_mac_line_endings_are_read_as_rows() -> None:
    raw = (FIXTURES / "outcomes_by_force.csv").read_bytes()
    assert b"\r" in raw and b"\n" not in raw  # as published: CR only
    frame = read_table(FIXTURES / "outcomes_by_force.csv", "outcomes_by_force.csv").frame
    assert frame.shape == (45, 27)  # 43 forces, BTP and PSNI
    kent = frame[frame["Force"] == "Kent Police"].iloc[0]
    assert kent["Investigation complete; no suspect identified"] == "244923"
    assert frame.columns[-1] == "(blank)"


# --- the published long table ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not PUBLISHED.is_dir(), reason="the published files are not here")
def test_the_long_table_pivoted_equals_the_units_table_by_force(tmp_path: Path) -> None:
    """Filtered to outcomes with a category and pivoted by force, the published long table
    gives every count of the unit's own table by force (43 forces, 25 outcomes)."""
    story = load_story(project(tmp_path, PIVOT), "tiny")
    frame = read_table(PUBLISHED / LONG_FILE, LONG_FILE).frame
    assert frame.shape == (47577, 5)
    steps = (
        Filter("data.steps[0] (filter)", "last_outcome_category", None, (), True),
        Pivot("data.steps[1] (pivot)", ("reported_by",), ("last_outcome_category",), "f0_"),
    )
    places = Places.load(story.places_path)  # not used by a filter or a pivot
    table = apply_steps(frame, steps, shown=LONG_FILE, story=story, places=places).frame
    table = table.set_index("reported_by")
    unit = pd.read_csv(FIXTURES / "outcomes_by_force.csv", dtype=str, keep_default_na=False)
    unit = unit.set_index("Force")
    outcomes = [c for c in unit.columns if c != "(blank)"]
    forces = [f for f in unit.index if any(unit.loc[f, outcomes] != "")]
    assert len(forces) == 43 and len(outcomes) == 25
    assert set(outcomes) == set(table.columns)
    published = unit.loc[forces, outcomes].replace("", "0")  # the unit left a 0 empty
    assert (table.loc[forces, outcomes] == published).all().all()
    # BTP and PSNI: no crime of theirs has an outcome, in either file
    assert sorted(set(unit.index) - set(table.index)) == [
        "British Transport Police",
        "Police Service of Northern Ireland",
    ]
    # the unit's "(blank)" column is the rows the filter left out
    blank = frame[frame["last_outcome_category"] == ""]
    sums = blank.assign(n=blank["f0_"].astype(int)).groupby("reported_by")["n"].sum()
    assert all(str(sums[f]) == unit.at[f, "(blank)"] for f in unit.index)
