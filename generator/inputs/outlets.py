"""Outlets: the newspapers, stations and sites that drafts are written for, shared by stories.

An outlets file is YAML with one list, ``outlets:``, of entries with the keys in :data:`KEYS`.
``places`` are the places it gets drafts about, in any spelling :meth:`Places.match` knows;
``sign`` is the percent sign of its body copy and ``headline_sign`` that of its headlines;
``releases`` names the stories whose release lists it: ``drafts release`` sends a story's
packs to those outlets only, and to every outlet that has no ``releases`` (see
:func:`release_lists`); ``releases: []`` is an outlet on no release.

``local_phrase`` is the outlet's own aside after its one place's name ("which also covers the
Isle of Wight"). An outlet's copy never inherits the place's aside from the places file: it has
the outlet's phrase or none (the place's own draft keeps the place's).

``places: all`` covers every place of the places file; ``region`` and ``county`` (a name or a
list, as the places file's ``region`` and ``county`` columns write them) add every place in
that region or county, after the places listed, in the places file's order: ``county: Kent``
gives a Kent paper Kent's districts. An outlet needs ``places``, ``region`` or ``county``. An
outlet covering ``all`` gets a pack of its own draft and the data, not every place's files.

``patch`` (optional) lists the counties or unitary areas the outlet serves, as the places
file's ``areas`` column spells them. Each must be covered by one of the outlet's ``places``,
so a paper whose patch includes North Yorkshire cannot miss North Yorkshire Police from its
round-up; an area the places file does not know is an error naming the closest.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml

from generator.base.errors import InputError, Problem, ProblemList, read_yaml
from generator.base.limits import Limits
from generator.base.names import formula_problem, slug_example, slug_problem
from generator.inputs.places import FORMULA_HINT, Places, _did_you_mean, normalise

KEYS = (
    "name",
    "slug",
    "kind",
    "places",
    "sign",
    "headline_sign",
    "local_phrase",
    "releases",
    "patch",
    "region",
    "county",
)
REQUIRED = KEYS[:3]
COVERS = ("places", "region", "county")
"""The keys that say which places an outlet covers; an outlet needs at least one."""
ALL = "all"
"""``places: all``: every place of the places file."""
KINDS = ("newspaper", "radio", "tv", "online", "national")
SIGNS = ("per cent", "%")


@dataclass(frozen=True)
class Outlet:
    """One outlet; ``places`` are place slugs, ``local_phrase`` is ``None`` to keep the place's."""

    name: str
    slug: str
    kind: str
    places: tuple[str, ...]
    sign: str = "per cent"
    headline_sign: str = "%"
    local_phrase: str | None = None
    releases: tuple[str, ...] = ()
    patch: tuple[str, ...] = ()
    everywhere: bool = False

    @property
    def is_broadcast(self) -> bool:
        """Radio or television: copy written for the ear."""
        return self.kind in ("radio", "tv")


def _texts(value: object) -> list[str]:
    """A YAML list, or a lone value, as non-empty stripped strings."""
    values = value if isinstance(value, list) else [] if value is None else [value]
    return [str(v).strip() for v in values if str(v).strip()]


