"""What a draft's facts allow it to say (:func:`allowed_values`): every count, percentage,
rank, proportion, date and word-for-word text in the facts, the settings and the names, each
with where it comes from."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeGuard

from generator.checks.allowed_inputs import DEFAULT_ENGINE, embargo, engine_values, settings_text
from generator.checks.numbers import has_numbers, mentions_and_pairs, raw_mentions
from generator.checks.parts import cached, content_key
from generator.checks.ranks import ends_of, rank_allows
from generator.checks.wanted import Want, want_of
from generator.inputs.settings import EngineSettings
from generator.language.filters import number, percent_value, spoken_proportion

Wanted = str | Want
"""The text to be checked, or what the numbers of several texts want (:func:`.wanted.want_all`)."""


def wanted_by(text: Wanted) -> Want:
    """What ``text``'s numbers can look up (it, when it says so already)."""
    return text if isinstance(text, Want) else want_of(text)


_SKIP = {
    "cells",
    "cell",
    "scripts",
    "quotes",
    "headline",
    "embargo",
    "banners",  # the warning lines, made from the facts: never their own evidence
    # the news scores and place counts behind the lead: for editors, never printed as figures
    "finding",
    "score",
    "score_parts",
    "places_worse",
    "places_better",
    "from_best",  # read with its rank (checks.ranks): an ordinal from the best end, not a count
}
_COUNTED_LISTS = {"worst", "places", "places_without", "summed"}
_NAME_KEYS = {
    "name",
    "group",
    "place",
    "places",
    "worst",
    "places_without",
    "region",
    "nation",
    "level_with",
    "note",  # a funnel's dispersion note (compute/dispersion.py), printed word for word
}
_PLACES_KEYS = ("places", "places_with_figures")
_PRINTED_KEYS = {"value", "since"}  # text holding numbers as printed: "2.9", "2012-16"
_POINTS_KEYS = {"points"}  # a change as printed ("17", "1.2"): only "17 percentage points"
_SIGNED_KEYS = {"counts"}  # a change of counts, said without its sign ("12 fewer")


@dataclass
class Allowed:
    """What a draft may say: (kind, value) -> where it comes from; count-and-base pairs;
    each radio script's heading numbers; text printed word for word (text, source); and the
    rates, counts and bases of those pairs by measure, which multiples ("twice") are traced
    to: (measure path, "rate" | "count" | "base") -> {value: source}.

    With ``want`` (:mod:`.wanted`), only what one text's numbers can look up is kept: the
    same sources for those, and nothing else."""

    values: dict[tuple[str, Any], str] = field(default_factory=dict)
    pairs: dict[tuple[int, int], str] = field(default_factory=dict)
    scripts: list[tuple[frozenset[int], str]] = field(default_factory=list)
    verbatim: list[tuple[str, str]] = field(default_factory=list)
    compared: dict[tuple[str, str], dict[Fraction, str]] = field(default_factory=dict)
    want: Want | None = None

    def add(self, kind: str, value: Any, source: str) -> None:
        key = (kind, value)
        if self.want is None or self.want.keeps(key):
            self.values.setdefault(key, source)

    def add_text(self, text: Any, source: str) -> None:
        if not isinstance(text, str) or not text.strip():
            return
        if has_numbers(text) if self.want is None else self.want.prints(text):
            self.verbatim.append((text, source))

    def merge(self, part: Allowed) -> None:
        """Add what ``part`` allows, as if each of its values had been added here in turn
        (the first source of a value stays); ``part`` is left as it is."""
        _into(self.values, part.values)
        _into(self.pairs, part.pairs)
        compared = self.compared
        for key, sources in part.compared.items():
            into = compared.get(key)
            if into is None:
                compared[key] = dict(sources)
                continue
            for value, source in sources.items():
                into.setdefault(value, source)
        self.scripts.extend(part.scripts)
        self.verbatim.extend(part.verbatim)

    def add_date(self, when: datetime.date, source: str) -> None:
        self.add("date", (when.year, when.month, when.day), source)
        self.add("month", (when.year, when.month), source)
        self.add("count", when.year, source)


