"""The typed facts of a draft: frozen dataclasses for every figure, rank, comparison and quote
a draft rests on, read by attribute by every writer, chart and page.

``facts.json`` (and a radio set's ``radio.json``) is their serialisation: :meth:`Facts.to_dict`
gives the mapping, keys in field order, leaving out a field marked :func:`optional` when it is
``None`` (an :data:`UNSET` embargo for the embargo); :meth:`Facts.as_json` its text, as the
build writes it. :func:`load` and :func:`from_dict` read one back, into :class:`DraftFacts` (a
place's draft) or :class:`GroupFacts` (a round-up, a station's scripts or the national story):
a missing or mistyped field is an :class:`~generator.base.errors.InputError` naming the file,
the field (``measures[2].figure.count``) and the value, never a ``KeyError``.

Which classes, and what they hold:

- :class:`DraftFacts`: ``embargo``, ``banners``, ``story``, ``place`` (:class:`PlaceFacts`),
  ``headline``, ``flags`` (:class:`Flags`), ``lead`` (:class:`LeadFacts`), ``measures``
  (:class:`MeasureFacts`), ``fields`` (:class:`FieldFacts` by name), ``quotes``,
  ``headline_short``, ``scripts``;
- :class:`GroupFacts`: ``embargo``, ``banners``, ``story``, ``group``, ``national``,
  ``places``, ``headline``, ``flags`` (:class:`GroupFlags`), ``lead`` (:class:`GroupLeadFacts`),
  ``measures`` (:class:`GroupMeasureFacts`), ``quotes``, ``headline_short``, ``scripts``;
- a measure's :class:`FigureFacts` (count of base, as printed), :class:`RankFacts`,
  :class:`PooledFacts` (every place together, and how this one compares), :class:`FunnelFacts`
  (its place against the control limits, with :class:`DispersionFacts` when they were widened)
  and :class:`FindingFacts`; a group's totals are a
  :class:`FigureFacts` without cells, each place summed into them a :class:`SummedFacts`;
  for a measure that declares a ``change``, :class:`ChangeFacts` (the earlier period, the
  change as printed, its :class:`ChangeRankFacts` and :class:`PooledChangeFacts`); a group's
  measure, :class:`GroupChangeFacts` (its places' pooled change).

Quotes and radio scripts stay plain mappings (``Quote.as_dict``, ``Script.as_dict``): they are
text to show, not figures to present.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, ClassVar

from generator.base.errors import InputError, Problem
from generator.drafts.category_facts import CategoriesFacts
from generator.drafts.facts_base import UNSET, Facts, Unset, flat, optional, replace
from generator.drafts.funnel_facts import DispersionFacts, FunnelFacts, LimitsFacts
from generator.drafts.value_facts import CellFacts, NationalValueFacts, ValueFacts
from generator.language.present import change_label, figure_label, rank_label, value_label

__all__ = [
    "UNSET",
    "AnyFacts",
    "CategoriesFacts",
    "CellFacts",
    "ChangeFacts",
    "ChangeRankFacts",
    "DispersionFacts",
    "DraftFacts",
    "Facts",
    "FieldFacts",
    "FigureFacts",
    "FindingFacts",
    "Flags",
    "FunnelFacts",
    "GroupFacts",
    "GroupChangeFacts",
    "GroupFlags",
    "GroupLeadFacts",
    "GroupMeasureFacts",
    "LeadFacts",
    "LimitsFacts",
    "MeasureFacts",
    "NationalValueFacts",
    "ValueFacts",
    "PlaceFacts",
    "PooledChangeFacts",
    "PooledFacts",
    "RankFacts",
    "SummedFacts",
    "Unset",
    "from_dict",
    "load",
    "replace",
]

# --- the facts of one measure ------------------------------------------------------------------


@dataclass(frozen=True)
class FigureFacts(Facts):
    """``count`` of ``base``; ``rate`` the exact fraction ("9/17"); ``percent`` half up; for a
    measure on another scale, ``per`` and the printed ``value``. A group's total has no
    ``cells`` (``None``)."""

    count: int
    base: int
    rate: str
    percent: int
    per: int | None = optional()
    value: str | None = optional()
    illustrative: bool = False
    cells: tuple[CellFacts, ...] | None = optional()

    @property
    def fraction(self) -> Fraction:
        """The exact rate."""
        return Fraction(self.rate)

    @property
    def label(self) -> str:
        """The rate as tables write it: "53%", "2.9 per 1,000" (the presenter's)."""
        return _label(self.percent, self.per, self.value)

    @property
    def text(self) -> str:
        """The figure as tables write it: "9 of 17 (53%)"."""
        return figure_label(self.count, self.base, self.label)


def _label(percent: int, per: int | None, value: str | None) -> str:
    if per is not None and per != 100 and value is not None:
        return value_label(value, per)
    return value_label(percent)


@dataclass(frozen=True)
class SummedFacts(Facts):
    """One place's figure summed into a group's total."""

    place: str
    figure: FigureFacts = flat()


@dataclass(frozen=True)
class PooledFacts(Facts):
    """Every place together: ``count`` of ``base``, printed as ``percent`` (and ``value`` per
    ``per``); ``versus`` how this draft's rate compares ("above", "below", "close" or None);
    ``places`` how many places are pooled (a place's draft only)."""

    count: int
    base: int
    percent: int
    per: int | None = optional()
    value: str | None = optional()
    versus: str | None = None
    places: int | None = optional()

    @property
    def label(self) -> str:
        """The pooled rate as tables write it: "13%", "1.4 per 1,000"."""
        return _label(self.percent, self.per, self.value)

    @property
    def text(self) -> str:
        """ "299 of 213,249 (1.4 per 1,000)"."""
        return figure_label(self.count, self.base, self.label)


@dataclass(frozen=True)
class RankFacts(Facts):
    """A place's rank: ``position`` (1 the worst), shared by ``tied`` places, of ``base``
    places with figures (``total`` in all); the draft's ``claim`` and who it is level with;
    ``from_best`` the position counted from the best end (1 the best) and ``worse`` the
    measure's direction ("higher" or "lower"), so "the lowest" and "the second highest" can
    be checked."""

    position: int
    tied: int
    base: int
    total: int
    claim: str | None
    claim_extreme: str | None
    places_with_illustrative_figures: int
    level_with: tuple[str, ...]
    places_worse: int
    places_better: int
    from_best: int | None = optional()
    worse: str | None = optional()

    @property
    def label(self) -> str:
        """ "1st of 43", "joint 1st of 43" (the presenter's)."""
        return rank_label(self.position, self.tied, self.base or self.total)


@dataclass(frozen=True)
class FindingFacts(Facts):
    """The measure's finding for this place: its ``kind`` and news ``score``."""

    kind: str
    score: int | float


@dataclass(frozen=True)
class ChangeRankFacts(Facts):
    """A place's rank by change (:mod:`generator.compute.change`): ``position`` 1 the change
    furthest in the worse direction, shared by ``tied`` places, of ``base`` places with a
    change; ``claim`` "the biggest rise", "the joint biggest fall" or ``None``."""

    position: int
    tied: int
    base: int
    claim: str | None


@dataclass(frozen=True)
class PooledChangeFacts(Facts):
    """Every place with a figure in both periods together: the pooled rate ``now`` and
    ``earlier``, and the change as printed."""

    now: FigureFacts
    earlier: FigureFacts
    direction: str
    points: str

    def label_since(self, since: str) -> str:
        """The pooled change as tables write it: "down 1 percentage point since 2012 (50% in
        2012)"."""
        return change_label(_Printed(self.direction, self.points, self.earlier, since))


@dataclass(frozen=True)
class ChangeFacts(Facts):
    """A measure's change ``since`` an earlier period: the ``earlier`` figure (with its cells),
    ``direction`` ("up", "down", "unchanged" when the rates or their difference print the
    same), ``points`` the size as printed (percentage points, or points per 1,000), ``exact``
    the signed change on the measure's scale as a fraction, ``counts`` the change of counts;
    the place's ``rank`` by change and the ``pooled`` change."""

    since: str
    earlier: FigureFacts
    direction: str
    points: str
    exact: str
    counts: int
    rank: ChangeRankFacts | None = optional()
    pooled: PooledChangeFacts | None = optional()

    @property
    def text(self) -> str:
        """The change as tables write it: "up 17 percentage points since 2012 (61% in 2012)"."""
        return change_label(_Printed(self.direction, self.points, self.earlier, self.since))


@dataclass(frozen=True)
class GroupChangeFacts(Facts):
    """A group's change ``since`` an earlier period: its ``places`` with a figure in both
    periods pooled (sum of counts over sum of bases) ``now`` and ``earlier``, ``direction``
    and ``points`` as printed, ``exact`` the signed change as a fraction, ``counts`` the
    change of the summed counts."""

    since: str
    places: int
    now: FigureFacts
    earlier: FigureFacts
    direction: str
    points: str
    exact: str
    counts: int

    @property
    def text(self) -> str:
        """ "up 4 percentage points since 2012 (49% in 2012)"."""
        return change_label(_Printed(self.direction, self.points, self.earlier, self.since))


@dataclass(frozen=True)
class _Printed:
    """A change as its facts hold it, in the shape the presenter reads."""

    direction: str
    points_value: str
    earlier: FigureFacts
    since: str

    @property
    def per(self) -> int:
        return self.earlier.per or 100

    @property
    def then_value(self) -> str:
        return self.earlier.value or str(self.earlier.percent)

    @property
    def counts(self) -> int:
        return 0  # not shown in a table label


@dataclass(frozen=True)
class MeasureFacts(Facts):
    """One measure in a place's draft; without a figure, only the pooled rate (if any)."""

    measure: str
    label: str
    available: bool
    figure: FigureFacts | None = optional()
    rank: RankFacts | None = optional()
    finding: FindingFacts | None = optional()
    pooled: PooledFacts | None = optional()
    funnel: FunnelFacts | None = optional()
    places_within_limits: int | None = optional()
    places_with_at_least_one: int | None = optional()
    worst: tuple[str, ...] | None = optional()
    change: ChangeFacts | None = optional()
    amount: ValueFacts | None = optional()
    national: NationalValueFacts | None = optional()


@dataclass(frozen=True)
class GroupMeasureFacts(Facts):
    """One measure in a draft about several places: the total with every figure summed into
    it, the pooled rate across all places, the places without a figure."""

    measure: str
    label: str
    places_with_figures: int
    places_without: tuple[str, ...]
    places_with_at_least_one: int | None
    places_within_limits: int | None
    total: FigureFacts | None = optional()
    summed: tuple[SummedFacts, ...] | None = optional()
    worst: tuple[str, ...] | None = optional()
    pooled: PooledFacts | None = optional()
    change: GroupChangeFacts | None = optional()


# --- the facts of a draft ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceFacts(Facts):
    code: str
    name: str
    slug: str
    region: str
    nation: str


@dataclass(frozen=True)
class Flags(Facts):
    """What an editor must check in a place's draft (stand-ins: its own, others' behind ranks)."""

    illustrative: bool
    illustrative_columns: tuple[str, ...]
    awaiting_response: bool
    missing_figures: tuple[str, ...]
    no_row: bool
    illustrative_elsewhere: int = optional(0)


@dataclass(frozen=True)
class GroupFlags(Facts):
    """What an editor must check in a draft about several places (the same, for a group)."""

    illustrative: bool
    illustrative_places: tuple[str, ...]
    awaiting_response: tuple[str, ...]
    illustrative_elsewhere: int = optional(0)


@dataclass(frozen=True)
class LeadFacts(Facts):
    """The lead of a place's draft and why it won (``explain``: every candidate it beat)."""

    kind: str
    measure: str | None
    reason: str
    score: int | float
    score_parts: dict[str, Any]
    explain: str


@dataclass(frozen=True)
class GroupLeadFacts(Facts):
    """The place a group's draft leads on, and its lead."""

    place: str
    kind: str
    measure: str | None
    reason: str


@dataclass(frozen=True)
class FieldFacts(Facts):
    """A text field of the place's row and the cell it came from."""

    value: Any
    cell: CellFacts | None


@dataclass(frozen=True)
class DraftFacts(Facts):
    """The facts of one place's draft (see the module docstring)."""

    story: str
    place: PlaceFacts
    headline: str
    flags: Flags
    lead: LeadFacts
    measures: tuple[MeasureFacts, ...]
    fields: dict[str, FieldFacts]
    quotes: tuple[dict[str, Any], ...]
    embargo: str | None | Unset = optional(UNSET)
    banners: tuple[str, ...] | None = optional()
    headline_short: str | None = optional()
    scripts: tuple[dict[str, Any], ...] | None = optional()
    categories: tuple[CategoriesFacts, ...] | None = optional()
    """Each ``categories:`` section's shares (:mod:`.category_facts`); only when declared."""

    ORDER: ClassVar[tuple[str, ...]] = ("embargo", "banners")

    def to_dict(self) -> dict[str, Any]:
        return _envelope_first(super().to_dict(), self.ORDER)


@dataclass(frozen=True)
class GroupFacts(Facts):
    """The facts of a draft about several places: a round-up, a station's scripts or the
    national story (``national`` True)."""

    story: str
    group: str
    national: bool
    places: tuple[str, ...]
    headline: str
    flags: GroupFlags
    lead: GroupLeadFacts
    measures: tuple[GroupMeasureFacts, ...]
    quotes: tuple[dict[str, Any], ...]
    embargo: str | None | Unset = optional(UNSET)
    banners: tuple[str, ...] | None = optional()
    headline_short: str | None = optional()
    scripts: tuple[dict[str, Any], ...] | None = optional()

    ORDER: ClassVar[tuple[str, ...]] = ("embargo", "banners")

    def to_dict(self) -> dict[str, Any]:
        return _envelope_first(super().to_dict(), self.ORDER)


AnyFacts = DraftFacts | GroupFacts


def _envelope_first(data: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    """The build's envelope (embargo and banners) first, as facts.json has always had them."""
    return {**{k: data[k] for k in first if k in data}, **data}


# --- reading facts back ------------------------------------------------------------------------


def from_dict(data: object, where: str = "facts") -> AnyFacts:
    """A draft's facts from their mapping: :class:`GroupFacts` when it names a ``group``."""
    if isinstance(data, Mapping) and "group" in data:
        return GroupFacts.from_dict(data, where)
    return DraftFacts.from_dict(data, where)


def load(path: Path | str) -> AnyFacts:
    """The facts in a ``facts.json`` (or a radio set's ``radio.json``) file."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(
            Problem(name, f"cannot be read as JSON ({err})", "Build the story again to rewrite it")
        ) from None
    return from_dict(data, name)
