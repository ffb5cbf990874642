"""Reading a finished build for the site: each draft folder's ``facts.json`` (through the
typed loader, :func:`generator.drafts.fact_types.load`), which of the story's outputs it
holds, its radio scripts and ``charts.json``; the places, the partner outlets and stations,
and the national story. Reads only the drafts' own files, not ``manifest.json``; a folder
without facts or radio scripts is not a draft and is skipped, and facts that cannot be read
are an error naming the file and the field.

A draft's files are read through :class:`DraftFiles`: from its folder on disk
(:class:`OnDisk`), or, for a draft the build has just written, from the bytes the build
still holds (:class:`InMemory`), read the same way (text as ``Path.read_text`` reads it)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


class DraftFiles:
    """A draft folder's files, read by name: :class:`OnDisk` or :class:`InMemory`."""

    def is_file(self, name: str) -> bool:
        raise NotImplementedError

    def text(self, name: str) -> str:
        """The file as text, its line endings made ``\\n`` (as ``Path.read_text`` reads it);
        ``OSError`` when it is not there, ``ValueError`` when it is not UTF-8."""
        raise NotImplementedError

    def head(self, name: str, size: int) -> bytes:
        """The file's first ``size`` bytes (``OSError`` when it is not there)."""
        raise NotImplementedError

    def size(self, name: str) -> int:
        raise NotImplementedError


