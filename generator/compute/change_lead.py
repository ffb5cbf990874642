"""Leads on change between two periods: the kinds a measure's ``change:`` can earn a place, for
:mod:`generator.compute.angle` to score beside the findings on the latest figure.

================  ==============================================================================
kind              earned when
================  ==============================================================================
``biggest_rise``  the place's change is first, unshared, in the worse direction among every
                  place with a change (:mod:`generator.compute.change`: a rise where a higher
                  rate is worse, a fall where a lower one is), with more than one place ranked,
                  and the change shows when printed (not "unchanged")
``rise``          a change in the worse direction of at least :data:`RISE_POINTS` (5) on the
                  measure's scale as printed: five percentage points for a rate per cent,
                  five points per 1,000 for a rate per 1,000
================  ==============================================================================

Both are findings against the place, and compete by score with its other findings:

- ``change``: the change in percentage points of the rate, in the worse direction, capped at
  :data:`CHANGE_CAP` (40), as the ``gap`` part of a finding on the latest figure is;
- ``rank``: :data:`BIGGEST_RISE_POINTS` (20) for ``biggest_rise``;
- ``sample`` and ``published`` as for any finding (on the latest period's base; an earlier
  or latest illustrative figure costs the ``published`` points), and ``weight`` when the
  story's ``leads:`` weights the kind. No ``chance`` part: the funnel plot judges a place's
  latest rate against the pooled one, not a change.

A kind the story switches off falls to the next that fits (``biggest_rise`` to ``rise``), else
the change is no candidate. A place without a figure in both periods has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator.compute.change import PeriodChange, PlaceChange
from generator.inputs.leads import NO_RULES, LeadRules
from generator.language.present import points_unit

CHANGE_KINDS = ("biggest_rise", "rise")
"""The lead kinds a change earns, strongest first."""
RISE_POINTS = 5
"""The smallest change, as printed on the measure's scale, that is a ``rise``."""
CHANGE_CAP = 40
BIGGEST_RISE_POINTS = 20


@dataclass(frozen=True)
class ChangeFinding:
    """What a place's change earns: its ``kind``, the ``reason`` in words, and the score's
    ``change`` and ``rank`` parts (the caller adds ``sample``, ``published`` and ``weight``)."""

    kind: str
    reason: str
    parts: tuple[tuple[str, int], ...]
    change: PeriodChange


def worse_way(worse: str) -> str:
    """The direction of a change for the worse: "up" where a higher rate is worse."""
    return "up" if worse == "higher" else "down"


def earned(place: PlaceChange, worse: str) -> list[str]:
    """Every change kind ``place`` earns, strongest first (before the story's rules)."""
    change, rank = place.change, place.rank
    if change.direction != worse_way(worse):
        return []
    kinds = []
    if rank is not None and rank.position == 1 and not rank.shared and rank.base > 1:
        kinds.append("biggest_rise")
    if Fraction(change.points_value.replace(",", "")) >= RISE_POINTS:
        kinds.append("rise")
    return kinds


def change_finding(
    place: PlaceChange | None, worse: str, rules: LeadRules = NO_RULES
) -> ChangeFinding | None:
    """The lead ``place``'s change earns on a measure where ``worse`` ("higher" or "lower")
    rates are worse, by the story's ``rules``; ``None`` when it earns none (module doc)."""
    if place is None:
        return None
    kinds = earned(place, worse)
    allowed = [k for k in kinds if rules.allows(k)]
    if not allowed:
        return None
    kind, change = allowed[0], place.change
    sign = 1 if worse == "higher" else -1
    points = float((change.now.rate - change.then.rate) * 100) * sign
    rank = place.rank
    where = f", position {rank.position} of {rank.base} by change" if rank is not None else ""
    reason = (
        f"{change.direction} {change.points_value} "
        f"{points_unit(change.per, one=change.points_value == '1')} since {change.since} "
        f"({change.then.count} of {change.then.base} to {change.now.count} of "
        f"{change.now.base}){where}"
    )
    if kind != kinds[0]:
        reason += f" ({kinds[0]} is off in story.yaml's leads:)"
    elif rules.weight(kind) != 1:
        reason += f" ({kind} weighted {rules.weight(kind):g} in story.yaml's leads:)"
    parts = (
        ("change", round(max(-CHANGE_CAP, min(CHANGE_CAP, points)))),
        ("rank", BIGGEST_RISE_POINTS if kind == "biggest_rise" else 0),
    )
    return ChangeFinding(kind, reason, parts, change)
