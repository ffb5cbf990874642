"""A plain value with a unit (``kind: value``): read exactly from one column, checked in the
manifest, an empty cell not available and a non-number an error naming the cell."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from generator.base.errors import DraftsError, InputError
from generator.drafts.prepared import prepare
from generator.inputs.data import Value
from generator.inputs.measure_kinds import national_value, parse_amount
from generator.inputs.story import load_story


@pytest.fixture
def values(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "values", tmp_path / "values")


def test_amounts_read_exactly() -> None:
    assert parse_amount("£1,234.50") == Fraction(2469, 2)
    assert parse_amount("1234.5") == Fraction(2469, 2)
    assert parse_amount(" 42 ") == 42
    assert parse_amount("-3") == -3
    for bad in ("n/a", "1,23", "42 minutes", "1.2.3", ""):
        assert parse_amount(bad) is None


def test_national_figures() -> None:
    values = [Fraction(1), Fraction(4), Fraction(2), Fraction(10)]
    assert national_value(values, "median") == 3
    assert national_value(values[:3], "median") == 2
    assert national_value(values, "mean") == Fraction(17, 4)
    assert national_value(values, "total") == 17


def test_a_value_measure_loads(values: Path) -> None:
    story = load_story(values, "values")
    spending = story.measures[2]
    assert spending.is_value and spending.columns == ("spending per head",)
    assert (spending.unit, spending.suffix, spending.national) == ("pounds", "per head", "mean")
    assert not story.measures[0].is_value
    dataset = prepare(values, "values").dataset
    north = dataset.record("northshire").figures
    assert north["spending"] == Value(Fraction(2469, 2), north["spending"].cells)  # type: ignore[union-attr]
    assert dataset.record("westshire").figures["response"] is None  # empty: not zero
    assert dataset.record("midshire").figures["spending"].rate == 1150  # type: ignore[union-attr]


def test_a_non_number_names_the_cell(values: Path) -> None:
    data = values / "data/values/services.csv"
    data.write_text(data.read_text().replace("18.5", "about 18"))
    with pytest.raises(InputError) as err:
        prepare(values, "values")
    text = str(err.value)
    for part in ("services.csv", "row 3", "average response minutes", "about 18", "Write a number"):
        assert part in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unit: minutes", "unit: furlongs"),
        ("national: mean", "national: mode"),
        ("column: spending per head", "numerator: spending per head"),
    ],
)
def test_bad_value_settings_are_named(values: Path, change: str, message: str) -> None:
    manifest = values / "templates/values/story.yaml"
    manifest.write_text(manifest.read_text().replace(change, message, 1))
    with pytest.raises(DraftsError) as err:
        load_story(values, "values")
    assert "measures[" in str(err.value) and message.split(":")[0] in str(err.value)


def test_a_rate_measure_refuses_value_settings(values: Path) -> None:
    manifest = values / "templates/values/story.yaml"
    text = manifest.read_text().replace(
        "    active: answered late\n", "    active: answered late\n    unit: pounds\n", 1
    )
    manifest.write_text(text)
    with pytest.raises(InputError) as err:
        load_story(values, "values")
    assert "measures[0].unit" in str(err.value)
