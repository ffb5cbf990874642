"""Running the manifest's ``data.steps`` (:mod:`generator.inputs.steps`) over a table of text
cells: :func:`apply_steps` returns the reshaped table and, for each cell, where it came from
(:class:`~generator.inputs.lineage.Lineage`).

Whole numbers stay exact: values are summed as 64-bit integers (a total that would not fit is
an error) and a ratio is an exact fraction. Each step's problems are collected and raised
together, named by the step; the next step runs only on a table without problems.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from generator.base.errors import InputError, Problem, ProblemList, display_path
from generator.inputs.lineage import Lineage
from generator.inputs.places import Places, normalise
from generator.inputs.steps import Derive, Filter, Join, Pivot, Step
from generator.inputs.story import Story
from generator.inputs.tables import is_url, read_table

if TYPE_CHECKING:
    from generator.inputs.data import Cell, Record

WHOLE = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+$|^-?[0-9]+$")
BLANK = "(blank)"  # a wide column from an empty category value, as a spreadsheet pivot names it
LARGEST = 2**63 - 1
SHOWN_COLUMNS = 12


@dataclass
class Stepped:
    """The table after the steps, with the lineage of its cells (``None``: no steps, so every
    cell is its own row of the file); ``ratios`` maps each ratio column to its step."""

    frame: pd.DataFrame
    lineage: Lineage | None = None
    kept: list[str] = field(default_factory=list)
    """The filters applied so far, as a pivot's notes state them ("Year is 2016")."""
    pivoted: str = ""
    ratios: dict[str, str] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    """Names (normalised) of ``data.skip`` whose rows a joined file had."""

    def origin(self, index: int, column: str, file: str) -> tuple[str, int, str]:
        """(file, row, column as shown) of one cell; a table without steps is ``file`` itself."""
        if self.lineage is None or column not in self.lineage.files:
            return file, index + 2, column
        return self.lineage.origin(index, column)

    def retrace(self, record: Record, index: int, problems: list[Problem]) -> list[Problem]:
        """Point the cells of ``record`` (row ``index`` of the table) and the ``problems`` found
        in its row at where each value came from; unchanged when there were no steps."""
        lineage = self.lineage
        if lineage is None:
            return problems

        def moved(cell: Cell) -> Cell:
            file, row, column = lineage.origin(index, cell.column)
            return replace(cell, file=file, row=row, column=column)

        tallies = [t for t in getattr(record, "categories", {}).values() if t is not None]
        for figures in (record.figures, getattr(record, "earlier", {}), *tallies):
            for key, figure in figures.items():
                if figure is not None:
                    figures[key] = replace(figure, cells=tuple(moved(c) for c in figure.cells))
        record.field_cells = {name: moved(c) for name, c in record.field_cells.items()}
        traced = []
        for p in problems:
            if p.row == index + 2 and p.column in lineage.files:
                file, row, column = lineage.origin(index, p.column)
                p = replace(p, file=file, row=row, column=column)
            traced.append(p)
        return traced


def apply_steps(
    frame: pd.DataFrame, steps: Iterable[Step], *, shown: str, story: Story, places: Places
) -> Stepped:
    """The table ``frame`` (read from ``shown``) after ``steps``, in order. Raises
    ``ValidationFailed``/``InputError`` with every problem of the first step that has any."""
    stepped = Stepped(frame)
    steps = tuple(steps)
    if not steps:
        return stepped
    stepped.frame = frame.copy()  # a join adds columns: the file's own table stays as read
    stepped.lineage = Lineage.of(frame, shown)
    run: dict[type, Callable[..., None]] = {
        Filter: _filter,
        Pivot: _pivot,
        Derive: _derive,
        Join: _join,
    }
    for step in steps:
        problems = ProblemList(shown)
        run[type(step)](stepped, step, problems, story, places)
        problems.raise_if_any()
    problems = ProblemList(shown)
    for column in dict.fromkeys(c for m in story.measures for c in m.columns):
        if column in stepped.ratios:
            problems.add(
                f"{stepped.ratios[column]}: '{column}' is a ratio, not a count",
                hint="A measure's numerator and denominator are counts: derive a sum or a "
                "difference instead, or show the ratio as a field (data.fields)",
            )
    problems.raise_if_any()
    return stepped


