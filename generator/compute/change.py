"""Change between two periods on a measure, on exact rates: each place's, the pooled one, and a
ranking of places by change ("the biggest rise", "the biggest fall").

A change (:class:`PeriodChange`) is exact: the difference of two exact rates on the measure's
scale (percentage points for a rate per cent, points per 1,000 for per 1,000), and the
difference of the two counts. It is *claimed* ("up", "down") only when the rates as printed
differ and the difference as printed is not zero; otherwise it is "unchanged", the rule
:func:`generator.compute.ranking.versus` applies: a difference that does not show is not said.

Null rule: a place without a figure in either period has no change; it is left out of the
ranking and of the pooled change. The pooled change compares the pooled rates of the two
periods over the same places, those with a figure in both (sums of counts over sums of bases).

Tie rule (as :mod:`generator.compute.ranking`): equal changes (exact fractions) share a
position and the next position skips. Position 1 is the change furthest in the worse direction
(:attr:`Measure.worse`): the biggest rise when a higher rate is worse. The biggest rise is the
largest claimed rise, whatever the direction; "joint" when places share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator.compute.ranking import Rank, tiers
from generator.inputs.data import Dataset, Figure
from generator.inputs.story import Measure
from generator.language.present import rate_value


@dataclass(frozen=True)
class PeriodChange:
    """A figure ``now`` against the same measure ``then`` (written ``since``), on the scale
    ``per`` with ``decimals`` places."""

    now: Figure
    then: Figure
    since: str
    per: int = 100
    decimals: int = 0

    @property
    def points(self) -> Fraction:
        """The exact change of the rate on the measure's scale (17 percentage points: 17),
        made once: ranking, claims and leads read it many times."""
        made = self.__dict__.get("_points")
        if made is None:
            made = (self.now.rate - self.then.rate) * self.per
            object.__setattr__(self, "_points", made)
        return made

    @property
    def counts(self) -> int:
        """The change of the counts (negative for a fall)."""
        return self.now.count - self.then.count

    @property
    def points_value(self) -> str:
        """The size of the change as printed, rounded half up, without a sign: "17", "1.2"."""
        made = self.__dict__.get("_points_value")
        if made is None:
            made = rate_value(abs(self.now.rate - self.then.rate), self.per, self.decimals)
            object.__setattr__(self, "_points_value", made)
        return made

    @property
    def then_value(self) -> str:
        """The earlier rate as printed: "61", "2.9"."""
        return rate_value(self.then.rate, self.per, self.decimals)

    @property
    def direction(self) -> str:
        """ "up", "down", or "unchanged" when the rates or their difference print the same."""
        made = self.__dict__.get("_direction")
        if made is None:
            shown_now = rate_value(self.now.rate, self.per, self.decimals)
            if shown_now == self.then_value or Fraction(self.points_value.replace(",", "")) == 0:
                made = "unchanged"
            else:
                made = "up" if self.points > 0 else "down"
            object.__setattr__(self, "_direction", made)
        return made


@dataclass(frozen=True)
class PlaceChange:
    """One place's change on a measure: the ``change``, its ``rank`` among every place with a
    change, the ``claim`` it earns ("the biggest rise", "the joint biggest fall" or ``None``)
    and the ``pooled`` change of every such place together."""

    change: PeriodChange
    rank: Rank | None
    claim: str | None
    pooled: PeriodChange | None


@dataclass(frozen=True)
class ChangeRanking:
    """A measure's places ranked by change, and the pooled change."""

    measure: Measure
    changes: dict[str, PeriodChange]
    ranks: dict[str, Rank]
    pooled: PeriodChange | None
    claims: dict[str, str]

    def for_place(self, slug: str) -> PlaceChange | None:
        """The place's change, or ``None`` without a figure in both periods."""
        change = self.changes.get(slug)
        if change is None:
            return None
        return PlaceChange(change, self.ranks.get(slug), self.claims.get(slug), self.pooled)


def _claims(changes: dict[str, PeriodChange]) -> dict[str, str]:
    """ "the biggest rise" and "the biggest fall": the largest claimed change each way."""
    claims: dict[str, str] = {}
    for way, word in (("up", "rise"), ("down", "fall")):
        moved = {s: abs(c.points) for s, c in changes.items() if c.direction == way}
        if not moved:
            continue
        top = max(moved.values())
        at_top = [s for s, size in moved.items() if size == top]
        for slug in at_top:
            claims[slug] = f"the {'joint ' if len(at_top) > 1 else ''}biggest {word}"
    return claims


def rank_change(dataset: Dataset, measure: Measure) -> ChangeRanking | None:
    """Rank the dataset's places by their change on ``measure`` (``None`` when the measure
    declares no ``change``); see the module docstring for ties, gaps and pooling."""
    if measure.change is None:
        return None
    changes: dict[str, PeriodChange] = {}
    for slug, record in dataset.records.items():
        now, then = record.figures.get(measure.key), record.earlier.get(measure.key)
        if isinstance(now, Figure) and then is not None:  # a value measure has no change
            since = measure.change.since
            changes[slug] = PeriodChange(now, then, since, measure.per, measure.decimals)
    total = len(dataset.places)
    ranks: dict[str, Rank] = {}
    points = {slug: change.points for slug, change in changes.items()}
    for start, tied in tiers(points, measure.worse == "higher"):
        for slug in tied:
            ranks[slug] = Rank(start + 1, len(tied), len(changes), total)
    pooled = None
    if changes:
        now = Figure(
            sum(c.now.count for c in changes.values()), sum(c.now.base for c in changes.values())
        )
        then = Figure(
            sum(c.then.count for c in changes.values()), sum(c.then.base for c in changes.values())
        )
        pooled = PeriodChange(now, then, measure.change.since, measure.per, measure.decimals)
    return ChangeRanking(measure, changes, ranks, pooled, _claims(changes))


def change_all(dataset: Dataset) -> dict[str, ChangeRanking]:
    """A :class:`ChangeRanking` for each measure of the story that declares a ``change``."""
    found = {m.key: rank_change(dataset, m) for m in dataset.story.measures}
    return {key: ranking for key, ranking in found.items() if ranking is not None}
