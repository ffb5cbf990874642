"""What ``drafts list`` shows: every place of a story, by name, with its lead in words and every
flag an editor must check, as a table with a header or as JSON (:func:`listing`). A lead is
worded as the drafts word it (:func:`lead_label`, which the site's index uses too).

The JSON keys are stable (docs/commands.md): ``story``, ``measures`` (each measure's key and
label), ``places``, and per place ``slug``,
``name``, ``lead`` (``kind``, ``label``, ``measure``, ``measure_label``, ``score``) and
``flags`` (``illustrative``, ``awaiting_response``, ``missing_figures``, ``no_row``).
"""

from __future__ import annotations

from typing import Any

from generator.drafts.prepared import Prepared, context_for
from generator.language.present import rank_phrase

RANKED = {"worst": "worst", "joint_worst": "worst", "near_worst": "worst", "top_ten": "worst"}
RANKED |= {"best": "best", "joint_best": "best"}
"""The lead kinds that are a rank, each with the end it is counted from."""

LEAD_LABELS = {
    "majority": "half or more",
    "biggest_rise": "biggest rise",
    "rise": "rising",
    "above": "above the overall rate",
    "below": "at or below the overall rate",
    "in_line": "in line with the overall rate",
    "close": "close to the overall rate",
    "clean": "clean record",
    "better": "better than most",
    "none": "no figures",
}
"""Each lead kind (:mod:`generator.compute.angle`) that is not a rank, as a data journalist
reads it; "the overall rate" is the rate pooled over every place."""


def lead_label(kind: str, position: int | None = None, tied: int = 1) -> str:
    """A lead in the words its draft uses: a rank as the drafts word it
    (:func:`generator.language.present.rank_phrase`), "worst", "joint worst", "second worst",
    "joint third worst", "best"; any other kind as :data:`LEAD_LABELS` words it, "clean
    record". ``position`` (1 for the worst) and ``tied`` (how many places share it) are the
    lead measure's rank, needed for ``near_worst`` and ``top_ten``; the other kinds say it.
    An unknown kind is shown as itself, in words: "some_kind" is "some kind"."""
    end = RANKED.get(kind)
    if end is None:
        return LEAD_LABELS.get(kind, kind.replace("_", " "))
    if kind in ("near_worst", "top_ten"):
        if position is None:
            raise ValueError(f"a {kind} lead is worded from its rank: give its position")
    else:
        position, tied = 1, max(tied, 2) if kind.startswith("joint_") else 1
    return rank_phrase(position, tied, end).removeprefix("the ")


FLAG_LABELS = {
    "illustrative": "illustrative figures",
    "awaiting_response": "awaiting response",
    "missing_figures": "missing figures",
    "no_row": "no data row",
}


def listing(prepared: Prepared) -> dict[str, Any]:
    """Every place of the story, by name, with its lead and flags."""
    measures = {m.key: m.label for m in prepared.story.measures}
    places = []
    for slug in prepared.dataset.records:
        ctx = context_for(prepared, slug)
        lead = prepared.angles[slug].lead
        ranking = prepared.rankings.get(lead.measure or "")
        rank = ranking.ranks.get(slug) if ranking is not None else None
        places.append(
            {
                "slug": slug,
                "name": ctx.place.name,
                "lead": {
                    "kind": lead.kind,
                    "label": lead_label(
                        lead.kind, rank.position if rank else None, rank.tied if rank else 1
                    ),
                    "measure": lead.measure,
                    "measure_label": measures.get(lead.measure or ""),
                    "score": lead.score,
                },
                "flags": {
                    "illustrative": ctx.uses_illustrative,
                    "awaiting_response": ctx.awaiting_response,
                    "missing_figures": [v.measure.key for v in ctx.missing],
                    "no_row": ctx.absent,
                },
            }
        )
    places.sort(key=lambda p: (str(p["name"]).casefold(), str(p["slug"])))
    return {"story": prepared.story.slug, "measures": measures, "places": places}


def flag_words(flags: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    """A place's flags in words, e.g. "illustrative figures, awaiting response", missing
    measures by their ``labels``; "-" when there is none."""
    words = []
    for key, label in FLAG_LABELS.items():
        value = flags.get(key)
        if isinstance(value, list) and value:
            named = [str((labels or {}).get(v, v)) for v in value]
            words.append(f"{label} ({', '.join(named)})")
        elif value:
            words.append(label)
    return ", ".join(words) or "-"


def listing_text(found: dict[str, Any]) -> str:
    """The listing as a table with a header, one place a line, columns padded to fit."""
    header = ("PLACE", "NAME", "LEAD", "FLAGS")
    rows = [
        (
            p["slug"],
            p["name"],
            p["lead"]["label"]
            + (f": {p['lead']['measure_label']}" if p["lead"]["measure_label"] else ""),
            flag_words(p["flags"], found.get("measures")),
        )
        for p in found["places"]
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3]])
        for row in [header, *rows]
    ]
    return "\n".join(lines) + "\n"