def _lineage(stepped: Stepped) -> Lineage:
    assert stepped.lineage is not None  # set before any step runs
    return stepped.lineage


def _has(frame: pd.DataFrame, column: str, name: str, problems: ProblemList) -> bool:
    """Whether ``column`` is in ``frame``; if not, a problem naming the closest column."""
    if column in frame.columns:
        return True
    columns = [str(c) for c in frame.columns]
    close = difflib.get_close_matches(column, columns, n=1)
    hint = (
        f"Did you mean '{close[0]}'?"
        if close
        else "The columns are: "
        + ", ".join(columns[:SHOWN_COLUMNS])
        + (", …" if len(columns) > SHOWN_COLUMNS else "")
    )
    problems.add(f"{name}: column '{column}' not found", hint=hint)
    return False


def _filter(
    stepped: Stepped, step: Filter, problems: ProblemList, story: Story, places: Places
) -> None:
    frame = stepped.frame
    if not _has(frame, step.column, step.name, problems):
        return
    values = frame[step.column].astype(str).str.strip()
    present = set(values)
    for value in (*(step.keep or ()), *step.drop):
        if value not in present:
            close = difflib.get_close_matches(value, sorted(present), n=1)
            problems.add(
                f"{step.name}: no row has '{value}' in column '{step.column}'",
                hint=f"Did you mean '{close[0]}'?" if close else "Check the spelling",
            )
    mask = pd.Series(True, index=frame.index)
    said = []
    if step.keep is not None:
        mask &= values.isin(step.keep)
        said.append(f"{step.column} is {' or '.join(step.keep)}")
    if step.drop:
        mask &= ~values.isin(step.drop)
        said.append(f"{step.column} is not {' or '.join(step.drop)}")
    if step.not_empty:
        mask &= values != ""
        said.append(f"{step.column} is not empty")
    if not problems.problems and not mask.any():
        problems.add(f"{step.name}: keeps no rows", hint="Check the values it names")
    stepped.frame = frame[mask].reset_index(drop=True)
    stepped.lineage = _lineage(stepped).take(mask)
    stepped.kept += said


def _numbers(
    stepped: Stepped, column: str, name: str, problems: ProblemList, *, signed: bool
) -> list[int | None]:
    """The cells of ``column`` as whole numbers (``None`` when empty); a problem, at the cell's
    own row and file, for each cell that is not one (a minus sign only when ``signed``)."""
    lineage = _lineage(stepped)
    numbers: list[int | None] = []
    for index, raw in enumerate(stepped.frame[column].astype(str)):
        text = raw.strip()
        ok = bool(WHOLE.match(text)) and (signed or not text.startswith("-"))
        number = int(text.replace(",", "")) if ok else None
        if number is not None and abs(number) > LARGEST:
            number = None
        numbers.append(number)
        if text and number is None:
            file, row, shown = lineage.origin(index, column)
            problems.problems.append(
                Problem(
                    file,
                    f"{name}: is not a whole number",
                    "Steps add whole numbers; fix the cell, or filter its row out first",
                    row,
                    shown,
                    text if len(text) <= 60 else text[:60] + "…",
                )
            )
    return numbers


def _where(keys: dict[str, str], kept: list[str]) -> str:
    """ "Year is 2012, reported_by is Kent Police" and the filters before it."""
    said = [f"{k} is {v}" if v else f"{k} is empty" for k, v in keys.items()]
    return ", ".join(said + kept)


