"""Finding numbers in text: every number a draft states (:func:`numbers_in`), each a
:class:`Mention` with its kind, value and sentence; "N in M" joined into proportions and
"N of M" pairs found. What counts as a number is in :mod:`generator.checks.factcheck`."""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from generator.checks.numerals import (
    _LIKE_ASCII,
    CARDINAL,
    CHANGES,
    DAYS,
    DENOMINATOR,
    MONTHS,
    MULTIPLIERS,
    PLURAL_DENOMINATOR,
    QUALIFIERS,
    SCALES,
    figure_value,
    find,
    fold,
    numeric,
    read_words,
)
from generator.checks.style import sentence_breaks

_PERCENT = re.compile(r"\s*%|\s*(?-i:pc)\b|\s+per\s+cent\b|\s+percent\b", re.IGNORECASE)
_POINTS = re.compile(r"(?:[\s-]+percentage[\s-]+|\s+)points?\b", re.IGNORECASE)
"""A change in points after a number: "17 percentage points", "a 17-percentage-point rise",
"1.2 points per 1,000" (the scale's own number, "1,000", is a count of its own)."""
_IN = re.compile(r"\s+in\s+", re.IGNORECASE)
_OF = re.compile(r"\s+(?P<out>out\s+)?of\s+(?:the\s+)?", re.IGNORECASE)
_OTHER = re.compile(r"\s+other\b", re.IGNORECASE)
_OPEN = re.compile(r"\s*\(\s*")
_CLOSE = re.compile(r"\s*\)")


@dataclass(frozen=True)
class Mention:
    """One number as a draft writes it.

    ``kind`` is "count", "percent", "points" (a change of a rate: "17 percentage points",
    "1.2 points per 1,000"), "ordinal", "other" ("three other forces"), "proportion"
    (a :class:`Fraction`: "one in three", "half", "a third"), "more_than_half", "multiple"
    (``(times, qualifier)``: "twice", "more than three times"), "vague" ("dozens"), "date"
    (``(year or None, month, day, weekday or None)``), "month" (``(year, month)``) or "time"
    (``(hour, minute)``), or, in a problem found by :func:`~generator.checks.trace.trace`,
    "pair" (``(count, base)``: "nine of 18"); ``value`` is what it says; ``written`` the
    words as written; ``sentence`` the sentence it is in.
    """

    value: Any
    written: str
    sentence: str
    kind: str = "count"
    start: int = 0
    end: int = 0


def raw_mentions(text: str) -> list[Mention]:
    """Every number in ``text`` as written, before proportions are joined (no sentences).

    Read piece by piece, each piece once (:func:`_piece`): a text is cut at each run of
    spaces after a stop, a colon, a closing bracket or quote... (:data:`_PIECE_BREAK`). No
    number and nothing read around one (a sign after it, "other", "points", "came" or "the
    first" before it) takes in such a character followed by a space, so every piece reads as
    it does in the whole text; a text the finder reads with IGNORECASE (:func:`.find`) is
    read whole."""
    plain = fold(text)[0]
    if _ODD_PC.search(plain) or (not plain.isascii() and any(c in plain for c in _LIKE_ASCII)):
        return _read(text)
    found: list[Mention] = []
    start = 0
    for cut in _PIECE_BREAK.finditer(text):
        _add_piece(found, text, start, cut.start())
        start = cut.end()
    _add_piece(found, text, start, len(text))
    return found


_PIECE_BREAK = re.compile(r"(?<=[.:;!?)\]*\"'”’])[ \t\n\r\f\v]+")
"""Where :func:`raw_mentions` cuts a text: ASCII spaces after a character that no pattern
reading a number takes in before a space (so not a letter, a digit, "-", ",", "%" or "(")."""
_ODD_PC = re.compile("Pc|pC|PC")


def _add_piece(found: list[Mention], text: str, start: int, end: int) -> None:
    """The numbers in ``text[start:end]`` (read once for each piece), placed in ``text``."""
    for m in _piece(text[start:end]):
        if start:
            m = Mention(m.value, m.written, "", m.kind, m.start + start, m.end + start)
        found.append(m)


@functools.lru_cache(maxsize=8192)
def _piece(piece: str) -> tuple[Mention, ...]:
    return tuple(_read(piece))


