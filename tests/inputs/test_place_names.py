"""Reading names of places: the matching key and council wording."""

from __future__ import annotations

import pytest

from generator.inputs.place_names import council_cores, normalise, shortened


@pytest.mark.parametrize(
    "name, key",
    [
        ("The Devon & Cornwall-Police", "devon and cornwall police"),
        ("Ynys Môn", "ynys mon"),
        ("King's Lynn and West Norfolk", "kings lynn and west norfolk"),
        ("King’s Lynn", "kings lynn"),
        ("St. Helens", "st helens"),
        ("Bristol, City of", "bristol city of"),
        ("  Na h-Eileanan Siar ", "na h eileanan siar"),
    ],
)
def test_normalise(name: str, key: str) -> None:
    assert normalise(name) == key


@pytest.mark.parametrize(
    "name, core",
    [
        ("Westminster City Council", "westminster"),
        ("London Borough of Camden", "camden"),
        ("Royal Borough of Greenwich", "greenwich"),
        ("Cyngor Caerdydd", "caerdydd"),
        ("Cyngor Sir Ynys Môn", "ynys mon"),
        ("Hull, City of", "hull"),
        ("Hartlepool UA", "hartlepool"),
        ("City of Bradford Metropolitan District Council", "bradford"),
        ("Isle of Anglesey County Council", "isle of anglesey"),
    ],
)
def test_council_wording_comes_off(name: str, core: str) -> None:
    assert council_cores(normalise(name))[-1] == core


@pytest.mark.parametrize("name", ["Kent", "London", "Council", "City of", "Hampshire Police"])
def test_a_name_without_council_wording_has_no_other_reading(name: str) -> None:
    assert council_cores(normalise(name)) == []


@pytest.mark.parametrize(
    "name, short",
    [
        ("Isle of Anglesey", ["anglesey"]),
        ("Isles of Scilly", ["scilly"]),
        ("County Durham", ["durham"]),
        ("Glasgow City", ["glasgow"]),
        ("City of Edinburgh", ["edinburgh"]),
        ("Kent", []),
        ("Derry City and Strabane", []),
    ],
)
def test_shortened_forms(name: str, short: list[str]) -> None:
    assert shortened(normalise(name)) == short
