"""The site's place pages made while the build writes its drafts, from the files it has just
written and still holds, so the site reads no place's draft back from the build.

A place's page is made in full as its draft is written, but for two things the build knows
only once every draft is written: the outlets covering the place, with their packs (made
after the drafts), which are put in when the site is written (:func:`~generator.outputs.site.
write_site`); and what every page shares (the embargo line, whether there is a national
story), which the page is made with as the drafts read so far say. A page made with what the
whole build does not say (drafts that disagree on their embargo line) is made again from the
build. The pages wait in a spool file, in memory up to :data:`SPOOL` bytes and on disk past
it, so memory does not grow with the number of places; the outlets' and the national
drafts, a handful, keep what their pages read of their files (:meth:`InMemory.light`).
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from generator.drafts.jobs import DraftResult
from generator.inputs.places import Places
from generator.inputs.story import Story
from generator.outputs.site import File, place_page_file, render_covered, render_page
from generator.outputs.site.gazetteer import gazetteer
from generator.outputs.site.load import (
    DraftFiles,
    InMemory,
    SiteBuild,
    SitePlace,
    is_place_folder,
    read_source,
    site_place,
)
from generator.outputs.site.model import Page, SiteInfo
from generator.outputs.site.pages import covered_by, place_body

SPOOL = 32 << 20
"""The most bytes of pages held in memory before they wait on disk."""


class SitePages:
    """Place pages made as the build at ``folder`` writes each draft (:meth:`add`), finished
    when the site is written (:meth:`finish`, from :func:`~generator.outputs.site.
    site_pages`); ``registry``, the places the build loaded, gives the towns each page lists."""

    def __init__(self, folder: Path, story: Story, registry: Places | None = None) -> None:
        self.folder, self.story = folder, story
        self.towns = gazetteer(registry)
        self.places: dict[str, SitePlace] = {}
        """The places whose pages are made, by folder."""
        self.memory: dict[str, DraftFiles] = {}
        """What the site reads of the other drafts' files (outlets, national), by folder."""
        self._site = SiteBuild(folder, story, places=False, read=False, towns=self.towns)
        self._national = "national.html" if story.scoped("national") else ""
        self._embargo: str | None = None
        self._made: dict[str, tuple[SiteInfo, int, int, int]] = {}
        self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115
        self._mark = f"\x00covered-{secrets.token_hex(16)}\x00"

    def add(self, draft: DraftResult) -> None:
        """Make the page of ``draft``, just written with its files (still held), when it is
        a place's; keep what the site reads of another draft's files. A draft without its
        files (kept from the last build) is read from the build when the site is written."""
        rel, files = draft.folder, draft.files
        if not files:
            return
        if not is_place_folder(rel):
            self.memory[rel] = InMemory.light(self.folder / rel, files)
            return
        held = InMemory(self.folder / rel, files)
        source = read_source(self.folder, rel, self.story, held, draft.facts)
        place = site_place(self.folder, self.story, source) if source is not None else None
        if place is None:
            return
        self._embargo = self._embargo or place.summary.embargo
        info = replace(self._site.info, embargo=self._embargo, national=self._national)
        self._site.info = info
        page = place_body(self._site, place, source)
        head, mark, tail = render_page(self._site, page, Markup(self._mark)).partition(self._mark)
        if not mark or self._mark in tail:  # the draft says the mark: its page is made later
            return
        first, rest = head.encode("utf-8"), tail.encode("utf-8")
        self._spool.seek(0, 2)
        at = self._spool.tell()
        self._spool.write(first)
        self._spool.write(rest)
        self._made[rel] = (info, at, len(first), len(rest))
        self.places[rel] = place

    def finish(self, site: SiteBuild, place: SitePlace) -> File:
        """The page of ``place`` (one of :attr:`places`) in the finished build ``site``: as it
        was made, with the outlets covering the place; made again from the build when the
        build as a whole says another embargo line or national story than it was made with."""
        info, at, first, rest = self._made[place.rel]
        if info != site.info:
            return place_page_file(site, place)
        self._spool.seek(at)
        head = self._spool.read(first)
        tail = self._spool.read(rest)
        page = Page(f"{place.slug}.html", place.name, [])
        covered = render_covered(covered_by(site, page, place.slug))
        return page.path, head + covered.encode("utf-8") + tail

    def close(self) -> None:
        """Let go of the pages made (the spool file)."""
        self._spool.close()
        self._made.clear()
