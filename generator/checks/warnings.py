"""What an editor must check before publishing anything in a partner pack: illustrative
figures, responses still awaited, missing figures, and ranks worked out with other places'
stand-in figures. The lines go into the pack's ``method.md``."""

from __future__ import annotations

from generator.drafts.jobs import DraftResult
from generator.inputs.data import Dataset
from generator.language.banner import banner_line, for_places


def pack_warnings(drafts: list[DraftResult], dataset: Dataset) -> list[str]:
    """What an editor must check before publishing anything in a pack: the first draft is the
    outlet's own, the rest its places'."""
    lines = []
    illustrative = [d.folder for d in drafts[1:] if d.illustrative]
    flagged = drafts[0].illustrative or bool(illustrative)
    if flagged:
        several = len(drafts) > 2
        lines.append(banner_line(for_places(dataset, illustrative, several=several)) + ".")
    awaiting = sorted({d.name for d in drafts[1:] if d.awaiting_response})
    if drafts[0].awaiting_response or awaiting:
        names = f": {', '.join(awaiting)}" if awaiting else ""
        lines.append(f"No response yet{names}; check before publication.")
    for draft in drafts[1:]:
        if draft.missing:
            lines.append(f"{draft.name} has no figure for: {', '.join(draft.missing)}.")
    others = sum(r.illustrative for r in dataset.records.values())
    if others and not flagged:
        plural = dataset.story.unit.plural if others != 1 else dataset.story.unit.singular
        lines.append(
            f"Ranks and {dataset.story.unit.area} figures are worked out with illustrative "
            f"figures for {others} other {plural}; check them against the published release."
        )
    return lines
