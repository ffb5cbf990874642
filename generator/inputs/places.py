"""Places: the areas a story is localised for (police forces, councils, health boards...).

A places file is a CSV, one row per place, with the columns in :data:`COLUMNS`. ``variants``
(``;``-separated other spellings that spreadsheets use), ``local_phrase`` (an aside for
readers, such as "which also covers the Isle of Wight"), ``areas`` (``;``-separated: the
counties or unitary areas the place covers, such as "North Yorkshire;York", against which an
outlet's patch is checked), ``organisation`` (the body: "Bristol City Council"), ``article``
("the" for "the Isles of Scilly"), ``county`` (the parent of a lower-tier council) and
``previous`` (``;``-separated names and codes of retired areas the place now covers) may be
empty or absent. No area may belong to two places. Any other column is kept, as text, in the
place's ``extra`` (``place.extra.welsh_name`` in a template).

A name from a data file matches a place when it reads the same, after :func:`normalise`, as the
place's name, short name, slug, code, organisation or one of its variants; council wording is
read as :mod:`generator.inputs.place_names` says. A retired name never matches: it gives an
error naming its successor. :meth:`Places.load` refuses a file in which one spelling could
match two places.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.base.errors import InputError, Problem, ProblemList
from generator.base.names import formula_problem, slug_example, slug_problem
from generator.inputs.place_names import council_cores, normalise, shortened

__all__ = ["COLUMNS", "FORMULA_HINT", "Place", "Places", "normalise"]

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
    "organisation",
    "article",
    "county",
    "previous",
)
REQUIRED = COLUMNS[:6]
LISTS = ("variants", "areas", "previous")
"""Columns holding ``;``-separated lists."""
FORMULA_HINT = (
    "Remove the leading character (a spreadsheet would run the name as a formula), "
    "or start the name with a letter"
)


@dataclass(frozen=True)
class Place:
    """One area: ``local_phrase``, ``organisation``, ``article`` and ``county`` are ``None``
    when the file leaves them empty; ``extra`` holds the file's other columns by name."""

    code: str
    name: str
    short_name: str
    slug: str
    nation: str
    region: str
    variants: tuple[str, ...] = ()
    local_phrase: str | None = None
    areas: tuple[str, ...] = ()
    organisation: str | None = None
    article: str | None = None
    county: str | None = None
    previous: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def with_article(self) -> str:
        """The short name as running text writes it: "the Isles of Scilly", "Bristol"."""
        return f"{self.article} {self.short_name}" if self.article else self.short_name

    def spellings(self) -> list[tuple[str, str]]:
        """Every spelling that matches this place, as (column, value) pairs."""
        named = [(c, getattr(self, c)) for c in ("name", "short_name", "slug", "code")]
        if self.organisation:
            named.append(("organisation", self.organisation))
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


def _items(text: str) -> tuple[str, ...]:
    """The items of a ``;``-separated cell, stripped, empty ones left out."""
    return tuple(item.strip() for item in text.split(";") if item.strip())


def _check_previous(
    rows: Iterable[tuple[int, Place]], claims: dict[str, list[Claim]], problems: ProblemList
) -> None:
    """Report a retired name that reads the same as a current spelling (it would match a place
    that does not cover it) or that two places list (it could not name one successor)."""
    owners: dict[str, tuple[int, str]] = {}
    for row, place in rows:
        for old in place.previous:
            key = normalise(old)
            current = [claim for claim in claims.get(key, []) if claim[0] != row]
            earlier = owners.setdefault(key, (row, place.name))
            if current:
                other_row, other_column, other_value, other_name = current[0]
                message = (
                    f"a retired name that reads the same as {other_value!r} ({other_column}) "
                    f"of {other_name} on row {other_row}"
                )
            elif earlier[0] != row:
                message = f"already listed as previous by {earlier[1]} on row {earlier[0]}"
            else:
                continue
            hint = "A retired name belongs to one place and is no current spelling: remove it"
            problems.add(message, hint=hint, row=row, column="previous", value=old)


