"""The outlets registry: the real file loads, covers every force, and lists the release's users."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.base.errors import InputError, ValidationFailed
from generator.inputs.outlets import Outlets
from generator.inputs.places import Places

ROOT = Path(__file__).resolve().parents[2]
RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "release-page.txt"
STORY = "cancelled-crimes"


@pytest.fixture(scope="module")
def forces() -> Places:
    return Places.load(ROOT / "data/police-forces.csv", shown_as="data/police-forces.csv")


@pytest.fixture(scope="module")
def outlets(forces: Places) -> Outlets:
    return Outlets.load(ROOT / "data/outlets.yaml", forces, shown_as="data/outlets.yaml")


def release_users() -> list[str]:
    """The newspapers and stations named in the release page's "Partner usage" section."""
    text = RELEASE.read_text(encoding="utf-8")
    section = text.split("## Partner usage", 1)[1].split("## ", 1)[0]
    names = re.findall(r"^\* (.+?): \[", section, re.M)
    also = re.search(r"The story was also used by (.+?)\.$", section, re.M)
    assert also, "the 'also used by' sentence is missing"
    # The page leaves out a comma after "Look North (...)": a closing bracket ends a name too.
    names += re.split(r", | and (?=BBC)|(?<=\)) ", also.group(1))
    return [name.strip() for name in names]


def test_the_release_page_parses_into_thirteen_papers_and_seven_broadcasters() -> None:
    users = release_users()
    assert len(users) == 20
    assert "Look North (East Yorkshire and Lincolnshire)" in users
    assert "BBC Radio Humberside" in users and "BBC Three Counties Radio" in users


def test_the_real_registry_loads(outlets: Outlets) -> None:
    assert len(outlets) > 40
    assert len({outlet.slug for outlet in outlets}) == len(outlets)


def test_every_force_has_a_local_outlet(outlets: Outlets, forces: Places) -> None:
    local = {slug for outlet in outlets if outlet.kind != "national" for slug in outlet.places}
    assert [place.slug for place in forces if place.slug not in local] == []
    assert all(outlets.for_place(place.slug) for place in forces)


def test_yorkshire_post_covers_the_four_yorkshire_and_humber_forces(outlets, forces) -> None:
    region = {place.slug for place in forces if place.region == "Yorkshire and The Humber"}
    yorkshire_post = outlets.find("Yorkshire Post")
    assert len(region) == 4
    assert set(yorkshire_post.places) == region
    assert yorkshire_post.kind != "national" and not yorkshire_post.is_broadcast


@pytest.mark.parametrize("name", release_users())
def test_every_user_the_release_names_is_registered(outlets: Outlets, name: str) -> None:
    assert STORY in outlets.find(name).releases


def test_look_north_is_tv_for_humberside_and_lincolnshire(outlets: Outlets) -> None:
    look_north = outlets.find("Look North (East Yorkshire and Lincolnshire)")
    assert look_north.kind == "tv" and look_north.is_broadcast
    assert look_north.places == ("humberside", "lincolnshire")


def test_the_telegraph_is_national_and_not_a_release_user(outlets, forces) -> None:
    telegraph = outlets.find("The Telegraph")
    assert telegraph.kind == "national"
    assert len(telegraph.places) == len(forces) == 43
    assert STORY not in telegraph.releases


def test_isle_of_wight_county_press_covers_hampshire_only(outlets: Outlets) -> None:
    assert outlets.find("Isle of Wight County Press").places == ("hampshire",)


def test_signs(outlets: Outlets) -> None:
    assert any(outlet.sign == "%" for outlet in outlets)
    assert outlets.find("Hampshire Live").sign == "%"
    assert outlets.find("Southern Daily Echo").sign == "per cent"
    assert {outlet.headline_sign for outlet in outlets} == {"%"}


def test_broadcasters_are_radio_and_tv(outlets: Outlets) -> None:
    broadcasters = [outlet for outlet in outlets if outlet.is_broadcast]
    assert broadcasters and {outlet.kind for outlet in broadcasters} == {"radio", "tv"}


def test_find_by_name_in_any_case_or_by_slug(outlets: Outlets) -> None:
    leicester = outlets.find("bbc radio leicester")
    assert leicester.name == "BBC Radio Leicester"
    assert outlets.find("bbc-radio-leicester") is leicester is outlets.by_slug(leicester.slug)
    assert outlets.find("Northern Echo").name == "The Northern Echo"


def test_a_misspelt_name_suggests_the_closest(outlets: Outlets) -> None:
    with pytest.raises(InputError) as caught:
        outlets.find("BBC Radio Leicster")
    assert str(caught.value) == (
        "data/outlets.yaml: 'BBC Radio Leicster': matches no outlet. "
        "Did you mean 'BBC Radio Leicester'? Use a name or slug from data/outlets.yaml"
    )


def test_a_misspelt_slug_suggests_the_closest(outlets: Outlets) -> None:
    with pytest.raises(InputError, match="Did you mean 'hampshire-live'"):
        outlets.by_slug("hampshire-lve")


