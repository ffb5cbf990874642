"""Lead rules as data: the ``leads:`` section of ``story.yaml``, typed and checked.

A story may weight or switch off the kinds of lead :mod:`generator.compute.angle` chooses
among (the kinds and their rules are in that module's docstring)::

    leads:
      majority: off      # never leads: the finding falls to the next rule that fits
      top_ten: 0.5       # its score is multiplied by 0.5

- **Scored kinds** (:data:`SCORED`: ``worst`` to ``above``, the findings against a place,
  with ``biggest_rise`` and ``rise`` on a measure's change, :mod:`generator.compute.change_lead`)
  compete by score: each takes ``off`` or a weight, a number of 0 or more that multiplies the
  candidate's score (``--explain`` shows the change as a ``weight`` part). A measure's finding
  whose kind is off falls to the next rule of the table that fits (a ``majority`` finding
  becomes ``above``, ``below`` or ``in_line``; a ``biggest_rise`` a ``rise``, if it is one,
  else no lead); ``above`` cannot be off, as the last rule against a place.
- **Rule kinds** (:data:`RULED`: ``close``, ``clean``, ``better``, ``best``, ``joint_best``)
  are chosen in order when no finding is against the place, not by score: each takes only
  ``off``, which passes the lead to the next rule.
- ``below``, ``in_line`` and ``none`` are what is left when nothing else fits: they take
  nothing.

An unknown kind is an error naming the closest one, as ``engine:`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.base.errors import ProblemList

SCORED = (
    "worst",
    "joint_worst",
    "near_worst",
    "top_ten",
    "majority",
    "biggest_rise",
    "rise",
    "above",
)
"""Kinds that compete by score: a weight or ``off`` (``above`` a weight only)."""
RULED = ("close", "clean", "better", "best", "joint_best")
"""Kinds chosen by rule when nothing is against the place: ``off`` only."""
FIXED = ("below", "in_line", "none")
"""Kinds left when nothing else fits: not settable."""
LEAD_KINDS = (*SCORED, *RULED, *FIXED)
"""Every kind of lead, in the order of :mod:`generator.compute.angle`'s table."""
SETTABLE = (*SCORED, *RULED)
"""The kinds a story may set under ``leads:``."""
OFF = "off"


@dataclass(frozen=True)
class LeadRules:
    """The story's ``leads:``: the kinds switched off, and each weighted kind's weight."""

    off: frozenset[str] = frozenset()
    weights: Mapping[str, float] = field(default_factory=dict)

    def allows(self, kind: str) -> bool:
        """Whether ``kind`` may lead (it is not switched off)."""
        return kind not in self.off

    def weight(self, kind: str) -> float:
        """The number the kind's score is multiplied by: 1 unless the story says otherwise."""
        return self.weights.get(kind, 1)


NO_RULES = LeadRules()
"""A story without ``leads:``: every kind allowed, none weighted."""


def _problem(kind: str, value: object) -> str | None:
    """What is wrong with ``kind: value``, or ``None``."""
    if kind in FIXED:
        return f"{kind} is what is left when nothing else fits: it cannot be weighted or off"
    is_off = value is False or (isinstance(value, str) and value.strip().lower() == OFF)
    if kind in RULED:
        if is_off:
            return None
        return f"{kind} is chosen by rule, not by score: write '{kind}: off' or leave it out"
    if is_off:
        if kind == "above":
            return "above is the last finding against a place and cannot be off: weight it"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return "write off, or a number of 0 or more that multiplies the score (0.5, 2)"
    return None


def read_leads(raw: object, problems: ProblemList) -> LeadRules:
    """The ``leads:`` section as :class:`LeadRules`; each unknown kind (with the closest) and
    each value that does not fit its kind is added to ``problems``."""
    if raw is None:
        return LeadRules()
    if not isinstance(raw, Mapping):
        problems.add(
            "must be a mapping of lead kinds",
            column="leads",
            hint="Write each on its own line under leads:, such as 'majority: off'",
        )
        return LeadRules()
    off: set[str] = set()
    weights: dict[str, float] = {}
    for key, value in raw.items():
        kind = str(key)
        if kind not in LEAD_KINDS:
            use = f"A story can set: {', '.join(SETTABLE)}"
            problems.unknown_key(kind, LEAD_KINDS, f"leads.{kind}", "lead kind", use)
            continue
        wrong = _problem(kind, value)
        if wrong is not None:
            problems.add(
                "is not a valid lead rule", column=f"leads.{kind}", value=str(value), hint=wrong
            )
        elif kind in RULED or not isinstance(value, int | float) or isinstance(value, bool):
            off.add(kind)
        else:
            weights[kind] = value
    return LeadRules(frozenset(off), weights)
