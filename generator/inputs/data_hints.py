"""What to say when a data file's rows do not fit the places: the hints of
:func:`generator.inputs.data.load_dataset` for a long table and for a row that is no place.

- a **long table** (several rows a place, such as one per year and category) is one problem
  saying how many names repeat, with the ``pivot`` step that makes it one row a place, not an
  "appears twice" for every row;
- a name the places file cannot match, with no close spelling (a national body's row in a
  story of local areas), is most often a row to leave out: the hint leads with the
  ``data.skip`` line to write, then the variant to add if it is a place after all;
- the same unmatched name on many rows is one problem that says on how many.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace

import pandas as pd

from generator.base.errors import Problem
from generator.inputs.places import Places, normalise
from generator.inputs.story import Story

WHOLE = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$|^[0-9]+$")
LONG_ROWS = 10  # more repeated rows than this, or a name on 3+ rows: a long table


def unmatched(problem: Problem, name: str, places: Places, story: Story) -> Problem:
    """``problem`` ("matches no place") with the skip-first hint when no spelling is close."""
    if problem.message != "matches no place" or places.suggest(name):
        return problem
    key = json.dumps(name, ensure_ascii=False)
    plural = story.unit.plural
    hint = (
        f"If it is not one of the {plural}, leave its rows out: under data: in "
        f"templates/{story.slug}/story.yaml write 'skip: {{{key}: not one of the {plural}}}' "
        f"(or add that line to data.skip). If it is one, add this spelling as a variant in "
        f"{places.source}"
    )
    return replace(problem, hint=hint)


def _pivot_yaml(table: pd.DataFrame, name_column: str) -> str:
    """The pivot step to suggest: the numeric column with the most values is summed, the
    other columns become the wide columns' names (fewest values first)."""
    others = [c for c in table.columns if c != name_column]
    numeric = [
        c
        for c in others
        if table[c].astype(str).str.strip().map(lambda t: bool(WHOLE.match(t)) or t == "").all()
    ]
    distinct = {c: table[c].nunique() for c in others}
    values = max(numeric, key=lambda c: distinct[c]) if numeric else "COUNT_COLUMN"
    columns = sorted((c for c in others if c != values), key=lambda c: distinct[c])
    shown = ", ".join(columns) if columns else "CATEGORY_COLUMN"
    return f"steps: [{{pivot: {{rows: {name_column}, columns: [{shown}], values: {values}}}}}]"


def tidy(
    problems: list[Problem],
    repeats: list[Problem],
    unknown: list[Problem],
    table: pd.DataFrame,
    story: Story,
) -> list[Problem]:
    """``problems`` with the repeats of a long table as one problem, and each unmatched name
    once, saying on how many rows."""
    names = Counter(p.value for p in repeats)
    long = len(repeats) > LONG_ROWS or any(n >= 2 for n in names.values())
    repeated = {id(p) for p in repeats}
    first: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for p in unknown:
        key = normalise(p.value or "")
        counts[key] += 1
        first.setdefault(key, id(p))
    unmatched_ids = {id(p) for p in unknown}
    tidied: list[Problem] = []
    for p in problems:
        if long and id(p) in repeated:
            if p is repeats[0]:
                tidied.append(_long_table(p, names, table, story))
            continue
        if id(p) in unmatched_ids:
            key = normalise(p.value or "")
            if first[key] != id(p):
                continue
            if counts[key] > 1:
                p = replace(p, message=f"{p.message} (on {counts[key]:,} rows; the first shown)")
        tidied.append(p)
    return tidied


def long_table(table: pd.DataFrame, story: Story, file: str) -> Problem | None:
    """One problem for a table whose names repeat as a long table's do (a name on 3+ rows,
    or more than :data:`LONG_ROWS` repeated rows); ``None`` for any other table."""
    skips = {normalise(name) for name in story.skip}
    spelt = table[story.name_column].astype(str).str.strip()
    names = Counter(n for n in spelt if n and normalise(n) not in skips)
    repeats = Counter({n: c - 1 for n, c in names.items() if c > 1})
    if sum(repeats.values()) > LONG_ROWS or any(n >= 2 for n in repeats.values()):
        return _long_table(Problem(file, ""), repeats, table, story)
    return None


def _long_table(p: Problem, names: Counter, table: pd.DataFrame, story: Story) -> Problem:
    top, times = names.most_common(1)[0]
    rows = sum(names.values())
    return Problem(
        p.file,
        f"{len(names):,} names appear on more than one row ({rows:,} repeated rows; "
        f"'{top}' is on {times + 1:,}): this looks like a long table, with several rows a "
        f"{story.unit.singular}",
        "Make it one row a place with a pivot step: under data: in "
        f"templates/{story.slug}/story.yaml write "
        f"'{_pivot_yaml(table, story.name_column)}', keeping in columns: only what names a "
        "figure, and filter out the rest first (docs/writing-a-story.md, 'Data steps')",
        column=story.name_column,
    )
