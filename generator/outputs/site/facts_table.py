"""The facts section of a draft's page: a draft's ``facts.json`` as sections of rows (one
section a measure, then the other data fields and the places covered), each row with the id
the draft's figures link to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.checks.style import ILLUSTRATIVE
from generator.language.filters import series
from generator.language.present import capital, figures
from generator.outputs.site.model import FactRow, FactSection, Words
from generator.outputs.site.words import anchor_id, figure_text, rank_text, rate_text


def cell_text(cell: Any) -> str:
    """Where a figure came from: "data/forces.csv, row 12, column sexual"."""
    if not isinstance(cell, Mapping):
        return ""
    return f"{cell.get('file', '')}, row {cell.get('row', '')}, column {cell.get('column', '')}"


def _place_rows(key: str, entry: Mapping[str, Any]) -> list[FactRow]:
    """A place's own figure for a measure: count, base, rate, sources, status and rank. A rate
    on another scale than per cent ("2.9 per 1,000") is shown as the draft prints it, without
    the whole percentage the facts also hold (which rounds it to "0%")."""
    figure = entry.get("figure") or {}
    cells = [c for c in figure.get("cells") or () if isinstance(c, Mapping)]
    rows = [
        FactRow(
            f"fact-{key}-count",
            "Count",
            figures(figure.get("count")),
            cell_text(cells[0] if cells else None),
        ),
        FactRow(
            f"fact-{key}-base",
            "Out of",
            figures(figure.get("base")),
            cell_text(cells[1] if cells[1:] else None),
        ),
    ]
    per = figure.get("per")
    other_scale = figure.get("value") is not None and isinstance(per, int) and per != 100
    if figure.get("percent") is not None and not other_scale:  # "0%" beside "2.9 per 1,000"
        rows.append(FactRow(f"fact-{key}-percent", "Per cent", f"{figure['percent']}%"))
    if figure.get("value") is not None:
        rows.append(FactRow(f"fact-{key}-value", "Rate", rate_text(figure)))
    for extra in cells[2:]:
        rows.append(FactRow(f"fact-{key}-cell-{len(rows)}", "Source", cell_text(extra)))
    if figure.get("illustrative"):
        rows.append(FactRow(f"fact-{key}-illustrative", "Status", ILLUSTRATIVE))
    rank = entry.get("rank")
    if isinstance(rank, Mapping) and rank_text(rank):
        claim = rank.get("claim") or ""
        tied = rank.get("tied") or 1
        note = claim + (f" (shared by {tied})" if tied > 1 else "")
        rows.append(FactRow(f"fact-{key}-rank", "Rank", rank_text(rank), note))
    return rows


def _shared_rows(key: str, entry: Mapping[str, Any], words: Words) -> list[FactRow]:
    """What a measure's entry says of every place: the pooled rate, how many places have
    figures, have at least one, have none, are worst, and the funnel plot's signal."""
    rows = []
    pooled = entry.get("pooled")
    if isinstance(pooled, Mapping) and figure_text(pooled):
        versus = pooled.get("versus")
        note = f"{versus} the {words.area} rate" if versus in ("above", "below") else ""
        label = f"{words.area}, all {words.plural} together"
        rows.append(FactRow(f"fact-{key}-pooled", label, figure_text(pooled), note))
    with_figures = entry.get("places_with_figures")
    if isinstance(with_figures, int):
        label = f"{capital(words.plural)} with figures"
        rows.append(FactRow(f"fact-{key}-with", label, figures(with_figures)))
    some = entry.get("places_with_at_least_one")
    if isinstance(some, int):
        out_of = with_figures
        for candidate in (pooled or {}).get("places"), (entry.get("rank") or {}).get("base"):
            if out_of is None and isinstance(candidate, int):
                out_of = candidate
        value = figures(some) + (f" of {figures(out_of)}" if isinstance(out_of, int) else "")
        label = f"{capital(words.plural)} with at least one"
        rows.append(FactRow(f"fact-{key}-atleast", label, value))
    without = entry.get("places_without")
    if without:
        rows.append(FactRow(f"fact-{key}-without", "No figure", series(without)))
    worst = entry.get("worst")
    if worst:
        rows.append(FactRow(f"fact-{key}-worst", "Worst", series(worst)))
    funnel = entry.get("funnel")
    if isinstance(funnel, Mapping) and isinstance(funnel.get("signal"), str):
        caution = funnel.get("caution")
        note = caution if isinstance(caution, str) else ""
        rows.append(FactRow(f"fact-{key}-funnel", "Funnel plot", funnel["signal"], note))
    return rows


def _summed_rows(key: str, entry: Mapping[str, Any], words: Words) -> list[FactRow]:
    """A measure of a draft about several places: their figures together, then each one's."""
    rows = []
    total = entry.get("total")
    if isinstance(total, Mapping) and figure_text(total):
        rows.append(FactRow(f"fact-{key}-total", "Together", figure_text(total)))
    for i, item in enumerate(entry.get("summed") or ()):
        if isinstance(item, Mapping):
            note = ILLUSTRATIVE if item.get("illustrative") else ""
            label = str(item.get("place") or f"{capital(words.singular)} {i + 1}")
            rows.append(FactRow(f"fact-{key}-p{i}", label, figure_text(item), note))
    return rows


def fact_sections(facts: Mapping[str, Any], words: Words) -> list[FactSection]:
    """The facts of a draft as sections of rows, each row with the id its figures link to:
    ``fact-<measure>-count``, ``-base``, ``-percent``, ``-rank``, ``-pooled``... for a place;
    ``-total`` and ``-p<n>`` (each place) for a draft about several."""
    sections = []
    for entry in facts.get("measures") or ():
        if not isinstance(entry, Mapping) or entry.get("measure") is None:
            continue
        key = anchor_id(entry["measure"])
        title = capital(str(entry.get("label") or entry["measure"]))
        if "summed" in entry or "total" in entry:
            rows = _summed_rows(key, entry, words) + _shared_rows(key, entry, words)
            sections.append(FactSection(f"fact-{key}", title, tuple(rows)))
        elif entry.get("available", True) is False or not entry.get("figure"):
            sections.append(FactSection(f"fact-{key}", title, note="No figure in the data."))
        else:
            rows = _place_rows(key, entry) + _shared_rows(key, entry, words)
            sections.append(FactSection(f"fact-{key}", title, tuple(rows)))
    fields = facts.get("fields")
    if isinstance(fields, Mapping) and fields:
        rows = []
        for name, item in fields.items():
            item = item if isinstance(item, Mapping) else {"value": item}
            label = capital(str(name).replace("_", " "))
            value = "" if item.get("value") is None else str(item.get("value"))
            anchor = f"fact-field-{anchor_id(name)}"
            rows.append(FactRow(anchor, label, value, cell_text(item.get("cell"))))
        sections.append(FactSection("fact-fields", "Other data", tuple(rows)))
    places = facts.get("places")
    if isinstance(places, list) and places:
        label = f"{capital(words.plural)} in this draft"
        row = FactRow("fact-places", label, series(places), f"{len(places)} in all")
        sections.append(FactSection("fact-coverage", "Coverage", (row,)))
    return sections
