"""Typed facts: facts.json read back into dataclasses writes the same bytes, a bad or missing
field is a clear error naming the file and the field, and figures present themselves as the
presenter writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from generator.base.errors import DraftsError, InputError
from generator.drafts.fact_types import (
    UNSET,
    DraftFacts,
    GroupFacts,
    from_dict,
    load,
    replace,
)
from generator.drafts.facts import draft_facts
from generator.drafts.prepared import context_for, prepare

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


# --- change between two periods (tests/fixtures/trend) -----------------------------------------


def trend_facts(tmp_path: Path, slug: str = "northshire") -> DraftFacts:
    root = copy_project(FIXTURES / "trend", tmp_path / "trend")
    prepared = prepare(root, "trend")
    context = context_for(prepared, slug)
    return draft_facts(context, prepared.angles[slug], prepared.dataset, "headline")


def test_a_change_is_in_the_facts_with_its_earlier_cells(tmp_path: Path) -> None:
    facts = trend_facts(tmp_path)
    change = facts.measures[0].change
    assert change is not None
    assert (change.since, change.direction, change.points, change.exact) == (
        "2012",
        "up",
        "17",
        "17/1",
    )
    assert (change.earlier.count, change.earlier.base, change.earlier.percent) == (43, 100, 43)
    assert [c.column for c in change.earlier.cells or ()] == ["unsolved 2012", "recorded 2012"]
    assert change.rank is not None and change.rank.claim == "the biggest rise"
    assert change.pooled is not None and change.pooled.direction == "down"
    assert change.text == "up 17 percentage points since 2012 (43% in 2012)"
    per_thousand = facts.measures[1].change
    assert per_thousand is not None and per_thousand.earlier.value == "1.8"
    assert per_thousand.text == "up 1.2 points per 1,000 since 2012 (1.8 per 1,000 in 2012)"


def test_change_facts_read_back_write_the_same_bytes(tmp_path: Path) -> None:
    facts = trend_facts(tmp_path, "southshire")
    text = facts.as_json()
    assert '"change"' in text
    assert from_dict(json.loads(text)).as_json() == text


def test_a_measure_without_change_or_figure_has_no_change_key(tmp_path: Path) -> None:
    facts = trend_facts(tmp_path, "westshire")
    assert "change" not in facts.to_dict()["measures"][0]  # no figure
    assert "change" not in facts.to_dict()["measures"][1]  # no 2012 figure
    assert not any('"change"' in p.read_text(encoding="utf-8") for p in FILES)
