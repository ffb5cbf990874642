"""Charts in a build: each force's bar chart and funnel plot, highlighted, in its folder and in
every pack that carries the force, with alt text that states the draft's own finding."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import read

from generator.delivery.packs import read_pack
from generator.language.filters import number

SVG = "{http://www.w3.org/2000/svg}"
HIGHLIGHT = "#b80000"  # the highlighted bar's colour (generator/outputs/charts/base.py)


def test_hampshire_has_both_charts_highlighted_with_its_finding(built) -> None:
    folder = built.out_dir / "hampshire"
    charts = json.loads((folder / "charts.json").read_text())
    facts = json.loads((folder / "facts.json").read_text())
    lead = facts["lead"]["measure"]
    assert charts["measure"] == lead == "sexual"
    claim = next(m for m in facts["measures"] if m["measure"] == lead)["rank"]["claim_extreme"]
    for kind in ("chart", "funnel"):
        entry = charts[kind]
        assert (folder / entry["png"]).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        ET.fromstring((folder / entry["svg"]).read_bytes())  # well-formed SVG
        assert f"Hampshire Constabulary's rate is {claim}" in entry["alt"]
    assert "Hampshire Constabulary is highlighted: 53 per cent" in charts["chart"]["alt"]
    assert "is above the 99.8 per cent limit" in charts["funnel"]["alt"]
    # Exactly one bar is in the highlight colour, and its label is bold.
    root = ET.fromstring((folder / "chart.svg").read_bytes())
    # after the white ground; a hollow (illustrative) bar's white inside is not a bar
    bars = [f for r in root.iter(f"{SVG}rect") if (f := r.get("fill")) != "#ffffff"]
    assert bars.count(HIGHLIGHT) == 1 and len(bars) == 43
    texts = list(root.iter(f"{SVG}text"))
    bold = [t.text for t in texts if "font-weight: 700" in t.get("style", "")]
    assert "Hampshire" in bold


def test_another_forces_chart_highlights_that_force(built) -> None:
    kent = json.loads((built.out_dir / "kent" / "charts.json").read_text())
    assert "Kent Police is highlighted" in kent["chart"]["alt"]
    assert "Hampshire" not in kent["chart"]["alt"].split("highlighted")[0]
    assert (built.out_dir / "kent/chart.png").read_bytes() != (
        built.out_dir / "hampshire/chart.png"
    ).read_bytes()


def test_charts_travel_in_the_packs(built) -> None:
    pack = read_pack(built.out_dir / "packs" / "isle-of-wight-county-press.zip")
    for name in ("chart.png", "chart.svg", "funnel.png", "funnel.svg", "charts.json"):
        carried = pack[f"forces/hampshire/{name}"]
        assert carried == (built.out_dir / "hampshire" / name).read_bytes()


def test_the_caution_in_the_draft_matches_the_funnel_facts(built) -> None:
    # Wherever a force's draft makes a ranked claim on a figure above zero, its notes carry
    # the funnel facts' technical caveat for that measure: within or between the limits, the
    # facts' caution ("... may be down to chance"); beyond the 99.8 limit, its significance.
    # A zero is never hedged: no chance caveat in its sentence and no technical note.
    checked = zeros = 0
    for path in sorted(built.out_dir.glob("*/facts.json")):
        facts = json.loads(path.read_text())
        if "place" not in facts or not isinstance(facts["place"], dict):
            continue
        text = read(built, path.parent.name)
        for m in facts["measures"]:
            funnel = m.get("funnel")
            rank = m.get("rank") or {}
            claims = [c for c in (rank.get("claim"), rank.get("claim_extreme")) if c]
            said = [c for c in claims if c in text]
            # a secondary rank may drop "in England and Wales" when its sentence gives the
            # England and Wales rate: the short claim counts on a line with the force's figure
            percent = f"{m['figure']['percent']} per cent" if m.get("figure") else None
            for c in claims:
                short = c.removesuffix(" in England and Wales")
                if (
                    short != c
                    and percent
                    and any(short in ln and percent in ln for ln in text.splitlines())
                ):
                    said.append(short)
            if m.get("figure") and m["figure"]["count"] == 0 and rank:
                # a zero is said in its own sentence, naming the measure ("one of 23 forces where
                # no rape case was incorrectly cancelled, among the 42 with figures"), or zeros of
                # several measures are said once: "among the forces where none were ...: one of
                # five for sexual offences and one of 23 with figures for rape cases"
                grouped = f"one of {number(rank['tied'])}"
                stem = m["label"][:4].lower()
                said += [
                    grouped
                    for ln in text.splitlines()
                    if ("where none were" in ln or "where no " in ln)
                    and grouped in ln
                    and stem in ln.lower()
                ][:1]
            if not funnel or not said:
                continue
            label = m["label"][:1].upper() + m["label"][1:]
            note = next((ln for ln in text.splitlines() if ln.startswith(f"- {label}:")), "")
            if m["figure"]["count"] == 0:
                assert note == "", (path, note)
                for line in (ln for ln in text.splitlines() if any(c in ln for c in said)):
                    assert "chance" not in line, (path, line)
                zeros += 1
                continue
            if funnel["signal"] in ("above-99.8", "below-99.8"):
                assert funnel["caution"] is None, path
                assert funnel["significance"].startswith("significantly"), path
                assert (
                    f"{funnel['significance']}, beyond what chance alone is likely to produce"
                    in note
                ), (path, note)
            else:
                assert "may be down to chance" in funnel["caution"], path
                assert funnel["caution"] in note, (path, note)
            checked += 1
    assert checked > 40
    assert zeros > 30
