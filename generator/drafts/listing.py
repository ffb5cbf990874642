"""What ``drafts list`` shows: every place of a story with its lead in words and every flag an
editor must check, as a table with a header or as JSON (:func:`listing`).

The JSON keys are stable (docs/commands.md): ``story``, ``measures`` (each measure's key and
label), ``places``, and per place ``slug``,
``name``, ``lead`` (``kind``, ``label``, ``measure``, ``measure_label``, ``score``) and
``flags`` (``illustrative``, ``awaiting_response``, ``missing_figures``, ``no_row``).
"""

from __future__ import annotations

from typing import Any

from generator.drafts.prepared import Prepared, context_for

LEAD_LABELS = {
    "worst": "worst",
    "joint_worst": "joint worst",
    "near_worst": "second or third worst",
    "top_ten": "in the worst ten",
    "majority": "half or more",
    "biggest_rise": "biggest rise",
    "rise": "rising",
    "above": "above the overall rate",
    "below": "at or below the overall rate",
    "in_line": "in line with the overall rate",
    "close": "close to the overall rate",
    "clean": "none on any measure",
    "better": "better than most",
    "best": "best",
    "joint_best": "joint best",
    "none": "no figures",
}
"""Each lead kind (:mod:`generator.compute.angle`) as a data journalist reads it; "the overall
rate" is the rate pooled over every place."""

FLAG_LABELS = {
    "illustrative": "illustrative figures",
    "awaiting_response": "awaiting response",
    "missing_figures": "missing figures",
    "no_row": "no data row",
}


def listing(prepared: Prepared) -> dict[str, Any]:
    """Every place of the story, in the data's order, with its lead and flags."""
    measures = {m.key: m.label for m in prepared.story.measures}
    places = []
    for slug in prepared.dataset.records:
        ctx = context_for(prepared, slug)
        lead = prepared.angles[slug].lead
        places.append(
            {
                "slug": slug,
                "name": ctx.place.name,
                "lead": {
                    "kind": lead.kind,
                    "label": LEAD_LABELS.get(lead.kind, lead.kind.replace("_", " ")),
                    "measure": lead.measure,
                    "measure_label": measures.get(lead.measure or ""),
                    "score": lead.score,
                },
                "flags": {
                    "illustrative": ctx.illustrative,
                    "awaiting_response": ctx.awaiting_response,
                    "missing_figures": [v.measure.key for v in ctx.missing],
                    "no_row": ctx.absent,
                },
            }
        )
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
