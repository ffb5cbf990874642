"""A base summed from columns and an earlier period: read from the manifest, every cell kept,
an empty cell making the figure not available, and bad declarations named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, copy_project

from generator.base.errors import InputError
from generator.inputs.data import load_dataset
from generator.inputs.places import Places
from generator.inputs.story import load_story


@pytest.fixture
def trend(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "trend", tmp_path / "trend")


def dataset(root: Path):
    story = load_story(root, "trend")
    return load_dataset(story, Places.load(story.places_path, shown_as=story.unit.places))


def test_a_base_is_the_sum_of_its_columns_with_every_cell_kept(trend: Path) -> None:
    record = dataset(trend).record("northshire")
    figure = record.figures["unsolved"]
    assert figure is not None and (figure.count, figure.base) == (60, 100)
    assert [c.column for c in figure.cells] == [
        "unsolved 2016",
        "solved 2016",
        "unsolved 2016",
        "pending 2016",
    ]
    earlier = record.earlier["unsolved"]
    assert earlier is not None and (earlier.count, earlier.base) == (43, 100)


def test_an_empty_cell_in_a_summed_base_is_not_available_never_zero(trend: Path) -> None:
    data = dataset(trend)
    assert data.record("westshire").figures["unsolved"] is None
    assert data.record("westshire").earlier["complaints"] is None
    assert data.record("westshire").figures["complaints"] is not None


def edit(root: Path, change) -> None:
    path = root / "templates/trend/story.yaml"
    manifest = yaml.safe_load(path.read_text())
    change(manifest["measures"][0])
    path.write_text(yaml.safe_dump(manifest))


def test_a_bad_change_block_is_named(trend: Path) -> None:
    edit(trend, lambda m: m.update(change={"numerator": "unsolved 2012", "since": True}))
    with pytest.raises(InputError) as err:
        load_story(trend, "trend")
    text = str(err.value)
    assert "measures[0].change.denominator" in text and "required setting is missing" in text


def test_a_bad_denominator_list_is_named(trend: Path) -> None:
    edit(trend, lambda m: m.update(denominator=["solved 2016", "solved 2016"]))
    with pytest.raises(InputError) as err:
        load_story(trend, "trend")
    assert "measures[0].denominator" in str(err.value)


def test_a_missing_summed_column_is_named_with_a_suggestion(trend: Path) -> None:
    edit(trend, lambda m: m["change"].update(denominator=["recorded 2012", "pendin 2016"]))
    with pytest.raises(InputError) as err:
        dataset(trend)
    assert "pendin 2016" in str(err.value) and "pending 2016" in str(err.value)


def test_a_count_above_its_summed_base_is_named(trend: Path) -> None:
    path = trend / "data/trend/outcomes.csv"
    path.write_text(path.read_text().replace("North Shire,20,60,20", "North Shire,20,160,20"))
    edit(trend, lambda m: m.update(denominator=["solved 2016", "pending 2016"]))
    with pytest.raises(InputError) as err:
        dataset(trend)
    assert "is larger than the sum of solved 2016, pending 2016 (40)" in str(err.value)
