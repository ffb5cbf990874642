"""A share of a total across categories, as the manifest declares it: ``categories:``.

Each section names a set of count columns whose sum is a place's total (the outcomes of its
crimes, the ratings of its homes): :class:`Categories`, read by :func:`read_categories`. The
columns are fnmatch patterns over the table's columns after the data steps, in the table's
order; ``exclude`` takes columns (or patterns) back out, and the name column is never a
category. :func:`check_columns` reports a pattern that matches no column; :func:`read_tally`
reads one row's counts.

Null rule: an empty cell is not available, so a place with an empty cell among its category
columns has no tally (never a share of a wrong total); with ``empty: zero`` an empty cell is a
count of 0 (a published table that leaves a cell empty where there was none). A place whose
counts sum to zero has no tally either.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.base.errors import ProblemList

if TYPE_CHECKING:
    from generator.inputs.data import Figure

CATEGORY_KEYS = ("key", "label", "columns", "exclude", "names", "singular", "plural", "empty")
REQUIRED = ("key", "label", "columns", "singular", "plural")
EMPTY = ("missing", "zero")


@dataclass(frozen=True)
class Categories:
    """One ``categories:`` section: the ``label`` of one category ("outcome"), the nouns for
    what is counted (``singular``, ``plural``: "crime", "crimes"), the ``columns`` and
    ``exclude`` patterns, ``names`` (a column -> how drafts write it; otherwise its name as
    published) and ``empty`` ("missing" or "zero")."""

    key: str
    label: str
    columns: tuple[str, ...]
    singular: str
    plural: str
    exclude: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    empty: str = "missing"

    def resolve(self, available: Sequence[str], name_column: str = "") -> tuple[str, ...]:
        """The category columns among ``available``, in its order: those matching a pattern
        of ``columns``, less those matching ``exclude`` and the name column."""
        return tuple(
            c
            for c in available
            if c != name_column
            and any(fnmatch.fnmatchcase(c, p) for p in self.columns)
            and not any(fnmatch.fnmatchcase(c, p) for p in self.exclude)
        )

    def name(self, column: str) -> str:
        """How drafts write the category of ``column``."""
        return self.names.get(column, column)


def _patterns(value: Any, where: str, problems: ProblemList) -> tuple[str, ...] | None:
    if isinstance(value, str) and value.strip():
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    problems.add(
        "must be a column name or pattern, or a list of them",
        column=where,
        value=str(value),
        hint='Such as columns: ["*"] (every column) or columns: [Solved, Unsolved]',
    )
    return None


def _one(raw: Any, where: str, problems: ProblemList) -> Categories | None:
    if not isinstance(raw, dict):
        problems.add("must be a mapping", column=where, hint="See docs/writing-a-story.md")
        return None
    ok = problems.check_keys(raw, where, CATEGORY_KEYS, REQUIRED)
    for key in ("key", "label", "singular", "plural"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            problems.add("must be some text", column=f"{where}.{key}", value=str(raw[key]))
            ok = False
    columns = _patterns(raw.get("columns"), f"{where}.columns", problems) if ok else None
    exclude = _patterns(raw["exclude"], f"{where}.exclude", problems) if "exclude" in raw else ()
    names = raw.get("names") or {}
    if not problems.check_text_map(
        names,
        f"{where}.names",
        "must map each column to how drafts write it",
        hint="Write each as 'Column as published: words for drafts'",
    ):
        ok = False
    empty = raw.get("empty", "missing")
    if empty not in EMPTY:
        problems.add(
            "must be 'missing' or 'zero'",
            column=f"{where}.empty",
            value=str(empty),
            hint="'missing': an empty cell leaves the place without shares; 'zero': it counts 0",
        )
        ok = False
    if not ok or columns is None or exclude is None:
        return None
    return Categories(
        raw["key"], raw["label"], columns, raw["singular"], raw["plural"], exclude, names, empty
    )


def read_categories(value: Any, problems: ProblemList) -> tuple[Categories, ...]:
    """The manifest's ``categories:`` list (empty when absent); problems for each bad entry."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(
            "must be a list of sections", column="categories", hint="Start each with '- key:'"
        )
        return ()
    found = [_one(raw, f"categories[{i}]", problems) for i, raw in enumerate(value)]
    keys = [c.key for c in found if c is not None]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.add("two sections share a key", column="categories", value=key)
    return tuple(c for c in found if c is not None)


def check_columns(
    sections: Iterable[Categories], columns: Sequence[str], name_column: str, problems: ProblemList
) -> None:
    """Report each section whose patterns match fewer than two columns of the table (a share
    of one category is always all), and each pattern that matches none."""
    for i, section in enumerate(sections):
        for pattern in section.columns:
            if not any(fnmatch.fnmatchcase(c, pattern) for c in columns):
                problems.add(
                    "matches no column",
                    column=f"categories[{i}].columns",
                    value=pattern,
                    hint="Columns: " + ", ".join(list(columns)[:12]),
                )
        if len(section.resolve(columns, name_column)) < 2:
            problems.add(
                "needs at least two category columns",
                column=f"categories[{i}]",
                value=section.key,
                hint="Check columns and exclude against the table's columns",
            )


Tally = dict[str, "Figure"]
"""One place's counts by category column, each a Figure of the place's total."""


def read_tally(
    section: Categories,
    columns: Sequence[str],
    count: Callable[[str], int | None],
    empty: Callable[[str], bool],
    figure: Callable[[str, int, int], Figure],
) -> Tally | None:
    """One row's counts of ``columns``: ``count`` reads a cell (``None`` when empty or bad),
    ``empty`` says whether a cell is empty, ``figure`` makes a count of the total with its
    cell. ``None`` (not available) under the module's null rule."""
    read = {column: count(column) for column in columns}  # every bad cell is reported
    if section.empty == "zero":
        read = {c: 0 if n is None and empty(c) else n for c, n in read.items()}
    counts = {c: n for c, n in read.items() if n is not None}
    if len(counts) < len(read):
        return None
    total = sum(counts.values())
    if total == 0:
        return None
    return {column: figure(column, n, total) for column, n in counts.items()}
