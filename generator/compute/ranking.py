"""Rank every place on one measure, on exact rates.

Tie rule: equal rates (exact fractions, never rounded percentages) share a position, and the
next position skips ("1, 2, 2, 4": standard competition ranking). Position 1 is the *worst*
result in the measure's direction; ``Rank.from_best`` counts the same way from the best end
("the lowest", "the second highest").

A value measure (``kind: value``) is ranked the same way on its exact values
(:func:`rank_values`); its national figure is the ``national:`` median, mean or total of the
places' values, and it has no funnel (a value has no binomial chance).

Null rule: a place with no figure is left out of the ranking and out of its base; ``base``
counts the places that have a figure, ``total`` all places in the story.

The pooled rate across all places is the sum of counts over the sum of samples, over the places
that have a figure (never an average of percentages).

Chance: each place with a figure is placed against the funnel-plot control limits around the
pooled rate (:mod:`compute.funnel`, by the story's ``funnel.method``), so wording can tell a
difference that may be down to chance from one that is significant. The limits are widened when
the places vary more than chance alone (:mod:`compute.dispersion`, by ``funnel.dispersion``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from generator.compute.dispersion import Dispersion, estimate
from generator.compute.funnel import Position, positions
from generator.inputs.data import Dataset, Figure, Value
from generator.inputs.measure_kinds import national_value
from generator.inputs.story import Measure
from generator.language.filters import rate_value


@dataclass(frozen=True)
class Rank:
    """One place's standing on one measure.

    ``position`` is 1 for the worst; ``tied`` is how many places share that position (1 when
    unshared); ``zeros`` is how many places have a count of zero (when this one has).
    ``from_best`` is the same place's position counted from the best end, by the same tie
    rule (1 for the best; "1, 1, 3" from that end too).
    """

    position: int
    tied: int
    base: int
    total: int
    zeros: int = 0

    @property
    def shared(self) -> bool:
        return self.tied > 1

    @property
    def from_best(self) -> int:
        """The position counted from the best end: one more than the places strictly better."""
        return self.base - self.position - self.tied + 2

    @property
    def complete(self) -> bool:
        """True when every place has a figure, so the base is the whole area."""
        return self.base == self.total


@dataclass(frozen=True)
class Ranking:
    """A measure's ranking over all places with a figure, and the pooled rate.

    Every draft reads it, so what a draft asks of all places is counted once here
    (``within_limits``, ``sharing``) rather than once a draft."""

    measure: Measure
    ranks: dict[str, Rank]
    pooled: Figure | Value | None
    worst: tuple[str, ...]
    at_least_one: int
    total: int
    funnel: dict[str, Position] = field(default_factory=dict)
    dispersion: Dispersion | None = None

    @property
    def base(self) -> int:
        return len(self.ranks)

    @cached_property
    def within_limits(self) -> int:
        """How many places with a figure are within the 95 per cent control limits."""
        return sum(p.within for p in self.funnel.values())

    @cached_property
    def sharing(self) -> dict[int, tuple[str, ...]]:
        """The slugs at each position held by more than one place, in ranking order."""
        shared: dict[int, list[str]] = {}
        for slug, rank in self.ranks.items():
            if rank.shared:
                shared.setdefault(rank.position, []).append(slug)
        return {position: tuple(slugs) for position, slugs in shared.items()}


def rank_measure(dataset: Dataset, measure: Measure) -> Ranking:
    """Rank the dataset's places on ``measure`` (see the module docstring for ties and gaps)."""
    figures = {slug: rec.figures[measure.key] for slug, rec in dataset.records.items()}
    total = len(dataset.places)
    if measure.is_value:
        return rank_values(dataset, measure)
    present = {slug: f for slug, f in figures.items() if isinstance(f, Figure)}
    zeros = sum(1 for f in present.values() if f.count == 0)
    ranks = _ranks({slug: f.rate for slug, f in present.items()}, measure, total, zeros)
    pooled = None
    if present:
        pooled = Figure(
            sum(f.count for f in present.values()), sum(f.base for f in present.values())
        )
    worst = tuple(slug for slug, r in ranks.items() if r.position == 1)
    at_least_one = sum(1 for f in present.values() if f.count > 0)
    funnel, spread = {}, None
    if pooled is not None:
        method, story = dataset.story.funnel_method, dataset.story
        counts, bases = [f.count for f in present.values()], [f.base for f in present.values()]
        spread = estimate(
            counts,
            bases,
            pooled.rate,
            story.funnel_dispersion,
            per=measure.per,
            unit=story.unit.plural,
        )
        found = positions(
            ((f.count, f.base) for f in present.values()), pooled.rate, method, spread
        )
        funnel = dict(zip(present, found, strict=True))
    return Ranking(measure, ranks, pooled, worst, at_least_one, total, funnel, spread)


