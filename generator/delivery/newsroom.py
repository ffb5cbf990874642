"""Newsroom metadata: what a newsroom system needs to know about a draft besides its text
(its id, kind, dateline, embargo, credit, source, version and language), handed to the
writers with the draft (:class:`generator.outputs.writers.Draft`) for ninjs and Word."""

from __future__ import annotations

import datetime
from typing import Any

from generator.inputs.story import Output, Story


def draft_meta(
    story: Story, embargo_at: datetime.datetime | None, where: str, output: Output, located: str
) -> dict[str, Any]:
    """The metadata of ``output`` written to ``where`` (``out/<story>/<folder>``), a draft
    about ``located``; the engine values come from the manifest's ``engine:`` section."""
    engine = story.engine
    return {
        "id": f"{where.removeprefix('out/')}/{output.name}",
        "story": story.slug,
        "title": story.title,
        "kind": output.scope,
        "located": located,
        "area": story.unit.area,
        "embargoed": embargo_at.isoformat() if embargo_at else None,
        "credit": engine.credit,
        "source": engine.source,
        "published": str(engine.published) if engine.published else None,
        "version": str(engine.version),
        "subjects": [m.topic for m in story.measures],
        "language": engine.language,
    }
