import csv
from pathlib import Path

import pytest

from generator.base.errors import InputError, ValidationFailed
from generator.inputs.places import Place, Places, normalise

ROOT = Path(__file__).resolve().parents[2]
FORCES = ROOT / "data" / "police-forces.csv"
FIGURES = ROOT / "data" / "cancelled-crimes" / "figures.csv"
IOPC = next(
    (
        path
        for path in (
            ROOT / "data" / "police-misconduct" / "iopc_forfunnel.csv",
            Path("/work/shared/data/police-misconduct/iopc_forfunnel.csv"),
        )
        if path.exists()
    ),
    None,
)
HEADER = "code,name,short_name,slug,nation,region,variants,local_phrase"


@pytest.fixture(scope="module")
def forces() -> Places:
    return Places.load(FORCES, shown_as="data/police-forces.csv")


def column(path: Path, index: int) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [row[index].strip() for row in list(csv.reader(f))[1:] if row and row[index]]


def test_real_file_has_the_43_territorial_forces_in_code_order(forces):
    codes = [place.code for place in forces]
    expected = [f"E23{n:06d}" for n in range(1, 40)] + [f"W15{n:06d}" for n in range(1, 5)]
    assert len(forces) == 43
    assert codes == expected


def test_every_force_in_the_figures_matches_by_its_official_name(forces):
    names = column(FIGURES, 0)
    assert len(names) == 43
    assert {forces.match(name).name for name in names} == {place.name for place in forces}
    assert all(forces.match(name).name == name for name in names)


@pytest.mark.skipif(IOPC is None, reason="iopc_forfunnel.csv is not available")
def test_every_territorial_force_in_the_iopc_file_matches(forces):
    names = [name for name in column(IOPC, 0) if name != "British Transport Police"]
    assert len(names) == 38
    assert [name for name in names if forces.match(name) is None] == []
    assert forces.match("British Transport Police") is None


@pytest.mark.parametrize(
    "spelling, official",
    [
        ("Devon & Cornwall Police", "Devon and Cornwall Police"),
        ("Metropolitan Police", "Metropolitan Police Service"),
        ("The Met", "Metropolitan Police Service"),
        ("MPS", "Metropolitan Police Service"),
        ("Wiltshire Constabulary", "Wiltshire Police"),
        ("  avon  &  somerset constabulary ", "Avon and Somerset Constabulary"),
        ("Dyfed Powys Police", "Dyfed-Powys Police"),
        ("London, City of", "City of London Police"),
        ("hampshire", "Hampshire Constabulary"),
        ("E23000030", "Hampshire Constabulary"),
    ],
)
def test_variants_match(forces, spelling, official):
    assert forces.match(spelling).name == official


def test_normalise():
    assert normalise("The Devon & Cornwall-Police") == "devon and cornwall police"
    assert normalise("Thames Valley") == "thames valley"


def test_hampshire(forces):
    hampshire = forces.by_slug("hampshire")
    assert hampshire.short_name == "Hampshire"
    assert hampshire.local_phrase == "which also covers the Isle of Wight"
    assert forces.by_slug("kent").local_phrase is None


def test_regions(forces):
    yorkshire = [place for place in forces if place.region == "Yorkshire and The Humber"]
    assert [place.short_name for place in yorkshire] == [
        "North Yorkshire",
        "West Yorkshire",
        "South Yorkshire",
        "Humberside",
    ]
    assert [place.slug for place in forces if place.region == "Wales"] == [
        "north-wales",
        "gwent",
        "south-wales",
        "dyfed-powys",
    ]
    regions = list(dict.fromkeys(place.region for place in forces))
    assert len(regions) == 10 and regions[0] == "London"
    assert {place.nation for place in forces} == {"England", "Wales"}


def test_unknown_name_suggests_the_closest(forces):
    with pytest.raises(InputError) as caught:
        forces.resolve("Hampshir Constabulary", file="data/x/figures.csv", row=5, column="force")
    assert str(caught.value) == (
        "data/x/figures.csv, row 5, column 'force': 'Hampshir Constabulary': matches no place. "
        "Did you mean 'Hampshire Constabulary'? "
        "Use a name from data/police-forces.csv or add a variant there"
    )


def test_unknown_slug_suggests_the_closest(forces):
    with pytest.raises(InputError, match="Did you mean 'devon-and-cornwall'"):
        forces.by_slug("devon-cornwall")


def test_places_built_from_a_list():
    places = Places([Place("X1", "Exe Council", "Exe", "exe", "England", "South West")])
    assert places.match("exe council").slug == "exe"
    assert places.match("Wye") is None
    assert [place.region for place in places] == ["South West"]


def test_a_bad_file_reports_every_problem_at_once(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        "code,name,short_name,slug,nation,regoin,variants\n"
        "A1,Ay Police,Ay,ay,England,North,\n"
        "B1,,Bee,bee,England,North,\n"
        "C1,Cee Police,Cee,ay,England,North,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        Places.load(path, shown_as="places.csv")
    problems = caught.value.problems
    assert [(p.row, p.column) for p in problems] == [(None, "region"), (3, "name"), (4, "slug")]
    assert str(caught.value) == "\n".join(
        [
            "3 problems found; nothing was written:",
            "  - places.csv, column 'region': required column is missing. "
            "Rename column 'regoin' to 'region'",
            "  - places.csv, row 3, column 'name': is empty. Every place needs a name",
            "  - places.csv, row 4, column 'slug': 'ay': duplicate slug: row 2 has the same. "
            "Change or remove one of them",
        ]
    )


def test_a_variant_that_could_match_two_places_is_refused(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        f"{HEADER}\n"
        "A1,Ay Police,Ay,ay,England,North,,\n"
        "B1,Bee Police,Bee,bee,England,North,Ay & Bee;AY POLICE,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        Places.load(path)
    problem = caught.value.problem
    assert (problem.row, problem.column, problem.value) == (3, "variants", "AY POLICE")
    assert "reads the same as 'Ay Police' (name) of Ay Police on row 2" in problem.message


def test_blank_rows_are_skipped_and_a_missing_file_is_one_error(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        f"\ufeff{HEADER}\r\nA1,Ay Police,Ay,ay,England,North,,\r\n,,,,,,,\r\n", encoding="utf-8"
    )
    assert len(Places.load(path)) == 1
    with pytest.raises(InputError, match="file not found"):
        Places.load(tmp_path / "missing.csv")
