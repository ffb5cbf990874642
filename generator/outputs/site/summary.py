"""What the site keeps of each place while it writes the pages: the few worded values its row
in the index shows, read once from the place's facts. The facts themselves are read again for
the place's own page and let go after it, so the site's memory does not grow with the number
of places' facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.drafts.fact_types import AnyFacts, DraftFacts, MeasureFacts
from generator.drafts.listing import lead_label
from generator.inputs.story import Measure
from generator.language.present import capital, rank_label
from generator.outputs.site.banners import row_flags
from generator.outputs.site.model import Banner, LeadSummary, RateCell
from generator.outputs.site.words import rate_sort


@dataclass(frozen=True, slots=True)  # one for every place: no __dict__ each
class PlaceSummary:
    """A place's row in the index: its lead, one cell for each measure, its flags, and what
    the index's banner and every page's embargo line read."""

    lead: LeadSummary
    cells: tuple[RateCell, ...]
    flags: tuple[Banner, ...]
    illustrative: bool
    embargo: str | None


def lead_summary(facts: AnyFacts, labels: Mapping[str, str]) -> LeadSummary:
    """A place's lead finding, from its facts (nothing for a draft about several places): its
    measure, with its figure and rank, or for a lead on no one measure its kind in the words of
    its draft and of ``drafts list`` (:func:`generator.drafts.listing.lead_label`)."""
    if not isinstance(facts, DraftFacts):
        return LeadSummary()
    key = facts.lead.measure
    entry = next((e for e in facts.measures if e.measure == key), None)
    if key is None or entry is None:  # a lead on no one measure: "clean record"
        return LeadSummary(capital(_kind_label(facts.lead.kind)))
    figure, rank = entry.figure, entry.rank
    claim = (rank.claim or "") if rank else ""
    if not claim:  # the lead's kind as ``drafts list`` words it: "close to the overall rate"
        where = (rank.position, rank.tied) if rank else (None, 1)
        claim = _kind_label(facts.lead.kind, *where)
    return LeadSummary(
        capital(entry.label or labels.get(key, key)),
        figure.text if figure else "",
        rank_label(rank.position, rank.tied, rank.base or rank.total, "worst") if rank else "",
        claim,
        rate_sort(figure),
        str(rank.position) if rank else "",
    )


def _kind_label(kind: str, position: int | None = None, tied: int = 1) -> str:
    """A lead kind in words ("clean record"; "second worst" with its ``position``); a rank
    with no position to word it by (facts edited by hand) as its kind."""
    try:
        return lead_label(kind, position, tied) if kind else ""
    except ValueError:
        return kind.replace("_", " ")


def summarise(
    facts: DraftFacts, labels: Mapping[str, str], measures: Sequence[Measure]
) -> PlaceSummary:
    """The index's summary of a place's draft."""
    by_key = {e.measure: e for e in facts.measures}
    cells = []
    for measure in measures:
        entry = by_key.get(measure.key)
        figure = entry.figure if isinstance(entry, MeasureFacts) else None
        cells.append(RateCell(figure.label if figure else "", rate_sort(figure)))
    embargo = facts.embargo if isinstance(facts.embargo, str) and facts.embargo else None
    return PlaceSummary(
        lead_summary(facts, labels),
        tuple(cells),
        tuple(row_flags(facts, labels)),
        bool(facts.flags.illustrative),
        embargo,
    )
