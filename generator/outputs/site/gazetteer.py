"""The towns and districts in each place, for the site's search: an editor who types
"Southampton" finds the force that covers it.

They come from the places the build loaded (:class:`~generator.inputs.places.Places`, read and
checked once, at the start of the build): each place's ``gazetteer`` column (``;``-separated
names of the towns, districts or any smaller areas a place covers, as people search for them)
and its ``areas`` column. Any places file can have one; a file without either column gives no
names, and the search finds places by their own names only. Nothing here knows any one
geography.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.inputs.places import Place

COLUMN = "gazetteer"
"""The places file's column of towns and districts (kept, like any other column, in each
place's ``extra``)."""


def gazetteer(places: Iterable[Place] | None) -> dict[str, tuple[str, ...]]:
    """Place slug -> the towns, districts and areas it covers, in the places file's order,
    each once and none that is the place's own name; empty without ``places``."""
    found = {}
    for place in places or ():
        listed = [n.strip() for n in place.extra.get(COLUMN, "").split(";")]
        own = {place.name.casefold(), place.short_name.casefold()}
        kept = dict.fromkeys(n for n in [*place.areas, *listed] if n and n.casefold() not in own)
        if kept:
            found[place.slug] = tuple(kept)
    return found
