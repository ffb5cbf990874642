"""The facts of a ``categories:`` section in a place's draft (:class:`CategoriesFacts`), built
by :func:`categories_facts` from :mod:`generator.compute.categories`.

Each category is a count of the place's total with its cell, so the fact check traces "53 per
cent", "12,345 of 23,456" and "the second most common" (``order``) to it; the national shares
are the counts pooled over every place with a tally. ``facts.json`` holds a ``categories``
list only when the story declares ``categories:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.drafts.facts_base import Facts, optional
from generator.language.present import percent_value

if TYPE_CHECKING:  # the facts are plain data: the engine's types are only read here
    from generator.compute.categories import PlaceCategories, Share


@dataclass(frozen=True)
class CellRef(Facts):
    """The data cell a category's count was read from."""

    file: str
    row: int
    column: str
    value: str


@dataclass(frozen=True)
class CategoryRankFacts(Facts):
    """A place's rank on one category's share: ``position`` 1 the highest share, shared by
    ``tied`` places, of ``base`` places with shares; ``from_best`` counted from the lowest;
    ``worse`` "higher" (so "the highest share" reads from position 1)."""

    position: int
    tied: int
    base: int
    from_best: int
    worse: str = "higher"


@dataclass(frozen=True)
class CategoryFacts(Facts):
    """One category: its ``name`` as drafts write it and its ``column``, ``count`` of
    ``base`` (the total), ``rate`` exactly and ``percent`` half up, its ``order`` (1 the most
    common) shared by ``tied`` categories; in a place's list, its ``rank`` among places on
    this share and the ``cell`` of its count."""

    name: str
    column: str
    count: int
    base: int
    rate: str
    percent: int
    order: int
    tied: int
    rank: CategoryRankFacts | None = optional()
    cell: CellRef | None = optional()


@dataclass(frozen=True)
class CategoriesFacts(Facts):
    """A ``categories:`` section in a place's draft: ``categories`` its key, ``label`` ("outcome"),
    whether the place has shares (``available``), its ``total``, ``differs`` (its most
    common category is not the national one), ``shares`` (most common first) and ``national``
    (every place together, most common first)."""

    categories: str
    label: str
    available: bool
    total: int | None = optional()
    differs: bool | None = optional()
    shares: tuple[CategoryFacts, ...] | None = optional()
    national: tuple[CategoryFacts, ...] | None = optional()


def category_facts(share: Share, cells: bool = True) -> CategoryFacts:
    """One category's facts (no rank nor cell nationally)."""
    figure, rank = share.figure, share.rank
    rate = share.share
    cell = figure.cells[0] if cells and figure.cells else None
    return CategoryFacts(
        name=share.name,
        column=share.column,
        count=share.count,
        base=share.total,
        rate=f"{rate.numerator}/{rate.denominator}",
        percent=percent_value(figure),
        order=share.order,
        tied=share.tied,
        rank=None
        if rank is None
        else CategoryRankFacts(rank.position, rank.tied, rank.base, rank.from_best),
        cell=None if cell is None else CellRef(cell.file, cell.row, cell.column, cell.value),
    )


def categories_facts(key: str, label: str, place: PlaceCategories | None) -> CategoriesFacts:
    """A section's facts for one place; without shares, only that it has none."""
    if place is None:
        return CategoriesFacts(key, label, False)
    return CategoriesFacts(
        categories=key,
        label=label,
        available=True,
        total=place.total,
        differs=place.differs,
        shares=tuple(category_facts(s) for s in place.shares),
        national=tuple(category_facts(s, cells=False) for s in place.national),
    )
