"""Data as published: the manifest's ``data.steps`` turn a published table into one row per
place before its rows meet the places file.

Each step is one mapping in a list, applied in order (``docs/writing-a-story.md``, "Data
steps"):

- ``filter``: keep the rows whose ``column`` ``is:`` a value (or one of a list), is ``not:``
  one, or is ``not_empty: true``; a value no row has is an error naming the closest;
- ``pivot``: a long table to wide: one row per ``rows`` value, one column per combination of
  the ``columns`` values (named by joining them with one space, an empty one as "(blank)"), each
  cell the sum of ``values`` (pandas ``pivot_table``, exact whole numbers). A combination with
  no rows counts 0, or is empty (not available) with ``missing: empty``; an empty value among
  those summed makes the cell empty;
- ``derive``: a new ``column``, the ``sum:`` of a list of columns or fnmatch patterns
  ("2012 *"), the ``difference: [a, b]`` (a - b) or the exact ``ratio: [a, b]`` (a / b, written
  as a fraction "3/7"). An empty operand makes the cell empty; a ratio of zero is empty. A ratio
  is not a count: a measure may not read it (a field may);
- ``join``: the columns of another file in ``data/<story>/`` (or a web address), its rows
  matched to the table's by place through the places file, so spellings may differ.

Null rule: an empty cell stays not available through every step; no step invents a zero
except a pivot's combination with no rows (``missing: zero``, the default). Every error names
its step: "data.steps[1] (pivot): column 'Yeer' not found. Did you mean 'Year'?". Steps are
run by :mod:`generator.inputs.step_run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.base.errors import ProblemList
from generator.base.names import is_inside, is_url

KEYS: dict[str, tuple[str, ...]] = {
    "filter": ("column", "is", "not", "not_empty"),
    "pivot": ("rows", "columns", "values", "missing"),
    "derive": ("column", "sum", "difference", "ratio"),
    "join": ("file", "name_column", "sheet"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "filter": ("column",),
    "pivot": ("rows", "columns", "values"),
    "derive": ("column",),
    "join": ("file", "name_column"),
}
OPERATIONS = ("sum", "difference", "ratio")
MISSING = ("zero", "empty")
EXAMPLE = "- pivot: {rows: force, columns: [year, outcome], values: count}"


@dataclass(frozen=True)
class Filter:
    """Keep rows whose ``column`` is one of ``keep`` (when given), none of ``drop``, and not
    empty when ``not_empty``."""

    name: str
    column: str
    keep: tuple[str, ...] | None = None
    drop: tuple[str, ...] = ()
    not_empty: bool = False


@dataclass(frozen=True)
class Pivot:
    """One row per ``rows`` value; one column per ``columns`` combination; cells sum ``values``."""

    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: str
    missing: str = "zero"


@dataclass(frozen=True)
class Derive:
    """A new ``column``: ``operation`` ("sum", "difference" or "ratio") of ``operands`` (for a
    sum, column names or fnmatch patterns)."""

    name: str
    column: str
    operation: str
    operands: tuple[str, ...]


@dataclass(frozen=True)
class Join:
    """The columns of ``file`` (its ``sheet``), its rows matched by place on ``name_column``."""

    name: str
    file: str
    name_column: str
    sheet: str | None = None


Step = Filter | Pivot | Derive | Join


def _text(value: Any) -> str | None:
    """A column name or cell value as YAML gave it (``2016`` is "2016"); ``None`` if not one."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text or None


def _texts(value: Any) -> tuple[str, ...] | None:
    """One value or a non-empty list of them, as text; ``None`` if not that."""
    values = value if isinstance(value, list) else [value]
    texts = [_text(v) for v in values]
    if not texts or None in texts:
        return None
    return tuple(t for t in texts if t is not None)


