"""The Word document's table of figures and the warnings its notes gather, from a draft's facts.

Every figure, rate and rank is written by the presenter (:mod:`generator.language.present`), as
the site writes it: counts in figures with commas, "53%" or "2.9 per 1,000", "joint 1st of 43".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.checks.style import ILLUSTRATIVE
from generator.drafts.fact_types import (
    DraftFacts,
    FigureFacts,
    GroupChangeFacts,
    GroupFacts,
    GroupMeasureFacts,
    MeasureFacts,
    PooledFacts,
    RankFacts,
)
from generator.language.present import NO_FIGURE, capital, figures, rank_label
from generator.outputs.writers import Draft
from generator.outputs.writers.docx_styled import Body
from generator.outputs.writers.docx_xml import Cell, Span


def _rate(figure: FigureFacts | PooledFacts | None) -> str:
    """A figure's rate as the presenter writes it for tables: "53%", "2.9 per 1,000"."""
    return NO_FIGURE if figure is None else figure.label


def rank_text(rank: RankFacts | None) -> str:
    """A place's rank as a table shows it: "1st of 43", "joint 1st of 43"."""
    return "not ranked" if rank is None else rank.label


def _area(draft: Draft) -> str:
    area = draft.meta.area
    return f"{area} (pooled)" if area else "All places (pooled)"


def _table(doc: Body, headings: list[str], rows: list[list[Cell]]) -> None:
    """A grid table with a bold, repeating header row; figures right-aligned."""
    doc.table(headings, rows, "Table Grid")


def _place_rows(measures: tuple[MeasureFacts, ...]) -> list[list[Cell]]:
    """One row per measure: count, sample, share and rank (one cell "no figure" across them
    for a measure the place has no figure for), then the pooled share."""
    rows: list[list[Cell]] = []
    for m in measures:
        label = capital(m.label or m.measure)
        figure = m.figure if m.available else None
        if figure is None:
            rows.append([label, Span(NO_FIGURE, 4), _rate(m.pooled)])
            continue
        rows.append(
            [
                label,
                figures(figure.count),
                figures(figure.base),
                _rate(figure),
                rank_text(m.rank),
                _rate(m.pooled),
            ]
        )
    return rows


def _group_rows(measures: tuple[GroupMeasureFacts, ...]) -> list[list[Cell]]:
    """One row per measure: the group's count, sample and share (one cell "no figure" across
    them without a total), the places with figures and the pooled share."""
    rows: list[list[Cell]] = []
    for m in measures:
        total = m.total
        label = capital(m.label or m.measure)
        if total is None:
            rows.append(
                [label, Span(NO_FIGURE, 3), figures(m.places_with_figures), _rate(m.pooled)]
            )
            continue
        rows.append(
            [
                label,
                figures(None if total is None else total.count),
                figures(None if total is None else total.base),
                _rate(total),
                figures(m.places_with_figures),
                _rate(m.pooled),
            ]
        )
    return rows


def _by_place(facts: GroupFacts) -> list[list[Cell]]:
    """One row per place of a group, in alphabetical order of the place's name: each measure's
    figure as "9 of 17 (53%)"."""
    summed = {m.measure: {s.place: s.figure for s in m.summed or ()} for m in facts.measures}
    rows: list[list[Cell]] = []
    for place in sorted(facts.places, key=lambda name: (name.casefold(), name)):
        row: list[Cell] = [place]
        for m in facts.measures:
            figure = summed[m.measure].get(place)
            row.append(NO_FIGURE if figure is None else figure.text)
        rows.append(row)
    return rows


def _change_rows(facts: DraftFacts | GroupFacts) -> list[list[Cell]]:
    """One row per measure with a change: the earlier rate, the latest, the change as tables
    write it and, for a place, its rank by change and claim ("the biggest rise")."""
    rows: list[list[Cell]] = []
    for m in facts.measures:
        change = m.change
        if change is None:
            continue
        label = capital(m.label or m.measure)
        if isinstance(change, GroupChangeFacts):
            note = f"{figures(change.places)} places with both figures"
            rows.append([label, change.earlier.label, change.now.label, change.text, note])
            continue
        now = m.figure.label if isinstance(m, MeasureFacts) and m.figure else NO_FIGURE
        rank = change.rank
        note = NO_FIGURE if rank is None else rank_label(rank.position, rank.tied, rank.base)
        if rank is not None and rank.claim:
            note += f" ({rank.claim})"
        rows.append([label, change.earlier.label, now, change.text, note])
    return rows


def add_change(doc: Body, facts: DraftFacts | GroupFacts) -> None:
    """The table of change between periods, after the figures (nothing when no measure
    declares a change, so a story without one is unchanged)."""
    rows = _change_rows(facts)
    if not rows:
        return
    since = next(m.change.since for m in facts.measures if m.change is not None)
    doc.paragraph(text=f"Change since {since}:", keep=True)
    last = "Rank by change" if isinstance(facts, DraftFacts) else "Pooled over"
    _table(doc, ["Measure", f"In {since}", "Latest", "Change", last], rows)


