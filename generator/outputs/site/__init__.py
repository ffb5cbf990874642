"""The editors' site: a static website over a finished build, for partner editors and radio
producers, written to ``out/<story>/site/``.

:func:`write_site` reads what the build wrote (each draft's ``facts.json``, its HTML, text and
radio scripts, and ``charts.json`` where a folder has one) and writes:

- ``index.html``: each place's lead finding, rank, figures and flags in one table, sortable,
  filterable by region, outlet, station and flag, and searchable (split, in order of name,
  into ``index-2.html``... past :data:`~generator.outputs.site.index.INDEX_ROWS` places);
- a page per place (``<place>.html``), per partner outlet (``partners/<outlet>.html``), per
  station (``radio/<station>.html``) and for the national story (``national.html``): the draft
  with each figure highlighted and linked to its entry in the facts on the same page, copy
  buttons for the text and each radio script, downloads, the chart, the quotes used and the
  notes to editors;
- ``site.css`` and ``site.js``, the only assets: nothing is fetched from the network.

Every page opens with the embargo line (when there is one), then the partners-only marking,
then its draft's warnings (illustrative figures, no response yet, missing figures). Links to
the build's files are relative (``../<place>/article.docx``), so the site works opened from
disk inside ``out/<story>/`` or served from any web server. Words for the places ("force",
"forces") come from the story; nothing here knows any one story. The same build gives the same
bytes.

The package, in the order a page is made:

- :mod:`~generator.outputs.site.load`: reading the build (draft folders, places, partners),
  and :mod:`~generator.outputs.site.summary`: what the index keeps of each place;
- :mod:`~generator.outputs.site.model`: the values pages are made of, which the templates in
  ``assets/`` lay out;
- :mod:`~generator.outputs.site.words`: anchor ids and the exact rates columns sort on
  (figures, rates and ranks are worded by the presenter, through the typed facts'
  ``label`` and ``text``);
- :mod:`~generator.outputs.site.banners`: the embargo, partners-only and warning lines;
- :mod:`~generator.outputs.site.facts_table`: a draft's facts as rows with anchors;
- :mod:`~generator.outputs.site.article`: a draft's article and notes, read from the build;
- :mod:`~generator.outputs.site.highlight`: figures in the text linked to their facts;
- :mod:`~generator.outputs.site.safety`: the article's HTML made safe to show;
- :mod:`~generator.outputs.site.attachments`: downloads and charts;
- :mod:`~generator.outputs.site.pages` and :mod:`~generator.outputs.site.index`: the pages;
- :mod:`~generator.outputs.site.stream`: place pages made while the build writes each draft.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from generator.base.names import inside
from generator.drafts.jobs import DraftResult
from generator.inputs.outlets import Outlets
from generator.inputs.places import Places
from generator.inputs.story import Story
from generator.outputs.site.index import index_pages
from generator.outputs.site.load import SITE, DraftFolder, SiteBuild, SitePlace
from generator.outputs.site.model import Page, PartnerView
from generator.outputs.site.pages import national_page, partner_page, place_page

ASSETS = Path(__file__).with_name("assets")
STATIC = ("site.css", "site.js")

__all__ = ["ASSETS", "SITE", "site_files", "site_pages", "write_site"]

File = tuple[str, str | bytes]
"""A file of the site: its path inside ``site/`` and its content."""

if TYPE_CHECKING:
    from generator.outputs.site.stream import SitePages as Made


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the engine's own templates: read once, not checked at each page
    )


def render_covered(partners: Sequence[PartnerView]) -> Markup:
    """A place page's list of the outlets covering it, with their packs (none: nothing)."""
    if not partners:
        return Markup("")
    return Markup(_environment().get_template("covered.html.j2").render(partners=partners))


def render_page(site: SiteBuild, page: Page, covered: Markup | None = None) -> str:
    """A draft's page (``covered``: its list of outlets, made already, else made of
    ``page.covered_by``)."""
    covered = render_covered(page.covered_by) if covered is None else covered
    draft = _environment().get_template("draft.html.j2")
    return draft.render(site=site.info, page=page, covered=covered)