def _pivot(
    stepped: Stepped, step: Pivot, problems: ProblemList, story: Story, places: Places
) -> None:
    frame, lineage = stepped.frame, _lineage(stepped)
    keys = [*step.rows, *step.columns]
    named = [c for c in dict.fromkeys([*keys, step.values])]
    if not all([_has(frame, c, step.name, problems) for c in named]):
        return
    if len(named) != len(keys) + 1:
        problems.add(f"{step.name}: rows, columns and values must be different columns")
        return
    numbers = _numbers(stepped, step.values, step.name, problems, signed=False)
    if problems.problems:
        return
    if sum(n for n in numbers if n is not None) > LARGEST:
        problems.add(f"{step.name}: the values add up to more than 19 digits", hint="Check them")
        return
    work = pd.DataFrame({k: frame[k].astype(str).str.strip() for k in keys})
    for column in step.columns:
        work[column] = work[column].replace("", BLANK)
    work["_sum"] = pd.Series([n or 0 for n in numbers], dtype="int64")
    work["_empty"] = pd.Series([int(n is None) for n in numbers], dtype="int64")
    work["_row"] = lineage.rows[step.values].astype("int64")
    work["_n"] = 1
    table = work.pivot_table(
        index=list(step.rows),
        columns=list(step.columns),
        values=["_sum", "_empty", "_row", "_n"],
        aggfunc={"_sum": "sum", "_empty": "max", "_row": "min", "_n": "sum"},
        fill_value=0,
    )
    first = work.groupby(list(step.rows))["_row"].min().reindex(table.index)
    wide = [(c,) if isinstance(c, str) else tuple(c) for c in table["_sum"].columns]
    names = [" ".join(parts) for parts in wide]
    clash = sorted({n for n in names if names.count(n) > 1} | (set(names) & set(step.rows)))
    for name in clash:
        problems.add(
            f"{step.name}: two columns of the pivot would be named '{name}'",
            hint="Pivot on other columns, or filter the rows first",
        )
    if problems.problems:
        return
    file = lineage.files[step.values]
    out = table.index.to_frame(index=False).astype(str)
    rows: dict[str, list[int]] = {c: first.tolist() for c in step.rows}
    notes: dict[str, list[str]] = {c: [""] * len(out) for c in step.rows}
    labels = [
        dict(zip(step.rows, (k,) if isinstance(k, str) else k, strict=True)) for k in table.index
    ]
    cells: dict[str, list[str]] = {}
    for key, name in zip(table["_sum"].columns, names, strict=True):
        total, count = table["_sum"][key].tolist(), table["_n"][key].tolist()
        empty, row = table["_empty"][key].tolist(), table["_row"][key].tolist()
        parts = dict(zip(step.columns, (key,) if isinstance(key, str) else key, strict=True))
        texts: list[str] = []
        said: list[str] = []
        for i in range(len(out)):
            where = _where({**labels[i], **parts}, stepped.kept)
            if count[i] == 0:
                texts.append("0" if step.missing == "zero" else "")
                how = "counted as 0" if step.missing == "zero" else "not available"
                said.append(f"no row of {file} where {where}: {how}")
            else:
                texts.append("" if empty[i] else str(total[i]))
                rows_word = "row" if count[i] == 1 else "rows"
                said.append(
                    f"{step.values} summed over {count[i]:,} {rows_word}, the first at row "
                    f"{row[i]}, where {where}"
                )
        cells[name] = texts
        rows[name] = [r if n else f for r, n, f in zip(row, count, first.tolist(), strict=True)]
        notes[name] = said
    stepped.frame = pd.concat([out, pd.DataFrame(cells)], axis=1)
    stepped.lineage = Lineage(
        pd.DataFrame(rows, dtype="int64"),
        pd.DataFrame(notes),
        {c: file for c in stepped.frame.columns},
    )
    stepped.pivoted = f"after {step.name} of {step.values} by {', '.join(step.rows)}"
    stepped.kept = []


def _operands(stepped: Stepped, step: Derive, problems: ProblemList) -> list[str]:
    """The columns a derive step reads: names as they are, patterns expanded in table order."""
    columns = [str(c) for c in stepped.frame.columns]
    found: list[str] = []
    for operand in step.operands:
        if operand in columns:
            found.append(operand)
            continue
        matched = [c for c in columns if fnmatch.fnmatchcase(c, operand)]
        if step.operation == "sum" and matched:
            found += matched
            continue
        close = difflib.get_close_matches(operand, columns, n=1)
        what = "matches no column" if step.operation == "sum" else "is not a column"
        problems.add(
            f"{step.name}: '{operand}' {what}",
            hint=f"Did you mean '{close[0]}'?" if close else "Check the column names",
        )
    return list(dict.fromkeys(found))


def _fraction(a: int, b: int) -> str:
    ratio = Fraction(a, b)
    return str(ratio.numerator) if ratio.denominator == 1 else str(ratio)


