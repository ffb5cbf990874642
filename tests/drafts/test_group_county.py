"""Round-ups of lower-tier councils roll up to their county (issue 15, item 3)."""

from __future__ import annotations

from pathlib import Path

from generator.drafts.group import build_group
from generator.drafts.prepared import context_for, prepare

PLACES = """code,name,short_name,slug,nation,region,county,organisation,variants
X01,Northshire Council,Northshire,northshire,Testland,North,Bigshire,Northshire Council,North Shire
X02,Southshire Council,Southshire,southshire,Testland,North,Bigshire,Southshire Council
X03,Eastshire Council,Eastshire,eastshire,Testland,North,,Eastshire Council
X04,Westshire Council,Westshire,westshire,Testland,West,,Westshire Council
X05,Midshire Council,Midshire,midshire,Testland,Middle,,Midshire Council
"""


def test_a_round_up_of_one_countys_councils_is_about_the_county(tiny: Path) -> None:
    (tiny / "data" / "places.csv").write_text(PLACES, encoding="utf-8")
    prepared = prepare(tiny, "tiny")
    story = prepared.story

    def group(*slugs: str):
        return build_group(story, "Paper", [context_for(prepared, s) for s in slugs])

    county = group("northshire", "southshire")
    assert (county.area, county.patch) == ("Bigshire", "Bigshire")
    totals = county.by_key["late"].total
    parts = [prepared.dataset.record(s).figures["late"] for s in ("northshire", "southshire")]
    assert totals is not None and totals.count == sum(f.count for f in parts if f)
    region = group("northshire", "southshire", "eastshire")  # one region, two counties
    assert (region.area, region.patch) == ("North", "the North")
    mixed = group("northshire", "westshire")
    assert mixed.area == "Northshire and Westshire"
