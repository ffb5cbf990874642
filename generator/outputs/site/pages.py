"""The site's draft pages: one per place, per partner outlet or station, and the national
story's, each with its article, notes, facts, downloads, charts, radio scripts and quotes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from generator.drafts.fact_types import AnyFacts
from generator.language.present import capital
from generator.outputs.site.article import draft_html, draft_text, split_draft
from generator.outputs.site.attachments import charts_of, downloads_of, pack_download
from generator.outputs.site.banners import top, warnings_of
from generator.outputs.site.checklist import checklist
from generator.outputs.site.facts_table import fact_sections
from generator.outputs.site.highlight import highlighter
from generator.outputs.site.load import DraftFolder, SiteBuild, SitePartner, SitePlace
from generator.outputs.site.model import Link, Page, PartnerView, QuoteView, ScriptView
from generator.outputs.site.safety import rewrite, texts_of


def scripts_of(source: DraftFolder) -> list[ScriptView]:
    """A draft's radio scripts, each titled with its part, length and word count."""
    views = []
    for i, script in enumerate(source.scripts, start=1):
        text = script.get("text")
        if not isinstance(text, str):
            continue
        part = str(script.get("part") or "script")
        seconds = script.get("target_seconds")
        short = f"{part} ({seconds} seconds)" if seconds else part
        title = capital(short)
        if script.get("words") is not None and script.get("estimated_seconds") is not None:
            title += f": {script['words']} words, about {script['estimated_seconds']} seconds"
        views.append(ScriptView(f"script-{i}", title, short, text))
    return views


def quotes_of(facts: AnyFacts) -> list[QuoteView]:
    """The quotes a draft used, each with who said it (quotes stay the text they were read
    as, a mapping each)."""
    views = []
    for quote in facts.quotes:
        if not isinstance(quote, Mapping):
            continue
        who = [quote.get(k) for k in ("speaker", "role", "organisation")]
        paragraphs = tuple(str(p) for p in quote.get("paragraphs") or () if p)
        said = str(quote.get("said") or "")
        if paragraphs or said:
            views.append(QuoteView(", ".join(str(w) for w in who if w), said, paragraphs))
    return views


def _page(site: SiteBuild, path: str, title: str, source: DraftFolder) -> Page:
    banners = top(site.info.embargo) + warnings_of(source.facts, site.labels, site.words)
    return Page(path, title, banners, subtitle=site.story.title)


def _fill(site: SiteBuild, page: Page, source: DraftFolder, names: Sequence[str]) -> None:
    """The parts of a page every draft has: article, notes, facts, downloads, scripts,
    quotes, and the steps before publishing."""
    folder = source.reader(site.build)
    page.facts = fact_sections(source.facts, site.words)
    ids = {s.id for s in page.facts} | {r.id for s in page.facts for r in s.rows}
    drafted = draft_html(folder, source.prose) if source.prose is not None else None
    body, notes = split_draft(drafted) if drafted is not None else ("", "")
    texts = texts_of(body) + texts_of(notes)  # all it marks: only their numbers looked up
    mark = highlighter(source.facts, source.mapping(site.build), site.story, names, ids, texts)
    if drafted is not None:
        page.article = Markup(rewrite(body, mark, 2))
        page.notes = Markup(rewrite(notes, mark, 0)) if notes.strip() else None
    if source.prose is not None:
        page.article_text = draft_text(folder, source.prose)
        if source.prose.scope != "place":
            page.article_title = "Round-up" if source.prose.scope == "group" else "Story"
    page.downloads = downloads_of(site.build, page, source, site.story.slug)
    page.scripts = scripts_of(source)
    page.quotes = quotes_of(source.facts)
    warnings = warnings_of(source.facts, site.labels, site.words)
    marked = bool(source.facts.banners)  # the draft's text opens with warning lines
    page.checklist = checklist(page, warnings, site.info.embargo, marked)


def place_page(site: SiteBuild, place: SitePlace, source: DraftFolder | None = None) -> Page:
    """The page of ``place``, made of its draft (``source``, else read from the build again
    for this page, and let go after it)."""
    page = place_body(site, place, source)
    page.covered_by = covered_by(site, page, place.slug)
    return page


def place_body(site: SiteBuild, place: SitePlace, source: DraftFolder | None = None) -> Page:
    """The page of ``place`` but for the outlets covering it and their packs
    (:func:`covered_by`), which a page made while the build writes its drafts is told
    later."""
    source = source if source is not None else place.source
    page = _page(site, f"{place.slug}.html", place.name, source)
    lead = place.summary.lead
    page.summary = [
        (k, v)
        for k, v in (
            ("Region", ", ".join(x for x in (place.region, place.nation) if x)),
            ("Lead finding", " – ".join(x for x in (lead.label, lead.figure) if x)),
            ("Rank", " – ".join(x for x in (lead.rank, lead.claim) if x)),
            ("Areas covered", ", ".join(site.towns.get(place.slug, ()))),
        )
        if v
    ]
    _fill(site, page, source, [place.name])
    page.charts = charts_of(site.build, page, [source], site.labels, site.story.slug)
    return page


def covered_by(site: SiteBuild, page: Page, slug: str) -> list[PartnerView]:
    """The outlets and stations covering the place ``slug``, with their packs, as its page
    (``page``) lists them."""
    return [
        PartnerView(
            p.page,
            p.name,
            "station" if p.station else p.kind,
            pack_download(site.build, page, p.slug, site.story.slug, site.held.get(p.slug)),
        )
        for p in site.partners_of(slug)
    ]


def partner_page(site: SiteBuild, partner: SitePartner) -> Page:
    source = partner.source  # read once for the page
    page = _page(site, partner.page, partner.name, source)
    page.summary = [("Outlet", "station" if partner.station else partner.kind)]
    page.covers = [
        Link(f"{page.root}{slug}.html", site.by_slug[slug].name)
        for slug in partner.places
        if slug in site.by_slug
    ]
    _fill(site, page, source, [partner.name, *site.names(partner.places)])
    own = [site.by_slug[s] for s in partner.places if s in site.by_slug]
    # the place's charts when the partner's folder has none (read from the build only then)
    sources = [
        source,
        *([own[0].source] if len(own) == 1 and not source.charts else []),
    ]
    page.charts = charts_of(site.build, page, sources, site.labels, site.story.slug)
    note = site.held.get(partner.slug)
    pack = pack_download(site.build, page, partner.slug, site.story.slug, note)
    if pack is not None:
        page.downloads.append(pack)
    return page


def national_page(site: SiteBuild, source: DraftFolder) -> Page:
    page = _page(site, "national.html", "National story", source)
    _fill(site, page, source, [site.words.area])
    page.charts = charts_of(site.build, page, [source], site.labels, site.story.slug)
    return page
