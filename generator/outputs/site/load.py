"""Reading a finished build for the site: each draft folder's ``facts.json`` (through the
typed loader, :func:`generator.drafts.fact_types.load`), which of the story's outputs it
holds, its radio scripts and ``charts.json``; the places, the partner outlets and stations,
and the national story. Reads only the drafts' own files, not ``manifest.json``; a folder
without facts or radio scripts is not a draft and is skipped, and facts that cannot be read
are an error naming the file and the field."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base.errors import InputError, Problem
from generator.drafts.fact_types import AnyFacts, DraftFacts, load
from generator.inputs.outlets import Outlets
from generator.inputs.story import Output, Story
from generator.language.present import capital
from generator.outputs.site.model import SiteInfo, Words
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
    the index shows, kept; its ``source`` (facts, scripts, charts) read from the build again
    when asked, for its own page, and not kept."""

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
    ``places`` the slugs of the places it covers that have drafts."""

    slug: str
    name: str
    kind: str
    station: bool
    places: tuple[str, ...]
    source: DraftFolder

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
    facts = load(facts_file)
    if facts_file == radio_file:
        scripts: Any = facts.scripts
    else:
        scripts_file = _json(radio_file) if radio_file else None  # the scripts only: text
        scripts = scripts_file.get("scripts") if isinstance(scripts_file, dict) else None
    charts = _json(folder / "charts.json")
    return DraftFolder(
        rel,
        facts,
        _json(facts_file),
        prose,
        radio,
        tuple(s for s in scripts or () if isinstance(s, dict)),
        charts if isinstance(charts, dict) else {},
    )


def read_places(build: Path, story: Story) -> list[SitePlace]:
    """Every place's draft folder in the build, in order of name (each folder's facts read
    once, for the summary kept: see :class:`SitePlace`)."""
    labels = {m.key: m.label for m in story.measures}
    places = []
    for child in sorted(build.iterdir()):
        if not child.is_dir() or child.name in RESERVED or child.name.startswith("."):
            continue
        source = read_source(build, child.name, story)
        if source is None or not isinstance(source.facts, DraftFacts):
            continue
        place = source.facts.place
        places.append(
            SitePlace(
                place.slug or child.name,
                place.name or child.name,
                place.region,
                place.nation,
                child.name,
                summarise(source.facts, labels, story.measures),
                build,
                story,
            )
        )
    return sorted(places, key=lambda p: (p.name.casefold(), p.slug))


def _from_outlets(
    build: Path, story: Story, outlets: Outlets, known: set[str]
) -> list[SitePartner]:
    found = []
    for outlet in outlets:
        rel = f"{'radio' if outlet.is_broadcast else 'partners'}/{outlet.slug}"
        source = read_source(build, rel, story)
        if source is not None:
            patch = tuple(s for s in outlet.places if s in known)
            kind, station = outlet.kind, outlet.is_broadcast
            found.append(SitePartner(outlet.slug, outlet.name, kind, station, patch, source))
    return found


def _from_folders(build: Path, story: Story, places: Sequence[SitePlace]) -> list[SitePartner]:
    by_name = {p.name: p.slug for p in places}
    found = []
    for folder, station in (("partners", False), ("radio", True)):
        for child in sorted((build / folder).glob("*/")) if (build / folder).is_dir() else []:
            source = read_source(build, f"{folder}/{child.name}", story)
            if source is None:
                continue
            facts = source.facts
            patch: tuple[str, ...]
            if isinstance(facts, DraftFacts):
                patch = (facts.place.slug,)
                name = child.name.replace("-", " ").title()
            else:
                patch = tuple(by_name[n] for n in facts.places if n in by_name)
                name = facts.group or child.name.replace("-", " ").title()
            kind = "radio" if station else "newspaper"
            found.append(SitePartner(child.name, name, kind, station, patch, source))
    return found


def read_partners(
    build: Path, story: Story, outlets: Outlets | None, places: Sequence[SitePlace]
) -> list[SitePartner]:
    """Every outlet with a folder in the build: from the outlets file when given (names,
    kinds, patches), otherwise from the folders (names from the drafts)."""
    if outlets is not None:
        found = _from_outlets(build, story, outlets, {p.slug for p in places})
    else:
        found = _from_folders(build, story, places)
    return sorted(found, key=lambda p: (p.name.casefold(), p.slug))


class SiteBuild:
    """A finished build, read for the site: its places, outlets, stations and national story,
    the story's words for its places and its measures' labels."""

    def __init__(self, build: Path, story: Story, outlets: Outlets | None = None) -> None:
        self.build, self.story = build, story
        self.words = Words(story.unit.singular, story.unit.plural, story.unit.area)
        self.labels = {m.key: m.label for m in story.measures}
        self.places = read_places(build, story)
        self.by_slug = {p.slug: p for p in self.places}
        self.partners = read_partners(build, story, outlets, self.places)
        self.national = read_source(build, "national", story)
        self._covering: dict[str, list[SitePartner]] = {}
        for partner in self.partners:
            for slug in partner.places:
                self._covering.setdefault(slug, []).append(partner)
        embargo = next(
            (
                e
                for e in [
                    *(p.summary.embargo for p in self.places),
                    *(p.source.facts.embargo for p in self.partners),
                ]
                if isinstance(e, str) and e
            ),
            None,
        )
        plural = story.unit.plural
        self.info = SiteInfo(
            story.title,
            story.engine.language,
            story.unit.singular,
            plural,
            capital(plural),
            embargo,
            "national.html" if self.national is not None else "",
        )

    def partners_of(self, slug: str) -> list[SitePartner]:
        """The outlets and stations covering the place ``slug``, in order of name."""
        return list(self._covering.get(slug, ()))

    def names(self, slugs: Sequence[str]) -> list[str]:
        """The names of the places among ``slugs`` that have drafts."""
        return [self.by_slug[s].name for s in slugs if s in self.by_slug]
