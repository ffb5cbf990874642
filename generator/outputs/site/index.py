"""The site's index page: each place's lead finding, rank, rates and flags in one table, with
the columns it sorts on and the regions, outlets and stations it filters by."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.checks.style import ILLUSTRATIVE
from generator.drafts.listing import FLAG_LABELS
from generator.language.filters import possessive, series
from generator.language.present import capital, number, scale
from generator.outputs.site.banners import top
from generator.outputs.site.load import SiteBuild, SitePlace
from generator.outputs.site.model import (
    Banner,
    IndexColumn,
    IndexRow,
    Link,
    Page,
    PartnerLink,
)
from generator.outputs.site.summary import lead_summary

__all__ = ["INDEX_ROWS", "index_pages", "index_row", "lead_summary"]

INDEX_ROWS = 1000
"""The most places one index page lists (a larger build's index is split into pages)."""
NAMED = 50
"""On a split index, an outlet covering more places than this is listed with their number."""
FLAG_OPTIONS = (
    ("illustrative", capital(FLAG_LABELS["illustrative"])),
    ("awaiting", capital(FLAG_LABELS["awaiting_response"])),
    ("missing", capital(FLAG_LABELS["missing_figures"])),
    ("none", "No flags"),
)
"""The index's filter by flag: each as its rows' tags name it (:func:`.banners.row_flags`)."""


def index_row(
    site: SiteBuild, place: SitePlace, towns: Mapping[str, tuple[str, ...]] | None = None
) -> IndexRow:
    """A place's row: what it shows, and what its filters and search match (its name,
    region, lead, outlets, and the towns and districts ``towns`` lists for it)."""
    summary = place.summary
    lead = summary.lead
    partners = site.partners_of(place.slug)
    within = (towns or {}).get(place.slug, ())
    search = [place.name, place.region, place.nation, lead.label, *(p.name for p in partners)]
    search += within
    return IndexRow(
        place.slug,
        place.name,
        f"{place.slug}.html",
        place.region,
        lead,
        summary.cells,
        summary.flags,
        " ".join(dict.fromkeys(b.kind for b in summary.flags)),
        " ".join(p.slug for p in partners if not p.station),
        " ".join(p.slug for p in partners if p.station),
        " ".join(" ".join(s.split()) for s in search if s).lower(),
        ";".join(within),
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


def _partner_links(site: SiteBuild, station: bool, paged: bool) -> list[PartnerLink]:
    """Each outlet or station, and the places it covers: by name, or (on a paged index, for
    a patch of more than :data:`NAMED` places) by number."""

    every = {p.slug for p in site.places}

    def covers(places: tuple[str, ...]) -> str:
        if len(places) > 1 and set(places) >= every:  # not a wall of names on a phone
            return f"all {number(len(every))} {site.words.plural}"
        if paged and len(places) > NAMED:
            return f"{len(places):,} {site.words.plural}"
        return series(site.names(places)) if places else ""

    return [
        PartnerLink(p.slug, p.name, p.page, covers(p.places))
        for p in site.partners
        if p.station is station
    ]


def _whose_drafts(flagged: int, total: int, site: SiteBuild) -> str:
    """Whose drafts a warning is in, numbers by the house rule: "all 43 forces' drafts", "the
    drafts of 12 of the 43 forces", "the force's draft"."""
    plural, singular = site.words.plural, site.words.singular
    if total == 1:
        return f"the {possessive(singular)} draft"
    if flagged == total:
        return f"all {number(total)} {possessive(plural)} drafts"
    drafts = "the draft" if flagged == 1 else "the drafts"
    return f"{drafts} of {number(flagged)} of the {number(total)} {plural}"


def index_pages(site: SiteBuild) -> list[tuple[Page, dict[str, Any]]]:
    """The index pages, each with what its template reads besides the page: one page, or for
    more than :data:`INDEX_ROWS` places, pages of that many in order of name (``index.html``,
    ``index-2.html``...), each linking to every page by the names it runs from and to."""
    banners = top(site.info.embargo)
    flagged = sum(p.summary.illustrative for p in site.places)
    if flagged:
        text = f"{ILLUSTRATIVE} in {_whose_drafts(flagged, len(site.places), site)}"
        banners.append(Banner("illustrative", text))
    rows = [index_row(site, p, site.towns) for p in site.places]
    chunks = [rows[i : i + INDEX_ROWS] for i in range(0, len(rows), INDEX_ROWS)] or [[]]
    paths = ["index.html", *(f"index-{n}.html" for n in range(2, len(chunks) + 1))]
    paged = len(chunks) > 1
    links = [
        Link(path, f"{chunk[0].name} – {chunk[-1].name}")
        for path, chunk in zip(paths, chunks, strict=True)
        if paged
    ]
    shared = {
        "total": len(rows),
        "pages": links,
        "columns": _columns(site),
        "regions": sorted({p.region for p in site.places if p.region}),
        "outlets": _partner_links(site, False, paged),
        "stations": _partner_links(site, True, paged),
        "flag_options": FLAG_OPTIONS,
        "illustrative": ILLUSTRATIVE,
    }
    pages = []
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        title = f"Editors' pack, page {n} of {len(chunks)}" if paged else "Editors' pack"
        pages.append((Page(path, title, list(banners), wide=True), {**shared, "rows": chunk}))
    return pages
