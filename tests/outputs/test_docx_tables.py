"""Word's table of figures writes every rate and rank as the presenter does (and as the site
does): "2.9 per 1,000" for a measure on that scale, never "0%"; "joint 1st of 43" for a shared
rank, never "(4 tied)". Fast: the drafts' facts come from facts.json files kept as fixtures."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import docx

from generator.checks.style import ILLUSTRATIVE
from generator.delivery.newsroom import NewsroomMeta
from generator.drafts.fact_types import from_dict
from generator.outputs.writers import Draft
from generator.outputs.writers.docx_tables import editor_warnings, names
from generator.outputs.writers.docx_writer import write_docx

FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "facts"


def facts_of(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FACTS / f"{name}.json").read_text(encoding="utf-8"))
    return data


def tables(facts: dict[str, Any]) -> list[list[list[str]]]:
    """Every table of the Word document written for a draft with these facts."""
    typed = from_dict(facts)
    draft = Draft(
        "article", "# Headline\n\nText.\n", "# Headline\n\nText.\n", (), typed, NewsroomMeta()
    )
    document = docx.Document(io.BytesIO(write_docx(draft)))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def test_a_rate_per_1000_is_written_per_1000_not_as_a_percentage() -> None:
    """Fixed: police-misconduct's table said "0%" where the draft says "2.9 per 1,000"."""
    (figures,) = tables(facts_of("police-misconduct-north-wales"))
    assert figures[1] == [
        "Officers and staff with a misconduct case to answer",
        "8",
        "2,781",
        "2.9 per 1,000",
        "1st of 38",
        "1.4 per 1,000",
    ]


def test_a_shared_rank_is_joint_as_the_site_writes_it() -> None:
    """Fixed: Word wrote "joint 1st of 43 (4 tied)" where the site writes "joint 1st of 43"."""
    (figures,) = tables(facts_of("cancelled-crimes-hampshire"))
    robbery = next(row for row in figures if row[0] == "Robbery")
    assert robbery[3:] == ["33%", "joint 1st of 43", "13%"]
    sexual = next(row for row in figures if row[0] == "Sexual offences (not rape)")
    assert sexual[1:] == ["9", "17", "53%", "1st of 43", "13%"]


def test_a_group_per_1000_total_and_places_are_written_per_1000() -> None:
    """Fixed: a group's totals and each place's figure per 1,000, not "0%"."""
    facts = facts_of("cancelled-crimes-yorkshire-post")
    for m in facts["measures"]:  # the same facts on a per-1,000 scale, as police-misconduct's
        for figure in (m.get("total"), m.get("pooled"), *m.get("summed", [])):
            if figure:
                figure.update(per=1000, value="2.9")
    totals, places = tables(facts)
    assert totals[1][3] == "2.9 per 1,000" and totals[1][5] == "2.9 per 1,000"
    assert places[1][1].endswith(" (2.9 per 1,000)")


def test_a_measure_without_a_figure_is_one_cell_not_five() -> None:
    """Fixed: "no figure" was written in each of five cells; now one cell across count,
    sample, share and rank, with the pooled share still given."""
    typed = from_dict(facts_of("cancelled-crimes-hampshire"))
    draft = Draft("article", "# H\n\nText.\n", "# H\n\nText.\n", (), typed, NewsroomMeta())
    document = docx.Document(io.BytesIO(write_docx(draft)))
    victims = next(r for r in document.tables[0].rows if r.cells[0].text.startswith("Victims"))
    cells = victims._tr.tc_lst
    assert [c.text for c in victims.cells] == ["Victims not told of a cancellation"] + [
        "no figure"
    ] * 4 + ["14%"]
    assert len(cells) == 3 and cells[1].grid_span == 4


def test_a_groups_places_are_in_alphabetical_order() -> None:
    """Fixed: the by-place rows followed the data file's order."""
    _, places = tables(facts_of("cancelled-crimes-yorkshire-post"))
    names = [row[0] for row in places[1:]]
    assert names == sorted(names) and len(names) == 4
    assert places[0][1] == "Sexual offences (not rape)"


def test_a_missing_figure_the_notes_name_is_not_repeated_as_a_warning() -> None:
    """Fixed: Hampshire's notes said "Not available for this force: victims not told of a
    cancellation." and then, in red, "No figure for: victims not told of a cancellation."."""
    typed = from_dict(facts_of("cancelled-crimes-hampshire"))
    assert typed.flags.missing_figures  # type: ignore[union-attr]
    said = "not available for this force: victims not told of a cancellation."
    warned = editor_warnings(typed, said)
    assert not [w for w in warned if "No figure" in w]
    # its own figures are published; the ranks and rates rest on 41 other forces' stand-ins
    # (these facts carry no banner to word it in the story's nouns)
    assert warned == ["Illustrative figures behind its ranks and rates – not for publication."]
    assert editor_warnings(typed, "")[1:] == ["No figure for: victims not told of a cancellation."]
    other = from_dict(facts_of("cancelled-crimes-hampshire"))
    assert editor_warnings(other, "sexual offences (not rape) are ...")[1].startswith("No figure")


def test_a_label_inside_a_longer_label_is_not_taken_as_named() -> None:
    labels = ["rape", "sexual offences (not rape)"]
    assert not names("sexual offences (not rape): beyond the limits.", "rape", labels)
    assert names("not available: rape and robbery.", "rape", labels)
    assert not names("drapes", "rape", labels)


def test_others_stand_ins_are_worded_as_the_banner_and_said_once() -> None:
    """Fixed: Word's notes said the ranks rest on "illustrative figures for 41 other forces"
    and then, in red, "Illustrative figures for 41 other places ..." again."""
    typed = from_dict(facts_of("cancelled-crimes-hampshire"))
    banner = (
        f"{ILLUSTRATIVE}: Hampshire Constabulary's own figures are published, but its rankings "
        "use illustrative figures for 41 other forces; check them against the published "
        "release before use"
    )
    typed = dataclasses.replace(typed, banners=(banner,))
    assert editor_warnings(typed, "")[0] == (
        "Hampshire Constabulary's own figures are published, but its rankings use illustrative "
        "figures for 41 other forces; check them against the published release before use – "
        "not for publication."
    )
    said = "rankings in this draft are worked out with illustrative figures for 41 other forces."
    assert not [w for w in editor_warnings(typed, said) if "llustrative" in w]