def _ranks(rates: dict[str, Fraction], measure: Measure, total: int, zeros: int) -> dict[str, Rank]:
    """Each place's :class:`Rank` by its exact rate (or value), worst first (module docstring);
    ``zeros`` is told to the places at a rate of zero."""
    ranks: dict[str, Rank] = {}
    for start, tied in tiers(rates, measure.worse == "higher"):
        told = zeros if rates[tied[0]] == 0 else 0
        for slug in tied:
            ranks[slug] = Rank(start + 1, len(tied), len(rates), total, told)
    return ranks


def tiers(values: dict[str, Fraction], descending: bool) -> list[tuple[int, list[str]]]:
    """The keys of ``values`` in order of their exact values (highest first when
    ``descending``), equal values together, each run with its start (0 for the first); keys
    of equal values keep their order in ``values``.

    The order is the exact one, found cheaply: a fraction's float is correctly rounded, so
    when two floats differ the fractions differ the same way, and only equal floats are
    compared exactly."""
    sign = -1 if descending else 1
    keyed = {slug: (_rounded(value) * sign, value * sign) for slug, value in values.items()}
    ordered = sorted(keyed, key=keyed.__getitem__)
    runs: list[tuple[int, list[str]]] = []
    for start, slug in enumerate(ordered):
        if runs and keyed[slug] == keyed[runs[-1][1][0]]:
            runs[-1][1].append(slug)
        else:
            runs.append((start, [slug]))
    return runs


def _rounded(value: Fraction) -> float:
    """The nearest float (infinite beyond the float range, which keeps the order)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def rank_values(dataset: Dataset, measure: Measure) -> Ranking:
    """Rank the places on a value measure (``kind: value``) by their exact values, by the same
    tie rule. ``pooled`` is the national figure, a :class:`Value` (the ``national:`` median,
    mean or total of the places' values); a value has no count or base, so no funnel
    positions, no spread and no places "with at least one"."""
    values = {
        slug: f.value
        for slug, rec in dataset.records.items()
        if isinstance(f := rec.figures[measure.key], Value)
    }
    ranks = _ranks(values, measure, len(dataset.places), 0)
    pooled = Value(national_value(list(values.values()), measure.national)) if values else None
    worst = tuple(slug for slug, r in ranks.items() if r.position == 1)
    return Ranking(measure, ranks, pooled, worst, 0, len(dataset.places))


def rank_all(dataset: Dataset) -> dict[str, Ranking]:
    """One :class:`Ranking` per measure of the story, keyed by measure key."""
    return {m.key: rank_measure(dataset, m) for m in dataset.story.measures}


def versus(rate: Fraction, pooled: Fraction, measure: Measure) -> str:
    """ "above", "below" or "in line with" the pooled rate.

    Direction is decided on exact rates, but only claimed when the rates as printed (the
    measure's scale and decimals) differ: 9.2 against 9.4 per cent both print as 9 and read
    "in line with".
    """
    per = 1 if measure.is_value else measure.per  # a value is printed as it is
    shown = rate_value(rate, per, measure.decimals)
    if shown == rate_value(pooled, per, measure.decimals) or rate == pooled:
        return "in line with"
    return "above" if rate > pooled else "below"
