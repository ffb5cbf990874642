"""What a measure reads beyond one count column and one base column, as the manifest declares it.

- a base that is a **sum of columns**: ``denominator`` may be a list of columns; the base is their
  sum (:func:`base_columns`). Each cell is kept for tracing, and an empty cell among them makes
  the figure not available, never a zero;
- a **change between two periods**: a measure's ``change:`` block names the earlier period's
  ``numerator`` and ``denominator`` (the same forms) and ``since``, how the earlier period is
  written in a draft ("2012", "2012-16"): :class:`Change`, read by :func:`read_change`;
- a **plain value with a unit** (``kind: value``): one ``column`` read as an exact number
  (:func:`parse_amount`: "£1,234.50" and "1234.5" both read), written in a ``unit`` of
  :data:`UNITS` with a ``suffix``, every place together being the ``national`` figure of
  :data:`NATIONAL` (:func:`national_value`); checked by :func:`check_value_measure`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
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
    if not problems.check_keys(value, where, CHANGE_KEYS, CHANGE_KEYS):
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


# --- a plain value with a unit ------------------------------------------------------------------

KINDS = ("rate", "value")
"""A measure's ``kind``: ``rate`` (count of base, the default) or ``value`` (one column)."""
UNITS = ("number", "pounds", "minutes", "hours", "days")
"""How a value measure is written (``unit:``): "1,234", "£1,234", "42 minutes", "3 hours",
"12 days"; a ``suffix:`` follows it ("per head": "£12.50 per head")."""
NATIONAL = ("median", "mean", "total")
"""A value measure's figure for every place together (``national:``): the median of the
places' values (the default), their mean, or their total."""
VALUE_KEYS = ("column", "unit", "suffix", "national")
"""Settings only a value measure takes."""
RATE_ONLY = ("numerator", "denominator", "per", "change")
"""Settings a value measure does not take (it has no count, base, scale or earlier period)."""
VALUE_REQUIRED = ("key", "label", "column", "topic")
"""What a value measure must give; ``singular``, ``plural``, ``passive`` and ``active`` may
be given for templates' words but are not needed."""

_AMOUNT = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$|^-?[0-9]+(\.[0-9]+)?$")


def parse_amount(text: str) -> Fraction | None:
    """A cell read as an exact value: "£1,234.50", "1234.5", "-3" (a number, with an optional
    "£" before it and thousands commas); ``None`` when it is not one."""
    cleaned = text.strip().replace("£", "", 1).strip()
    if not _AMOUNT.match(cleaned):
        return None
    return Fraction(cleaned.replace(",", ""))


def national_value(values: list[Fraction], how: str) -> Fraction:
    """Every place together on a value measure: the ``median`` (the mean of the middle two
    for an even number), the ``mean`` or the ``total`` of ``values`` (at least one), exact."""
    if how == "total":
        return sum(values, Fraction(0))
    if how == "mean":
        return sum(values, Fraction(0)) / len(values)
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def check_value_measure(m: dict[str, Any], where: str, problems: ProblemList) -> bool:
    """Check a ``kind: value`` measure's settings (``where`` is ``measures[i]``); False (and
    problems) when they are wrong."""
    ok = True
    for key in RATE_ONLY:
        if key in m:
            problems.add(
                "does not apply to a value measure",
                column=f"{where}.{key}",
                hint="A value measure reads one column: give 'column:' and remove this",
            )
            ok = False
    column = m.get("column", "")  # missing: reported with the other required settings
    if "column" in m and (not isinstance(column, str) or not column.strip()):
        problems.add(
            "a value measure needs the column it reads",
            column=f"{where}.column",
            value=str(column),
            hint="Write 'column: spending per head'",
        )
        ok = False
    for key, allowed in (("unit", UNITS), ("national", NATIONAL)):
        if key in m and m[key] not in allowed:
            problems.add(
                f"must be one of: {', '.join(allowed)}",
                column=f"{where}.{key}",
                value=str(m[key]),
                hint="See docs/writing-a-story.md, 'A plain value with a unit'",
            )
            ok = False
    suffix = m.get("suffix", "")
    if not isinstance(suffix, str):
        problems.add(
            "must be words written after the value",
            column=f"{where}.suffix",
            value=str(suffix),
            hint="Such as suffix: per head",
        )
        ok = False
    return ok


VALUE_BLANKS = ("singular", "plural", "passive", "active")
"""A value measure's words, optional: empty unless given."""


def read_kind(m: dict[str, Any], where: str, problems: ProblemList) -> tuple[dict[str, Any], bool]:
    """A measure's settings as :class:`~generator.inputs.story.Measure` takes them, and whether
    they are bad: its ``kind`` checked and, for a value measure, its settings checked
    (:func:`check_value_measure`) and the rate's columns and words left empty."""
    kind = m.get("kind", "rate")
    if kind not in KINDS:
        problems.add(
            "must be 'rate' or 'value'",
            column=f"{where}.kind",
            value=str(kind),
            hint="'rate': a count of a base (the default); 'value': one column, such as money "
            "or minutes",
        )
        return m, True
    if kind == "rate":
        return m, False
    bad = not check_value_measure(m, where, problems)
    return {**dict.fromkeys(VALUE_BLANKS, ""), **m, "numerator": "", "denominator": ""}, bad


def measure_keys(is_value: bool, required: set[str], known: set[str]) -> tuple[set[str], set[str]]:
    """The settings a measure must give and may give: a rate's ``required`` and ``known`` ones
    less a value's own (:data:`VALUE_KEYS`), or a value measure's (:data:`VALUE_REQUIRED`,
    and any)."""
    if is_value:
        return set(VALUE_REQUIRED), known
    return required, known - set(VALUE_KEYS)