def _entry_lines(text: str) -> list[int]:
    """The line (1-based) on which each entry of ``outlets:`` starts."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value == "outlets" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _outlet(raw: dict, places: Places, add: Callable[..., None]) -> Outlet:
    """One entry as an :class:`Outlet`, passing each problem in it to ``add``."""
    for key in sorted(set(map(str, raw)) - set(KEYS)):
        add("unknown field", hint=f"Use one of: {', '.join(KEYS)}", column=key)
    for key in (key for key in REQUIRED if not _texts(raw.get(key))):
        add("is missing", hint=f"Every outlet needs {', '.join(KEYS[:4])}", column=key)
    if not any(_texts(raw.get(key)) for key in COVERS):
        hint = "Name its places, a region or a county, or write 'places: all'"
        add("is missing", hint=hint, column="places")
    text = {key: " ".join(_texts(raw.get(key))) for key in KEYS}
    problem = slug_problem(text["slug"]) if text["slug"] else None
    if problem is not None:
        hint = "The slug names the outlet's folder and pack" + slug_example(text["name"])
        add(problem, hint=hint, column="slug", value=text["slug"])
    problem = formula_problem(text["name"])
    if problem is not None:
        add(problem, hint=FORMULA_HINT, column="name", value=text["name"])
    if text["kind"] and text["kind"] not in KINDS:
        hint = f"Use one of: {', '.join(KINDS)}"
        add("unknown kind", hint=hint, column="kind", value=text["kind"])
    signs = {"sign": text["sign"] or "per cent", "headline_sign": text["headline_sign"] or "%"}
    for key, sign in signs.items():
        if sign not in SIGNS:
            add("is not a percent sign", hint="Use 'per cent' or '%'", column=key, value=sign)
    slugs: list[str] = []
    seen: set[str] = set()
    listed = _texts(raw.get("places"))
    everywhere = [name.casefold() for name in listed] == [ALL]
    for name in [] if everywhere else listed:
        place = None if formula_problem(name) else places.match(name)
        if place is None:
            hint = _did_you_mean(places.suggest(name)) + f"Use a name or slug from {places.source}"
            add("matches no place", hint=hint, column="places", value=name)
        elif place.slug not in seen:
            seen.add(place.slug)
            slugs.append(place.slug)
    parents = {key: _texts(raw.get(key)) for key in ("region", "county")}
    for place in places.within(parents, add) if not everywhere else places:
        if place.slug not in seen:  # a set: an outlet may cover thousands of places
            seen.add(place.slug)
            slugs.append(place.slug)
    if text["local_phrase"] and len(slugs) > 1:
        hint = "A local phrase is about one place: remove it"
        add("the outlet has several places", hint=hint, column="local_phrase")
    releases = tuple(_texts(raw.get("releases")))
    phrase = text["local_phrase"] or None
    fields = {key: text[key] for key in ("name", "slug", "kind")}
    patch = tuple(_check_patch(_texts(raw.get("patch")), slugs, text["name"], places, add))
    return Outlet(
        **fields,
        places=tuple(slugs),
        **signs,
        local_phrase=phrase,
        releases=releases,
        patch=patch,
        everywhere=everywhere,
    )


def _check_patch(
    areas: list[str], slugs: list[str], name: str, places: Places, add: Callable[..., None]
) -> list[str]:
    """The outlet's patch areas; an area no place knows, or one covered by a place the outlet
    does not list, is a problem."""
    known = list(places.areas())
    for area in areas:
        place = places.covering(area)
        if place is None:
            close = difflib.get_close_matches(area, known, n=1, cutoff=0.6)
            close = close or difflib.get_close_matches(area.title(), known, n=1, cutoff=0.6)
            hint = _did_you_mean(close) if close else ""
            hint += f"Use an area from the 'areas' column of {places.source}"
            if not known:
                hint = f"{places.source} has no 'areas' column: add one, or remove 'patch'"
            add("is not an area any place covers", hint=hint, column="patch", value=area)
        elif place.slug not in slugs:
            outlet = f"{name}'s" if name else "the outlet's"
            add(
                f"{outlet} patch includes {area}, which {place.name} covers, but its places "
                f"leave out {place.name}",
                hint=f"Add {place.slug} to its places, or remove {area} from its patch",
                column="patch",
                value=area,
            )
    return areas


class Outlets:
    """The outlets of one file, in file order, looked up by slug or name."""

    def __init__(self, outlets: Iterable[Outlet], *, source: str = "the outlets file") -> None:
        self.source = source
        self._outlets = list(outlets)
        self._by_slug = {o.slug: o for o in self._outlets}
        self._by_spelling = {normalise(s): o for o in self._outlets for s in (o.slug, o.name)}

    @classmethod
    def load(
        cls,
        path: Path,
        places: Places,
        *,
        shown_as: str | None = None,
        limits: Limits | None = None,
    ) -> Outlets:
        """Read and validate an outlets file against ``places``, reporting every problem at
        once; a problem's row is the line on which its entry starts."""
        problems = ProblemList(shown_as or str(path))
        if not path.is_file():
            raise InputError(Problem(problems.file, "file not found", "Check the path"))
        raw = read_yaml(path, problems, "Check quotation marks and indentation", limits)
        lines = _entry_lines(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or not isinstance(raw.get("outlets"), list):
            problems.add("must hold a list named 'outlets'", hint="Start the file with 'outlets:'")
            problems.raise_if_any()
        for key in sorted(set(map(str, raw)) - {"outlets"}):
            problems.add("unknown setting", hint="Only 'outlets' is allowed", column=key)
        outlets: list[Outlet] = []
        first: dict[tuple[str, str], int] = {}  # (column, normalised value): row first seen
        for index, entry in enumerate(raw["outlets"]):
            row = lines[index] if index < len(lines) else index + 1
            add = partial(problems.add, row=row)
            if not isinstance(entry, dict):
                add("must be a mapping of fields", hint=f"Use: {', '.join(KEYS)}")
                continue
            outlet = _outlet(entry, places, add)
            for column, value in (("slug", outlet.slug), ("name", outlet.name)):
                seen = (column, normalise(value))
                if value and seen in first:
                    message = f"duplicate {column}: the outlet on row {first[seen]} has the same"
                    add(message, hint="Change one of them", column=column, value=value)
                first.setdefault(seen, row)
            outlets.append(outlet)
        problems.raise_if_any()
        return cls(outlets, source=problems.file)

    def _closest(self, query: str, n: int = 3) -> list[Outlet]:
        """Up to ``n`` outlets whose slug or name reads close to ``query``, closest first (a
        difflib ratio of 0.6 or more, no more than 0.1 behind the closest)."""
        score: dict[str, float] = {}
        for spelling, outlet in self._by_spelling.items():
            ratio = difflib.SequenceMatcher(None, normalise(query), spelling).ratio()
            score[outlet.slug] = max(ratio, score.get(outlet.slug, 0.0))
        floor = max(0.6, max(score.values(), default=0) - 0.1)
        ranked = sorted((s for s in score if score[s] >= floor), key=lambda s: -score[s])
        return [self._by_slug[slug] for slug in ranked[:n]]

    def by_slug(self, slug: str) -> Outlet:
        """The outlet with this slug; InputError (naming the closest slugs) when there is none."""
        if slug in self._by_slug:
            return self._by_slug[slug]
        hint = _did_you_mean([o.slug for o in self._closest(slug)])
        hint += f"Use a slug from {self.source}"
        raise InputError(Problem(self.source, "no outlet has this slug", hint, None, "slug", slug))

    def find(self, name_or_slug: str) -> Outlet:
        """The outlet that ``name_or_slug`` names, in any case: ``find("bbc radio leicester")``;
        InputError (naming the closest names) when there is none."""
        outlet = self._by_spelling.get(normalise(name_or_slug))
        if outlet is not None:
            return outlet
        hint = _did_you_mean([o.name for o in self._closest(name_or_slug)])
        hint += f"Use a name or slug from {self.source}"
        raise InputError(Problem(self.source, "matches no outlet", hint, value=name_or_slug))

    def for_place(self, place_slug: str) -> list[Outlet]:
        """The outlets whose patch includes this place, national ones too, in file order."""
        return [o for o in self._outlets if place_slug in o.places]

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self._outlets)

    def __len__(self) -> int:
        return len(self._outlets)


def release_lists(path: Path, *, shown_as: str | None = None) -> dict[str, tuple[str, ...] | None]:
    """Each outlet's slug and the stories its ``releases:`` names, or ``None`` for an outlet
    without ``releases:`` (on every story's release): who ``drafts release`` sends packs to.
    Read as the file is now, without the places: the build has checked the rest of it."""
    problems = ProblemList(shown_as or str(path))
    if not path.is_file():
        raise InputError(Problem(problems.file, "file not found", "Check the path"))
    raw = read_yaml(path, problems, "Check quotation marks and indentation")
    entries = raw.get("outlets") if isinstance(raw, dict) else None
    lists: dict[str, tuple[str, ...] | None] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            named = tuple(_texts(entry["releases"])) if "releases" in entry else None
            lists[" ".join(_texts(entry.get("slug")))] = named
    return lists
