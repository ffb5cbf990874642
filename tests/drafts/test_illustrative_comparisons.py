"""A draft whose own figures are published is still flagged when its ranks, the places named
level with it and the pooled rates rest on other places' illustrative figures; a story whose
figures are all published flags none. The tiny story: Eastshire's lost-parcels figures are
stand-ins, every other row is published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run

from generator.checks.style import ILLUSTRATIVE
from generator.checks.warnings import pack_warnings
from generator.drafts.jobs import DraftResult
from generator.drafts.prepared import context_for, group_for, prepare
from generator.inputs.story import Unit
from generator.language.banner import comparisons
from generator.pipeline import build

UNIT = Unit("area", "areas", "Testland", "data/places.csv")


def _published(tiny: Path) -> None:
    """Every figure of the tiny story published: the illustrative column emptied."""
    path = tiny / "data/tiny/figures.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([rows[0], *(row.rsplit(",", 1)[0] + "," for row in rows[1:])]) + "\n",
        encoding="utf-8",
    )


def test_the_wording_says_whose_figures_and_which_claims() -> None:
    assert comparisons(0, UNIT, owner="Northshire Council") == ""
    assert comparisons(41, UNIT, owner="Northshire Council", named=True) == (
        "Northshire Council's own figures are published, but its rankings, the areas named "
        "beside it and the Testland rates use illustrative figures for 41 other areas; check "
        "them against the published release before use"
    )
    assert comparisons(1, UNIT, owner="Northshire Council", own=True) == (
        "its rankings and the Testland rates also use illustrative figures for one other area; "
        "check them against the published release before use"
    )
    assert comparisons(3, UNIT).startswith("the figures for these areas are published, but their")


def test_a_published_place_is_flagged_for_another_places_stand_ins(tiny: Path) -> None:
    prepared = prepare(tiny, "tiny")
    north = context_for(prepared, "northshire")
    east = context_for(prepared, "eastshire")
    assert not north.illustrative and north.illustrative_elsewhere == 1
    assert north.uses_illustrative
    assert east.illustrative and east.illustrative_elsewhere == 0  # only its own
    both = group_for(prepared, "Two", ["northshire", "southshire"])
    assert both.uses_illustrative and both.illustrative_elsewhere == 1
    everyone = group_for(prepared, "All", list(prepared.dataset.records), national=True)
    assert everyone.illustrative and everyone.illustrative_elsewhere == 0


@pytest.mark.slow
def test_the_flag_and_banner_reach_every_format_the_site_and_the_listing(
    tiny: Path, tmp_path: Path
) -> None:
    result = build(tiny, "tiny", out=tmp_path / "out")
    folder = result.out_dir / "northshire"
    for name in ("draft.md", "draft.txt"):
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: Northshire"), name
        assert "illustrative figures for one other area" in first
    assert "ILLUSTRATIVE FIGURES" in (folder / "draft.html").read_text(encoding="utf-8")
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    flags = facts.get("facts", facts)["flags"]
    assert flags["illustrative"] is True and flags["illustrative_elsewhere"] == 1
    page = (result.out_dir / "site" / "northshire.html").read_text(encoding="utf-8")
    assert "banner-illustrative" in page and "one other area" in page
    listed = run(tiny, "list", "--story", "tiny", "--json")
    places = {p["slug"]: p for p in json.loads(listed.output)["places"]}
    assert all(p["flags"]["illustrative"] for p in places.values())


@pytest.mark.slow
def test_a_story_whose_figures_are_all_published_flags_none(tiny: Path, tmp_path: Path) -> None:
    _published(tiny)
    result = build(tiny, "tiny", out=tmp_path / "out")
    for folder in sorted(p for p in result.out_dir.iterdir() if (p / "draft.md").exists()):
        text = (folder / "draft.md").read_text(encoding="utf-8")
        assert "ILLUSTRATIVE" not in text, folder.name
        facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
        flags = facts.get("facts", facts)["flags"]
        assert flags["illustrative"] is False and "illustrative_elsewhere" not in flags
    listed = run(tiny, "list", "--story", "tiny", "--json")
    assert not any(p["flags"]["illustrative"] for p in json.loads(listed.output)["places"])


def _result(slug: str, name: str, flagged: bool) -> DraftResult:
    return DraftResult(slug, name, "place", {}, flagged, False, (), "")


def test_a_packs_note_names_the_stand_ins_behind_its_comparisons(tiny: Path) -> None:
    dataset = prepare(tiny, "tiny").dataset
    north = _result("northshire", "Northshire Council", True)
    assert pack_warnings([north, north], dataset) == [
        "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: Northshire Council's own figures are "
        "published, but its rankings and the Testland rates use illustrative figures for one "
        "other area; check them against the published release before use."
    ]
    east = _result("eastshire", "Eastshire Council", True)
    assert pack_warnings([east, east], dataset) == [
        f"{ILLUSTRATIVE}: the figure for lost parcels (six of 10) is illustrative."
    ]
    _published(tiny)
    assert pack_warnings([north, north], prepare(tiny, "tiny").dataset) == []
