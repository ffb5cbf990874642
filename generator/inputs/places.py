"""Places: the areas a story is localised for (police forces, councils, health boards...).

A places file is a CSV, one row per place, with the columns in :data:`COLUMNS`. ``variants``
(``;``-separated other spellings that spreadsheets use), ``local_phrase`` (an aside for
readers, such as "which also covers the Isle of Wight") and ``areas`` (``;``-separated: the
counties or unitary areas the place covers, such as "North Yorkshire;York", against which an
outlet's patch is checked) may be empty or absent. No area may belong to two places.

A name from a data file matches a place when it reads the same, after :func:`normalise`, as the
place's name, short name, slug, code or one of its variants. :meth:`Places.load` refuses a file
in which one spelling could match two places.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.base.errors import InputError, Problem, ProblemList
from generator.base.names import formula_problem, slug_example, slug_problem

COLUMNS = (
    "code",
    "name",
    "short_name",
    "slug",
    "nation",
    "region",
    "variants",
    "local_phrase",
    "areas",
)
REQUIRED = COLUMNS[:6]
FORMULA_HINT = (
    "Remove the leading character (a spreadsheet would run the name as a formula), "
    "or start the name with a letter"
)


def normalise(name: str) -> str:
    """The key a name is matched on: ``normalise("The Devon & Cornwall-Police")`` is
    ``"devon and cornwall police"``."""
    text = re.sub(r"[\W_]+", " ", name.casefold().replace("&", " and ")).strip()
    return text.removeprefix("the ")


@dataclass(frozen=True)
class Place:
    """One area: ``local_phrase`` is ``None`` when the file leaves it empty."""

    code: str
    name: str
    short_name: str
    slug: str
    nation: str
    region: str
    variants: tuple[str, ...] = ()
    local_phrase: str | None = None
    areas: tuple[str, ...] = ()

    def spellings(self) -> list[tuple[str, str]]:
        """Every spelling that matches this place, as (column, value) pairs."""
        named = [(c, getattr(self, c)) for c in ("name", "short_name", "slug", "code")]
        return named + [("variants", v) for v in self.variants]


def _check_header(header: list[str], problems: ProblemList) -> None:
    """Report each missing required column, naming the unknown column it may be misspelt as."""
    strangers = [h for h in header if h not in COLUMNS]
    for column in REQUIRED:
        if column not in header:
            close = difflib.get_close_matches(column, strangers, n=1)
            hint = f"Rename column '{close[0]}' to '{column}'" if close else "Add it"
            problems.add("required column is missing", hint=hint, column=column)


def _did_you_mean(options: list[str]) -> str:
    """``"Did you mean 'A', 'B' or 'C'? "``, or ``""`` when there are no options."""
    quoted = [f"'{o}'" for o in options]
    if len(quoted) > 1:
        quoted = [", ".join(quoted[:-1]) + " or " + quoted[-1]]
    return f"Did you mean {quoted[0]}? " if quoted else ""


Claim = tuple[int, str, str, str]  # the row, column and value of a spelling, the place's name


def _check_spellings(
    place: Place, row: int, claims: dict[str, list[Claim]], problems: ProblemList
) -> None:
    """Report a bad or reserved slug, a name a spreadsheet would run as a formula, and each
    spelling that reads the same as another row's."""
    problem = slug_problem(place.slug) if place.slug else None
    if problem is not None:
        hint = "The slug is the folder of the place's drafts" + slug_example(place.name)
        problems.add(problem, hint=hint, row=row, column="slug", value=place.slug)
    for column, value in place.spellings():
        problem = formula_problem(value)
        if problem is not None:
            problems.add(problem, hint=FORMULA_HINT, row=row, column=column, value=value)
        key = normalise(value)
        earlier = [claim for claim in claims.get(key, []) if claim[0] != row]
        claims.setdefault(key, []).append((row, column, value, place.name))
        if not key or not earlier:
            continue
        same = [claim for claim in earlier if claim[1] == column != "variants"]
        other_row, other_column, other_value, other_name = (same or earlier)[0]
        if same:
            message = f"duplicate {column}: row {other_row} has the same"
        else:
            message = (
                f"reads the same as {other_value!r} ({other_column}) of {other_name} "
                f"on row {other_row}, so it could match two places"
            )
        hint = "Change or remove one of them"
        problems.add(message, hint=hint, row=row, column=column, value=value)


