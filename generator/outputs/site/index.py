"""The site's index page: each place's lead finding, rank, rates and flags in one table, with
the columns it sorts on and the regions, outlets and stations it filters by."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.checks.style import ILLUSTRATIVE
from generator.drafts.fact_types import AnyFacts, DraftFacts, MeasureFacts
from generator.language.filters import series
from generator.language.present import capital, scale
from generator.outputs.site.banners import row_flags, top
from generator.outputs.site.load import SiteBuild, SitePlace
from generator.outputs.site.model import (
    Banner,
    IndexColumn,
    IndexRow,
    LeadSummary,
    Page,
    PartnerLink,
    RateCell,
)
from generator.outputs.site.words import rate_sort

FLAG_OPTIONS = (
    ("illustrative", "Illustrative figures"),
    ("awaiting", "No response yet"),
    ("missing", "Missing figures"),
    ("none", "No flags"),
)


def lead_summary(facts: AnyFacts, labels: Mapping[str, str]) -> LeadSummary:
    """A place's lead finding, from its facts (nothing for a draft about several places)."""
    if not isinstance(facts, DraftFacts):
        return LeadSummary()
    key = facts.lead.measure
    entry = next((e for e in facts.measures if e.measure == key), None)
    if key is None or entry is None:
        return LeadSummary()
    figure, rank = entry.figure, entry.rank
    return LeadSummary(
        capital(entry.label or labels.get(key, key)),
        figure.text if figure else "",
        rank.label if rank else "",
        (rank.claim or "") if rank else "",
        rate_sort(figure),
        str(rank.position) if rank else "",
    )


def index_row(site: SiteBuild, place: SitePlace) -> IndexRow:
    facts = place.source.facts
    lead = lead_summary(facts, site.labels)
    by_key = {e.measure: e for e in facts.measures}
    cells = []
    for measure in site.story.measures:
        entry = by_key.get(measure.key)
        figure = entry.figure if isinstance(entry, MeasureFacts) else None
        cells.append(RateCell(figure.label if figure else "", rate_sort(figure)))
    shown = row_flags(facts, site.labels)
    partners = site.partners_of(place.slug)
    search = [place.name, place.region, place.nation, lead.label, *(p.name for p in partners)]
    return IndexRow(
        place.slug,
        place.name,
        f"{place.slug}.html",
        place.region,
        lead,
        tuple(cells),
        tuple(shown),
        " ".join(dict.fromkeys(b.kind for b in shown)),
        " ".join(p.slug for p in partners if not p.station),
        " ".join(p.slug for p in partners if p.station),
        " ".join(" ".join(s.split()) for s in search if s).lower(),
    )


def _columns(site: SiteBuild) -> list[IndexColumn]:
    return [
        IndexColumn(capital(site.words.singular), sorted=True),
        IndexColumn("Region"),
        IndexColumn("Lead finding"),
        IndexColumn("Lead figure", numeric=True, first="descending"),
        IndexColumn("Rank", numeric=True),
        *(
            IndexColumn(
                f"{capital(m.label)}, {scale(m.per)}",
                numeric=True,
                first="descending" if m.worse == "higher" else "ascending",
            )
            for m in site.story.measures
        ),
        IndexColumn("Flags", sortable=False),
    ]


def _partner_links(site: SiteBuild, station: bool) -> list[PartnerLink]:
    return [
        PartnerLink(p.slug, p.name, p.page, series(site.names(p.places)) if p.places else "")
        for p in site.partners
        if p.station is station
    ]


def index_page(site: SiteBuild) -> tuple[Page, dict[str, Any]]:
    """The index page and what its template reads besides the page."""
    banners = top(site.info.embargo)
    flagged = sum(p.source.facts.flags.illustrative for p in site.places)
    if flagged:
        words = site.words.plural if len(site.places) != 1 else site.words.singular
        text = f"{ILLUSTRATIVE} in the drafts of {flagged} of the {len(site.places)} {words}"
        banners.append(Banner("illustrative", text))
    page = Page("index.html", "Editors' pack", banners, wide=True)
    context = {
        "rows": [index_row(site, p) for p in site.places],
        "columns": _columns(site),
        "regions": sorted({p.region for p in site.places if p.region}),
        "outlets": _partner_links(site, False),
        "stations": _partner_links(site, True),
        "flag_options": FLAG_OPTIONS,
        "illustrative": ILLUSTRATIVE,
    }
    return page, context