def _read(text: str) -> list[Mention]:
    """Every number in ``text`` as written, read whole."""
    found: list[Mention] = []
    plain, numerals = fold(text)

    def add(value: Any, start: int, end: int, kind: str) -> None:
        if kind == "count":
            sign = _PERCENT.match(plain, end)
            points = _POINTS.match(plain, end)
            if sign:
                kind, end = "percent", sign.end()
            elif points:
                kind, end = "points", points.end()
            elif _OTHER.match(plain, end):
                kind = "other"
        found.append(Mention(value, text[start:end], "", kind, start, end))

    for m in find(plain):
        if m["date"]:
            year = int(m["yr"]) if m["yr"] else None
            day = (year, MONTHS.index(m["mon"].lower()) + 1, int(m["day"]))
            weekday = DAYS.index(m["wd"].lower()) if m["wd"] else None
            add((*day, weekday), m.start(), m.end(), "date")
        elif m["monthyear"]:
            add((int(m["yr2"]), MONTHS.index(m["mon2"].lower()) + 1), m.start(), m.end(), "month")
        elif m["iso"]:
            try:
                d = datetime.date.fromisoformat(m["iso"])
            except ValueError:
                continue
            add((d.year, d.month, d.day, None), m.start(), m.end(), "date")
        elif m["time"]:
            hour, minute = m["time"].split(":")
            add((int(hour), int(minute)), m.start(), m.end(), "time")
        elif m["mult"]:
            _multiple(m, plain, add)
        elif m["frac"]:
            if m["fs"]:
                part = Fraction(1, DENOMINATOR[m["fs"].lower()])
            else:
                numerator = CARDINAL[m["fn"].lower()]
                part = Fraction(numerator, PLURAL_DENOMINATOR[m["fp"].lower()])
            add(part, m.start(), m.end(), "proportion")
        elif m["dozen"]:
            said = " ".join(m["dq"].lower().split())
            dozens = _DOZENS.get(said)
            if dozens is None:
                dozens = CARDINAL[said] if said in CARDINAL else int(said)
            add(int(12 * dozens), m.start(), m.end(), "count")
        elif m["ascale"]:
            add(SCALES[m["scale"].lower()], m.start(), m.end(), "count")
        elif m["vague"]:
            add(" ".join(m["vague"].lower().split()), m.start(), m.end(), "vague")
        elif m["twice"]:
            add(2, m.start(), m.end(), "count")
        elif m["half"]:
            if _PERIOD_HALF.search(plain, max(m.start() - 12, 0), m.start()):
                continue  # "the first half of 2020": a period, not a proportion
            more = m["half"].lower() != "half"
            add(Fraction(1, 2), m.start(), m.end(), "more_than_half" if more else "proportion")
        elif m["none"]:
            add(0, m.start(), m.end(), "count")
        elif m["num"]:
            add(figure_value(m["num"]), m.start(), m.end(), "ordinal" if m["sfx"] else "count")
        elif m["vulgar"]:
            add(numeric(m["vulgar"]), m.start(), m.end(), "proportion")
        else:
            for start, end, value, ordinal in read_words(plain, m.start(), m.end()):
                if ordinal and value <= 2 and not _ranks(plain, start, end):
                    continue  # "first mention", "a second", "for the first time"
                add(value, start, end, "ordinal" if ordinal else "count")
    for i in numerals:
        worth = numeric(text[i])
        whole = int(worth) if worth.denominator == 1 else worth
        found.append(Mention(whole, text[i], "", "count", i, i + 1))
    if numerals:
        found.sort(key=lambda mention: mention.start)
    return found


_DOZENS: dict[str, Fraction | int] = {"half a": Fraction(1, 2), "a": 1, "an": 1}
_RANK_AFTER = re.compile(
    r"[\s-]+(?:worst|best|highest|lowest|largest|smallest|biggest|most|least|fewest|greatest"
    r"|place|position|top|bottom)\b",
    re.IGNORECASE,
)
_RANK_BEFORE = re.compile(
    r"\b(?:joint|came|comes|ranked|ranks|placed|finished|is|was|are|were|be|been)\s+"
    r"(?:the\s+)?\Z",
    re.IGNORECASE,
)
_PERIOD_HALF = re.compile(r"\b(?:first|second|last|latter|final)\s+\Z", re.IGNORECASE)


def _ranks(text: str, start: int, end: int) -> bool:
    """Whether "first" or "second" at ``text[start:end]`` is a rank ("the second worst",
    "joint first", "came second") rather than an everyday word ("first mention", "a second",
    "for the first time")."""
    return bool(
        _RANK_AFTER.match(text, end) or _RANK_BEFORE.search(text[max(start - 30, 0) : start])
    )


