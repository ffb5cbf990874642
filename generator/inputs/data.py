"""Load and validate a story's figures into exact :class:`Figure` values, one per place.

Null rule: an empty cell is *not available*. A figure whose count or sample is empty, or
whose sample is zero, is ``None``: it never reaches text as 0, "nan" or "None". Every cell
used keeps its file, row and column so an editor can trace each number in a draft.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import cast

import pandas as pd

from generator.base.errors import Problem, ProblemList, display_path
from generator.inputs.categories import Categories, Tally, check_columns, read_tally
from generator.inputs.data_hints import long_table, tidy, unmatched
from generator.inputs.measure_kinds import base_columns, parse_amount
from generator.inputs.places import Place, Places, normalise
from generator.inputs.step_run import apply_steps
from generator.inputs.story import Story
from generator.inputs.tables import Table, is_url, read_table

INTEGER = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$|^[0-9]+$")  # ASCII digits only
MAX_DIGITS = 15  # a count of records above 999 trillion is a mistake (and too big to handle)


@dataclass(frozen=True)
class Cell:
    """Where a value came from: the file, its spreadsheet row (header = 1), column, raw text."""

    file: str
    row: int
    column: str
    value: str

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "column": self.column, "value": self.value}


@dataclass(frozen=True)
class Figure:
    """``count`` of ``base`` for one measure and place; ``rate`` is the exact fraction."""

    count: int
    base: int
    cells: tuple[Cell, ...] = ()
    illustrative: bool = False

    @property
    def rate(self) -> Fraction:
        """``count / base``, made once: ranking, angles and charts read it many times."""
        made = self.__dict__.get("_rate")
        if made is None:
            made = Fraction(self.count, self.base)
            object.__setattr__(self, "_rate", made)
        return made


@dataclass(frozen=True)
class Value:
    """A value measure's figure for one place (``kind: value``): the exact ``value`` read from
    its cell ("£1,234.50" is 2469/2); ``rate`` is the same value, which places are ranked on.
    It has no count or base, so no funnel plot and no chance."""

    value: Fraction
    cells: tuple[Cell, ...] = ()
    illustrative: bool = False

    @property
    def rate(self) -> Fraction:
        return self.value


Reading = Figure | Value
"""What a place has on a measure: a count of a base, or a plain value."""


@dataclass
class Record:
    """One place's row: its figures by measure key (``None`` = not available) and text fields."""

    place: Place
    row: int
    figures: dict[str, Reading | None]
    fields: dict[str, str | None]
    field_cells: dict[str, Cell]
    illustrative_columns: frozenset[str] = frozenset()
    absent: bool = False
    earlier: dict[str, Figure | None] = field(default_factory=dict)
    """The earlier period's figure of each measure that declares a ``change``."""
    categories: dict[str, Tally | None] = field(default_factory=dict)
    """Each ``categories:`` section's counts by column (:mod:`generator.inputs.categories`)."""

    @property
    def illustrative(self) -> bool:
        return any(f is not None and f.illustrative for f in self.figures.values())


@dataclass(frozen=True)
class Skipped:
    """A row left out because the manifest's ``data.skip`` names it, and why."""

    row: int
    name: str
    reason: str


@dataclass
class Dataset:
    """Every place's record for one story, in the order of the places file.

    ``skipped``: rows the manifest leaves out (``data.skip``); ``absent``: places of the places
    file with no row. With ``data.absent: draft`` each absent place still has a record, every
    figure ``None`` (``record.absent``), so its draft can say the data has no figure for it.
    """

    story: Story
    places: Places
    file: str
    records: dict[str, Record] = field(default_factory=dict)
    table: pd.DataFrame | None = field(default=None, repr=False)
    source: Table | None = field(default=None, repr=False)
    skipped: list[Skipped] = field(default_factory=list)
    absent: list[Place] = field(default_factory=list)
    unused_skips: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """What the run reports about rows left out and places with no row, one line each."""
        story = self.story
        lines = [
            f"{self.file}: row {s.row} ({s.name}) left out: {s.reason} "
            f"(data.skip in templates/{story.slug}/story.yaml)"
            for s in self.skipped
        ]
        lines += [
            f"templates/{story.slug}/story.yaml: data.skip names '{name}', "
            f"but no row of {self.file} has it"
            for name in self.unused_skips
        ]
        if self.absent:
            unit = story.unit.singular if len(self.absent) == 1 else story.unit.plural
            what = (
                "each has a draft saying the data has no figure for it"
                if story.absent == "draft"
                else "no draft is written for them"
            )
            names = ", ".join(p.name for p in self.absent)
            lines.append(
                f"{self.file} has no row for {len(self.absent)} {unit}: {names}; {what} "
                f"(data.absent: {story.absent})"
            )
        return lines

    @property
    def repairs(self) -> list[str]:
        """Text repaired on the way in (mis-encoded characters), one line each."""
        return self.source.repairs if self.source is not None else []

    def record(self, slug: str) -> Record:
        return self.records[slug]