def _derive(
    stepped: Stepped, step: Derive, problems: ProblemList, story: Story, places: Places
) -> None:
    if step.column in stepped.frame.columns:
        problems.add(
            f"{step.name}: column '{step.column}' already exists",
            hint="Give the new column another name",
        )
    operands = _operands(stepped, step, problems)
    if problems.problems:
        return
    if step.column in operands:
        problems.add(f"{step.name}: '{step.column}' cannot be made from itself")
        return
    lists = [_numbers(stepped, c, step.name, problems, signed=True) for c in operands]
    if problems.problems:
        return
    texts: list[str] = []
    for values in zip(*lists, strict=True):
        if None in values:
            texts.append("")
            continue
        a, *rest = (v for v in values if v is not None)
        if step.operation == "sum":
            texts.append(str(a + sum(rest)))
        elif step.operation == "difference":
            texts.append(str(a - rest[0]))
        else:
            texts.append(_fraction(a, rest[0]) if rest[0] else "")
    if step.operation == "sum":
        patterns = [o for o in step.operands if o not in operands]
        how = f"the sum of {len(operands)} columns" + (
            f" matching {', '.join(repr(p) for p in patterns)}" if patterns else ""
        )
        if not patterns:
            how = "the sum of " + ", ".join(f"'{c}'" for c in operands)
    elif step.operation == "difference":
        how = f"'{operands[0]}' minus '{operands[1]}'"
    else:
        how = f"'{operands[0]}' divided by '{operands[1]}'"
        stepped.ratios[step.column] = step.name
    if stepped.pivoted:
        how += f", {stepped.pivoted}"
    lineage = _lineage(stepped)
    stepped.frame = stepped.frame.copy()
    stepped.frame[step.column] = texts
    notes = pd.Series([how] * len(texts))
    first = lineage.rows[operands].min(axis=1)  # the earliest row any operand came from
    lineage.add(step.column, first, notes, lineage.files[operands[0]])


def _join(
    stepped: Stepped, step: Join, problems: ProblemList, story: Story, places: Places
) -> None:
    frame, lineage = stepped.frame, _lineage(stepped)
    if not _has(frame, story.name_column, f"{step.name} (data.name_column)", problems):
        return
    if is_url(step.file):
        source: str | Path = step.file
        shown = step.file
    else:
        source = story.root / "data" / story.slug / step.file
        shown = display_path(source, story.root)
    other = read_table(source, shown, sheet=step.sheet, limits=story.limits)
    stepped.repairs += other.repairs
    table = other.frame
    theirs = ProblemList(shown)
    if not _has(table, step.name_column, step.name, theirs):
        problems.problems += theirs.problems
        return
    for column in table.columns:
        if column in frame.columns and column != step.name_column:
            problems.add(
                f"{step.name}: column '{column}' is in both files (and in {shown})",
                hint="Rename it in one file, or delete it from one",
            )
    skips = {normalise(name) for name in story.skip}
    at: dict[str, int] = {}
    for index, cell in enumerate(table[step.name_column].astype(str)):
        name = cell.strip()
        if normalise(name) in skips:
            stepped.skipped.add(normalise(name))
            continue
        if not any(str(v).strip() for v in table.iloc[index]):
            continue
        try:
            place = places.resolve(name, file=shown, row=index + 2, column=step.name_column)
        except InputError as err:
            problems.problems.append(err.problem)
            continue
        if place.slug in at:
            problems.problems.append(
                Problem(
                    shown,
                    f"{step.name}: {place.name} appears twice (first at row {at[place.slug] + 2})",
                    "Keep one row for each place in a joined file",
                    index + 2,
                    step.name_column,
                    name,
                )
            )
            continue
        at[place.slug] = index
    if problems.problems:
        return
    matched = [places.match(str(n).strip()) for n in frame[story.name_column]]
    picks = [at.get(p.slug) if p is not None else None for p in matched]
    added = [c for c in table.columns if c != step.name_column]
    cells = {c: ["" if i is None else str(table[c].iloc[i]) for i in picks] for c in added}
    stepped.frame = pd.concat([frame, pd.DataFrame(cells, index=frame.index)], axis=1)
    rows = pd.DataFrame({c: [i + 2 if i is not None else 1 for i in picks] for c in added})
    missing = f"no row of {shown} for this place"  # row 1: the header
    notes = pd.DataFrame({c: ["" if i is not None else missing for i in picks] for c in added})
    stepped.lineage = Lineage(
        pd.concat([lineage.rows, rows.set_axis(lineage.rows.index)], axis=1),
        pd.concat([lineage.notes, notes.set_axis(lineage.notes.index)], axis=1),
        {**lineage.files, **{c: shown for c in added}},
    )
