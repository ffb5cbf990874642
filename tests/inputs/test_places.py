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


# The shipped local authority registry (data/places/) and council wording.

COUNCILS = ROOT / "data" / "places" / "local-authorities.csv"
COUNCILS_2023 = ROOT / "data" / "places" / "local-authorities-2023.csv"
REGION_LOOKUP = Path("/work/shared/data/council-epc/SDU_sharing.xlsx")
EPC = Path("/work/shared/data/council-epc/EPC5yrPrivatePivotByLA.csv")


@pytest.fixture(scope="module")
def councils() -> Places:
    return Places.load(COUNCILS, shown_as="data/places/local-authorities.csv")


def test_the_council_registry_has_every_lad21_of_the_four_nations(councils):
    nations = [place.nation for place in councils]
    counts = {nation: nations.count(nation) for nation in set(nations)}
    assert counts == {"England": 309, "Wales": 22, "Scotland": 32, "Northern Ireland": 11}
    assert len({place.slug for place in councils}) == 374
    assert councils.match("E06000023").organisation == "Bristol City Council"


@pytest.mark.skipif(not REGION_LOOKUP.exists(), reason="SDU_sharing.xlsx is not available")
def test_english_codes_names_and_regions_agree_with_the_units_region_lookup(councils):
    import pandas as pd

    lookup = pd.read_excel(REGION_LOOKUP, sheet_name="Region lookup")
    ours = {p.code: (p.name, p.region) for p in councils if p.nation == "England"}
    pairs = zip(lookup["LAD21NM"], lookup["RGN21NM"], strict=True)
    theirs = dict(zip(lookup["LAD21CD"], pairs, strict=True))
    assert ours == theirs


@pytest.mark.skipif(not EPC.exists(), reason="the EPC file is not available")
def test_every_council_of_the_epc_file_matches_with_no_added_variant(councils):
    import pandas as pd

    names = pd.read_csv(EPC)["currentLAlabel"].dropna()
    assert len(names) == 331
    assert [name for name in names if councils.match(name) is None] == []
    assert len({councils.match(name).slug for name in names}) == 331


@pytest.mark.parametrize(
    "written, official",
    [
        ("Bristol, City of", "Bristol, City of"),
        ("Bristol", "Bristol, City of"),
        ("Bristol City Council", "Bristol, City of"),
        ("Bristol Council", "Bristol, City of"),
        ("Westminster City Council", "Westminster"),
        ("City of Westminster", "Westminster"),
        ("London Borough of Camden", "Camden"),
        ("Royal Borough of Greenwich", "Greenwich"),
        ("Cyngor Caerdydd", "Cardiff"),
        ("Caerdydd", "Cardiff"),
        ("Anglesey", "Isle of Anglesey"),
        ("Isle of Anglesey", "Isle of Anglesey"),
        ("Ynys Môn", "Isle of Anglesey"),
        ("Ynys Mon", "Isle of Anglesey"),
        ("Durham County Council", "County Durham"),
        ("Glasgow", "Glasgow City"),
        ("City of Edinburgh Council", "City of Edinburgh"),
        ("Hartlepool UA", "Hartlepool"),
        ("Kings Lynn and West Norfolk", "King's Lynn and West Norfolk"),
        ("City of Bradford Metropolitan District Council", "Bradford"),
        ("Cyngor Bro Morgannwg", "Vale of Glamorgan"),
        ("Kingston upon Hull, City of", "Kingston upon Hull, City of"),
        ("Hull", "Kingston upon Hull, City of"),
        ("W06000015", "Cardiff"),
    ],
)
def test_council_wording_matches_without_variants(councils, written, official):
    assert councils.match(written).name == official


@pytest.mark.parametrize("written", ["London", "Newcastle", "Richmond", "Kent County Council"])
def test_a_name_that_could_be_two_places_or_none_matches_nothing(councils, written):
    assert councils.match(written) is None


def test_city_of_london_is_never_matched_by_london(councils):
    assert councils.match("City of London").code == "E09000001"
    with pytest.raises(InputError, match="is a region, not a place: 33 places"):
        councils.resolve("London", file="f.csv")


def test_richmond_names_both_councils_it_could_be(councils):
    with pytest.raises(InputError) as caught:
        councils.resolve("Richmond", file="f.csv", row=4, column="la")
    assert "Did you mean 'Richmond upon Thames' or 'Richmondshire'? " in str(caught.value)


def test_a_retired_council_names_its_successor_never_a_wrong_match(councils):
    assert councils.match("Kettering") is None
    assert councils.retired("Kettering")[1].name == "North Northamptonshire"
    with pytest.raises(InputError) as caught:
        councils.resolve("Kettering Borough Council", file="f.csv", row=7, column="la")
    assert str(caught.value) == (
        "f.csv, row 7, column 'la': 'Kettering Borough Council': no longer exists: Kettering "
        "Borough Council is now part of North Northamptonshire (E06000061). Use figures for "
        "North Northamptonshire (a file with current areas), or leave the row out with data.skip"
    )
    assert councils.retired("E07000004")[1].name == "Buckinghamshire"
    assert councils.suggest("Kettering") == ["Kettering (now part of North Northamptonshire)"]


