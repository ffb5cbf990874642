"""The facts section of a draft's page: a draft's facts as sections of rows (one section a
measure, then the other data fields and the places covered), each row with the id the
draft's figures link to."""

from __future__ import annotations

from generator.checks.style import ILLUSTRATIVE
from generator.drafts.fact_types import (
    AnyFacts,
    CategoriesFacts,
    CellFacts,
    DraftFacts,
    FigureFacts,
    GroupFacts,
    GroupMeasureFacts,
    MeasureFacts,
)
from generator.language.filters import series
from generator.language.present import capital, count, figure_label, figures
from generator.outputs.charts.base import SIGNAL_WORDS
from generator.outputs.site.model import FactRow, FactSection, Words
from generator.outputs.site.words import anchor_id


def cell_text(cell: CellFacts | None) -> str:
    """Where a figure came from: "data/forces.csv, row 12, column sexual"."""
    return "" if cell is None else f"{cell.file}, row {cell.row}, column {cell.column}"


def _place_rows(key: str, entry: MeasureFacts, figure: FigureFacts, words: Words) -> list[FactRow]:
    """A place's own figure for a measure: count, base, rate, sources, status and rank. A rate
    on another scale than per cent ("2.9 per 1,000") is shown as the draft prints it, without
    the whole percentage the facts also hold (which rounds it to "0%")."""
    cells = figure.cells or ()
    rows = [
        FactRow(
            f"fact-{key}-count",
            "Count",
            figures(figure.count),
            cell_text(cells[0] if cells else None),
        ),
        FactRow(
            f"fact-{key}-base",
            "Out of",
            figures(figure.base),
            cell_text(cells[1] if cells[1:] else None),
        ),
    ]
    other_scale = figure.value is not None and figure.per is not None and figure.per != 100
    if not other_scale:  # "0%" beside "2.9 per 1,000" says nothing
        rows.append(FactRow(f"fact-{key}-percent", "Per cent", f"{figure.percent}%"))
    if figure.value is not None:
        rows.append(FactRow(f"fact-{key}-value", "Rate", figure.label))
    for extra in cells[2:]:
        rows.append(FactRow(f"fact-{key}-cell-{len(rows)}", "Source", cell_text(extra)))
    if figure.illustrative:
        rows.append(FactRow(f"fact-{key}-illustrative", "Status", ILLUSTRATIVE))
    rank = entry.rank
    if rank is not None:
        note = (rank.claim or "") + (f" (shared by {rank.tied})" if rank.tied > 1 else "")
        rows.append(FactRow(f"fact-{key}-rank", "Rank", rank.label, note))
    change = entry.change
    if change is not None:  # a measure with an earlier period: "up 17 percentage points..."
        note = (change.rank.claim or "") if change.rank is not None else ""
        rows.append(FactRow(f"fact-{key}-change", f"Since {change.since}", change.text, note))
        if change.pooled is not None:
            label = f"{words.area}, all {words.plural} together, since {change.since}"
            text = change.pooled.label_since(change.since)
            rows.append(FactRow(f"fact-{key}-change-pooled", label, text))
    return rows


def _value_rows(key: str, entry: MeasureFacts, words: Words) -> list[FactRow]:
    """A value measure (``kind: value``): the place's value and its cell, its status and
    rank, and the national figure (the manifest's median, mean or total); no funnel."""
    rows, amount, national = [], entry.amount, entry.national
    if amount is not None:
        cell = cell_text(amount.cells[0]) if amount.cells else ""
        rows.append(FactRow(f"fact-{key}-amount", "Value", amount.text, cell))
        if amount.illustrative:
            rows.append(FactRow(f"fact-{key}-illustrative", "Status", ILLUSTRATIVE))
    rank = entry.rank
    if rank is not None:
        note = (rank.claim or "") + (f" (shared by {rank.tied})" if rank.tied > 1 else "")
        rows.append(FactRow(f"fact-{key}-rank", "Rank", rank.label, note))
    if national is not None:
        versus = national.versus
        note = f"{versus} the {words.area} figure" if versus in ("above", "below") else ""
        label = f"{words.area}, the {national.how} of {national.places} {words.plural}"
        rows.append(FactRow(f"fact-{key}-national", label, national.text, note))
    if entry.worst:
        rows.append(FactRow(f"fact-{key}-worst", "Worst", series(entry.worst)))
    return rows


def _shared_rows(key: str, entry: MeasureFacts | GroupMeasureFacts, words: Words) -> list[FactRow]:
    """What a measure's entry says of every place: the pooled rate, how many places have
    figures, have at least one, have none, are worst, and the funnel plot's signal."""
    rows = []
    pooled = entry.pooled
    if pooled is not None:
        versus = pooled.versus
        note = f"{versus} the {words.area} rate" if versus in ("above", "below") else ""
        label = f"{words.area}, all {words.plural} together"
        rows.append(FactRow(f"fact-{key}-pooled", label, pooled.text, note))
    with_figures = entry.places_with_figures if isinstance(entry, GroupMeasureFacts) else None
    if with_figures is not None:
        label = f"{capital(words.plural)} with figures"
        rows.append(FactRow(f"fact-{key}-with", label, figures(with_figures)))
    some = entry.places_with_at_least_one
    if some is not None:
        out_of = with_figures
        rank = entry.rank if isinstance(entry, MeasureFacts) else None
        for candidate in (pooled.places if pooled else None), (rank.base if rank else None):
            if out_of is None and candidate is not None:
                out_of = candidate
        value = figures(some) + (f" of {figures(out_of)}" if out_of is not None else "")
        label = f"{capital(words.plural)} with at least one"
        rows.append(FactRow(f"fact-{key}-atleast", label, value))
    if isinstance(entry, GroupMeasureFacts) and entry.places_without:
        rows.append(FactRow(f"fact-{key}-without", "No figure", series(entry.places_without)))
    if entry.worst:
        rows.append(FactRow(f"fact-{key}-worst", "Worst", series(entry.worst)))
    funnel = entry.funnel if isinstance(entry, MeasureFacts) else None
    if funnel is not None:  # in words, as the funnel plot's alt text says it
        where = capital(SIGNAL_WORDS.get(funnel.signal, funnel.signal))
        note = funnel.significance or funnel.caution or ""
        rows.append(FactRow(f"fact-{key}-funnel", "Funnel plot", where, note))
    return rows


