"""Newsroom metadata: what a newsroom system needs to know about a draft besides its text
(its id, kind, dateline, places, embargo, credit, rights, source, version, topics and
language), handed to the writers with the draft (:class:`generator.outputs.writers.Draft`)
for ninjs and Word.

A draft about one place names, after the place, the areas it covers, each with its ONS code
where the places file's ``area_codes`` column gives one (:func:`place_tags`).

The dateline (``located``) is a place, never an organisation: a place's single area when it
covers one ("Greater London" for the Metropolitan Police Service), else its short name
("Hampshire" for Hampshire Constabulary), the story's area for the national story, and
nothing for a round-up of several places.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.drafts.fact_types import AnyFacts, DraftFacts
from generator.inputs.settings import MediaTopic

if TYPE_CHECKING:  # the manifest module reads the writers' registry, which reads this
    from generator.inputs.places import Place, Places
    from generator.inputs.story import Output, Story


@dataclass(frozen=True)
class PlaceTag:
    """A place a draft is about, as newsroom systems are told it: its name as a place, its
    code in the registry (an ONS GSS code such as E23000030, or "" for an area without one)."""

    name: str
    code: str = ""


def place_name(place: Place) -> str:
    """The place's name as a place rather than a body: its one area when it covers exactly
    one, else its short name."""
    return place.areas[0] if len(place.areas) == 1 else place.short_name


def places_of(places: Places, facts: AnyFacts) -> list[Place]:
    """The registry's places a draft's facts are about: its place, or a round-up's places."""
    if isinstance(facts, DraftFacts):
        return [places.by_slug(facts.place.slug)]
    return [p for name in facts.places if (p := places.match(name)) is not None]


AREA_CODES = "area_codes"
"""The places file's column of the codes of the areas and districts a place covers:
``;``-separated ``name=code`` pairs (``Isle of Wight=E06000046``), kept like any other column
in the place's ``extra``; ``bench/build_area_codes.py`` fills it from the project's registry
of local authorities."""


def area_codes(place: Place) -> dict[str, str]:
    """The codes of the areas ``place`` covers, by name, from its :data:`AREA_CODES`."""
    found: dict[str, str] = {}
    for pair in place.extra.get(AREA_CODES, "").split(";"):
        name, _, code = (part.strip() for part in pair.partition("="))
        if name and code:
            found.setdefault(name, code)
    return found


def place_tags(places: Sequence[Place]) -> tuple[PlaceTag, ...]:
    """Each place with its code; then, for a single place, the areas it covers (its
    ``areas``, with their codes where it has them), then every other area or district it
    has a code for (:func:`area_codes`)."""
    tags = [PlaceTag(place_name(p), p.code) for p in places]
    if len(places) == 1:
        codes = area_codes(places[0])
        named = [tags[0].name, *places[0].areas, *codes]
        listed = dict.fromkeys(n for n in named[1:] if n != tags[0].name)
        tags += [PlaceTag(name, codes.get(name, "")) for name in listed]
    return tuple(tags)


@dataclass(frozen=True)
class NewsroomMeta:
    """What newsroom systems (ninjs, Word's document properties) are told about a draft.
    Empty text and ``None`` mean "not known", and writers leave the field out."""

    id: str = ""
    """``story/folder/output``: the draft's id in every newsroom system."""
    story: str = ""
    title: str = ""
    """The story's title."""
    kind: str = ""
    """The output's scope: place, group, national, place-radio or group-radio."""
    about: str = ""
    """Whom the draft is about: the place's, the outlet's or the area's name."""
    located: str = ""
    """The draft's dateline: a place's name, never an organisation's; "" for none."""
    places: tuple[PlaceTag, ...] = ()
    """The places the draft is about, with their codes."""
    area: str = ""
    """All the places together: "England and Wales"."""
    embargoed: str | None = None
    """ISO 8601 with the UK offset, or ``None`` when there is no embargo."""
    credit: str = ""
    source: str = ""
    published: str | None = None
    """The ISO date of publication, or ``None``."""
    version: str = "1"
    subjects: tuple[str, ...] = ()
    """The measures' topics."""
    topics: tuple[MediaTopic, ...] = ()
    """The story's IPTC Media Topics (``engine.subjects``)."""
    usage_terms: str = ""
    copyright_holder: str = ""
    language: str = "en-GB"


def draft_meta(
    story: Story,
    embargo_at: datetime.datetime | None,
    where: str,
    output: Output,
    about: str,
    places: Sequence[Place] = (),
) -> NewsroomMeta:
    """The metadata of ``output`` written to ``where`` (``out/<story>/<folder>``), a draft
    about ``about`` (a name) and ``places``; the engine values come from the manifest's
    ``engine:`` section."""
    engine = story.engine
    tags: tuple[PlaceTag, ...]
    if output.scope == "national":
        tags, located = (PlaceTag(story.unit.area),), story.unit.area
    else:
        tags = place_tags(places)
        located = tags[0].name if len(places) == 1 else ""
    credit = engine.credit[:1].upper() + engine.credit[1:]
    return NewsroomMeta(
        id=f"{where.removeprefix('out/')}/{output.name}",
        story=story.slug,
        title=story.title,
        kind=output.scope,
        about=about,
        located=located,
        places=tags,
        area=story.unit.area,
        embargoed=embargo_at.isoformat() if embargo_at else None,
        credit=engine.credit,
        source=engine.source,
        published=str(engine.published) if engine.published else None,
        version=str(engine.version),
        subjects=tuple(m.topic for m in story.measures),
        topics=engine.subjects,
        usage_terms=engine.usage_terms or (f"Credit: {credit}." if credit else ""),
        copyright_holder=engine.copyright_holder,
        language=engine.language,
    )