BAD = """\
outlets:
  - name: Daily Echo
    slug: daily-echo
    kind: newspaper
    places: [Hampshir]
  - name: Romsey Advertiser
    slug: daily-echo
    kind: newspaper
    places: [hampshire]
  - name: Basingstoke Gazette
    slug: basingstoke-gazette
    kind: newspaper
    places: [Hampshire Constabulary]
    sign: pc
"""


def test_a_bad_registry_reports_every_problem_at_once(tmp_path: Path, forces: Places) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        Outlets.load(path, forces, shown_as="outlets.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        "outlets.yaml, row 2, column 'places': 'Hampshir': matches no place. "
        "Did you mean 'Hampshire Constabulary'? Use a name or slug from data/police-forces.csv",
        "outlets.yaml, row 6, column 'slug': 'daily-echo': duplicate slug: "
        "the outlet on row 2 has the same. Change one of them",
        "outlets.yaml, row 10, column 'sign': 'pc': is not a percent sign. Use 'per cent' or '%'",
    ]
    assert "Hampshire Constabulary" in str(caught.value)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("outlets: [\n", "row 2: is not valid YAML"),
        ("outlets:\n  - name: X\n    slug: x\n    kind: blog\n    places: [kent]\n", "blog"),
        (
            "outlets:\n  - name: X\n    slug: x\n    kind: radio\n    places: [kent]\n    url: y\n",
            "column 'url': unknown field. Use one of: name, slug, kind, places",
        ),
        ("outlets:\n  - name: X\n    kind: radio\n", "column 'slug': is missing"),
        ("stations: []\n", "must hold a list named 'outlets'"),
    ],
)
def test_single_problems_name_what_to_do(tmp_path, forces, text, expected) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((InputError, ValidationFailed), match=re.escape(expected)):
        Outlets.load(path, forces, shown_as="outlets.yaml")


# Local phrases and patches (issue 13, item 6).


def _outlets_file(tmp_path: Path, entry: str) -> Path:
    path = tmp_path / "outlets.yaml"
    path.write_text("outlets:\n" + entry, encoding="utf-8")
    return path


def test_an_outlet_patch_area_no_listed_place_covers_is_an_error(
    forces: Places, tmp_path: Path
) -> None:
    path = _outlets_file(
        tmp_path,
        "  - name: The Northern Echo\n    slug: the-northern-echo\n    kind: newspaper\n"
        "    places: [durham, cleveland]\n    patch: [County Durham, North Yorkshire]\n",
    )
    with pytest.raises(InputError) as err:
        Outlets.load(path, forces, shown_as="data/outlets.yaml")
    assert str(err.value) == (
        "data/outlets.yaml, row 2, column 'patch': 'North Yorkshire': The Northern Echo's patch "
        "includes North Yorkshire, which North Yorkshire Police covers, but its places leave "
        "out North Yorkshire Police. Add north-yorkshire to its places, or remove North "
        "Yorkshire from its patch"
    )


def test_an_unknown_patch_area_names_the_closest(forces: Places, tmp_path: Path) -> None:
    path = _outlets_file(
        tmp_path,
        "  - name: Paper\n    slug: paper\n    kind: newspaper\n    places: [durham]\n"
        "    patch: [Darlingon]\n",
    )
    with pytest.raises(InputError) as err:
        Outlets.load(path, forces, shown_as="data/outlets.yaml")
    message = str(err.value)
    assert "column 'patch': 'Darlingon': is not an area any place covers" in message
    assert "Did you mean 'Darlington'?" in message
    assert "'areas' column of data/police-forces.csv" in message


def test_every_patch_in_the_real_file_is_covered(outlets: Outlets, forces: Places) -> None:
    echo = outlets.find("The Northern Echo")
    assert "North Yorkshire" in echo.patch and "north-yorkshire" in echo.places
    for outlet in outlets:
        for area in outlet.patch:
            place = forces.covering(area)
            assert place is not None and place.slug in outlet.places, (outlet.name, area)


def test_force_areas_are_real_geography(forces: Places) -> None:
    assert forces.by_slug("north-yorkshire").areas == ("North Yorkshire", "York")
    assert forces.by_slug("durham").areas == ("County Durham", "Darlington")
    assert forces.by_slug("cleveland").areas == (
        "Hartlepool",
        "Middlesbrough",
        "Redcar and Cleveland",
        "Stockton-on-Tees",
    )
    assert all(place.areas for place in forces)


def test_an_area_in_two_places_is_an_error(tmp_path: Path) -> None:
    source = (ROOT / "data/police-forces.csv").read_text(encoding="utf-8")
    path = tmp_path / "places.csv"
    path.write_text(source.replace("County Durham;Darlington", "County Durham;York"), "utf-8")
    with pytest.raises(InputError) as err:
        Places.load(path, shown_as="data/police-forces.csv")
    assert "row 10, column 'areas': 'York': area already covered by Durham Constabulary" in str(
        err.value
    )


