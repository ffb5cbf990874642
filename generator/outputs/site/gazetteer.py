"""The towns and districts in each place, for the site's search: an editor who types
"Southampton" finds the force that covers it.

They come from the story's places file: its ``gazetteer`` column (``;``-separated names of the
towns, districts or any smaller areas a place covers, as people search for them) and its
``areas`` column. Any places file can have one; a file without either column gives no names,
and the search finds places by their own names only. Nothing here knows any one geography.
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.base.errors import DraftsError
from generator.inputs.places import Places
from generator.inputs.story import Story

COLUMN = "gazetteer"
"""The places file's column of towns and districts (kept, like any other column, in each
place's ``extra``)."""


def gazetteer(story: Story) -> dict[str, tuple[str, ...]]:
    """Place slug -> the towns, districts and areas it covers, in the places file's order,
    each once; empty when the places file names none (or cannot be read here: the build read
    it, and the search then finds places by their own names)."""
    path = story.places_path
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _read(path, story.unit.places, (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=4)
def _read(path: Path, shown_as: str, stamp: tuple[int, int]) -> dict[str, tuple[str, ...]]:
    """The places file at ``path`` read for its names (``stamp``: when it was last changed,
    so a changed file is read again)."""
    try:
        places = Places.load(path, shown_as=shown_as)
    except (OSError, DraftsError):
        return {}
    found = {}
    for place in places:
        listed = [n.strip() for n in place.extra.get(COLUMN, "").split(";")]
        names = [*place.areas, *listed]
        own = {place.name.casefold(), place.short_name.casefold()}
        kept = dict.fromkeys(n for n in names if n and n.casefold() not in own)
        if kept:
            found[place.slug] = tuple(kept)
    return found