class Places:
    """The places of one file, in file order, looked up by any of their spellings."""

    def __init__(self, places: Iterable[Place], *, source: str = "the places file") -> None:
        self.source = source
        self._places = list(places)
        self._by_slug = {p.slug: p for p in self._places}
        self._by_key: dict[str, Place] = {}
        self._spelt: list[tuple[str, str]] = []  # (key, label) of every spelling, for hints
        for place in self._places:
            for _, spelling in place.spellings():
                key = normalise(spelling)
                self._by_key.setdefault(key, place)
                self._spelt.append((key, place.name))
        self._parents = {
            normalise(value): (kind, value)
            for place in self._places
            for kind, value in (("region", place.region), ("county", place.county))
            if value and normalise(value) not in self._by_key
        }
        self._short, self._ambiguous = self._shortened_forms()
        self._previous: dict[str, tuple[str, Place]] = {}
        for place in self._places:
            keys = {normalise(old) for old in place.previous}
            for old in place.previous:
                key = normalise(old)
                self._previous.setdefault(key, (old, place))
                if not keys.intersection(council_cores(key)):  # "Kettering", not its council
                    self._spelt.append((key, f"{old} (now part of {place.name})"))

    def _shortened_forms(self) -> tuple[dict[str, Place], dict[str, list[Place]]]:
        """Each council's shorter forms ("Anglesey") that no other spelling, parent area or
        other council's shorter form reads as; and those that two councils share."""
        owners: dict[str, list[Place]] = {}
        for place in self._places:
            if not place.organisation:
                continue
            for column, spelling in place.spellings():
                for key in shortened(normalise(spelling)) if column != "code" else []:
                    if all(p is not place for p in owners.setdefault(key, [])):
                        owners[key].append(place)
        taken = self._by_key.keys() | self._parents.keys()
        free = {k: v for k, v in owners.items() if k not in taken}
        unique = {k: v[0] for k, v in free.items() if len(v) == 1}
        return unique, {k: v for k, v in free.items() if len(v) > 1}

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
        extras = {h: i for i, h in enumerate(header) if h and h not in COLUMNS}
        _check_header(header, problems)
        places: list[Place] = []
        rows: list[int] = []
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
            lists = {c: _items(cell.get(c, "")) for c in LISTS}
            place = Place(
                **{c: cell.get(c, "") for c in REQUIRED},
                local_phrase=cell.get("local_phrase") or None,
                organisation=cell.get("organisation") or None,
                article=cell.get("article") or None,
                county=cell.get("county") or None,
                variants=lists["variants"],
                areas=lists["areas"],
                previous=lists["previous"],
                extra={c: cells[i].strip() if i < len(cells) else "" for c, i in extras.items()},
            )
            _check_spellings(place, row, claims, problems)
            for area in place.areas:
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
            rows.append(row)
        _check_previous(zip(rows, places, strict=True), claims, problems)
        problems.raise_if_any()
        return cls(places, source=shown)

    def _lookup(self, key: str) -> Place | None:
        return self._by_key.get(key) or self._short.get(key)

    def match(self, name: str) -> Place | None:
        """The place that ``name`` spells, or ``None`` (also for a retired name, and for a
        council wording that could be two places)."""
        key = normalise(name)
        place = self._lookup(key)
        if place is not None:
            return place
        found = {p.slug: p for k in council_cores(key) if (p := self._lookup(k)) and p.organisation}
        return next(iter(found.values())) if len(found) == 1 else None

    def retired(self, name: str) -> tuple[str, Place] | None:
        """For a name that matches no place but one's ``previous``: the retired name as the
        file writes it, and the place that now covers it."""
        if self.match(name) is not None:
            return None
        key = normalise(name)
        keys = [key] + [k for k in council_cores(key) if self._previous.get(k)]
        return next((self._previous[k] for k in keys if k in self._previous), None)

    def resolve(
        self, name: str, *, file: str, row: int | None = None, column: str | None = None
    ) -> Place:
        """The place that ``name`` (read from ``file``) spells; InputError when there is none
        (naming the successor of a retired council, or the places a parent area holds), or
        when ``name`` begins with a character a spreadsheet runs as a formula."""
        problem = formula_problem(name)
        if problem is not None:
            raise InputError(Problem(file, problem, FORMULA_HINT, row, column, name))
        place = self.match(name)
        if place is not None:
            return place
        retired = self.retired(name)
        key = normalise(name)
        parent = self._parents.get(key) or next(
            (self._parents[k] for k in council_cores(key) if k in self._parents), None
        )
        if retired is not None:
            old, now = retired
            message = f"no longer exists: {old} is now part of {now.name} ({now.code})"
            hint = (
                f"Use figures for {now.name} (a file with current areas), "
                "or leave the row out with data.skip"
            )
        elif parent is not None:
            kind, written = parent
            inside = sum(1 for p in self._places if written in (p.region, p.county))
            message = f"is a {kind}, not a place: {inside} places in {self.source} are in {written}"
            hint = "Leave the row out with data.skip (a total is not a place)"
        else:
            message = "matches no place"
            hint = f"Use a name from {self.source} or add a variant there"
            hint = _did_you_mean(self.suggest(name)) + hint
        raise InputError(Problem(file, message, hint, row, column, name))

    def by_slug(self, slug: str) -> Place:
        """The place with this slug; InputError (naming the closest slugs) when there is none."""
        if slug in self._by_slug:
            return self._by_slug[slug]
        close = difflib.get_close_matches(slug, list(self._by_slug), n=3)
        hint = f"{_did_you_mean(close)}Use a slug from the 'slug' column"
        raise InputError(Problem(self.source, "no place has this slug", hint, None, "slug", slug))

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Up to ``n`` names for a ``name`` that matches no place, closest first.

        Every place one of whose spellings begins with ``name`` (three letters or more) comes
        first, so "Richmond" names both Richmond upon Thames and Richmondshire, never one of
        them as if it were the answer; a retired name is shown with its successor. Then
        difflib's ratio to the nearest spelling, at least 0.7; names more than 0.1 behind the
        closest are left out, so a shared "Constabulary" does not make 'Cheshire Constabulary' a
        suggestion for 'Hampshir Constabulary'.
        """
        key = normalise(name)
        starts = [label for k, label in self._spelt if len(key) >= 3 and k.startswith(key)]
        starts += [p.name for k, places in self._ambiguous.items() if k == key for p in places]
        score: dict[str, float] = {}
        for spelt, label in self._spelt:
            ratio = difflib.SequenceMatcher(None, key, spelt).ratio()
            score[label] = max(score.get(label, 0.0), ratio)
        floor = max(0.7, max(score.values(), default=0) - 0.1)
        ranked = sorted((p for p in score if score[p] >= floor), key=lambda p: -score[p])
        if starts:  # a name that begins several places' names is ambiguous: name them all
            return sorted(set(starts))
        return ranked[:n]

    def of_nations(self, nations: Iterable[str]) -> Places:
        """The places of the given nations only (``unit.nations``); InputError naming the
        nations of the file when one is not among them."""
        wanted = {normalise(n) for n in nations}
        known = {normalise(p.nation): p.nation for p in self._places}
        for name in nations:
            if normalise(name) not in known:
                hint = f"Use one of: {', '.join(sorted(set(known.values())))}"
                raise InputError(
                    Problem(self.source, "no place is in this nation", hint, None, "nation", name)
                )
        return Places(
            [p for p in self._places if normalise(p.nation) in wanted], source=self.source
        )

    def within(self, parents: Mapping[str, list[str]], add: Callable[..., None]) -> list[Place]:
        """The places whose ``region`` or ``county`` (the keys of ``parents``) is one of the
        names given, in file order; a name that is no place's is passed to ``add`` as a
        problem (column: the key) naming the closest."""
        chosen: set[str] = set()
        for column, names in parents.items():
            values = [getattr(p, column) for p in self._places if getattr(p, column)]
            known = list(dict.fromkeys(values))
            by_key = {normalise(value): value for value in known}
            for name in names:
                written = by_key.get(normalise(name))
                if written is not None:
                    chosen |= {p.slug for p in self._places if getattr(p, column) == written}
                    continue
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = f"Use a {column} from the '{column}' column of {self.source}"
                if not known:
                    hint = f"{self.source} has no '{column}' column"
                add(
                    f"is not the {column} of any place",
                    hint=_did_you_mean(close) + hint,
                    column=column,
                    value=name,
                )
        return [p for p in self._places if p.slug in chosen]

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


def read_nations(value: object, problems: ProblemList) -> tuple[str, ...]:
    """``unit.nations`` of a manifest: a list of nation names (empty: every nation)."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(
            "must be a list of nations as the places file's 'nation' column writes them",
            column="unit.nations",
            value=str(value),
            hint="Write such as 'nations: [England, Wales]', or leave it out for every nation",
        )
        return ()
    return tuple(v.strip() for v in value)
