"""Rank words at both ends: "the lowest", "the second highest", "the joint third worst".

A rank is counted from one end. The words say which: "worst" counts from the worst end
(``rank.position``), "best" from the best end (``rank.from_best``), and "highest" or "lowest"
from whichever end the measure's direction makes it (``rank.worse``: where higher is worse,
"highest" is the worst end). The rules, used by :func:`generator.checks.trace.trace`:

- an ordinal before an end word ("the second lowest", "12th worst", "joint third highest")
  must be a rank's position counted from that end in the draft's facts; a rank without a
  direction (``worse``) can only back "worst" and "best" from its own numbers, and "highest"
  or "lowest" at its ``position``, as the check read every ordinal before ends were known;
- in a place's draft, "the lowest" or "the highest" without an ordinal ("the joint lowest
  proportion") claims first place from that end: a rank at position 1 from it, or for the
  worst end a measure's ``worst`` list (the places there: "The highest rate was at
  Cleveland"). Words inside quotation marks, or inside text printed as written from the quotes
  and the story's settings, are not claims. "Worst" and "best" alone are everyday words
  ("the worst of it") and are not read.

:func:`add_rank` says what one rank of the facts allows; :func:`bare_claims` finds the
superlatives of the second rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

ENDS = ("worst", "best", "highest", "lowest")
_END_AFTER = re.compile(r"[\s-]+(?P<end>worst|best|highest|lowest)\b", re.IGNORECASE)
_BARE = re.compile(r"\bthe\s+(?:joint\s+)?(?P<end>highest|lowest)\b", re.IGNORECASE)
_LIKE_I_OR_S = ("\u0130", "\u0131", "\u017f")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


def end_after(text: str, at: int) -> str | None:
    """The end word right after an ordinal ending at ``text[at]``: "lowest" in "second
    lowest", or ``None``."""
    found = _END_AFTER.match(text, at)
    return found["end"].lower() if found else None


def ends_of(worse: object) -> dict[str, str]:
    """How each end word reads for a measure whose ``worse`` is "higher" or "lower": the
    end it counts from, "worst" or "best"; an unknown direction only names worst and best."""
    ends = {"worst": "worst", "best": "best"}
    if worse == "higher":
        ends |= {"highest": "worst", "lowest": "best"}
    elif worse == "lower":
        ends |= {"highest": "best", "lowest": "worst"}
    return ends


def rank_allows(rank: Mapping[str, Any]) -> Iterator[tuple[str, int, str]]:
    """(end word, position from that end, which field) for one rank of the facts."""
    position, from_best = rank.get("position"), rank.get("from_best")
    at = {"worst": (position, "position"), "best": (from_best, "from_best")}
    ends = ends_of(rank.get("worse"))
    if "highest" not in ends:  # no direction: "highest"/"lowest" as any ordinal was read
        ends |= {"highest": "worst", "lowest": "worst"}
    for word, end in ends.items():
        value, name = at[end]
        if isinstance(value, int) and not isinstance(value, bool):
            yield word, value, name


def _printed_texts(facts: Mapping[str, Any], settings: Mapping[str, Any] | None) -> list[str]:
    """Text a draft prints as written: every string of its quotes and the story's settings."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, Mapping):
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(facts.get("quotes"))
    walk(settings or {})
    return [t for t in found if _BARE.search(t)]


def bare_claims(
    text: str, facts: Mapping[str, Any], settings: Mapping[str, Any] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, end word) of each "the lowest" / "the highest" a place's draft claims
    (module docstring); none in a draft about several places."""
    if not isinstance(facts.get("place"), Mapping):
        return []
    lowered = text.lower()  # "İ", "ı" and "ſ" match "i" and "s" in _BARE, but lower-case apart
    if (
        "highest" not in lowered
        and "lowest" not in lowered
        and not any(c in text for c in _LIKE_I_OR_S)
    ):
        return []
    found = list(_BARE.finditer(text))
    if not found:  # nothing claimed: no need to find what is printed as written
        return []
    skip = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    for printed in _printed_texts(facts, settings):
        start = text.find(printed)
        while start != -1:
            skip.append((start, start + len(printed)))
            start = text.find(printed, start + 1)
    return [
        (m.start(), m.end(), m["end"].lower())
        for m in found
        if not any(a <= m.start() and m.end() <= b for a, b in skip)
    ]
