"""What an editor must check before publishing anything in a partner pack: illustrative
figures (the places' own, and other places' behind the ranks and pooled rates the drafts
print), responses still awaited, missing figures. The lines go into the pack's ``method.md``."""

from __future__ import annotations

from generator.drafts.context import stand_in_places
from generator.drafts.jobs import DraftResult
from generator.inputs.data import Dataset
from generator.language.banner import banner_line, comparisons, for_places


def pack_warnings(drafts: list[DraftResult], dataset: Dataset) -> list[str]:
    """What an editor must check before publishing anything in a pack: the first draft is the
    outlet's own, the rest its places'."""
    lines = []
    places = drafts[1:]
    own = [d.folder for d in places if (r := dataset.records.get(d.folder)) and r.illustrative]
    several = len(drafts) > 2
    stand_ins = for_places(dataset, own, several=several)
    behind = comparisons(
        stand_in_places(dataset) - len(own),
        dataset.story.unit,
        owner=None if several or not places else places[0].name,
        own=bool(stand_ins),
    )
    if stand_ins or behind:
        lines.append(banner_line("; ".join(p for p in (stand_ins, behind) if p)) + ".")
    awaiting = sorted({d.name for d in places if d.awaiting_response})
    if drafts[0].awaiting_response or awaiting:
        names = f": {', '.join(awaiting)}" if awaiting else ""
        lines.append(f"No response yet{names}; check before publication.")
    for draft in places:
        if draft.missing:
            lines.append(f"{draft.name} has no figure for: {', '.join(draft.missing)}.")
    return lines
