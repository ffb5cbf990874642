"""Whether ``drafts release`` would send each partner's pack, as the site marks it beside the
pack: the rule is release's own (:mod:`generator.delivery.release`: a pack whose outlet is not
on the story's release is held, and one holding a draft with illustrative figures or awaiting
a response goes only with ``--include-flagged``), applied to the build the site is written
from. The release lists are read from the outlets file as ``drafts release`` reads them, so
the mark is what a release would do with the build as it stands; an outlet added to the
release later is sent without a new build, and its page says so until the next one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.base.errors import DraftsError, display_path
from generator.delivery.release import deliveries, flag_words, flags_of
from generator.drafts.jobs import DraftResult
from generator.inputs.outlets import release_lists
from generator.inputs.story import Story
from generator.language.filters import series
from generator.outputs.site.model import Held


def release_manifest(story: Story, drafts: Sequence[DraftResult], packs: Sequence[str]) -> dict:
    """The parts of the build's manifest (:func:`generator.delivery.manifest.manifest_body`)
    that release reads to hold or flag a pack: the story, the packs, each draft's folder and
    name, and the drafts flagged illustrative or awaiting a response."""
    return {
        "story": story.slug,
        "packs": list(packs),
        "drafts": [{"folder": d.folder, "name": d.name} for d in drafts],
        "warnings": {
            "illustrative": [d.folder for d in drafts if d.illustrative],
            "awaiting_response": [d.folder for d in drafts if d.awaiting_response],
        },
    }


def held_notes(
    build: Path, story: Story, drafts: Sequence[DraftResult], packs: Sequence[str]
) -> dict[str, Held | None]:
    """Outlet slug -> why ``drafts release`` would not send its pack as the build stands (None
    when it would), for each of ``packs`` found in ``build/packs/``: in words a partner reads,
    with the unit's technical detail (the outlets file, the release option) as its hint."""
    path = story.outlets_path
    lists, source = None, ""
    if path is not None and path.is_file():
        source = display_path(path, story.root)
        try:
            lists = release_lists(path, shown_as=source)
        except DraftsError:  # the build read this file; release will say what is wrong
            return {}
    manifest = release_manifest(story, drafts, packs)
    notes: dict[str, Held | None] = {}
    for pack in deliveries(build, manifest, lists, source):
        flags = flags_of(manifest, pack)
        if pack.held:
            known = lists is not None and pack.slug in lists
            why = "not signed up for this story" if known else "not on this story's release"
            notes[pack.slug] = Held(f"Held: {why}", f"drafts release holds it: {pack.held}")
        elif flags["illustrative"] or flags["awaiting_response"]:
            until = ["the illustrative figures are replaced"] if flags["illustrative"] else []
            if flags["awaiting_response"]:
                until.append(f"{series(flags['awaiting_response'])} {_has(flags)} responded")
            notes[pack.slug] = Held(
                f"Held until {' and '.join(until)}, or the unit releases it knowingly",
                f"contains drafts flagged {flag_words(flags)} – drafts release needs "
                "--include-flagged",
            )
        else:
            notes[pack.slug] = None
    return notes


def _has(flags: dict) -> str:
    """ "has" after one name awaited, "have" after several."""
    return "has" if len(flags["awaiting_response"]) == 1 else "have"