def test_only_the_outlets_own_local_phrase_is_printed(built) -> None:
    isle = "Isle of Wight"
    for paper in ("basingstoke-gazette", "romsey-advertiser"):
        text = (built.out_dir / "partners" / paper / "article.md").read_text(encoding="utf-8")
        assert isle not in text, paper
    county_press = built.out_dir / "partners/isle-of-wight-county-press/article.md"
    assert "which also covers the Isle of Wight" in county_press.read_text(encoding="utf-8")
    own = (built.out_dir / "hampshire/article.md").read_text(encoding="utf-8")
    assert "which also covers the Isle of Wight" in own


def test_the_northern_echo_round_up_covers_north_yorkshire(built) -> None:
    text = (built.out_dir / "partners/the-northern-echo/roundup.md").read_text(encoding="utf-8")
    assert "North Yorkshire Police" in text


# Outlets covering all places, a region or a county (issue 15, item 3).


@pytest.fixture(scope="module")
def councils() -> Places:
    path = ROOT / "data/places/local-authorities.csv"
    return Places.load(path, shown_as="data/places/local-authorities.csv")


def test_an_outlet_can_cover_every_place(tmp_path: Path, councils: Places) -> None:
    path = _outlets_file(
        tmp_path, "  - {name: The Guardian, slug: the-guardian, kind: national, places: all}\n"
    )
    outlet = Outlets.load(path, councils).by_slug("the-guardian")
    assert outlet.everywhere
    assert outlet.places == tuple(place.slug for place in councils)
    assert len(outlet.places) == 374


def test_an_outlet_can_cover_a_county_and_a_region_by_name(
    tmp_path: Path, councils: Places
) -> None:
    path = _outlets_file(
        tmp_path,
        "  - {name: Kent Messenger, slug: kent-messenger, kind: newspaper,"
        " places: [Medway], county: Kent}\n"
        "  - {name: Manchester Evening News, slug: men, kind: newspaper, region: north west}\n",
    )
    outlets = Outlets.load(path, councils)
    kent = outlets.by_slug("kent-messenger")
    assert not kent.everywhere
    assert kent.places[0] == "medway"  # the places listed come first
    expected = [p.slug for p in councils if p.county == "Kent"]
    assert list(kent.places[1:]) == expected and len(expected) == 12
    north_west = [p.slug for p in councils if p.region == "North West"]
    assert list(outlets.by_slug("men").places) == north_west and len(north_west) == 39


def test_an_unknown_region_names_the_closest(tmp_path: Path, councils: Places) -> None:
    path = _outlets_file(
        tmp_path, "  - {name: Paper, slug: paper, kind: newspaper, region: North Wset}\n"
    )
    with pytest.raises(InputError) as err:
        Outlets.load(path, councils, shown_as="outlets.yaml")
    assert str(err.value) == (
        "outlets.yaml, row 2, column 'region': 'North Wset': is not the region of any place. "
        "Did you mean 'North West'? Use a region from the 'region' column of "
        "data/places/local-authorities.csv"
    )


def test_an_outlet_with_no_places_region_or_county_is_an_error(
    tmp_path: Path, councils: Places
) -> None:
    path = _outlets_file(tmp_path, "  - {name: Paper, slug: paper, kind: newspaper}\n")
    with pytest.raises(InputError, match="column 'places': is missing. Name its places"):
        Outlets.load(path, councils, shown_as="outlets.yaml")


def test_a_county_column_the_places_file_lacks_is_named(tmp_path: Path, forces: Places) -> None:
    path = _outlets_file(
        tmp_path, "  - {name: Paper, slug: paper, kind: newspaper, county: Kent}\n"
    )
    with pytest.raises(InputError, match="data/police-forces.csv has no 'county' column"):
        Outlets.load(path, forces, shown_as="outlets.yaml")


def test_outlets_name_councils_in_council_wording(tmp_path: Path, councils: Places) -> None:
    path = _outlets_file(
        tmp_path,
        "  - {name: Camden New Journal, slug: cnj, kind: newspaper,"
        " places: [London Borough of Camden, Westminster City Council]}\n",
    )
    assert Outlets.load(path, councils).by_slug("cnj").places == ("camden", "westminster")


def test_a_place_named_twice_and_in_its_region_is_covered_once(tmp_path, forces) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(
        "outlets:\n  - name: Dales Echo\n    slug: dales-echo\n    kind: newspaper\n"
        "    places: [Humberside, north-yorkshire, North Yorkshire Police, humberside]\n"
        "    region: Yorkshire and The Humber\n",
        encoding="utf-8",
    )
    [outlet] = Outlets.load(path, forces, shown_as="outlets.yaml")
    region = [p.slug for p in forces if p.region == "Yorkshire and The Humber"]
    listed = ["humberside", "north-yorkshire"]
    assert list(outlet.places) == listed + [s for s in region if s not in listed]