def test_councils_retired_in_2023_point_to_their_new_unitary():
    later = Places.load(COUNCILS_2023)
    assert len(later) == 361
    assert later.retired("Richmondshire")[1].name == "North Yorkshire"
    assert later.retired("Allerdale")[1].name == "Cumberland"
    assert later.match("Richmond") is None
    assert later.suggest("Richmond") == [
        "Richmond upon Thames",
        "Richmondshire (now part of North Yorkshire)",
    ]


def test_a_county_is_a_total_not_a_place(councils):
    with pytest.raises(InputError, match="'Kent': is a county, not a place: 12 places"):
        councils.resolve("Kent", file="f.csv")


def test_parents_article_organisation_and_extra_columns_reach_the_place(councils):
    ashford = councils.by_slug("ashford")
    assert (ashford.county, ashford.region) == ("Kent", "South East")
    assert ashford.extra["kind"] == "district"
    scilly = councils.by_slug("isles-of-scilly")
    assert (scilly.article, scilly.with_article) == ("the", "the Isles of Scilly")
    assert councils.by_slug("bristol").with_article == "Bristol"
    cardiff = councils.by_slug("cardiff")
    assert cardiff.extra["welsh_name"] == "Caerdydd"
    assert cardiff.organisation == "City of Cardiff Council"
    assert cardiff.county is None and cardiff.article is None


def test_council_wording_never_reaches_a_place_without_an_organisation(forces):
    assert forces.match("Hampshire County Council") is None
    assert forces.match("Hampshire") is not None


def test_a_template_reads_extra_columns_through_the_frozen_place(councils):
    from generator.drafts.freeze import freeze

    place = freeze(councils.by_slug("cardiff"))
    assert place.extra["welsh_name"] == "Caerdydd"
    assert place.with_article == "Cardiff"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "places.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_extra_columns_are_kept_not_dropped(tmp_path):
    path = write(
        tmp_path,
        "code,name,short_name,slug,nation,region,mayor,population\n"
        "A1,Ay Council,Ay,ay,England,North,Jo Bloggs,1200\n",
    )
    place = next(iter(Places.load(path)))
    assert place.extra == {"mayor": "Jo Bloggs", "population": "1200"}


def test_a_retired_name_that_is_a_current_spelling_is_refused(tmp_path):
    path = write(
        tmp_path,
        "code,name,short_name,slug,nation,region,organisation,previous\n"
        "A1,Ay,Ay,ay,England,North,Ay Council,Old Bee\n"
        "B1,Bee,Bee,bee,England,North,Bee Council,Ay\n"
        "C1,Cee,Cee,cee,England,North,Cee Council,Old Bee\n",
    )
    with pytest.raises(ValidationFailed) as caught:
        Places.load(path, shown_as="places.csv")
    messages = [(p.row, p.message) for p in caught.value.problems]
    assert messages == [
        (3, "a retired name that reads the same as 'Ay' (name) of Ay on row 2"),
        (4, "already listed as previous by Ay on row 2"),
    ]


def test_two_councils_sharing_a_shortened_form_get_neither(tmp_path):
    path = write(
        tmp_path,
        "code,name,short_name,slug,nation,region,organisation\n"
        "A1,Isle of Ay,Isle of Ay,isle-of-ay,England,North,Isle of Ay Council\n"
        "B1,County Ay,County Ay,county-ay,England,North,County Ay Council\n",
    )
    places = Places.load(path)
    assert places.match("Ay") is None
    assert places.suggest("Ay") == ["County Ay", "Isle of Ay"]


@pytest.mark.slow
def test_thousands_of_places_load_quickly(tmp_path):
    """5,000 councils with organisations, counties and retired names: linear, not quadratic
    (about 0.3 s on an idle laptop core; the bound leaves room for a busy machine)."""
    import time

    rows = [
        f"X{n:05d},Place {n} Council,Place {n},place-{n},England,Region {n % 9},"
        f"Place {n} Borough Council,County {n % 30},Old Place {n}"
        for n in range(5000)
    ]
    header = "code,name,short_name,slug,nation,region,organisation,county,previous\n"
    path = write(tmp_path, header + "\n".join(rows) + "\n")
    start = time.perf_counter()
    places = Places.load(path)
    assert time.perf_counter() - start < 6.0
    assert places.match("Place 4321 Borough Council").code == "X04321"


def test_a_story_of_some_nations_keeps_only_their_places() -> None:
    from generator.base.errors import InputError, ProblemList
    from generator.inputs.places import read_nations

    root = Path(__file__).parents[2]
    places = Places.load(root / "data" / "places" / "local-authorities.csv")
    england_wales = places.of_nations(["England", "Wales"])
    assert len(places) == 374 and len(england_wales) == 331
    assert {p.nation for p in england_wales} == {"England", "Wales"}
    assert england_wales.match("Fife") is None and england_wales.match("Cardiff") is not None
    with pytest.raises(InputError, match="no place is in this nation"):
        places.of_nations(["Englnd"])
    problems = ProblemList("story.yaml")
    assert read_nations("Wales", problems) == ("Wales",)
    assert read_nations([3], problems) == () and "unit.nations" in str(problems.problems[0])