def _into(table: dict[Any, str], more: dict[Any, str]) -> None:
    """``table.setdefault`` of each of ``more``'s items in turn."""
    if not table:
        table.update(more)
        return
    for key, source in more.items():
        table.setdefault(key, source)


@functools.lru_cache(maxsize=4096)
def _spoken(count: int, base: int) -> tuple[tuple[str, Any], ...]:
    """What ``filters.spoken_proportion`` says of a count and its base, as read back. Most
    say "nine out of 17" (:func:`_out_of`); the rest are read."""
    said = spoken_proportion(count, base)
    plain = type(count) is int and type(base) is int and _out_of(count) and _out_of(base)
    if plain and said == f"{number(count)} out of {number(base)}":
        return (("count", count), ("count", base))
    return spoken_read(said)


def spoken_read(said: str) -> tuple[tuple[str, Any], ...]:
    """The numbers in ``said``, as :func:`_spoken` reads them."""
    return tuple((m.kind, m.value) for m in mentions_and_pairs(said)[0])


@functools.lru_cache(maxsize=4096)
def _out_of(n: int) -> bool:
    """Whether ``number(n)`` reads back as one count of ``n`` and nothing else, so that "A out
    of B" reads as the counts A and B (the pair keeps a count of "one")."""
    written = number(n)
    found = raw_mentions(written)
    return (
        len(found) == 1
        and found[0].kind == "count"
        and found[0].value == n
        and (
            found[0].start,
            found[0].end,
        )
        == (0, len(written))
    )


@functools.lru_cache(maxsize=4096)
def _printed(text: str) -> tuple[tuple[str, Any], ...]:
    """The numbers in a value as printed ("2.9", "2012-16"), read once for each text: the
    same few strings recur in every draft's facts."""
    return tuple((m.kind, m.value) for m in raw_mentions(text))


@functools.lru_cache(maxsize=4096, typed=True)
def _derived(count: int, base: int) -> tuple[Fraction, Fraction, Fraction, int, Any, bool]:
    """What :func:`_pair` adds for a count and its base (a valid one), worked out once for each:
    the rate, the count and base as fractions, the percentage, what the filters say of it and
    whether it is more than half."""
    rate = Fraction(count, base)
    half = rate > Fraction(1, 2)
    return rate, Fraction(count), Fraction(base), percent_value(rate), _spoken(count, base), half


def _pair(allowed: Allowed, count: int, base: int, source: str) -> None:
    """A count and its base, and what the filters write of them."""
    if allowed.want is not None:
        _pair_wanted(allowed, allowed.want, count, base, source)
        return
    allowed.pairs.setdefault((count, base), source)
    if base <= 0 or not 0 <= count <= base:
        return
    rate, as_count, as_base, percent, spoken, over_half = _derived(count, base)
    scope = source.split("]", 1)[0] + "]" if "]" in source else ""
    compared = allowed.compared
    compared.setdefault((scope, "rate"), {}).setdefault(rate, source)
    compared.setdefault((scope, "count"), {}).setdefault(as_count, f"{source} (count)")
    compared.setdefault((scope, "base"), {}).setdefault(as_base, f"{source} (base)")
    values = allowed.values
    values.setdefault(("percent", percent), source)
    if spoken:
        spoken_source = f"{source}, spoken"
        for key in spoken:
            values.setdefault(key, spoken_source)
    if over_half:  # the print lead's "more than half"
        values.setdefault(("more_than_half", Fraction(1, 2)), source)


