"""What a measure reads beyond one count column and one base column, as the manifest declares it.

- a base that is a **sum of columns**: ``denominator`` may be a list of columns; the base is their
  sum (:func:`base_columns`). Each cell is kept for tracing, and an empty cell among them makes
  the figure not available, never a zero;
- a **change between two periods**: a measure's ``change:`` block names the earlier period's
  ``numerator`` and ``denominator`` (the same forms) and ``since``, how the earlier period is
  written in a draft ("2012", "2012-16"): :class:`Change`, read by :func:`read_change`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.base.errors import ProblemList

Columns = str | tuple[str, ...]
"""One column, or the columns whose sum is the base."""

CHANGE_KEYS = ("numerator", "denominator", "since")


@dataclass(frozen=True)
class Change:
    """The same measure in an earlier period: ``numerator`` of ``denominator`` (one column, or
    a tuple of columns summed), written ``since`` in a draft ("up 17 percentage points since
    2012")."""

    numerator: str
    denominator: Columns
    since: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.numerator, *base_columns(self.denominator))


def base_columns(denominator: Columns) -> tuple[str, ...]:
    """The columns a base is summed from: ``("recorded",)`` for one column."""
    return (denominator,) if isinstance(denominator, str) else denominator


def read_columns(value: Any, where: str, problems: ProblemList) -> Columns | None:
    """A ``denominator``: one column name, or a list of them (their sum is the base); a list
    of one is that column. ``None`` (and a problem) for anything else."""
    if isinstance(value, str) and value.strip():
        return value
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, str) and v.strip() for v in value)
        and len(set(value)) == len(value)
    ):
        return value[0] if len(value) == 1 else tuple(value)
    problems.add(
        "must be a column name, or a list of different column names whose sum is the base",
        column=where,
        value=str(value),
        hint="Write 'denominator: recorded', or 'denominator: [solved, unsolved]'",
    )
    return None


def read_change(value: Any, where: str, problems: ProblemList) -> Change | None:
    """A measure's ``change:`` block (see the module docstring); ``None`` and problems when it
    is not one."""
    if not isinstance(value, dict):
        problems.add(
            "must be a mapping with numerator, denominator and since",
            column=where,
            value=str(value),
            hint="See docs/writing-a-story.md, 'Change between two periods'",
        )
        return None
    ok = True
    for key in sorted(set(value) - set(CHANGE_KEYS)):
        problems.add(
            "unknown setting", column=f"{where}.{key}", hint="Use: " + ", ".join(CHANGE_KEYS)
        )
        ok = False
    for key in CHANGE_KEYS:
        if key not in value:
            problems.add("required setting is missing", column=f"{where}.{key}", hint="Add it")
            ok = False
    if not ok:
        return None
    numerator = value["numerator"]
    if not isinstance(numerator, str) or not numerator.strip():
        problems.add("must be a column name", column=f"{where}.numerator", value=str(numerator))
        return None
    denominator = read_columns(value["denominator"], f"{where}.denominator", problems)
    since = value["since"]
    if isinstance(since, bool) or not isinstance(since, str | int) or not str(since).strip():
        problems.add(
            "must say how the earlier period is written",
            column=f"{where}.since",
            value=str(since),
            hint='Such as since: "2012" or since: "2012-16"',
        )
        return None
    if denominator is None:
        return None
    return Change(numerator, denominator, str(since).strip())