def read_steps(raw: Any, problems: ProblemList, *, folder: Path | None = None) -> tuple[Step, ...]:
    """The manifest's ``data.steps`` as typed steps; each problem is added to ``problems`` (the
    manifest's), named by its step. ``folder`` is ``data/<story>/``: a joined file must lie
    inside it (or be a web address)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(
            "must be a list of steps",
            column="data.steps",
            hint=f"Write each step on its own line starting with '- ', such as '{EXAMPLE}'",
        )
        return ()
    steps: list[Step] = []
    for index, item in enumerate(raw):
        kind = next(iter(item), None) if isinstance(item, dict) and len(item) == 1 else None
        if kind not in KEYS:
            problems.add(
                f"data.steps[{index}]: must be one of {', '.join(KEYS)}, with its settings",
                value=str(item),
                hint=f"Write a step as '{EXAMPLE}'",
            )
            continue
        step = _read_step(str(kind), item[kind], f"data.steps[{index}] ({kind})", problems, folder)
        if step is not None:
            steps.append(step)
    return tuple(steps)


def _read_step(
    kind: str, spec: Any, name: str, problems: ProblemList, folder: Path | None
) -> Step | None:
    keys = KEYS[kind]
    if not isinstance(spec, dict):
        problems.add(
            f"{name}: must be a mapping of {', '.join(keys)}",
            value=str(spec),
            hint=f"Write a step as '{EXAMPLE}'",
        )
        return None
    before = len(problems.problems)
    for key in sorted(set(spec) - set(keys)):
        problems.add(f"{name}: unknown setting '{key}'", hint=f"Use: {', '.join(keys)}")
    for key in REQUIRED[kind]:
        if key not in spec:
            problems.add(f"{name}: '{key}' is missing", hint="Add it")

    def names(key: str, many: bool) -> tuple[str, ...]:
        if key not in spec:
            return ()
        one = _text(spec[key])
        found = _texts(spec[key]) if many else (one,) if one is not None else None
        if found is None:
            what = "a column name or a list of them" if many else "one column name"
            problems.add(f"{name}: '{key}' must be {what}", value=str(spec[key]))
            return ()
        return found

    step: Step | None = None
    if kind == "filter":
        keep = _texts(spec["is"]) if "is" in spec else None
        drop = _texts(spec["not"]) if "not" in spec else ()
        not_empty = spec.get("not_empty", False)
        for key, value in (("is", keep), ("not", drop)):
            if value is None and key in spec:
                problems.add(f"{name}: '{key}' must be a value or a list of values")
        if not isinstance(not_empty, bool):
            problems.add(f"{name}: 'not_empty' must be true or false", value=str(not_empty))
        elif not ({"is", "not"} & set(spec)) and not not_empty:
            problems.add(
                f"{name}: says nothing to keep or leave out",
                hint="Add 'is:', 'not:' or 'not_empty: true'",
            )
        step = Filter(name, "".join(names("column", False)), keep, drop or (), not_empty is True)
    elif kind == "pivot":
        missing = spec.get("missing", "zero")
        if missing not in MISSING:
            problems.add(
                f"{name}: 'missing' must be 'zero' or 'empty'",
                value=str(missing),
                hint="'zero': a combination with no rows counts 0; 'empty': not available",
            )
        values = names("values", False)
        step = Pivot(name, names("rows", True), names("columns", True), "".join(values), missing)
    elif kind == "derive":
        given = [op for op in OPERATIONS if op in spec]
        if len(given) != 1:
            problems.add(
                f"{name}: needs exactly one of sum, difference or ratio",
                hint="Such as 'derive: {column: recorded, sum: [\"2016 *\"]}'",
            )
        operands = names(given[0], True) if len(given) == 1 else ()
        if given and given[0] != "sum" and operands and len(operands) != 2:
            problems.add(
                f"{name}: '{given[0]}' must name two columns, [a, b]", value=str(spec[given[0]])
            )
        step = Derive(name, "".join(names("column", False)), given[0] if given else "", operands)
    else:
        file = _text(spec.get("file"))
        if file is None and "file" in spec:
            problems.add(f"{name}: 'file' must be a file name", value=str(spec["file"]))
        elif file and folder is not None and not is_url(file) and not is_inside(folder, file):
            problems.add(
                f"{name}: '{file}' lies outside data/{folder.name}/",
                hint=f"Put the file in data/{folder.name}/ and give its name",
            )
        sheet = _text(spec.get("sheet"))
        step = Join(name, file or "", "".join(names("name_column", False)), sheet)
    return step if len(problems.problems) == before else None
