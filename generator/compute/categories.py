"""Shares of a total across categories, on exact fractions: each place's categories in order
(the most common first), the national shares of the counts pooled over places, and each
place's rank on each category's share.

Order rule: categories are ordered by count, the largest first (equal counts are equal shares
of one total). Equal counts share an ``order`` and the next skips ("1, 2, 2, 4"), as ranks do;
within a tie the categories keep the table's column order, so the listing is stable.

Null rule: a place without a tally (:mod:`generator.inputs.categories`) has no shares; it is
left out of the national pool and of every rank. The national shares are the sums of counts
over the places with a tally (never an average of shares).

Rank rule (as :mod:`generator.compute.ranking`): on one category, position 1 is the place with
the highest share, equal shares (exact fractions) tie, ``from_best`` counts from the lowest.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator.compute.ranking import Rank
from generator.inputs.categories import Categories, Tally
from generator.inputs.data import Dataset, Figure


@dataclass(frozen=True)
class Share:
    """One category in one place (or nationally): ``figure`` (its ``count`` of the
    ``total``), the category's ``name`` as drafts write it and its ``column``, its ``order``
    (1 the most common) shared by ``tied`` categories, and ``rank`` the place's standing among
    places on this category's share (``None`` nationally)."""

    column: str
    name: str
    figure: Figure
    order: int
    tied: int
    rank: Rank | None = None

    @property
    def count(self) -> int:
        return self.figure.count

    @property
    def total(self) -> int:
        return self.figure.base

    @property
    def share(self) -> Fraction:
        """The exact share of the total."""
        return self.figure.rate


@dataclass(frozen=True)
class PlaceCategories:
    """A place's shares of one ``categories:`` section: ``shares`` (most common first),
    ``national`` (every place together, most common first), the section's ``label``,
    ``singular`` and ``plural``; ``top``, ``second``, ``national_top`` and ``differs``
    (whether the place's most common category is not the national one)."""

    key: str
    label: str
    singular: str
    plural: str
    total: int
    shares: tuple[Share, ...]
    national: tuple[Share, ...]

    @property
    def top(self) -> Share:
        """The most common category (the first of a tie, in column order)."""
        return self.shares[0]

    @property
    def second(self) -> Share | None:
        """The first category less common than the most common ones (its ``order`` is 2, or
        more after a tie at the top); ``None`` when every category ties."""
        return next((s for s in self.shares if s.order > 1), None)

    @property
    def national_top(self) -> Share:
        """The most common category of every place together."""
        return self.national[0]

    @property
    def differs(self) -> bool:
        """True when no category that is most common here is most common nationally."""
        here = {s.column for s in self.shares if s.order == 1}
        return not here & {s.column for s in self.national if s.order == 1}


def ordered(
    section: Categories, tally: Tally, ranks: dict[str, Rank] | None = None
) -> tuple[Share, ...]:
    """The shares of ``tally``, most common first (module docstring's order rule)."""
    columns = list(tally)
    by_count = sorted(columns, key=lambda c: (-tally[c].count, columns.index(c)))
    shares = []
    for column in by_count:
        count = tally[column].count
        order = 1 + sum(1 for c in columns if tally[c].count > count)
        tied = sum(1 for c in columns if tally[c].count == count)
        rank = ranks.get(column) if ranks is not None else None
        shares.append(Share(column, section.name(column), tally[column], order, tied, rank))
    return tuple(shares)


def _ranks(shares: dict[str, Fraction], total: int) -> dict[str, Rank]:
    """Places ranked on one category's share, the highest first, ties sharing a position."""
    ranks = {}
    for slug, share in shares.items():
        above = sum(1 for s in shares.values() if s > share)
        tied = sum(1 for s in shares.values() if s == share)
        ranks[slug] = Rank(above + 1, tied, len(shares), total)
    return ranks


@dataclass(frozen=True)
class CategoryTable:
    """One section over every place: the tallies, the national pool and the ranks."""

    section: Categories
    tallies: dict[str, Tally]
    national: tuple[Share, ...]
    ranks: dict[str, dict[str, Rank]]
    """category column -> place slug -> the place's rank on that category's share."""

    def for_place(self, slug: str) -> PlaceCategories | None:
        """The place's shares, or ``None`` without a tally."""
        tally = self.tallies.get(slug)
        if tally is None:
            return None
        own = {column: self.ranks[column][slug] for column in tally}
        s = self.section
        total = next(iter(tally.values())).base
        shares = ordered(s, tally, own)
        return PlaceCategories(s.key, s.label, s.singular, s.plural, total, shares, self.national)


def tally_section(dataset: Dataset, section: Categories) -> CategoryTable | None:
    """One section's shares over the dataset (``None`` when no place has a tally)."""
    tallies = {
        slug: tally
        for slug, record in dataset.records.items()
        if (tally := record.categories.get(section.key)) is not None
    }
    if not tallies:
        return None
    columns = list(next(iter(tallies.values())))
    counts = {c: sum(t[c].count for t in tallies.values()) for c in columns}
    grand = sum(counts.values())
    pooled = {c: Figure(n, grand) for c, n in counts.items()}
    total = len(dataset.places)
    ranks = {c: _ranks({s: t[c].rate for s, t in tallies.items()}, total) for c in columns}
    return CategoryTable(section, tallies, ordered(section, pooled), ranks)


def tally_all(dataset: Dataset) -> dict[str, CategoryTable]:
    """A :class:`CategoryTable` for each ``categories:`` section with any place's tally."""
    found = {c.key: tally_section(dataset, c) for c in dataset.story.categories}
    return {key: table for key, table in found.items() if table is not None}