def _multiple(m: re.Match[str], plain: str, add: Callable[[Any, int, int, str], None]) -> None:
    """A multiple as the finder matched it: kind "multiple" and the value ``(times,
    qualifier)``, the qualifier "over" ("more than twice"), "under" ("nearly"), "about" or ""."""
    qualifier = QUALIFIERS[" ".join(m["mq"].lower().split())] if m["mq"] else ""
    times: Fraction | int
    if m["mk"]:
        times = MULTIPLIERS[m["mk"].lower()]
    elif m["mc"]:
        times = CHANGES[m["mc"].lower()]
    else:
        said = m["mn"]
        if said[0].isdigit():
            times = figure_value(said)
        else:
            words_read = read_words(plain, m.start("mn"), m.end("mn"))
            whole = [w for w in words_read if not w[3]]
            if not len(whole) == 1 == len(words_read):  # not one number in house style
                for start, end, value, ordinal in words_read:
                    add(value, start, end, "ordinal" if ordinal else "count")
                return
            times = whole[0][2]
        if m["mh"]:
            times = times + Fraction(1, 2)
    add((Fraction(times), qualifier), m.start(), m.end(), "multiple")


def _is_one(m: Mention) -> bool:
    return m.kind == "count" and m.written.lower() == "one"


def _year_like(m: Mention) -> bool:
    return m.written.isdigit() and len(m.written) == 4


def _pairs(text: str, mentions: list[Mention]) -> list[tuple[int, int, int | None]]:
    """The "N of M" / "N out of M" pairs among ``mentions``: (index of N, index of M, index of
    the percentage in "N of M (P per cent)" or ``None``)."""
    pairs = []
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if a.kind != "count" or b.kind != "count" or isinstance(a.value, Fraction):
            continue
        between = _OF.fullmatch(text, a.end, b.start)
        if between is None:
            continue
        pct = None
        if i + 2 < len(mentions):
            c = mentions[i + 2]
            if (
                c.kind == "percent"
                and _OPEN.fullmatch(text, b.end, c.start)
                and _CLOSE.match(text, c.end)
            ):
                pct = i + 2
        if _is_one(a) and not between["out"] and pct is None:
            continue  # "one of five forces": the pronoun, not a count
        pairs.append((i, i + 1, pct))
    return pairs


class _Sentences:
    """Where each sentence of a text starts and ends (split as ``checks.sentences`` does)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []
        previous = 0
        for start, end in sentence_breaks(text):
            self.spans.append((previous, start))
            previous = end
        self.spans.append((previous, len(text)))
        self.starts = [s for s, _ in self.spans]
        self.cache: dict[int, str] = {}

    def at(self, position: int) -> str:
        """The sentence holding ``position``: one string a sentence, shared by every number in
        it (a long sentence full of numbers is not copied once for each)."""
        index = bisect.bisect_right(self.starts, position) - 1
        found = self.cache.get(index)
        if found is None:
            start, end = self.spans[index]
            found = self.cache[index] = self.text[start:end].strip()
        return found


def mentions_and_pairs(text: str) -> tuple[list[Mention], list[tuple[int, int, int | None]]]:
    raw = raw_mentions(text)
    plain = fold(text)[0]
    joined: list[Mention] = []
    i = 0
    while i < len(raw):
        a = raw[i]
        b = raw[i + 1] if i + 1 < len(raw) else None
        if (
            b is not None
            and a.kind == b.kind == "count"
            and _IN.fullmatch(plain, a.end, b.start)
            and 0 < a.value < b.value
            and not _year_like(b)
        ):
            value = Fraction(a.value, b.value)
            joined.append(Mention(value, text[a.start : b.end], "", "proportion", a.start, b.end))
            i += 2
            continue
        joined.append(a)
        i += 1
    pairs = _pairs(plain, joined)
    counted = {i for pair in pairs for i in pair[:2] if _is_one(joined[i])}
    keep = [i for i, m in enumerate(joined) if not _is_one(m) or i in counted]
    renumber = {old: new for new, old in enumerate(keep)}
    sentences = _Sentences(text)
    mentions = [
        Mention(m.value, m.written, sentences.at(m.start), m.kind, m.start, m.end)
        for m in (joined[i] for i in keep)
    ]
    pairs = [
        (renumber[a], renumber[b], None if c is None else renumber[c])
        for a, b, c in pairs
        if a in renumber and b in renumber
    ]
    return mentions, pairs


def numbers_in(text: str) -> list[Mention]:
    """Every number ``text`` states, in order, with the sentence it is in (module docstring).

    ``numbers_in("Nine of 17 (53 per cent) were.")`` -> counts 9 and 17, percent 53.
    """
    return mentions_and_pairs(text)[0]


@functools.lru_cache(maxsize=2048)
def has_numbers(text: str) -> bool:
    return bool(raw_mentions(text))