def _summed_rows(key: str, entry: GroupMeasureFacts, words: Words) -> list[FactRow]:
    """A measure of a draft about several places: their figures together, then each one's."""
    rows = []
    if entry.total is not None:
        rows.append(FactRow(f"fact-{key}-total", "Together", entry.total.text))
    for i, item in enumerate(entry.summed or ()):
        note = ILLUSTRATIVE if item.figure.illustrative else ""
        label = item.place or f"{capital(words.singular)} {i + 1}"
        rows.append(FactRow(f"fact-{key}-p{i}", label, item.figure.text, note))
    return rows


def _section(entry: MeasureFacts | GroupMeasureFacts, words: Words) -> FactSection:
    key = anchor_id(entry.measure)
    title = capital(entry.label or entry.measure)
    if isinstance(entry, GroupMeasureFacts):
        if entry.total is None and entry.summed is None:
            return FactSection(f"fact-{key}", title, note="No figure in the data.")
        rows = _summed_rows(key, entry, words) + _shared_rows(key, entry, words)
        if entry.change is not None:  # their figures pooled in both periods
            change = entry.change
            note = f"{count(change.places, words.singular)} with figures in both periods"
            rows.append(FactRow(f"fact-{key}-change", f"Since {change.since}", change.text, note))
    elif entry.amount is not None:  # a value measure
        rows = _value_rows(key, entry, words)
    elif not entry.available or entry.figure is None:
        return FactSection(f"fact-{key}", title, note="No figure in the data.")
    else:
        rows = _place_rows(key, entry, entry.figure, words) + _shared_rows(key, entry, words)
    return FactSection(f"fact-{key}", title, tuple(rows))


def category_anchor(key: str, index: int | None = None) -> str:
    """The anchor of a ``categories:`` section, or of its ``index``-th category (most common
    first, as the place's ``shares`` list them)."""
    head = f"fact-categories-{anchor_id(key)}"
    return head if index is None else f"{head}-{index}"


def _categories_section(entry: CategoriesFacts, words: Words) -> FactSection:
    """A place's shares of one ``categories:`` section: a row a category, most common first,
    with its count of the total and share, the national share and the cell it came from; the
    most common marked."""
    title = capital(entry.label or entry.categories)
    anchor = category_anchor(entry.categories)
    if not entry.available or not entry.shares or entry.total is None:
        return FactSection(anchor, title, note="No figures in the data.")
    national = {share.column: share for share in entry.national or ()}
    rows = []
    for i, share in enumerate(entry.shares):
        notes = []
        if share.order == 1:
            notes.append("the joint most common" if share.tied > 1 else "the most common")
        across = national.get(share.column)
        if across is not None:
            notes.append(f"{words.area}: {across.percent}%")
        if share.cell is not None:
            cell = share.cell
            notes.append(f"{cell.file}, row {cell.row}, column {cell.column}")
        value = figure_label(share.count, share.base, f"{share.percent}%")
        rows.append(
            FactRow(
                category_anchor(entry.categories, i), capital(share.name), value, "; ".join(notes)
            )
        )
    note = (
        f"Each {entry.label}'s count of the {figures(entry.total)} in all and its share, "
        f"beside the share across {words.area}."
    )
    return FactSection(anchor, title, tuple(rows), note)


def fact_sections(facts: AnyFacts, words: Words) -> list[FactSection]:
    """The facts of a draft as sections of rows, each row with the id its figures link to:
    ``fact-<measure>-count``, ``-base``, ``-percent``, ``-rank``, ``-pooled``... for a place;
    ``-total`` and ``-p<n>`` (each place) for a draft about several; after the measures, a
    place's ``categories:`` sections, ``fact-categories-<key>-<n>`` each category."""
    sections = [_section(entry, words) for entry in facts.measures]
    if isinstance(facts, DraftFacts):
        sections += [_categories_section(entry, words) for entry in facts.categories or ()]
    if isinstance(facts, DraftFacts) and facts.fields:
        rows = []
        for name, item in facts.fields.items():
            label = capital(str(name).replace("_", " "))
            value = "" if item.value is None else str(item.value)
            anchor = f"fact-field-{anchor_id(name)}"
            rows.append(FactRow(anchor, label, value, cell_text(item.cell)))
        sections.append(FactSection("fact-fields", "Other data", tuple(rows)))
    if isinstance(facts, GroupFacts) and facts.places:
        label = f"{capital(words.plural)} in this draft"
        places = facts.places
        row = FactRow("fact-places", label, series(places), f"{len(places)} in all")
        sections.append(FactSection("fact-coverage", "Coverage", (row,)))
    return sections