def _brief(text: str) -> str:
    """A cell as an error message shows it: a very long one cut in the middle."""
    return text if len(text) <= 60 else f"{text[:30]}…{text[-20:]}"


def _integer(text: str) -> int | None:
    cleaned = text.strip()
    if INTEGER.match(cleaned):
        return int(cleaned.replace(",", ""))
    return None


def load_dataset(story: Story, places: Places) -> Dataset:
    """Read the story's data file, check every cell, and return exact figures per place.

    All problems in the file are collected and raised together (:class:`ValidationFailed`).
    """
    if is_url(story.data_file):
        source: str | Path = story.data_file
        shown = story.data_file
    else:
        source = story.data_path
        shown = display_path(story.data_path, story.root)
    read = read_table(source, shown, sheet=story.data_sheet, limits=story.limits)
    stepped = apply_steps(read.frame, story.steps, shown=shown, story=story, places=places)
    read.repairs += stepped.repairs
    table = stepped.frame
    problems = ProblemList(shown)
    needed = [story.name_column, *story.fields.values()]
    for m in story.measures:
        needed += m.columns
    if story.illustrative_column:
        needed.append(story.illustrative_column)
    for column in dict.fromkeys(needed):
        if column not in table.columns:
            close = difflib.get_close_matches(column, list(table.columns), n=1)
            hint = f"Did you mean '{close[0]}'?" if close else "Add the column"
            problems.add(
                "required column is missing",
                column=column,
                hint=f"{hint} (the columns are named in templates/{story.slug}/story.yaml)",
            )
    check_columns(story.categories, list(table.columns), story.name_column, problems)
    if story.name_column in table.columns and (long := long_table(table, story, shown)):
        problems.problems.append(long)
    problems.raise_if_any()

    dataset = Dataset(story, places, shown, table=table, source=read)
    skips = {normalise(name): (name, reason) for name, reason in story.skip.items()}
    used: set[str] = set(stepped.skipped)
    seen: dict[str, int] = {}
    repeats: list[Problem] = []
    unknown: list[Problem] = []
    columns = [str(c) for c in table.columns]
    plan = _plan(story)
    for index, values in zip(table.index, table.itertuples(index=False, name=None), strict=True):
        line = int(cast(int, index)) + 2  # the reader numbers rows 0, 1, ...
        row = dict(zip(columns, values, strict=True))  # plain, so a cell costs a dict look-up
        if not any(str(v).strip() for v in values):
            continue
        at = stepped.origin(line - 2, story.name_column, shown)[1]  # its row in the file
        name = row[story.name_column].strip()
        if normalise(name) in skips:
            used.add(normalise(name))
            dataset.skipped.append(Skipped(at, name, skips[normalise(name)][1]))
            continue
        try:
            place = places.resolve(name, file=shown, row=at, column=story.name_column)
        except Exception as err:  # InputError: keep collecting
            problem = getattr(err, "problem", Problem(shown, str(err), row=at))
            unknown.append(unmatched(problem, name, places, story))
            problems.problems.append(unknown[-1])
            continue
        if place.slug in seen:
            problems.add(
                f"{place.name} appears twice (first at row {seen[place.slug]})",
                row=at,
                column=story.name_column,
                value=name,
                hint="Keep one row for each place",
            )
            repeats.append(problems.problems[-1])
            continue
        seen[place.slug] = at
        own = ProblemList(shown)
        record = _record(story, place, row, line, shown, own, plan)
        problems.problems += stepped.retrace(record, line - 2, own.problems)
        dataset.records[place.slug] = record
    problems.problems = tidy(problems.problems, repeats, unknown, table, story)
    if not dataset.records and not problems.problems:
        problems.add(
            "has a header but no rows of figures",
            hint="Export the sheet again with its rows, one for each place",
        )
    problems.raise_if_any()
    dataset.unused_skips = [name for key, (name, _) in skips.items() if key not in used]
    dataset.absent = [p for p in places if p.slug not in dataset.records]
    if story.absent == "draft":
        for place in dataset.absent:
            dataset.records[place.slug] = _absent_record(story, place)
    ordered = {p.slug: dataset.records[p.slug] for p in places if p.slug in dataset.records}
    dataset.records = ordered
    return dataset


def _absent_record(story: Story, place: Place) -> Record:
    """A place with no row: every figure and field not available (never zero)."""
    return Record(
        place,
        0,
        {m.key: None for m in story.measures},
        {name: None for name in story.fields},
        {},
        absent=True,
    )