def site_pages(
    folder: Path,
    story: Story,
    outlets: Outlets | None = None,
    places: Places | None = None,
    drafts: Sequence[DraftResult] | None = None,
    made: Made | None = None,
) -> Iterator[File]:
    """Every file of the site of the build in ``folder``, one at a time: (path inside
    ``site/``, content); ``places`` and ``drafts`` as :func:`write_site` takes them. Each
    place's page is made as its draft is read, once, so memory holds one page and each
    place's index row, not every page; the index and the outlets' pages follow. A place's
    page made before every draft was read is made again (the same path given twice, the
    second one kept) in the rare build whose drafts disagree on what every page shares: the
    embargo line, or which outlets cover a place.

    ``made`` holds the pages made while the build wrote its drafts
    (:class:`~generator.outputs.site.stream.SitePages`): those drafts are not read again,
    and each page is finished here with the outlets covering its place."""
    memory = made.memory if made is not None else {}
    towns = made.towns if made is not None else None
    site = SiteBuild(
        folder,
        story,
        outlets,
        places=False,
        registry=places,
        drafts=drafts,
        memory=memory,
        towns=towns,
    )
    env = _environment()
    for name in STATIC:
        yield name, (ASSETS / name).read_bytes()
    shared: dict[str, object] = {}
    for place, source in site.each_place(made.places if made is not None else None):
        if source is None:  # made while the build wrote it: finished below
            continue
        shared[place.slug] = _shared(site, place.slug) if place.slug not in shared else None
        yield place_page_file(site, place, source)
    for place in site.places:
        if made is not None and place.rel in made.places:
            yield made.finish(site, place)
        elif shared[place.slug] != _shared(site, place.slug):
            yield place_page_file(site, place)
    if made is not None:
        made.close()
    index = env.get_template("index.html.j2")
    for page, context in index_pages(site):
        yield page.path, index.render(site=site.info, page=page, **context)
    for partner in site.partners:  # each draft read for its page, then let go
        page = partner_page(site, partner)
        yield page.path, render_page(site, page)
    national = site.national
    if national is not None:
        page = national_page(site, national)
        del national
        yield page.path, render_page(site, page)


def place_page_file(site: SiteBuild, place: SitePlace, source: DraftFolder | None = None) -> File:
    """The page of ``place`` (see :func:`~generator.outputs.site.pages.place_page`)."""
    page = place_page(site, place, source)
    return page.path, render_page(site, page)


def _shared(site: SiteBuild, slug: str) -> tuple[object, ...]:
    """What a place's page shares with the rest of the site: the story's line, the outlets
    covering the place."""
    return (site.info, *((p.page, p.name, p.kind) for p in site.partners_of(slug)))


def site_files(
    folder: Path,
    story: Story,
    outlets: Outlets | None = None,
    places: Places | None = None,
    drafts: Sequence[DraftResult] | None = None,
) -> dict[str, str | bytes]:
    """Every file of the site of the build in ``folder``: path inside ``site/`` -> content."""
    return dict(site_pages(folder, story, outlets, places, drafts))


def write_site(
    folder: Path,
    story: Story,
    outlets: Outlets | None = None,
    places: Places | None = None,
    drafts: Sequence[DraftResult] | None = None,
    *,
    made: Made | None = None,
) -> list[Path]:
    """Write the editors' site of the build in ``folder`` (``out/<story>/`` or its staging
    folder) to ``folder/site/``, replacing any there; returns the files written, sorted.

    ``story`` gives the words for places and which outputs are prose and which radio;
    ``outlets`` (the build's outlets file) the outlets' names, kinds and patches; ``places``
    (the places the build loaded) the towns and districts the search finds; ``drafts`` (what
    the build wrote) which packs release would hold; ``made``, the pages made while the
    build wrote its drafts (:mod:`~generator.outputs.site.stream`). Reads only the drafts'
    own files and the packs, not ``manifest.json``; each page is written as it is made."""
    site = folder / SITE
    if site.exists():
        shutil.rmtree(site)
    written = set()
    for name, content in site_pages(folder, story, outlets, places, drafts, made):
        path = inside(site, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        written.add(path)
    return sorted(written)