def _pair_wanted(allowed: Allowed, want: Want, count: int, base: int, source: str) -> None:
    """:func:`_pair` keeping only what ``want`` keeps."""
    if (count, base) in want.pairs:
        allowed.pairs.setdefault((count, base), source)
    if base <= 0 or not 0 <= count <= base:
        return
    rate, as_count, as_base, percent, spoken, over_half = _derived(count, base)
    if want.compared:
        scope = source.split("]", 1)[0] + "]" if "]" in source else ""
        compared = allowed.compared
        compared.setdefault((scope, "rate"), {}).setdefault(rate, source)
        compared.setdefault((scope, "count"), {}).setdefault(as_count, f"{source} (count)")
        compared.setdefault((scope, "base"), {}).setdefault(as_base, f"{source} (base)")
    allowed.add("percent", percent, source)
    for kind, value in spoken:
        allowed.add(kind, value, f"{source}, spoken")
    if over_half:
        allowed.add("more_than_half", Fraction(1, 2), source)


def _rank(allowed: Allowed, rank: Mapping[str, Any], source: str) -> None:
    position, tied = rank.get("position"), rank.get("tied")
    if not isinstance(position, int) or not isinstance(tied, int):
        return
    allowed.add("ordinal", position, f"{source}.position")
    for word, value, name in rank_allows(rank):
        allowed.add("end", (word, value), f"{source}.{name}")
    if tied > 1:
        allowed.add("other", tied - 1, f"{source}.tied - 1 (other places in the tie)")


def _places_pairs(allowed: Allowed, node: Mapping[str, Any], counted: str, path: str) -> None:
    """ "N of the M forces with figures": a count of places (``counted``) out of a number of
    places that the same entry gives."""
    some = node.get(counted)
    if not isinstance(some, int):
        return
    for key, value in (
        *((k, node.get(k)) for k in _PLACES_KEYS),
        ("pooled.places", (node.get("pooled") or {}).get("places")),
        ("rank.base", (node.get("rank") or {}).get("base")),
    ):
        if isinstance(value, int) and (allowed.want is None or (some, value) in allowed.want.pairs):
            allowed.pairs.setdefault((some, value), f"{path}.{counted}/{key}")


def _is_mapping(node: Any) -> TypeGuard[Mapping[str, Any]]:
    kind = type(node)
    return kind is dict or (kind not in _PLAIN and isinstance(node, Mapping))


_PLAIN = {str, int, float, bool, list, tuple, type(None)}  # never a Mapping: skip the ABC check


def _walk(allowed: Allowed, node: Any, path: str) -> None:
    if _is_mapping(node):
        _walk_mapping(allowed, node, path)
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            is_mapping = _is_mapping(item)
            label = item.get("measure") if is_mapping else None
            where = f"{path}[{label if isinstance(label, str) else i}]"
            if is_mapping:
                _walk_mapping(allowed, item, where)
            else:
                _walk(allowed, item, where)


_INT_KEYS = {"peers", "illustrative_elsewhere", "position", "order", *_SIGNED_KEYS}
_TEXT_KEYS = _PRINTED_KEYS | _POINTS_KEYS | _NAME_KEYS


def _walk_mapping(
    allowed: Allowed,
    node: Mapping[str, Any],
    path: str,
    *,
    parts: bool = False,
    text: Wanted | None = None,
) -> None:
    """What a mapping at ``path`` allows; with ``parts``, each list or dict in it is read
    through the cache of parts (the top level of the facts and of the context), or, when it
    is too big to keep and there is a ``text``, for what that text's numbers want only."""
    count, base = node.get("count"), node.get("base")
    if isinstance(count, int) and isinstance(base, int) and not isinstance(count, bool):
        _pair(allowed, count, base, f"{path}.count/base")
    if "position" in node and "tied" in node:
        _rank(allowed, node, path)
    if node.get("worst") or node.get("at_worst_end"):
        rank = node.get("rank")
        worse = rank.get("worse") if _is_mapping(rank) else node.get("worse")
        for word, end in ends_of(worse).items():
            if end == "worst":  # "The highest rate was at ...": the places listed
                allowed.add("end", (word, 1), f"{path}.worst")
    for counted in ("places_with_at_least_one", "places_within_limits"):
        if counted in node:
            _places_pairs(allowed, node, counted, path)
    values = allowed.values
    wanted = allowed.want.values if allowed.want is not None else None
    for key, value in node.items():
        if key in _SKIP:
            continue
        kind = type(value)
        if kind is str:  # the commonest case first; the same as the last branch below
            if key in _TEXT_KEYS:
                _text(allowed, key, value, f"{path}.{key}" if path else key)
            continue
        if value is None or isinstance(value, bool):
            continue
        where = f"{path}.{key}" if path else key
        if isinstance(value, int):
            said = ("percent" if key == "percent" else "count", value)
            if wanted is None or said in wanted:
                values.setdefault(said, where)
            if key in _INT_KEYS:
                _int_key(allowed, key, value, where)
        elif isinstance(value, str):
            if key in _TEXT_KEYS:
                _text(allowed, key, value, where)
        elif isinstance(value, list | tuple) or type(value) is dict:
            if parts:
                allowed.merge(_branch_part(key, value, where, text))
            else:
                _branch(allowed, key, value, where)
        else:
            _walk(allowed, value, where)


