"""The warning lines every output of a draft opens with: the embargo, the illustrative
figures it uses, the responses still awaited. Drafts, radio scripts and ``drafts snippets``
all take them from here, so every copy of a draft carries the same warnings."""

from __future__ import annotations

from collections.abc import Sequence

from generator.drafts.context import DraftContext
from generator.drafts.group import GroupContext
from generator.drafts.prepared import Prepared
from generator.language.banner import banner_line, for_places


def banners(
    prepared: Prepared,
    illustrative: bool,
    awaiting: list[str],
    places: Sequence[str] = (),
    *,
    several: bool = False,
) -> tuple[str, ...]:
    """The lines every output of a draft opens with: the embargo, then the warnings. The
    illustrative line names the stand-in figures of ``places`` (slugs; each named first when
    the draft is about ``several``), :mod:`generator.language.banner`."""
    lines = [prepared.embargo] if prepared.embargo else []
    if illustrative:
        lines.append(banner_line(for_places(prepared.dataset, places, several=several)))
    if awaiting:
        names = ", ".join(awaiting).upper()
        lines.append(f"EDITOR: NO RESPONSE FROM {names} YET – CHECK BEFORE PUBLICATION")
    return tuple(lines)


def place_banners(prepared: Prepared, ctx: DraftContext) -> tuple[str, ...]:
    """A place's warning lines (:func:`banners`): its drafts, its scripts and ``snippets``."""
    awaiting = [ctx.place.name] if ctx.awaiting_response else []
    return banners(prepared, ctx.illustrative, awaiting, [ctx.place.slug])


def group_awaiting(group: GroupContext) -> list[str]:
    """The names of a group's places whose response is awaited (none for the national story)."""
    return [] if group.national else [c.place.name for c in group.awaiting]


def group_banners(prepared: Prepared, group: GroupContext) -> tuple[str, ...]:
    """A group's warning lines (:func:`banners`): its drafts, its scripts and ``snippets``."""
    slugs = [c.place.slug for c in group.places]
    return banners(prepared, group.illustrative, group_awaiting(group), slugs, several=True)
