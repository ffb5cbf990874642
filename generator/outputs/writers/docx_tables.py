"""The Word document's table of figures and the warnings its notes gather, from a draft's facts.

Every figure, rate and rank is written by the presenter (:mod:`generator.language.present`), as
the site writes it: counts in figures with commas, "53%" or "2.9 per 1,000", "joint 1st of 43".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table

from generator.language.present import NO_FIGURE, figure_label, figures, rank_label, value_label
from generator.outputs.writers import Draft
from generator.outputs.writers.docx_styled import Styled


def _fmt_rate(figure: dict[str, Any] | None) -> str:
    """A figure's rate as the facts printed it: "53%", "2.9 per 1,000"."""
    if not figure:
        return NO_FIGURE
    per = figure.get("per", 100)
    value = figure.get("value") if per != 100 else figure.get("percent")
    if not isinstance(value, int | str) or isinstance(value, bool):
        return NO_FIGURE
    return value_label(value, per)


def rank_text(rank: dict[str, Any] | None) -> str:
    """A place's rank as a table shows it: "1st of 43", "joint 1st of 43"."""
    if not rank or not isinstance(rank.get("position"), int):
        return "not ranked"
    return rank_label(
        rank["position"], rank.get("tied") or 1, rank.get("base") or rank.get("total")
    )


def _area(draft: Draft) -> str:
    area = draft.meta.get("area")
    return f"{area} (pooled)" if area else "All places (pooled)"


def _header(table: Table, headings: list[str]) -> None:
    row = table.rows[0]
    for cell, heading in zip(row.cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _table(doc: Styled, headings: list[str], rows: list[list[str]]) -> Table:
    """A grid table with a bold, repeating header row; figures right-aligned."""
    table = doc.table(1, len(headings), "Table Grid")
    _header(table, headings)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(value)
            if i > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _place_rows(measures: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for m in measures:
        label = str(m.get("label") or m.get("measure") or "")
        figure = m.get("figure") if m.get("available") else None
        if not figure:
            rows.append([label, NO_FIGURE, NO_FIGURE, NO_FIGURE, NO_FIGURE, NO_FIGURE])
            continue
        rows.append(
            [
                label,
                figures(figure.get("count")),
                figures(figure.get("base")),
                _fmt_rate(figure),
                rank_text(m.get("rank")),
                _fmt_rate(m.get("pooled")),
            ]
        )
    return rows


def _group_rows(measures: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for m in measures:
        total = m.get("total") or {}
        with_figures = m.get("places_with_figures")
        rows.append(
            [
                str(m.get("label") or m.get("measure") or ""),
                figures(total.get("count")),
                figures(total.get("base")),
                _fmt_rate(total),
                figures(with_figures) if with_figures is not None else NO_FIGURE,
                _fmt_rate(m.get("pooled")),
            ]
        )
    return rows


def _by_place(facts: dict[str, Any], measures: list[dict[str, Any]]) -> list[list[str]]:
    """One row per place of a group: each measure's figure as "9 of 17 (53%)"."""
    summed = {m.get("measure"): {s.get("place"): s for s in m.get("summed", [])} for m in measures}
    rows = []
    for place in facts.get("places", []):
        row = [str(place)]
        for m in measures:
            figure = summed[m.get("measure")].get(place)
            if not figure or not isinstance(figure.get("count"), int):
                row.append(NO_FIGURE)
            else:
                row.append(figure_label(figure["count"], figure.get("base"), _fmt_rate(figure)))
        rows.append(row)
    return rows


def add_figures(doc: Styled, draft: Draft) -> None:
    """The table of figures behind the draft (nothing when the facts hold no measures)."""
    facts = draft.facts or {}
    measures = [m for m in facts.get("measures") or [] if isinstance(m, dict)]
    if not measures:
        return
    doc.heading("The figures", level=2)
    area = _area(draft)
    if "group" in facts:
        headings = ["Measure", "Count", "Sample", "Share", "Places with figures", area]
        _table(doc, headings, _group_rows(measures))
        if len(facts.get("places", [])) > 1:
            doc.paragraph(text="By place (the figures summed into the totals):")
            labels = [str(m.get("label") or m.get("measure")) for m in measures]
            _table(doc, ["Place", *labels], _by_place(facts, measures))
    else:
        headings = ["Measure", "Count", "Sample", "Share", "Rank", area]
        _table(doc, headings, _place_rows(measures))


def _labels(facts: dict[str, Any]) -> dict[str, str]:
    return {
        str(m.get("measure")): str(m.get("label") or m.get("measure"))
        for m in facts.get("measures") or []
        if isinstance(m, dict)
    }


def _join(names: Iterable[Any]) -> str:
    return ", ".join(str(n) for n in names)


def _illustrative_columns(facts: dict[str, Any], columns: list[str]) -> list[str]:
    """Illustrative data columns named by the measures they feed, in the measures' order."""
    named: list[str] = []
    covered: set[str] = set()
    for m in facts.get("measures") or []:
        cells = ((m.get("figure") or {}).get("cells") or []) if isinstance(m, dict) else []
        used = {c.get("column") for c in cells if isinstance(c, dict)} & set(columns)
        if used:
            named.append(str(m.get("label") or m.get("measure")))
            covered |= used
    return named + [c for c in columns if c not in covered]


def editor_warnings(facts: dict[str, Any]) -> list[str]:
    """Every warning an editor must see before publishing, from the draft's facts flags."""
    flags = facts.get("flags") or {}
    lines: list[str] = []
    if "group" in facts:
        places = flags.get("illustrative_places") or []
        if places:
            lines.append(
                f"Illustrative figures – not for publication – for: {_join(places)}. "
                "Check them against the published source before publication."
            )
        elif flags.get("illustrative"):
            lines.append("Some figures in this draft are illustrative – not for publication.")
        for m in facts.get("measures") or []:
            without = (m.get("places_without") or []) if isinstance(m, dict) else []
            if without:
                label = m.get("label") or m.get("measure")
                lines.append(f"No figure for {label} from: {_join(without)}.")
        awaiting = flags.get("awaiting_response") or []
        if awaiting and not facts.get("national"):  # as its banners: no force owes a reply
            lines.append(f"No response yet from {_join(awaiting)}: check before publication.")
        return lines
    if flags.get("illustrative"):
        columns = _illustrative_columns(facts, list(flags.get("illustrative_columns") or []))
        which = f" ({_join(columns)})" if columns else ""
        lines.append(
            f"Illustrative figures{which} – not for publication. Check them against the "
            "published source before publication."
        )
    missing = flags.get("missing_figures") or []
    if missing:
        labels = _labels(facts)
        lines.append(f"No figure for: {_join(labels.get(k, k) for k in missing)}.")
    if flags.get("awaiting_response"):
        name = (facts.get("place") or {}).get("name") or "this place"
        lines.append(f"No response yet from {name}: check before publication.")
    return lines