def _branch(
    allowed: Allowed, key: Any, value: list[Any] | tuple[Any, ...] | dict[str, Any], where: str
) -> None:
    """What a list or a dict under ``key`` (at ``where``) allows."""
    if type(value) is dict:
        _walk_mapping(allowed, value, where)
        return
    if key in _COUNTED_LISTS and value:
        allowed.add("count", len(value), f"len({where})")
        allowed.add("other", len(value) - 1, f"len({where}) - 1")
    if key in _NAME_KEYS:
        for item in value:
            allowed.add_text(item, where)
    _walk(allowed, value, where)


def _branch_part(key: Any, value: Any, where: str, text: Wanted | None) -> Allowed:
    """:func:`_branch` for a top-level entry of the facts or the context, worked out once for
    its content: one draft's article, radio scripts and page read the same entries, and many
    drafts the same national ones; with a ``text``, an entry too big to keep is read for it."""
    return _part(("branch", key, where), value, lambda part, v: _branch(part, key, v, where), text)


def _int_key(allowed: Allowed, key: str, value: int, where: str) -> None:
    """What a whole number under one of :data:`_INT_KEYS` allows besides itself."""
    if key == "peers":
        allowed.add("other", value - 1, f"{where} - 1")
    if key == "illustrative_elsewhere":  # "illustrative figures for 41 other forces"
        allowed.add("other", value, where)
    if key == "position":
        allowed.add("count", value, where)
    if key == "order":  # a category's place, most common first: "the second most"
        allowed.add("ordinal", value, where)
    if key in _SIGNED_KEYS:
        allowed.add("count", abs(value), f"abs({where})")


def _text(allowed: Allowed, key: str, value: str, where: str) -> None:
    """A string under one of :data:`_TEXT_KEYS`: numbers as printed, a change in points, or
    text printed word for word."""
    if key in _PRINTED_KEYS:
        for kind, said in _printed(value):
            allowed.add(kind, said, where)
    if key in _POINTS_KEYS:
        for _, said in _printed(value):
            allowed.add("points", said, where)
    if key in _NAME_KEYS:
        allowed.add_text(value, where)


