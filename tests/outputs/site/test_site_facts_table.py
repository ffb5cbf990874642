"""The site's facts section, index lead and flags from the facts a build writes (the facts
fixtures), worded by the one presenter."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.checks.style import ILLUSTRATIVE
from generator.drafts.fact_types import AnyFacts, DraftFacts, load
from generator.drafts.listing import lead_label
from generator.language.present import capital
from generator.outputs.site.banners import row_flags, warnings_of
from generator.outputs.site.facts_table import fact_sections
from generator.outputs.site.index import lead_summary
from generator.outputs.site.model import FactRow, Words
from generator.outputs.site.words import rate_sort

FACTS = Path(__file__).resolve().parents[2] / "fixtures" / "facts"
FORCES = Words("force", "forces", "England and Wales")


def facts(name: str) -> AnyFacts:
    return load(FACTS / f"{name}.json")


def rows(name: str) -> dict[str, FactRow]:
    return {r.id: r for s in fact_sections(facts(name), FORCES) for r in s.rows}


def test_a_rate_per_1000_is_shown_as_the_draft_prints_it_not_as_a_rounded_percentage() -> None:
    # Deliberate fix: police-misconduct's facts table said "Per cent: 0%" above "Rate: 2.9 per
    # 1,000" (the facts keep a whole percentage for every rate); the draft says 2.9 per 1,000.
    misconduct = rows("police-misconduct-north-wales")
    assert "fact-misconduct-percent" not in misconduct
    assert misconduct["fact-misconduct-value"].value == "2.9 per 1,000"
    assert misconduct["fact-misconduct-pooled"].value == "299 of 213,249 (1.4 per 1,000)"
    # a rate per cent keeps its row
    assert rows("cancelled-crimes-hampshire")["fact-sexual-percent"].value == "53%"


def test_a_place_s_rows_with_their_cells_and_a_shared_rank() -> None:
    hampshire = rows("cancelled-crimes-hampshire")
    assert hampshire["fact-sexual-count"].value == "9"
    assert hampshire["fact-sexual-count"].note.startswith("data/cancelled-crimes/")
    assert hampshire["fact-sexual-base"].value == "17"
    assert hampshire["fact-sexual-rank"].value == "1st of 43"
    robbery = hampshire["fact-robbery-rank"]
    assert (robbery.value, robbery.note.endswith("(shared by 4)")) == ("joint 1st of 43", True)
    titles = [s.title for s in fact_sections(facts("cancelled-crimes-hampshire"), FORCES)]
    assert titles[0] == "Sexual offences (not rape)" and titles[-1] == "Other data"


def test_a_round_up_has_the_total_then_each_place_summed_into_it() -> None:
    post = rows("cancelled-crimes-yorkshire-post")
    assert post["fact-sexual-total"].value == "13 of 80 (16%)"
    assert (post["fact-sexual-p0"].label, post["fact-sexual-p0"].value) == (
        "North Yorkshire Police",
        "3 of 22 (14%)",
    )
    assert post["fact-sexual-pooled"].note == "above the England and Wales rate"
    assert post["fact-places"].note == "4 in all"


def test_the_index_lead_sorts_on_the_exact_rate_and_the_position() -> None:
    lead = lead_summary(facts("police-misconduct-north-wales"), {})
    assert lead.figure == "8 of 2,781 (2.9 per 1,000)"
    assert (lead.rank, lead.rank_sort) == ("worst of 38", "1")  # which way the rank runs
    assert float(lead.figure_sort) == pytest.approx(8 / 2781)


def test_no_figure_no_lead_and_nothing_to_sort_on() -> None:
    assert rate_sort(None) == ""
    hampshire = facts("cancelled-crimes-hampshire")
    assert isinstance(hampshire, DraftFacts)
    clean = dataclasses.replace(hampshire.lead, kind="clean", measure=None)
    summary = lead_summary(dataclasses.replace(hampshire, lead=clean), {})
    assert summary.label == capital(lead_label("clean"))  # as drafts list names it
    assert (summary.figure, summary.figure_sort, summary.rank_sort) == ("", "", "")
    no_lead = dataclasses.replace(hampshire.lead, kind="", measure=None)
    assert lead_summary(dataclasses.replace(hampshire, lead=no_lead), {}).label == ""
    assert lead_summary(facts("cancelled-crimes-yorkshire-post"), {}).figure == ""


def test_a_place_s_warnings_on_its_page_and_in_its_index_row() -> None:
    hampshire = facts("cancelled-crimes-hampshire")
    assert isinstance(hampshire, DraftFacts)
    labels = {"victims": "victims"}
    plain = dataclasses.replace(
        hampshire, flags=dataclasses.replace(hampshire.flags, illustrative=False)
    )
    assert [(b.kind, b.text) for b in warnings_of(plain, labels, FORCES)] == [
        ("warning", "Missing figures: victims")
    ]
    assert [b.kind for b in row_flags(plain, labels)] == ["missing"]
    flags = dataclasses.replace(hampshire.flags, illustrative=True)
    banners = (f"{ILLUSTRATIVE}: rape: two of 19 is illustrative",)
    marked = dataclasses.replace(hampshire, flags=flags, banners=banners)
    (first, *_) = warnings_of(marked, labels, FORCES)  # the line, then which figures
    assert (first.kind, first.text, first.detail) == (
        "illustrative",
        ILLUSTRATIVE,
        "rape: two of 19 is illustrative",
    )
    assert first.whole == banners[0]
    # The index's row: a short tag each, in the words of drafts list.
    assert [b.text for b in row_flags(marked, labels)] == [
        "Illustrative figures",
        "Missing figures",
    ]
    flags = dataclasses.replace(plain.flags, awaiting_response=True)
    awaiting = dataclasses.replace(plain, flags=flags)
    assert warnings_of(awaiting, labels, FORCES)[0].text.startswith(
        "No response from Hampshire Constabulary yet"
    )