def add_figures(doc: Body, draft: Draft) -> None:
    """The table of figures behind the draft (nothing when the facts hold no measures)."""
    facts = draft.facts
    if facts is None or not facts.measures:
        return
    doc.heading("The figures", level=2)
    area = _area(draft)
    if isinstance(facts, GroupFacts):
        headings = ["Measure", "Count", "Sample", "Share", "Places with figures", area]
        _table(doc, headings, _group_rows(facts.measures))
        if len(facts.places) > 1:
            doc.paragraph(text="By place (the figures summed into the totals):", keep=True)
            labels = [capital(m.label or m.measure) for m in facts.measures]
            _table(doc, ["Place", *labels], _by_place(facts))
    else:
        headings = ["Measure", "Count", "Sample", "Share", "Rank", area]
        _table(doc, headings, _place_rows(facts.measures))
    add_change(doc, facts)


def _join(names: Iterable[str]) -> str:
    return ", ".join(names)


def _illustrative_columns(facts: DraftFacts, columns: tuple[str, ...]) -> list[str]:
    """Illustrative data columns named by the measures they feed, in the measures' order."""
    named: list[str] = []
    covered: set[str] = set()
    for m in facts.measures:
        cells = (m.figure.cells or ()) if m.figure is not None else ()
        used = {c.column for c in cells} & set(columns)
        if used:
            named.append(m.label or m.measure)
            covered |= used
    return named + [c for c in columns if c not in covered]


def _elsewhere(facts: DraftFacts) -> str:
    """A draft whose own figures are published but whose ranks and rates use other places'
    stand-ins, in its banner's words (the story's own nouns: "... use illustrative figures for
    41 other forces; check them ..."), as one sentence."""
    from generator.language.banner import illustrative_line  # not at the top: an import cycle

    line = illustrative_line(facts.banners) if facts.banners is not None else None
    detail = (line or "").removeprefix(ILLUSTRATIVE).removeprefix(":").strip()
    if not detail:
        return "Illustrative figures behind its ranks and rates – not for publication."
    return f"{detail[:1].upper()}{detail[1:].rstrip('.')} – not for publication."


def _group_warnings(facts: GroupFacts) -> list[str]:
    flags = facts.flags
    lines: list[str] = []
    if flags.illustrative_places:
        places = _join(flags.illustrative_places)
        lines.append(
            f"Illustrative figures – not for publication – for: {places}. "
            "Check them against the published source before publication."
        )
    elif flags.illustrative:
        lines.append("Some figures in this draft are illustrative – not for publication.")
    for m in facts.measures:
        if m.places_without:
            lines.append(f"No figure for {m.label or m.measure} from: {_join(m.places_without)}.")
    awaiting = flags.awaiting_response
    if awaiting and not facts.national:  # as its banners: no force owes a reply
        lines.append(f"No response yet from {_join(awaiting)}: check before publication.")
    return lines


def names(said: str, label: str, labels: Iterable[str]) -> bool:
    """Whether the text ``said`` (casefolded) names the measure ``label`` as a word of its
    own, not inside another measure's longer label ("rape" inside "sexual offences (not
    rape)")."""
    wanted = label.casefold()
    for other in labels:
        longer = other.casefold()
        if wanted in longer and wanted != longer:
            said = said.replace(longer, " ")
    return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", said) is not None


def editor_warnings(facts: DraftFacts | GroupFacts | None, said: str = "") -> list[str]:
    """Every warning an editor must see before publishing, from the draft's facts flags; a
    measure with no figure whose label the draft's notes (``said``, casefolded) already name
    is not named again."""
    if facts is None:
        return []
    if isinstance(facts, GroupFacts):
        return _group_warnings(facts)
    flags = facts.flags
    lines: list[str] = []
    if flags.illustrative:
        columns = _illustrative_columns(facts, flags.illustrative_columns)
        if columns or not flags.illustrative_elsewhere:
            which = f" ({_join(columns)})" if columns else ""
            lines.append(
                f"Illustrative figures{which} – not for publication. Check them against the "
                "published source before publication."
            )
        elif "illustrative" not in said:  # its own are published; the notes do not say so
            lines.append(_elsewhere(facts))
    labels = {m.measure: m.label or m.measure for m in facts.measures}
    missing = [labels.get(k, k) for k in flags.missing_figures]
    unsaid = [label for label in missing if not names(said, label, labels.values())]
    if unsaid:
        lines.append(f"No figure for: {_join(unsaid)}.")
    if flags.awaiting_response:
        name = facts.place.name or "this place"
        lines.append(f"No response yet from {name}: check before publication.")
    return lines
