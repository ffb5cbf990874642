"""The facts of a value measure (``kind: value``: money, minutes): the place's value and the
national figure, each as printed and exactly, and the data cell a figure came from
(:class:`CellFacts`, shared by every figure's facts in :mod:`generator.drafts.fact_types`).

A value measure's :class:`~generator.drafts.fact_types.MeasureFacts` has ``amount`` (a
:class:`ValueFacts`) and ``national`` (a :class:`NationalValueFacts`) in place of ``figure``
and ``pooled``; it has no funnel, no places with at least one and no change.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.drafts.facts_base import Facts, optional


@dataclass(frozen=True)
class CellFacts(Facts):
    """The data cell a figure was read from."""

    file: str
    row: int
    column: str
    value: str


@dataclass(frozen=True)
class ValueFacts(Facts):
    """A place's value: ``value`` as printed ("1,234.50", what the fact check reads), ``exact``
    the fraction ("2469/2"), ``text`` in its unit ("£1,234.50"), whether it is illustrative,
    and the cell it came from."""

    value: str
    exact: str
    text: str
    illustrative: bool = False
    cells: tuple[CellFacts, ...] | None = optional()


@dataclass(frozen=True)
class NationalValueFacts(Facts):
    """Every place together on a value measure: the ``how`` (median, mean or total, the
    manifest's ``national:``) of the values of ``places`` places, as printed (``value``),
    exactly and in its unit; ``versus`` how this draft's value compares ("above", "below",
    "in line with" or None)."""

    value: str
    exact: str
    text: str
    how: str
    places: int
    versus: str | None = None