class OnDisk(DraftFiles):
    """The files of the draft folder ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def is_file(self, name: str) -> bool:
        return (self.folder / name).is_file()

    def text(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def head(self, name: str, size: int) -> bytes:
        with (self.folder / name).open("rb") as f:
            return f.read(size)

    def size(self, name: str) -> int:
        return (self.folder / name).stat().st_size


class InMemory(DraftFiles):
    """The files the build wrote into ``folder``, from the bytes it wrote (name -> content).
    :meth:`light` keeps only what the site reads of them (text, SVG, an image's first bytes,
    every size), for a draft whose page is made after the build lets go of its files."""

    KEEP = 64
    """The bytes kept of a file the site reads only the start of (a PNG's size)."""
    TEXT = 1 << 20
    """The largest text kept: a longer one (the facts of a draft about thousands of places)
    is read back from the build when its page is made."""

    def __init__(self, folder: Path, files: Mapping[str, str | bytes]) -> None:
        self.folder = folder
        self.files = files
        self.sizes: dict[str, int] = {}
        self.cut: set[str] = set()

    @classmethod
    def light(cls, folder: Path, files: Mapping[str, str | bytes]) -> InMemory:
        kept: dict[str, str | bytes] = {}
        light = cls(folder, kept)
        for name, content in files.items():
            light.sizes[name] = light._size(content)
            if isinstance(content, bytes) and not name.endswith(".svg"):
                kept[name] = content[: cls.KEEP]
                light.cut.add(name)
            elif len(content) > cls.TEXT:
                kept[name] = content[:0]
                light.cut.add(name)
            else:
                kept[name] = content
        return light

    @staticmethod
    def _size(content: str | bytes) -> int:
        return len(content if isinstance(content, bytes) or content.isascii() else content.encode())

    def is_file(self, name: str) -> bool:
        return name in self.files

    def _content(self, name: str) -> str | bytes:
        try:
            return self.files[name]
        except KeyError:
            raise FileNotFoundError(self.folder / name) from None

    def text(self, name: str) -> str:
        if name in self.cut:
            return OnDisk(self.folder).text(name)
        content = self._content(name)
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    def head(self, name: str, size: int) -> bytes:
        content = self._content(name)
        if name in self.cut and size > len(content):
            return OnDisk(self.folder).head(name, size)
        return (content.encode() if isinstance(content, str) else content)[:size]

    def size(self, name: str) -> int:
        if name not in self.sizes:
            self.sizes[name] = self._size(self._content(name))
        return self.sizes[name]


@dataclass(frozen=True)
class DraftFolder:
    """One draft folder of the build: ``rel`` its path inside the build ("hampshire",
    "partners/yorkshire-post"), its typed facts and the file they were read from
    (``facts_name``), the prose and radio outputs written there, the radio scripts and the
    ``charts.json`` entries."""

    rel: str
    facts: AnyFacts
    facts_name: str
    prose: Output | None
    radio: Output | None
    scripts: tuple[dict[str, Any], ...] = ()
    charts: dict[str, Any] = field(default_factory=dict)
    files: DraftFiles | None = field(default=None, repr=False, compare=False)
    """Where its files are read from (None: its folder in the build)."""
    held: list[dict[str, Any]] = field(default_factory=list, repr=False, compare=False)
    """The facts as their file holds them, as read with the typed ones, until
    :meth:`mapping` hands them over."""

    def reader(self, build: Path) -> DraftFiles:
        """Its files: as it was read, else from its folder in ``build``."""
        return self.files if self.files is not None else OnDisk(build / self.rel)

    def mapping(self, build: Path) -> dict[str, Any]:
        """Its facts as their file holds them, which the fact check that links the draft's
        figures reads: those read with it, handed over and not kept (a draft about every
        place holds tens of megabytes of them beside its typed facts), else read again."""
        if self.held:
            return self.held.pop()
        found = _json(self.reader(build), self.facts_name)
        return found if isinstance(found, dict) else {}


@dataclass(frozen=True, slots=True)  # one for every place: no __dict__ each
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
        return read_again(self.build, self.rel, self.story)


@dataclass(frozen=True)
class SitePartner:
    """An outlet with a folder in the build; ``station`` when it is written for the ear;
    ``places`` the slugs of the places it covers that have drafts (known once every place
    is read); ``wanted`` the places it names, by slug, or by name when ``by_name``;
    ``embargo`` its draft's embargo line. Its draft (:attr:`source`) is not kept: a draft
    about every place of a story of 40,000 places has facts of hundreds of megabytes as
    Python objects, so it is read when its page is made, from ``files`` (what the build
    kept of them) or from its folder ``rel`` in ``build``."""

    slug: str
    name: str
    kind: str
    station: bool
    places: tuple[str, ...]
    rel: str
    wanted: tuple[str, ...] = ()
    by_name: bool = False
    embargo: str | None = None
    build: Path = field(default=Path(), repr=False, compare=False)
    story: Story | None = field(default=None, repr=False, compare=False)
    files: DraftFiles | None = field(default=None, repr=False, compare=False)

    @property
    def page(self) -> str:
        return f"{'radio' if self.station else 'partners'}/{self.slug}.html"

    @property
    def source(self) -> DraftFolder:
        """Its draft, read afresh (see the class)."""
        assert self.story is not None
        return read_again(self.build, self.rel, self.story, self.files)


def _json(files: DraftFiles, name: str) -> Any:
    try:
        return json.loads(files.text(name))
    except (OSError, ValueError):
        return None


def file_name(output: Output, fmt: str) -> str:
    """The name the build gives ``output`` written as ``fmt``: "article.docx"."""
    return f"{output.name}.{WRITERS[fmt].extension}"


def read_source(
    build: Path,
    rel: str,
    story: Story,
    files: DraftFiles | None = None,
    typed: AnyFacts | None = None,
) -> DraftFolder | None:
    """The draft in folder ``rel`` of the build (its ``files`` when given, else read from
    the folder), or ``None`` when it holds none (no facts and no radio scripts). Facts that
    cannot be read are an :class:`~generator.base.errors.InputError` naming the file and the
    field. ``typed``, the typed facts the build wrote its ``facts.json`` from, are those
    facts, not read back."""
    folder = build / rel
    if files is None:
        if not folder.is_dir():
            return None
        files = OnDisk(folder)
    found = files
    prose = next(
        (
            o
            for o in story.scoped("place", "group", "national")
            if any(found.is_file(file_name(o, fmt)) for fmt in o.formats if fmt in WRITERS)
        ),
        None,
    )
    radio = next(
        (o for o in story.scoped("place-radio", "group-radio") if found.is_file(f"{o.name}.json")),
        None,
    )
    radio_name = f"{radio.name}.json" if radio else None
    facts_name = "facts.json" if files.is_file("facts.json") else radio_name
    if facts_name is None:
        return None
    mapping = _json(files, facts_name)
    facts_file = folder / facts_name
    if mapping is None:
        facts = load(facts_file)
    elif typed is not None and facts_name == "facts.json":
        facts = typed
    else:
        facts = from_dict(mapping, str(facts_file))
    if facts_name == radio_name:
        scripts: Any = facts.scripts
    else:
        scripts_file = _json(files, radio_name) if radio_name else None  # the scripts only: text
        scripts = scripts_file.get("scripts") if isinstance(scripts_file, dict) else None
    charts = _json(files, "charts.json")
    return DraftFolder(
        rel,
        facts,
        facts_name,
        prose,
        radio,
        tuple(s for s in scripts or () if isinstance(s, dict)),
        charts if isinstance(charts, dict) else {},
        files,
        [mapping] if isinstance(mapping, dict) else [],
    )


def read_again(build: Path, rel: str, story: Story, files: DraftFiles | None = None) -> DraftFolder:
    """The draft in folder ``rel`` the site read before (:func:`read_source`), read again
    for its page; a clear error when it has gone from the build since."""
    source = read_source(build, rel, story, files)
    if source is None:
        raise InputError(Problem(f"{rel}/facts.json", "is gone from the build"))
    return source


def site_place(build: Path, story: Story, source: DraftFolder) -> SitePlace | None:
    """The place whose draft ``source`` is (None when it is not a place's draft)."""
    if not isinstance(source.facts, DraftFacts):
        return None
    place, rel = source.facts.place, source.rel
    labels = {m.key: m.label for m in story.measures}
    return SitePlace(
        place.slug or rel,
        place.name or rel,
        place.region,
        place.nation,
        rel,
        summarise(source.facts, labels, story.measures),
        build,
        story,
    )


def is_place_folder(rel: str) -> bool:
    """Whether the build's folder ``rel`` may hold a place's draft (not the partners', the
    national story's, the packs' or the site's)."""
    return "/" not in rel and rel not in RESERVED and not rel.startswith(".")


def each_place(
    build: Path, story: Story, known: Mapping[str, SitePlace] | None = None
) -> Iterator[tuple[SitePlace, DraftFolder | None]]:
    """Each place's draft folder in the build, in order of folder, with its draft read (see
    :class:`SitePlace`); a folder is read when it is reached. A folder in ``known`` (a draft
    the site has read already) is not read again: it comes with no draft."""
    known = known or {}
    for child in sorted(build.iterdir()):
        if not is_place_folder(child.name) or not child.is_dir():
            continue
        if child.name in known:
            yield known[child.name], None
            continue
        source = read_source(build, child.name, story)
        place = site_place(build, story, source) if source is not None else None
        if place is not None and source is not None:
            yield place, source


def read_places(build: Path, story: Story) -> list[SitePlace]:
    """Every place's draft folder in the build, in order of name (each folder's facts read
    once, for the summary kept: see :class:`SitePlace`)."""
    return _by_name(place for place, _ in each_place(build, story))


def _embargo(lines: Iterable[object]) -> str | None:
    """The first embargo line among ``lines``."""
    return next((e for e in lines if isinstance(e, str) and e), None)


def _by_name(places: Iterable[SitePlace]) -> list[SitePlace]:
    return sorted(places, key=lambda p: (p.name.casefold(), p.slug))


Memory = Mapping[str, DraftFiles]
"""Drafts' files the site has from the build, by folder (``partners/yorkshire-post``)."""


def _from_outlets(build: Path, story: Story, outlets: Outlets, memory: Memory) -> list[SitePartner]:
    found = []
    for outlet in outlets:
        rel = f"{'radio' if outlet.is_broadcast else 'partners'}/{outlet.slug}"
        source = read_source(build, rel, story, memory.get(rel))
        if source is not None:
            wanted = tuple(outlet.places)
            kind, station = outlet.kind, outlet.is_broadcast
            held = _held(build, story, source)
            found.append(
                SitePartner(outlet.slug, outlet.name, kind, station, (), rel, wanted, **held)
            )
    return found


def _held(build: Path, story: Story, source: DraftFolder) -> dict[str, Any]:
    """What a :class:`SitePartner` keeps of its draft ``source``."""
    embargo = source.facts.embargo
    files = source.files
    return {"embargo": embargo, "build": build, "story": story, "files": files}


def _from_folders(build: Path, story: Story, memory: Memory) -> list[SitePartner]:
    found = []
    for folder, station in (("partners", False), ("radio", True)):
        for child in sorted((build / folder).glob("*/")) if (build / folder).is_dir() else []:
            rel = f"{folder}/{child.name}"
            source = read_source(build, rel, story, memory.get(rel))
            if source is None:
                continue
            facts = source.facts
            kind = "radio" if station else "newspaper"
            if isinstance(facts, DraftFacts):  # its own place, whether it has a draft or not
                name = child.name.replace("-", " ").title()
                patch = (facts.place.slug,)
                held = _held(build, story, source)
                found.append(
                    SitePartner(child.name, name, kind, station, patch, rel, patch, **held)
                )
            else:
                name = facts.group or child.name.replace("-", " ").title()
                wanted = tuple(facts.places)
                held = _held(build, story, source)
                found.append(
                    SitePartner(child.name, name, kind, station, (), rel, wanted, True, **held)
                )
    return found


def read_partners(
    build: Path, story: Story, outlets: Outlets | None, memory: Memory | None = None
) -> list[SitePartner]:
    """Every outlet with a folder in the build: from the outlets file when given (names,
    kinds, patches), otherwise from the folders (names from the drafts; a folder's files
    from ``memory`` when there); the places each covers are known with the places
    (:func:`covering`)."""
    memory = memory or {}
    found = (
        _from_outlets(build, story, outlets, memory)
        if outlets is not None
        else _from_folders(build, story, memory)
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
    a time, for a page to be made of each as it is read (see :func:`site_pages`). Drafts'
    files in ``memory`` (by folder) are not read from the build again; with ``read=False``
    nothing is read (no national story or outlets yet: a site made while the build writes
    its drafts, :mod:`~generator.outputs.site.stream`)."""

    def __init__(
        self,
        build: Path,
        story: Story,
        outlets: Outlets | None = None,
        *,
        places: bool = True,
        registry: Places | None = None,
        drafts: Sequence[DraftResult] | None = None,
        memory: Memory | None = None,
        read: bool = True,
        towns: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.build, self.story = build, story
        self.towns = towns if towns is not None else gazetteer(registry)
        self.words = Words(story.unit.singular, story.unit.plural, story.unit.area)
        self.labels = {m.key: m.label for m in story.measures}
        memory = memory or {}
        self._national = memory.get("national")
        national = read_source(build, "national", story, self._national) if read else None
        self.has_national = national is not None
        del national  # read again for its page (:attr:`national`): see :class:`SitePartner`
        self.partners = read_partners(build, story, outlets, memory) if read else []
        self.places: list[SitePlace] = []
        self.by_slug: dict[str, SitePlace] = {}
        self._covering: dict[str, list[SitePartner]] = {}
        self._outlet_embargo = _embargo(p.embargo for p in self.partners)
        packs = [p.slug for p in self.partners if (build / "packs" / f"{p.slug}.zip").is_file()]
        self.held = held_notes(build, story, drafts, packs) if read and drafts is not None else {}
        self.info = self._info(self._outlet_embargo)
        if places:
            for _ in self.each_place():
                pass

    @property
    def national(self) -> DraftFolder | None:
        """The national story's draft, read afresh (as :attr:`SitePartner.source` is)."""
        if not self.has_national:
            return None
        return read_source(self.build, "national", self.story, self._national)

    def _info(self, embargo: str | None) -> SiteInfo:
        story, plural = self.story, self.story.unit.plural
        return SiteInfo(
            story.title,
            story.engine.language,
            story.unit.singular,
            plural,
            capital(plural),
            embargo,
            "national.html" if self.has_national else "",
        )

    def each_place(
        self, known: Mapping[str, SitePlace] | None = None
    ) -> Iterator[tuple[SitePlace, DraftFolder | None]]:
        """Each place with its draft, read in order of folder (a folder in ``known`` not
        read: its place comes with no draft). While they are read, ``info``
        and :meth:`partners_of` say what is known so far (the first embargo read; the
        outlets naming the place); once every place is read, what the whole build says (the
        first embargo in order of name, then the outlets'; each outlet's places with drafts),
        which a page made before then may differ from only when the drafts disagree."""
        read: list[SitePlace] = []
        seen: str | None = None
        for place, source in each_place(self.build, self.story, known):
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