def allowed_values(
    facts: Mapping[str, Any],
    settings: Mapping[str, Any] | None = None,
    *,
    engine: EngineSettings | None = None,
    names: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
    text: Wanted | None = None,
) -> Allowed:
    """Everything a draft with these ``facts`` may say, and where each value comes from.

    ``settings`` is the story's free ``settings`` text and ``engine`` its engine values
    (``standing_text``, the embargo, the publication day, the source...); ``names`` extra
    text printed as it is (titles, place and measure words); ``context`` values from the
    template context that facts.json does not list (see :func:`context_facts`).

    With ``text``, the text to be checked (or a :class:`~.wanted.Want`: several texts'), what
    its numbers cannot look up (:func:`.wanted.want_of`) may be left out: each entry of the
    facts or the context too big to keep (:data:`KEPT_SIZE`), and the names when there are
    many, are read for it alone."""
    allowed = Allowed()
    _walk_root(allowed, facts, "", text)
    if context:
        _walk_root(allowed, context, "context", text)
    quotes = facts.get("quotes")
    if quotes:
        allowed.merge(_part("quotes", quotes, _quotes))
    for i, script in enumerate(facts.get("scripts") or ()):
        said = {script.get(k) for k in ("target_seconds", "words", "estimated_seconds")}
        label = f"scripts[{i}] ({script.get('part')} {script.get('target_seconds')}s)"
        allowed.scripts.append((frozenset(v for v in said if isinstance(v, int)), label))
    embargo(allowed, facts.get("embargo"), "embargo")
    if settings:
        allowed.merge(_part("settings", settings, settings_text))
    engine_values(allowed, engine or DEFAULT_ENGINE)
    verbatim = allowed.verbatim
    names = list(names)
    want = wanted_by(text) if text is not None and len(names) > KEPT_NAMES else None
    for name in names:
        if want is None:
            verbatim.extend(_name_texts(name))
        elif want.may_print(name):
            verbatim.extend(f for f in _name_texts(name) if f[0] in want.text)
    return allowed


def _walk_root(allowed: Allowed, node: Any, path: str, text: Wanted | None) -> None:
    """:func:`_walk` of the facts or the context, each list or dict in it read as a part."""
    if _is_mapping(node):
        _walk_mapping(allowed, node, path, parts=True, text=text)
    else:
        _walk(allowed, node, path)


KEPT_SIZE = 4096
"""The most items a part may hold, by :func:`_items`, to be kept when a text's numbers could
read it instead (:mod:`.wanted`): the entries of a draft about every place (each place's
figures and ranks) are read for the numbers of the text being checked, neither kept nor
keyed."""
KEPT_NAMES = 1024
"""The most names read whole when a text's numbers could read them instead."""


def _items(node: Any) -> int:
    """About how many values ``node`` holds at any depth, cheaply: every value of a mapping,
    and a list as long as it is times its first item."""
    kind = type(node)
    if kind is dict:
        found = 0
        for value in node.values():
            found += _items(value) if type(value) in _NESTED else 1
        return found
    if kind is list or kind is tuple:
        return len(node) * _items(node[0]) if node else 0
    return 1


_NESTED = {dict, list, tuple}


def _part(
    kind: Hashable,
    value: Any,
    fill: Callable[[Allowed, Any], None],
    text: Wanted | None = None,
) -> Allowed:
    """What ``fill`` finds ``value`` allows, worked out once for each content of ``value``
    (:mod:`.parts`; content it cannot key is read each time); with a ``text``, content too
    big to keep (:data:`KEPT_SIZE`) is read for what that text's numbers want alone."""
    if text is not None and _items(value) > KEPT_SIZE:
        wanted = Allowed(want=wanted_by(text))
        fill(wanted, value)
        return wanted
    blob = content_key(value)

    def make() -> Allowed:
        part = Allowed()
        fill(part, value)
        return part

    return make() if blob is None else cached((kind, blob), make)


def _quotes(allowed: Allowed, quotes: Iterable[Mapping[str, Any]]) -> None:
    """The quotes' text, printed word for word."""
    for quote in quotes:
        source = f"quote {quote.get('id', '')} ({quote.get('file', '')})"
        for key in ("said", "organisation", "speaker", "role"):
            allowed.add_text(quote.get(key), source)
        for paragraph in [*(quote.get("paragraphs") or ()), *(quote.get("reported") or ())]:
            allowed.add_text(paragraph, source)
        for note in quote.get("context") or ():
            allowed.add_text(note.get("text") if isinstance(note, Mapping) else note, source)


@functools.lru_cache(maxsize=4096, typed=True)
def _name_texts(name: str) -> tuple[tuple[str, str], ...]:
    """What a name adds to :attr:`Allowed.verbatim`: the name and its capitals (as banners
    print it: "FROM THREE RIVERS"), each when it holds a number; worked out once for each
    name (and type of string)."""
    found = Allowed()
    found.add_text(name, "name")
    found.add_text(name.upper(), "name")
    return tuple(found.verbatim)