def _record(
    story: Story,
    place: Place,
    row: Mapping[str, str],
    line: int,
    shown: str,
    problems: ProblemList,
    plan: list[_Plan] | None = None,
) -> Record:
    flagged: frozenset[str] = frozenset()
    if story.illustrative_column:
        raw = row[story.illustrative_column]
        flagged = frozenset(c.strip() for c in raw.split(";") if c.strip())
        for column in sorted(flagged - set(row)):
            problems.add(
                "names a column that does not exist",
                row=line,
                column=story.illustrative_column,
                value=column,
                hint="List column names separated by ';'",
            )
    figures: dict[str, Reading | None] = {}
    earlier: dict[str, Figure | None] = {}
    read = _Reader(row, line, shown, flagged, problems)
    for key, column, bases, change in plan or _plan(story):
        if bases is None:
            figures[key] = read.value(column)
            continue
        figures[key] = read.figure(column, bases)
        if change is not None:
            earlier[key] = read.figure(*change)
    fields = {name: (row[col].strip() or None) for name, col in story.fields.items()}
    field_cells = {
        name: Cell(shown, line, col, row[col].strip()) for name, col in story.fields.items()
    }
    columns = list(row)
    tallies = {
        c.key: read.tally(c, c.resolve(columns, story.name_column)) for c in story.categories
    }
    return Record(
        place, line, figures, fields, field_cells, flagged, earlier=earlier, categories=tallies
    )


_Plan = tuple[str, str, tuple[str, ...] | None, tuple[str, tuple[str, ...]] | None]


def _plan(story: Story) -> list[_Plan]:
    """What a row's figures are read from, measure by measure: the key, the value's or the
    count's column, the base's columns (``None`` for a value) and the earlier period's count
    and base columns (``None`` without a ``change``); worked out once a file."""
    plan: list[_Plan] = []
    for m in story.measures:
        if m.is_value:
            plan.append((m.key, m.column, None, None))
            continue
        change = None
        if m.change is not None:
            change = (m.change.numerator, base_columns(m.change.denominator))
        plan.append((m.key, m.numerator, m.base_columns, change))
    return plan


@dataclass(frozen=True)
class _Reader:
    """Reads one row's figures, adding each bad cell to ``problems``."""

    row: Mapping[str, str]
    line: int
    shown: str
    flagged: frozenset[str]
    problems: ProblemList

    def count(self, column: str) -> int | None:
        """A cell as a whole number of records; ``None`` when empty or bad (a problem)."""
        text = self.row[column].strip()
        if text == "":
            return None
        digits = sum(c.isdigit() for c in text) if len(text) > MAX_DIGITS else 0
        if digits > MAX_DIGITS and INTEGER.match(text):
            self.problems.add(
                f"is too large to be a count of records ({digits} digits)",
                row=self.line,
                column=column,
                value=_brief(text),
                hint=f"Counts have at most {MAX_DIGITS} digits; check the cell",
            )
            return None
        number = _integer(text)
        if number is None:
            hint = (
                "Counts cannot be negative"
                if text.lstrip().startswith("-")
                else "Write a whole number, or leave the cell empty if not available"
            )
            self.problems.add(
                "is not a whole number of records",
                row=self.line,
                column=column,
                value=_brief(text),
                hint=hint,
            )
        return number

    def figure(self, numerator: str, bases: tuple[str, ...]) -> Figure | None:
        """``numerator`` of the sum of ``bases``; ``None`` when any cell is empty or bad, or
        the base is zero (never a zero figure)."""
        count = self.count(numerator)
        base: int | None = 0
        for column in bases:  # every cell read (each bad one is a problem), summed
            part = self.count(column)
            base = None if part is None or base is None else base + part
        if count is not None and base is not None and count > base:
            named = bases[0] if len(bases) == 1 else f"the sum of {', '.join(bases)}"
            self.problems.add(
                f"is larger than {named} ({base})",
                row=self.line,
                column=numerator,
                value=str(count),
                hint="A count cannot exceed its sample; check both cells",
            )
            count = None
        if count is None or base is None or base == 0:
            return None
        columns = (numerator, *bases)
        cells = tuple(Cell(self.shown, self.line, c, self.row[c].strip()) for c in columns)
        return Figure(
            count, base, cells, bool(self.flagged) and not self.flagged.isdisjoint(columns)
        )

    def tally(self, section: Categories, columns: tuple[str, ...]) -> Tally | None:
        """A ``categories:`` section's counts in this row (:func:`read_tally`)."""

        def figure(column: str, n: int, total: int) -> Figure:
            cell = Cell(self.shown, self.line, column, self.row[column].strip())
            return Figure(n, total, (cell,), column in self.flagged)

        def count(column: str) -> int | None:  # a bad cell a measure reads is reported once
            said = self.problems.problems
            known, before = any(p.column == column for p in said), len(said)
            number = self.count(column)
            del said[before if known else len(said) :]
            return number

        empty = lambda column: self.row[column].strip() == ""  # noqa: E731
        return read_tally(section, columns, count, empty, figure)

    def value(self, column: str) -> Value | None:
        """A value measure's cell as an exact :class:`Value`; ``None`` when empty (not
        available, never zero) or not a number (a problem)."""
        text = self.row[column].strip()
        if text == "":
            return None
        amount = parse_amount(text)
        if amount is None:
            self.problems.add(
                "is not a number",
                row=self.line,
                column=column,
                value=_brief(text),
                hint="Write a number such as 1234.5 or £1,234.50, or leave the cell empty "
                "if not available",
            )
            return None
        cell = Cell(self.shown, self.line, column, text)
        return Value(amount, (cell,), column in self.flagged)
