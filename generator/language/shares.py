"""The presenter's words for a share of a total across categories ("the most common outcome
was 'Under investigation' (34 per cent)"), for templates through :mod:`.filters`; tables use
:func:`generator.language.present.figure_label` on the same counts.

A category's name is quoted with single quotes, as published (or as the manifest's ``names``
writes it). Shares are whole percentages rounded half up from the exact fraction
(:func:`generator.language.present.percent`). Equal counts are "joint": the words name every
category sharing the place, so a draft never calls one of two equal categories "the most
common" alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Protocol

from generator.language.present import kept, ordinal, percent, plural


class Shared(Protocol):
    """One category's share (:class:`generator.compute.categories.Share`)."""

    @property
    def name(self) -> str: ...

    @property
    def count(self) -> int: ...

    @property
    def total(self) -> int: ...

    @property
    def order(self) -> int: ...

    @property
    def tied(self) -> int: ...


class Tallied(Protocol):
    """A place's categories (:class:`generator.compute.categories.PlaceCategories`)."""

    @property
    def label(self) -> str: ...

    @property
    def shares(self) -> Sequence[Shared]: ...

    @property
    def national(self) -> Sequence[Shared]: ...


def _quoted(name: str) -> str:
    return kept(f"'{name}'", name)


def common_order(share: Shared) -> str:
    """Where a category comes, most common first: "the most common", "the second most
    common", "the joint third most common", "the 12th most common".

    ``{{ s | common_order }} -> "the second most common"`` (``s`` second of four).
    """
    joint = "joint " if share.tied > 1 else ""
    place = "" if share.order == 1 else f"{ordinal(share.order)} "
    return f"the {joint}{place}most common"


def category_share(share: Shared, sign: str = "per cent") -> str:
    """A category and its share of the total: "'Under investigation' (34 per cent)".

    ``{{ s | category_share }} -> "'Charged' (40 per cent)"``; ``category_share("%")`` in a
    headline.
    """
    shown = percent(Fraction(share.count, share.total), sign)
    return kept(f"{_quoted(share.name)} ({shown})", share.name, sign)


def most_common(
    categories: Tallied, n: int = 1, sign: str = "per cent", national: bool = False
) -> str:
    """The category (or categories, level) in ``n``-th place, most common first, as a clause:
    "the most common outcome was 'Under investigation' (34 per cent)"; level, "the joint most
    common outcomes were 'A' and 'B' (20 per cent each)"; ``national=True`` for every place
    together. Places follow ties as ranks do (1, 1, 3), so with two level at the top no
    category is second: ``n`` is the ``order`` of a category (``categories.x.second.order``).

    ``{{ categories.outcome | most_common }}``; ``{{ c | most_common(c.second.order) }}``.
    """
    shares = categories.national if national else categories.shares
    level = [s for s in shares if s.order == n]
    if not level:
        orders = ", ".join(dict.fromkeys(str(s.order) for s in shares))
        raise ValueError(f"no category is in place {n} (the places are {orders})")
    share, label = level[0], categories.label
    if len(level) == 1:
        said = f"{common_order(share)} {label} was {category_share(share, sign)}"
        return kept(said, label, share.name, sign)
    names = [_quoted(s.name) for s in level]
    listed = f"{', '.join(names[:-1])} and {names[-1]}"
    shown = percent(Fraction(share.count, share.total), sign)
    said = f"{common_order(share)} {plural(label, 2)} were {listed} ({shown} each)"
    return kept(said, label, sign, *(s.name for s in level))
