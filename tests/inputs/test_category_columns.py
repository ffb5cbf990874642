"""The ``categories:`` section: read from the manifest, columns matched by pattern after the
data steps, every cell kept, an empty cell leaving the place without a tally (or a zero with
``empty: zero``), and bad declarations named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, copy_project

from generator.base.errors import DraftsError, ProblemList
from generator.inputs.categories import Categories, read_categories
from generator.inputs.data import load_dataset
from generator.inputs.places import Places
from generator.inputs.story import load_story


@pytest.fixture
def shares(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "shares", tmp_path / "shares")


def dataset(root: Path):
    story = load_story(root, "shares")
    return load_dataset(story, Places.load(story.places_path, shown_as=story.unit.places))


def edit(root: Path, change) -> None:
    path = root / "templates/shares/story.yaml"
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(manifest["categories"][0])
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")


def test_columns_are_patterns_less_the_excluded_and_the_name_column() -> None:
    section = Categories("k", "outcome", ("*",), "crime", "crimes", exclude=("code", "(*)"))
    columns = ["area", "code", "Charged", "(blank)", "Cautioned"]
    assert section.resolve(columns, "area") == ("Charged", "Cautioned")
    picked = Categories("k", "outcome", ("C*", "Under *"), "crime", "crimes")
    assert picked.resolve(["Under way", "Charged", "x"], "area") == ("Under way", "Charged")


def test_each_place_has_a_count_of_its_total_with_its_cell(shares: Path) -> None:
    tally = dataset(shares).record("northshire").categories["outcome"]
    assert tally is not None
    assert list(tally) == ["Charged", "Cautioned", "No suspect identified", "Under investigation"]
    assert [(f.count, f.base) for f in tally.values()] == [
        (20, 100),
        (10, 100),
        (50, 100),
        (20, 100),
    ]
    cell = tally["Cautioned"].cells[0]
    assert (cell.file, cell.row, cell.column, cell.value) == (
        "data/shares/outcomes.csv",
        2,
        "Cautioned",
        "10",
    )


def test_an_empty_cell_leaves_the_place_without_a_tally_unless_it_counts_zero(
    shares: Path,
) -> None:
    assert dataset(shares).record("westshire").categories["outcome"] is None
    edit(shares, lambda c: c.update(empty="zero"))
    tally = dataset(shares).record("westshire").categories["outcome"]
    assert tally is not None and tally["Under investigation"].count == 0
    assert sum(f.count for f in tally.values()) == 70 == tally["Charged"].base


def test_a_bad_count_is_named_with_its_row_and_column(shares: Path) -> None:
    data = shares / "data/shares/outcomes.csv"
    data.write_text(data.read_text().replace("X03,10,10", "X03,10,ten"), encoding="utf-8")
    with pytest.raises(DraftsError) as err:
        dataset(shares)
    text = str(err.value)
    assert "row 4" in text and "Cautioned" in text and "'ten'" in text


def test_a_pattern_that_matches_nothing_is_named(shares: Path) -> None:
    edit(shares, lambda c: c.update(columns=["Charged", "Outcome *"]))
    with pytest.raises(DraftsError) as err:
        dataset(shares)
    text = str(err.value)
    assert "categories[0].columns" in text and "Outcome *" in text and "matches no column" in text
    assert "needs at least two category columns" in text


def test_bad_declarations_are_all_reported() -> None:
    problems = ProblemList("story.yaml")
    found = read_categories(
        [
            {"key": "a", "label": "x", "columns": "*", "singular": "s", "plural": "p", "colour": 1},
            {"key": "b", "label": "x", "columns": [], "singular": "s", "plural": "p"},
            {
                "key": "c",
                "label": "x",
                "columns": "*",
                "singular": "s",
                "plural": "p",
                "empty": "0",
            },
            {"label": "x", "columns": "*"},
        ],
        problems,
    )
    assert found == ()
    text = "\n".join(str(p) for p in problems.problems)
    for expected in (
        "categories[0].colour",
        "categories[1].columns",
        "categories[2].empty",
        "categories[3].key",
        "categories[3].plural",
    ):
        assert expected in text, expected


def test_a_story_without_categories_has_none(tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "trend", tmp_path / "trend")
    story = load_story(root, "trend")
    assert story.categories == ()
    records = load_dataset(story, Places.load(story.places_path)).records
    assert all(r.categories == {} for r in records.values())
