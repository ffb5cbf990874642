"""The warning lines every output of a draft opens with: the embargo, the illustrative
figures it uses (its own, and those of other places behind its ranks and pooled rates), the
responses still awaited. Drafts, radio scripts and ``drafts snippets`` all take them from here,
so every copy of a draft carries the same warnings."""

from __future__ import annotations

from collections.abc import Sequence

from generator.drafts.context import DraftContext
from generator.drafts.group import GroupContext
from generator.drafts.prepared import Prepared
from generator.language.banner import banner_line, comparisons, for_places, pooled


def banners(
    prepared: Prepared,
    illustrative: bool,
    awaiting: list[str],
    places: Sequence[str] = (),
    *,
    several: bool = False,
    behind: str = "",
) -> tuple[str, ...]:
    """The lines every output of a draft opens with: the embargo, then the warnings. The
    illustrative line names the stand-in figures of ``places`` (slugs; each named first when
    the draft is about ``several``), :mod:`generator.language.banner`, then ``behind``: what
    other places' stand-ins do to its comparisons (``banner.comparisons``)."""
    lines = [prepared.embargo] if prepared.embargo else []
    if illustrative or behind:
        own = for_places(prepared.dataset, places, several=several) if illustrative else ""
        lines.append(banner_line("; ".join(part for part in (own, behind) if part)))
    if awaiting:
        names = ", ".join(awaiting).upper()
        lines.append(f"EDITOR: NO RESPONSE FROM {names} YET – CHECK BEFORE PUBLICATION")
    return tuple(lines)


def place_banners(prepared: Prepared, ctx: DraftContext) -> tuple[str, ...]:
    """A place's warning lines (:func:`banners`): its drafts, its scripts and ``snippets``."""
    awaiting = [ctx.place.name] if ctx.awaiting_response else []
    named = any(v.level_with for v in ctx.measures)
    behind = comparisons(
        ctx.illustrative_elsewhere,
        prepared.story.unit,
        owner=ctx.place.name,
        own=ctx.illustrative,
        named=named,
    )
    return banners(prepared, ctx.illustrative, awaiting, [ctx.place.slug], behind=behind)


def group_awaiting(group: GroupContext) -> list[str]:
    """The names of a group's places whose response is awaited (none for the national story)."""
    return [] if group.national else [c.place.name for c in group.awaiting]


def group_banners(prepared: Prepared, group: GroupContext) -> tuple[str, ...]:
    """A group's warning lines (:func:`banners`): its drafts, its scripts and ``snippets``."""
    slugs = [c.place.slug for c in group.places]
    unit = prepared.story.unit
    if group.national:  # every place is in it: its totals and ranks rest on its own stand-ins
        behind = pooled(unit) if group.illustrative else ""
    else:
        behind = comparisons(group.illustrative_elsewhere, unit, own=group.illustrative)
    return banners(
        prepared, group.illustrative, group_awaiting(group), slugs, several=True, behind=behind
    )
