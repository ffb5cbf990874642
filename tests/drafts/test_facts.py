"""Typed facts: facts.json read back into dataclasses writes the same bytes, a bad or missing
field is a clear error naming the file and the field, and figures present themselves as the
presenter writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.base.errors import DraftsError, InputError
from generator.drafts.fact_types import (
    UNSET,
    DraftFacts,
    GroupFacts,
    from_dict,
    load,
    replace,
)

FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "facts"
FILES = sorted(FACTS.glob("*.json"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_facts_read_back_write_the_same_bytes(path: Path) -> None:
    assert load(path).as_json() == path.read_text(encoding="utf-8")


def test_a_place_and_a_group_read_by_attribute() -> None:
    place = load(FACTS / "police-misconduct-north-wales.json")
    assert isinstance(place, DraftFacts)
    (m,) = place.measures
    assert m.figure is not None and m.rank is not None and m.pooled is not None
    assert (m.figure.count, m.figure.base, m.figure.per, m.figure.value) == (8, 2781, 1000, "2.9")
    assert m.figure.label == "2.9 per 1,000" and m.figure.text == "8 of 2,781 (2.9 per 1,000)"
    assert m.rank.label == "1st of 38" and m.pooled.label == "1.4 per 1,000"
    assert m.funnel is not None and m.funnel.limits.upper998 > m.funnel.limits.upper95
    assert place.embargo is None and place.banners is not None and place.scripts is None
    group = load(FACTS / "cancelled-crimes-yorkshire-post.json")
    assert isinstance(group, GroupFacts) and not group.national
    assert group.places[0] == "North Yorkshire Police"
    assert group.measures[0].total is not None and group.measures[0].total.cells is None
    summed = group.measures[0].summed
    assert summed is not None and summed[0].figure.cells


def test_a_shared_rank_is_joint() -> None:
    hampshire = load(FACTS / "cancelled-crimes-hampshire.json")
    robbery = next(m for m in hampshire.measures if m.measure == "robbery")
    assert isinstance(hampshire, DraftFacts) and robbery.rank is not None
    assert robbery.rank.label == "joint 1st of 43"


def test_radio_facts_keep_their_scripts_and_no_banners() -> None:
    radio = load(FACTS / "police-misconduct-north-wales-radio.json")
    assert radio.scripts and radio.banners is None
    assert list(radio.to_dict())[:2] == ["embargo", "story"]
    assert list(radio.to_dict())[-1] == "scripts"


def test_facts_without_the_builds_envelope_have_no_embargo_key() -> None:
    place = load(FACTS / "police-misconduct-north-wales.json")
    bare = replace(place, embargo=UNSET, banners=None, headline_short=None)
    assert list(bare.to_dict())[:2] == ["story", "place"]
    assert "headline_short" not in bare.to_dict()
    stamped = replace(bare, embargo="2020-10-23T00:01:00+01:00")
    assert list(stamped.to_dict())[:2] == ["embargo", "story"]


def _broken(change) -> dict:  # type: ignore[no-untyped-def]
    data = json.loads((FACTS / "police-misconduct-north-wales.json").read_text(encoding="utf-8"))
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        (lambda d: d["measures"][0]["figure"].pop("count"), "measures[0].figure.count", None),
        (
            lambda d: d["measures"][0]["rank"].update(tied="2"),
            "measures[0].rank.tied",
            'number, not "2"',
        ),
        (lambda d: d["flags"].update(illustrative=1), "flags.illustrative", "true or false, not 1"),
        (
            lambda d: d["measures"][0]["figure"].update(count=True),
            "measures[0].figure.count",
            "true",
        ),
        (lambda d: d.update(measures={}), "measures", "should be a list, not {}"),
        (lambda d: d.pop("place"), "place", None),
        (lambda d: d.update(quotes=["text"]), "quotes[0]", '"text"'),
    ],
)
def test_a_bad_or_missing_field_names_the_file_and_the_field(change, field, value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as raised:
        from_dict(_broken(change), "out/x/facts.json")
    message = str(raised.value)
    assert message.startswith("out/x/facts.json: ")
    assert f"the field {field} " in message
    assert message.endswith(". Build the story again to rewrite its facts")
    if value:
        assert value in message


def test_a_file_that_is_not_json_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "facts.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DraftsError, match=r"facts\.json: cannot be read as JSON"):
        load(bad)
    with pytest.raises(DraftsError, match="cannot be read as JSON"):
        load(tmp_path / "missing.json")
    with pytest.raises(InputError, match=r"the field \(top\) should be an object"):
        from_dict([1, 2])
