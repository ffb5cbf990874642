"""Newsroom metadata: what a newsroom system needs to know about a draft besides its text
(its id, kind, dateline, embargo, credit, source, version and language), handed to the
writers with the draft (:class:`generator.outputs.writers.Draft`) for ninjs and Word."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the manifest module reads the writers' registry, which reads this
    from generator.inputs.story import Output, Story


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
    located: str = ""
    """The place or patch the draft is about."""
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
    language: str = "en-GB"


def draft_meta(
    story: Story, embargo_at: datetime.datetime | None, where: str, output: Output, located: str
) -> NewsroomMeta:
    """The metadata of ``output`` written to ``where`` (``out/<story>/<folder>``), a draft
    about ``located``; the engine values come from the manifest's ``engine:`` section."""
    engine = story.engine
    return NewsroomMeta(
        id=f"{where.removeprefix('out/')}/{output.name}",
        story=story.slug,
        title=story.title,
        kind=output.scope,
        located=located,
        area=story.unit.area,
        embargoed=embargo_at.isoformat() if embargo_at else None,
        credit=engine.credit,
        source=engine.source,
        published=str(engine.published) if engine.published else None,
        version=str(engine.version),
        subjects=tuple(m.topic for m in story.measures),
        language=engine.language,
    )
