"""Reading a finished build for the site: each draft folder's ``facts.json`` (through the
typed loader, :func:`generator.drafts.fact_types.load`), which of the story's outputs it
holds, its radio scripts and ``charts.json``; the places, the partner outlets and stations,
and the national story. Reads only the drafts' own files, not ``manifest.json``; a folder
without facts or radio scripts is not a draft and is skipped, and facts that cannot be read
are an error naming the file and the field."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.base.errors import InputError, Problem
from generator.drafts.fact_types import AnyFacts, DraftFacts, from_dict, load
from generator.drafts.jobs import DraftResult
from generator.inputs.outlets import Outlets
from generator.inputs.places import Places
from generator.inputs.story import Output, Story
from generator.language.present import capital
from generator.outputs.site.gazetteer import gazetteer
from generator.outputs.site.model import SiteInfo, Words
from generator.outputs.site.packs import held_notes
from generator.outputs.site.summary import PlaceSummary, summarise
from generator.outputs.writers import WRITERS

SITE = "site"
RESERVED = {"partners", "radio", "national", "packs", SITE}


@dataclass(frozen=True)
class DraftFolder:
    """One draft folder of the build: ``rel`` its path inside the build ("hampshire",
    "partners/yorkshire-post"), its facts (typed, and ``mapping``: as the file holds them, for
    the fact check that links the draft's figures), the prose and radio outputs written there,
    the radio scripts and the ``charts.json`` entries."""

    rel: str
    facts: AnyFacts
    mapping: dict[str, Any]
    prose: Output | None
    radio: Output | None
    scripts: tuple[dict[str, Any], ...] = ()
    charts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SitePlace:
    """A place with a draft folder in the build, as its facts name it: the summary its row in
    the index shows, kept; its ``source`` (facts, scripts, charts), not kept: read with the
    place for its page, and from the build again when asked."""

    slug: str
    name: str
    region: str
    nation: str
    rel: str
    summary: PlaceSummary
    build: Path = field(repr=False, compare=False)
    story: Story = field(repr=False, compare=False)

    @property
    def source(self) -> DraftFolder:
        source = read_source(self.build, self.rel, self.story)
        if source is None:
            raise InputError(Problem(f"{self.rel}/facts.json", "is gone from the build"))
        return source


@dataclass(frozen=True)
class SitePartner:
    """An outlet with a folder in the build; ``station`` when it is written for the ear;
    ``places`` the slugs of the places it covers that have drafts (known once every place
    is read); ``wanted`` the places it names, by slug, or by name when ``by_name``."""

    slug: str
    name: str
    kind: str
    station: bool
    places: tuple[str, ...]
    source: DraftFolder
    wanted: tuple[str, ...] = ()
    by_name: bool = False

    @property
    def page(self) -> str:
        return f"{'radio' if self.station else 'partners'}/{self.slug}.html"


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def file_name(output: Output, fmt: str) -> str:
    """The name the build gives ``output`` written as ``fmt``: "article.docx"."""
    return f"{output.name}.{WRITERS[fmt].extension}"


def read_source(build: Path, rel: str, story: Story) -> DraftFolder | None:
    """The draft in folder ``rel`` of the build, or ``None`` when it holds none (no facts and
    no radio scripts). Facts that cannot be read are an :class:`~generator.base.errors.
    InputError` naming the file and the field."""
    folder = build / rel
    if not folder.is_dir():
        return None
    prose = next(
        (
            o
            for o in story.scoped("place", "group", "national")
            if any((folder / file_name(o, fmt)).is_file() for fmt in o.formats if fmt in WRITERS)
        ),
        None,
    )
    radio = next(
        (
            o
            for o in story.scoped("place-radio", "group-radio")
            if (folder / f"{o.name}.json").is_file()
        ),
        None,
    )
    radio_file = folder / f"{radio.name}.json" if radio else None
    facts_file = folder / "facts.json" if (folder / "facts.json").is_file() else radio_file
    if facts_file is None:
        return None
    mapping = _json(facts_file)
    facts = load(facts_file) if mapping is None else from_dict(mapping, str(facts_file))
    if facts_file == radio_file:
        scripts: Any = facts.scripts
    else:
        scripts_file = _json(radio_file) if radio_file else None  # the scripts only: text
        scripts = scripts_file.get("scripts") if isinstance(scripts_file, dict) else None
    charts = _json(folder / "charts.json")
    return DraftFolder(
        rel,
        facts,
        mapping,
        prose,
        radio,
        tuple(s for s in scripts or () if isinstance(s, dict)),
        charts if isinstance(charts, dict) else {},
    )


def each_place(build: Path, story: Story) -> Iterator[tuple[SitePlace, DraftFolder]]:
    """Each place's draft folder in the build, in order of folder, with its draft read (see
    :class:`SitePlace`); a folder is read when it is reached."""
    labels = {m.key: m.label for m in story.measures}
    for child in sorted(build.iterdir()):
        if not child.is_dir() or child.name in RESERVED or child.name.startswith("."):
            continue
        source = read_source(build, child.name, story)
        if source is None or not isinstance(source.facts, DraftFacts):
            continue
        place = source.facts.place
        yield (
            SitePlace(
                place.slug or child.name,
                place.name or child.name,
                place.region,
                place.nation,
                child.name,
                summarise(source.facts, labels, story.measures),
                build,
                story,
            ),
            source,
        )


def read_places(build: Path, story: Story) -> list[SitePlace]:
    """Every place's draft folder in the build, in order of name (each folder's facts read
    once, for the summary kept: see :class:`SitePlace`)."""
    return _by_name(place for place, _ in each_place(build, story))


def _embargo(lines: Iterable[object]) -> str | None:
    """The first embargo line among ``lines``."""
    return next((e for e in lines if isinstance(e, str) and e), None)


def _by_name(places: Iterable[SitePlace]) -> list[SitePlace]:
    return sorted(places, key=lambda p: (p.name.casefold(), p.slug))


def _from_outlets(build: Path, story: Story, outlets: Outlets) -> list[SitePartner]:
    found = []
    for outlet in outlets:
        rel = f"{'radio' if outlet.is_broadcast else 'partners'}/{outlet.slug}"
        source = read_source(build, rel, story)
        if source is not None:
            wanted = tuple(outlet.places)
            kind, station = outlet.kind, outlet.is_broadcast
            found.append(SitePartner(outlet.slug, outlet.name, kind, station, (), source, wanted))
    return found


def _from_folders(build: Path, story: Story) -> list[SitePartner]:
    found = []
    for folder, station in (("partners", False), ("radio", True)):
        for child in sorted((build / folder).glob("*/")) if (build / folder).is_dir() else []:
            source = read_source(build, f"{folder}/{child.name}", story)
            if source is None:
                continue
            facts = source.facts
            kind = "radio" if station else "newspaper"
            if isinstance(facts, DraftFacts):  # its own place, whether it has a draft or not
                name = child.name.replace("-", " ").title()
                patch = (facts.place.slug,)
                found.append(SitePartner(child.name, name, kind, station, patch, source, patch))
            else:
                name = facts.group or child.name.replace("-", " ").title()
                wanted = tuple(facts.places)
                found.append(SitePartner(child.name, name, kind, station, (), source, wanted, True))
    return found


def read_partners(build: Path, story: Story, outlets: Outlets | None) -> list[SitePartner]:
    """Every outlet with a folder in the build: from the outlets file when given (names,
    kinds, patches), otherwise from the folders (names from the drafts); the places each
    covers are known with the places (:func:`covering`)."""
    found = (
        _from_outlets(build, story, outlets) if outlets is not None else _from_folders(build, story)
    )
    return sorted(found, key=lambda p: (p.name.casefold(), p.slug))


def covering(partner: SitePartner, places: Sequence[SitePlace]) -> SitePartner:
    """``partner`` with the places it covers among ``places`` (those with drafts), by slug."""
    if partner.by_name:
        by_name = {p.name: p.slug for p in places}
        patch = tuple(by_name[n] for n in partner.wanted if n in by_name)
    elif partner.places:  # a partner's draft about one place
        return partner
    else:
        known = {p.slug for p in places}
        patch = tuple(s for s in partner.wanted if s in known)
    return replace(partner, places=patch)


class SiteBuild:
    """A finished build, read for the site: its places, outlets, stations and national story,
    the story's words for its places and its measures' labels; ``towns``, the towns and
    districts of each place (from ``registry``, the places the build loaded: none without
    it); ``held``, why release would not send each outlet's pack (from ``drafts``, what the
    build wrote: nothing known without them).

    With ``places=False`` the places are not read yet: :meth:`each_place` reads them one at
    a time, for a page to be made of each as it is read (see :func:`site_pages`)."""

    def __init__(
        self,
        build: Path,
        story: Story,
        outlets: Outlets | None = None,
        *,
        places: bool = True,
        registry: Places | None = None,
        drafts: Sequence[DraftResult] | None = None,
    ) -> None:
        self.build, self.story = build, story
        self.towns = gazetteer(registry)
        self.words = Words(story.unit.singular, story.unit.plural, story.unit.area)
        self.labels = {m.key: m.label for m in story.measures}
        self.national = read_source(build, "national", story)
        self.partners = read_partners(build, story, outlets)
        self.places: list[SitePlace] = []
        self.by_slug: dict[str, SitePlace] = {}
        self._covering: dict[str, list[SitePartner]] = {}
        self._outlet_embargo = _embargo(p.source.facts.embargo for p in self.partners)
        packs = [p.slug for p in self.partners if (build / "packs" / f"{p.slug}.zip").is_file()]
        self.held = held_notes(build, story, drafts, packs) if drafts is not None else {}
        self.info = self._info(self._outlet_embargo)
        if places:
            for _ in self.each_place():
                pass

    def _info(self, embargo: str | None) -> SiteInfo:
        story, plural = self.story, self.story.unit.plural
        return SiteInfo(
            story.title,
            story.engine.language,
            story.unit.singular,
            plural,
            capital(plural),
            embargo,
            "national.html" if self.national is not None else "",
        )

    def each_place(self) -> Iterator[tuple[SitePlace, DraftFolder]]:
        """Each place with its draft, read in order of folder. While they are read, ``info``
        and :meth:`partners_of` say what is known so far (the first embargo read; the
        outlets naming the place); once every place is read, what the whole build says (the
        first embargo in order of name, then the outlets'; each outlet's places with drafts),
        which a page made before then may differ from only when the drafts disagree."""
        read: list[SitePlace] = []
        seen: str | None = None
        for place, source in each_place(self.build, self.story):
            read.append(place)
            seen = seen or place.summary.embargo
            self.info = self._info(seen or self._outlet_embargo)
            self._covering[place.slug] = [
                p for p in self.partners if (place.name if p.by_name else place.slug) in p.wanted
            ]
            yield place, source
        self.places = _by_name(read)
        self.by_slug = {p.slug: p for p in self.places}
        self.partners = [covering(p, self.places) for p in self.partners]
        self._covering = {}
        for partner in self.partners:
            for slug in partner.places:
                self._covering.setdefault(slug, []).append(partner)
        embargo = _embargo(p.summary.embargo for p in self.places)
        self.info = self._info(embargo or self._outlet_embargo)

    def partners_of(self, slug: str) -> list[SitePartner]:
        """The outlets and stations covering the place ``slug``, in order of name."""
        return list(self._covering.get(slug, ()))

    def names(self, slugs: Sequence[str]) -> list[str]:
        """The names of the places among ``slugs`` that have drafts."""
        return [self.by_slug[s].name for s in slugs if s in self.by_slug]
