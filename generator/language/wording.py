"""Turn a :class:`Rank` into the words a reporter writes, only when they are true.

Rules, in order (``adjective`` is "worst" or "highest"):

- unshared first place: "the worst in England and Wales" (every place has a figure) or "the
  worst of the 42 forces with figures" (some have none);
- shared first place: "the joint worst in England and Wales" (templates add "level with three
  other forces" from ``rank.tied``);
- unshared second to tenth: "the second worst", "the eighth highest" (+ the same base words);
- shared second to tenth: "the joint fifth worst" (templates name who it is level with from
  ``level_with``); a rank is always exact, never "among the ten worst";
- a count of zero where higher is worse: "one of five forces where none were incorrectly
  cancelled" ("the only force where ..." when alone; "forces with figures" when some have
  none, since a place without a figure may also have had none);
- anything else: no rank claim (``None``); templates fall back to the pooled comparison.

Chance (:func:`chance_words`), from the place's position against the funnel-plot control
limits (:mod:`generator.compute.funnel`):

- within the 99.8 per cent limits, when the draft compares the place (a rank claim, or above
  or below the pooled rate) and its count is above zero: the caution :data:`CHANCE`, "the
  numbers are small enough that the difference may be down to chance". That holds between
  the 95 and 99.8 per cent limits too: with 40 places, two are expected beyond the 95 per
  cent limits by chance alone, so only the 99.8 per cent limit earns "significant" (notes to
  editors can tell the two apart by ``funnel.signal``); when the limits were widened for
  over-dispersion, :data:`SPREAD` instead, "the difference is within the range usually seen
  between forces" (large numbers are not small);
- beyond the 99.8 per cent limits: "significantly higher" or "significantly lower".
"""

from __future__ import annotations

from generator.compute.funnel import Position
from generator.compute.ranking import Rank
from generator.inputs.story import Measure, Unit
from generator.language.present import number, ordinal

TOP = 10
CHANCE = "the numbers are small enough that the difference may be down to chance"
SPREAD = "the difference is within the range usually seen between {plural}"
"""The caution when the limits were widened for over-dispersion (docs/statistics.md): with
large numbers a gap is not down to chance, but it is within the spread between places that
the limits allow for, so the draft must not make much of it."""


def base_words(rank: Rank, unit: Unit) -> str:
    """ "in England and Wales" or "of the 42 forces with figures"."""
    if rank.complete:
        return f"in {unit.area}"
    return f"of the {number(rank.base)} {unit.plural} with figures"


def rank_claim(
    rank: Rank | None, count: int, measure: Measure, unit: Unit, adjective: str = "worst"
) -> str | None:
    """The rank as a reporter's phrase, or ``None`` when no claim is earned (module docstring)."""
    if rank is None:
        return None
    where = base_words(rank, unit)
    if count == 0 and measure.worse == "higher":
        among = unit.plural if rank.complete else f"{unit.plural} with figures"
        if rank.zeros == 1:
            among = unit.singular if rank.complete else f"{unit.singular} with figures"
            return f"the only {among} where {measure.none_phrase}"
        return f"one of {number(rank.zeros)} {among} where {measure.none_phrase}"
    if rank.position == 1 and not rank.shared:
        return f"the {adjective} {where}"
    if rank.position == 1:
        return f"the joint {adjective} {where}"
    if rank.position <= TOP and not rank.shared:
        return f"the {ordinal(rank.position)} {adjective} {where}"
    if rank.position <= TOP:
        return f"the joint {ordinal(rank.position)} {adjective} {where}"
    return None


def chance_words(
    position: Position | None,
    claim: str | None,
    versus: str | None,
    count: int = 1,
    plural: str = "places",
) -> tuple[str | None, str | None]:
    """(caution, significance) for a place's figure: see the module docstring. A count of zero
    is never hedged: none is none, whatever the sample. When the limits were widened for
    over-dispersion the caution is :data:`SPREAD` (the numbers are not small)."""
    if position is None or count == 0:
        return None, None
    if position.above998:
        return None, "significantly higher"
    if position.below998:
        return None, "significantly lower"
    compared = claim is not None or versus in ("above", "below")
    if not compared:
        return None, None
    widened = position.spread is not None and position.limits.dispersion != "none"
    return (SPREAD.format(plural=plural) if widened else CHANCE), None