class Places:
    """The places of one file, in file order, looked up by any of their spellings."""

    def __init__(self, places: Iterable[Place], *, source: str = "the places file") -> None:
        self.source = source
        self._places = list(places)
        self._by_slug = {p.slug: p for p in self._places}
        self._by_key: dict[str, Place] = {}
        for place in self._places:
            for _, spelling in place.spellings():
                self._by_key.setdefault(normalise(spelling), place)

    @classmethod
    def load(cls, path: Path, *, shown_as: str | None = None) -> Places:
        """Read and validate a places file, reporting every problem in it at once."""
        shown = shown_as or str(path)
        problems = ProblemList(shown)
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                table = [row for row in csv.reader(f)]
        except FileNotFoundError:
            raise InputError(Problem(shown, "file not found", "Check the path")) from None
        except UnicodeDecodeError:
            hint = "Save it as UTF-8 (in Excel: CSV UTF-8)"
            raise InputError(Problem(shown, "file is not UTF-8", hint)) from None
        header = [h.strip() for h in table[0]] if table else []
        index = {h: i for i, h in enumerate(header) if h in COLUMNS}
        _check_header(header, problems)
        places: list[Place] = []
        claims: dict[str, list[Claim]] = {}
        area_rows: dict[str, tuple[int, str]] = {}  # normalised area: (row, place name)
        for row, cells in enumerate(table[1:], start=2):
            if not any(cell.strip() for cell in cells):
                continue
            cell = {c: cells[i].strip() if i < len(cells) else "" for c, i in index.items()}
            for column in REQUIRED:
                if column in index and not cell[column]:
                    hint = f"Every place needs a {column}"
                    problems.add("is empty", hint=hint, row=row, column=column)
            variants = cell.get("variants", "").split(";")
            areas = [a.strip() for a in cell.get("areas", "").split(";") if a.strip()]
            place = Place(
                **{c: cell.get(c, "") for c in REQUIRED},
                variants=tuple(v.strip() for v in variants if v.strip()),
                local_phrase=cell.get("local_phrase") or None,
                areas=tuple(areas),
            )
            _check_spellings(place, row, claims, problems)
            for area in areas:
                earlier = area_rows.setdefault(normalise(area), (row, place.name))
                if earlier[0] != row:
                    problems.add(
                        f"area already covered by {earlier[1]} on row {earlier[0]}",
                        hint="An area belongs to one place: remove it from one of the rows",
                        row=row,
                        column="areas",
                        value=area,
                    )
            places.append(place)
        problems.raise_if_any()
        return cls(places, source=shown)

    def match(self, name: str) -> Place | None:
        """The place that ``name`` spells, or ``None``."""
        return self._by_key.get(normalise(name))

    def resolve(
        self, name: str, *, file: str, row: int | None = None, column: str | None = None
    ) -> Place:
        """The place that ``name`` (read from ``file``) spells; InputError when there is none,
        or when ``name`` begins with a character a spreadsheet runs as a formula."""
        problem = formula_problem(name)
        if problem is not None:
            raise InputError(Problem(file, problem, FORMULA_HINT, row, column, name))
        place = self.match(name)
        if place is None:
            hint = f"Use a name from {self.source} or add a variant there"
            hint = _did_you_mean(self.suggest(name)) + hint
            raise InputError(Problem(file, "matches no place", hint, row, column, name))
        return place

    def by_slug(self, slug: str) -> Place:
        """The place with this slug; InputError (naming the closest slugs) when there is none."""
        if slug in self._by_slug:
            return self._by_slug[slug]
        close = difflib.get_close_matches(slug, list(self._by_slug), n=3)
        hint = f"{_did_you_mean(close)}Use a slug from the 'slug' column"
        raise InputError(Problem(self.source, "no place has this slug", hint, None, "slug", slug))

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Up to ``n`` official names with a spelling close to ``name``, closest first.

        Closeness is difflib's ratio to the place's nearest spelling, at least 0.7; names more
        than 0.1 behind the closest are left out, so a shared "Constabulary" does not make
        'Cheshire Constabulary' a suggestion for 'Hampshir Constabulary'.
        """
        key = normalise(name)
        score: dict[str, float] = {}
        for place in self._places:
            ratios = (
                difflib.SequenceMatcher(None, key, normalise(s)).ratio()
                for _, s in place.spellings()
            )
            score[place.name] = max(ratios)
        floor = max(0.7, max(score.values(), default=0) - 0.1)
        ranked = sorted((p for p in score if score[p] >= floor), key=lambda p: -score[p])
        return ranked[:n]

    def areas(self) -> dict[str, Place]:
        """Every area of the ``areas`` column, as written, with the place that covers it."""
        return {area: place for place in self._places for area in place.areas}

    def covering(self, area: str) -> Place | None:
        """The place whose ``areas`` include ``area`` (matched like names), or ``None``."""
        key = normalise(area)
        return next((p for p in self._places if key in map(normalise, p.areas)), None)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)
