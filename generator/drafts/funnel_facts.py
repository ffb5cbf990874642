"""A figure against the funnel plot's control limits, as ``facts.json`` records it: the limits
at the place's base, how they allow for over-dispersion, and the words that follow. Part of the
typed facts of :mod:`generator.drafts.fact_types`."""

from __future__ import annotations

from dataclasses import dataclass

from generator.drafts.facts_base import Facts, optional


@dataclass(frozen=True)
class LimitsFacts(Facts):
    """The funnel plot's control limits at this place's base (proportions, 6 places)."""

    lower998: float
    lower95: float
    upper95: float
    upper998: float


@dataclass(frozen=True)
class DispersionFacts(Facts):
    """How the control limits allow for places varying more than chance
    (:mod:`generator.compute.dispersion`): the ``method`` applied (``requested`` in the
    manifest), ``phi`` (how many times chance's variance the rates show), ``tau`` (the spread of
    the places' own rates, as a proportion) over ``places``, and ``note``, all that in plain
    words (what ``--explain`` prints and notes to editors may quote)."""

    requested: str
    method: str
    places: int
    phi: float
    tau: float
    note: str


@dataclass(frozen=True)
class FunnelFacts(Facts):
    """Where a figure sits against the control limits, and the words that follow from it;
    ``dispersion`` only when the limits were widened for over-dispersion."""

    method: str
    signal: str
    limits: LimitsFacts
    caution: str | None
    significance: str | None
    dispersion: DispersionFacts | None = optional()
