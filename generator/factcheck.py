"""The number-level fact check: every number a draft states must be in that draft's facts.

After a draft is rendered and before anything is written, every number in its text is found
(:func:`numbers_in`) and traced (:func:`trace`) to a value in the draft's facts (the mapping
written beside it as ``facts.json``). One number that cannot be traced fails the build
(:func:`check_numbers`), naming the draft, the sentence and the number: a wrong number about a
police force is a published error.

What counts as a number (the finder reads every way the house-style filters write one):

- figures ("53", "1,234", "12.5"), ordinals ("6th", "sixth", "Twelfth"), number words
  ("nine", "seventeen", "Thirty-eight", "one hundred and eight"; read back through
  ``filters.words`` so only house-style spellings count);
- percentages ("53 per cent", "53%", "fifty-three per cent");
- spoken proportions ("one in three"; "half", "more than half");
- "none" (zero);
- dates ("23 October 2020", "Friday 23 October 2020", "FRIDAY 23 OCTOBER 2020",
  "2020-10-23", "October 2020") and times ("00:01").

Not numbers: digits glued to letters ("A34", "E23000030": codes and names), and the word
"one" on its own. "One" is the pronoun or article in "one of the forces", "from one force to
another", "one record can change a rate"; it is read as the number 1 only where it is a count
in a proportion: "one in three", "one out of 20", "one of 14 (7 per cent)". So "one of five
forces where none were..." checks the five, not the one, and a count of one written as "one
robbery" is not checked. "No" is never read as zero; "none" is.

What counts as traced:

- a count (figure or word) equal to an integer in the facts: counts, bases, positions,
  ties, totals, places with figures or at least one, the number of places listed ("the four
  forces", "Four forces shared"), ``wording.TOP`` when a tie inside the top ten makes a rank
  claim say "among the ten worst", and numbers in data fields ("2018", the inspection year);
- "N other ..." ("level with three other forces") equal to a group less the place itself: a
  tie less one (``rank.tied - 1``), a list of places less one, clean-record peers less one;
- a percentage equal to a percentage in the facts, or to one worked out from a count and its
  base with ``filters.percent_value``;
- an ordinal equal to a rank position;
- "one in three", "half", "more than half": what ``filters.spoken_proportion`` says of some
  count and base in the facts;
- "N of M" and "N out of M" as a pair: (N, M) must be a count and its base in the facts (or
  places with at least one out of places with figures), and "N of M (P per cent)" must have
  P = percent_value(N / M) — so a right number next to the wrong base is caught too;
- a number inside text printed word for word from an input a person wrote and checks
  elsewhere: a quote (its paragraphs, reported line, speaker, role, organisation), a string
  in the story's ``settings`` (the source "2016 to 2020"), ``settings.standing_text`` (fixed
  phrases with a number that is not data, such as "often fewer than 20 in a category"), the
  embargo line, and names (places, outlets, the story's title and measure words). Only
  occurrences of that text are covered: "2018" inside a quote does not let a template print
  2018 elsewhere;
- a date or time equal to the embargo (``facts["embargo"]`` or ``settings.embargo``) or to
  ``settings.published`` (a named weekday must be that date's); the year of either is a count;
- in a radio script file, the numbers on a script's heading ("CUE (20 seconds): 60 words,
  about 20 seconds") equal to one entry of the facts' ``scripts`` list.

Never traced from: the claim strings the engine writes into the facts (``rank.claim``,
``lead.reason``, the headline): they are text made from numbers, and a wrong number must not
justify itself. The structured values beside them are used instead.

A few values the templates print are in the template context but not (yet) in facts.json:
a clean lead's ``peers`` (how many places share a clean record) and, in a draft about several
places, each place's rank. :func:`context_facts` lifts those structured values so the check
can trace them; each is reported as coming from the template context, not facts.json.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import datetime
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import inflect

from .checks import SENTENCE_END
from .errors import CheckFailed
from .filters import percent_value, spoken_proportion, words
from .wording import TOP

_p = inflect.engine()

HINT = "The number is not in this draft's facts.json; fix the template or the data."

# --- finding numbers -------------------------------------------------------------------------

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_CARDINAL = {w: i for i, w in enumerate(_UNITS + _TEENS)}
_CARDINAL |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_ORDINAL_WORDS = {_p.ordinal(w): v for w, v in (*_CARDINAL.items(), *_SCALES.items()) if v}
_NUMBER_WORDS = sorted({*_CARDINAL, *_SCALES, *_ORDINAL_WORDS}, key=len, reverse=True)
_W = r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b"
_LONGEST = 16  # tokens in one number: "nine hundred and ninety-nine thousand nine hundred..."
_MONTHS = [m.lower() for m in calendar.month_name[1:]]
_DAYS = [d.lower() for d in calendar.day_name]
_MONTH = "|".join(_MONTHS)

_FINDER = re.compile(
    # Every alternative starts a word, with a digit or a letter that can open one.
    r"(?<!\w)(?=[0-9adefhjmnostwz])(?:"
    rf"(?P<date>(?:\b(?P<wd>{'|'.join(_DAYS)}),?\s+)?\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+"
    rf"(?P<mon>{_MONTH})\b(?:,?\s+(?P<yr>\d{{4}})\b)?)"
    rf"|(?P<monthyear>\b(?P<mon2>{_MONTH})\s+(?P<yr2>\d{{4}})\b)"
    r"|(?P<iso>(?<![\w.])\d{4}-\d{2}-\d{2}(?!\w))"
    r"|(?P<time>(?<![\w.:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\w:]))"
    r"|(?P<half>\b(?:more\s+than\s+)?half\b)"
    r"|(?P<none>\bnone\b)"
    r"|(?P<num>(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<sfx>st|nd|rd|th)?(?!\w)"
    rf"|(?P<words>{_W}(?:(?:\s+and\s+|[\s-]+){_W})*))",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*%|\s+per\s+cent\b|\s+percent\b", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)
_IN = re.compile(r"\s+in\s+", re.IGNORECASE)
_OF = re.compile(r"\s+(?P<out>out\s+)?of\s+(?:the\s+)?", re.IGNORECASE)
_OTHER = re.compile(r"\s+other\b", re.IGNORECASE)
_OPEN = re.compile(r"\s*\(\s*")
_CLOSE = re.compile(r"\s*\)")


@dataclass(frozen=True)
class Mention:
    """One number as a draft writes it.

    ``kind`` is "count", "percent", "ordinal", "other" ("three other forces"), "proportion"
    (a :class:`Fraction`: "one in three", "half"), "more_than_half", "date" (``(year or None,
    month, day, weekday or None)``), "month" (``(year, month)``) or "time" (``(hour,
    minute)``), or, in a problem found by :func:`trace`, "pair" (``(count, base)``: "nine of
    18"); ``value`` is what it says; ``written`` the words as written; ``sentence`` the
    sentence it is in.
    """

    value: Any
    written: str
    sentence: str
    kind: str = "count"
    start: int = 0
    end: int = 0


@functools.lru_cache(maxsize=4096)
def _ordinal_words(n: int) -> str:
    return _p.ordinal(words(n))


def _word_value(tokens: list[str]) -> tuple[int, bool] | None:
    """The value of number words ("one hundred and eight", "twelfth") and whether it is an
    ordinal, or ``None`` when they are not one number."""
    total = current = 0
    ordinal = False
    for i, token in enumerate(tokens):
        if token == "and":
            continue
        if token in _ORDINAL_WORDS:
            if i != len(tokens) - 1:
                return None
            ordinal = True
            value = _ORDINAL_WORDS[token]
            token = next((w for w, v in _SCALES.items() if v == value), "")
            if not token:
                current += value
                continue
        if token in _CARDINAL:
            current += _CARDINAL[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            return None
    return total + current, ordinal


def _read_words(text: str, start: int, end: int) -> list[tuple[int, int, int, bool]]:
    """Split a run of number words into numbers spelt in house style (checked against
    ``filters.words``): (start, end, value, ordinal) for each."""
    tokens = [(m.start(), m.end(), m[0].lower()) for m in _TOKEN.finditer(text, start, end)]
    found = []
    i = 0
    while i < len(tokens):
        if tokens[i][2] == "and":
            i += 1
            continue
        for j in range(min(len(tokens), i + _LONGEST), i, -1):
            if tokens[j - 1][2] == "and":
                continue
            parsed = _word_value([t[2] for t in tokens[i:j]])
            if parsed is None:
                continue
            value, ordinal = parsed
            said = " ".join(text[tokens[i][0] : tokens[j - 1][1]].lower().split())
            if said == (_ordinal_words(value) if ordinal else words(value)):
                found.append((tokens[i][0], tokens[j - 1][1], value, ordinal))
                i = j
                break
        else:
            i += 1
    return found


def _raw(text: str) -> list[Mention]:
    """Every number in ``text`` as written, before proportions are joined (no sentences)."""
    found: list[Mention] = []

    def add(value: Any, start: int, end: int, kind: str) -> None:
        if kind == "count":
            sign = _PERCENT.match(text, end)
            if sign:
                kind, end = "percent", sign.end()
            elif _OTHER.match(text, end):
                kind = "other"
        found.append(Mention(value, text[start:end], "", kind, start, end))

    for m in _FINDER.finditer(text):
        if m["date"]:
            year = int(m["yr"]) if m["yr"] else None
            day = (year, _MONTHS.index(m["mon"].lower()) + 1, int(m["day"]))
            weekday = _DAYS.index(m["wd"].lower()) if m["wd"] else None
            add((*day, weekday), m.start(), m.end(), "date")
        elif m["monthyear"]:
            add((int(m["yr2"]), _MONTHS.index(m["mon2"].lower()) + 1), m.start(), m.end(), "month")
        elif m["iso"]:
            try:
                d = datetime.date.fromisoformat(m["iso"])
            except ValueError:
                continue
            add((d.year, d.month, d.day, None), m.start(), m.end(), "date")
        elif m["time"]:
            hour, minute = m["time"].split(":")
            add((int(hour), int(minute)), m.start(), m.end(), "time")
        elif m["half"]:
            more = m["half"].lower() != "half"
            add(Fraction(1, 2), m.start(), m.end(), "more_than_half" if more else "proportion")
        elif m["none"]:
            add(0, m.start(), m.end(), "count")
        elif m["num"]:
            value = Fraction(m["num"].replace(",", ""))
            value = int(value) if value.denominator == 1 else value
            add(value, m.start(), m.end(), "ordinal" if m["sfx"] else "count")
        else:
            for start, end, value, ordinal in _read_words(text, m.start(), m.end()):
                add(value, start, end, "ordinal" if ordinal else "count")
    return found


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
        for m in SENTENCE_END.finditer(text):
            self.spans.append((previous, m.start()))
            previous = m.end()
        self.spans.append((previous, len(text)))
        self.starts = [s for s, _ in self.spans]

    def at(self, position: int) -> str:
        start, end = self.spans[bisect.bisect_right(self.starts, position) - 1]
        return self.text[start:end].strip()


def _find(text: str) -> tuple[list[Mention], list[tuple[int, int, int | None]]]:
    raw = _raw(text)
    joined: list[Mention] = []
    i = 0
    while i < len(raw):
        a = raw[i]
        b = raw[i + 1] if i + 1 < len(raw) else None
        if (
            b is not None
            and a.kind == b.kind == "count"
            and _IN.fullmatch(text, a.end, b.start)
            and 0 < a.value < b.value
            and not _year_like(b)
        ):
            value = Fraction(a.value, b.value)
            joined.append(Mention(value, text[a.start : b.end], "", "proportion", a.start, b.end))
            i += 2
            continue
        joined.append(a)
        i += 1
    pairs = _pairs(text, joined)
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
    return _find(text)[0]


@functools.lru_cache(maxsize=2048)
def _has_numbers(text: str) -> bool:
    return bool(_raw(text))


# --- what a draft's facts allow --------------------------------------------------------------

_SKIP = {"cells", "cell", "scripts", "quotes", "headline", "embargo"}
_COUNTED_LISTS = {"worst", "places", "places_without", "summed"}
_NAME_KEYS = {"name", "group", "place", "places", "worst", "places_without", "region", "nation"}
_PLACES_KEYS = ("places", "places_with_figures")
_EMBARGO = re.compile(
    r"(?P<h>\d{1,2}):(?P<m>\d{2})\s+(?:\w+\s+)?(?P<d>\d{1,2})\s+(?P<mon>[a-z]+)\s+(?P<y>\d{4})",
    re.IGNORECASE,
)


@dataclass
class Allowed:
    """What a draft may say: (kind, value) -> where it comes from; count-and-base pairs;
    each radio script's heading numbers; and text printed word for word (text, source)."""

    values: dict[tuple[str, Any], str] = field(default_factory=dict)
    pairs: dict[tuple[int, int], str] = field(default_factory=dict)
    scripts: list[tuple[frozenset[int], str]] = field(default_factory=list)
    verbatim: list[tuple[str, str]] = field(default_factory=list)

    def add(self, kind: str, value: Any, source: str) -> None:
        self.values.setdefault((kind, value), source)

    def add_text(self, text: Any, source: str) -> None:
        if isinstance(text, str) and text.strip() and _has_numbers(text):
            self.verbatim.append((text, source))

    def add_date(self, when: datetime.date, source: str) -> None:
        self.add("date", (when.year, when.month, when.day), source)
        self.add("month", (when.year, when.month), source)
        self.add("count", when.year, source)


@functools.lru_cache(maxsize=4096)
def _spoken(count: int, base: int) -> tuple[tuple[str, Any], ...]:
    """What ``filters.spoken_proportion`` says of a count and its base, as read back."""
    return tuple((m.kind, m.value) for m in _find(spoken_proportion(count, base))[0])


def _pair(allowed: Allowed, count: int, base: int, source: str) -> None:
    """A count and its base, and what the filters write of them."""
    allowed.pairs.setdefault((count, base), source)
    if base <= 0 or not 0 <= count <= base:
        return
    allowed.add("percent", percent_value(Fraction(count, base)), source)
    for kind, value in _spoken(count, base):
        allowed.add(kind, value, f"{source}, spoken")
    if Fraction(count, base) > Fraction(1, 2):  # the print lead's "more than half"
        allowed.add("more_than_half", Fraction(1, 2), source)


def _rank(allowed: Allowed, rank: Mapping[str, Any], source: str) -> None:
    position, tied = rank.get("position"), rank.get("tied")
    if not isinstance(position, int) or not isinstance(tied, int):
        return
    allowed.add("ordinal", position, f"{source}.position")
    if tied > 1:
        allowed.add("other", tied - 1, f"{source}.tied - 1 (other places in the tie)")
        if position > 3 and position + tied - 1 <= TOP:  # "among the ten worst"
            allowed.add("count", TOP, f"{source} (a tie within the top {TOP})")


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
        if isinstance(value, int):
            allowed.pairs.setdefault((some, value), f"{path}.{counted}/{key}")


def _walk(allowed: Allowed, node: Any, path: str) -> None:
    if isinstance(node, Mapping):
        count, base = node.get("count"), node.get("base")
        if isinstance(count, int) and isinstance(base, int) and not isinstance(count, bool):
            _pair(allowed, count, base, f"{path}.count/base")
        if "position" in node and "tied" in node:
            _rank(allowed, node, path)
        for counted in ("places_with_at_least_one", "places_within_limits"):
            _places_pairs(allowed, node, counted, path)
        for key, value in node.items():
            if key in _SKIP or isinstance(value, bool) or value is None:
                continue
            where = f"{path}.{key}" if path else key
            if isinstance(value, int):
                kind = "percent" if key == "percent" else "count"
                allowed.add(kind, value, where)
                if key == "peers":
                    allowed.add("other", value - 1, f"{where} - 1")
                if key == "position":
                    allowed.add("count", value, where)
            elif isinstance(value, str):
                if key == "value":
                    for m in _raw(value):
                        allowed.add(m.kind, m.value, where)
                if key in _NAME_KEYS:
                    allowed.add_text(value, where)
            elif isinstance(value, list | tuple):
                if key in _COUNTED_LISTS and value:
                    allowed.add("count", len(value), f"len({where})")
                    allowed.add("other", len(value) - 1, f"len({where}) - 1")
                if key in _NAME_KEYS:
                    for item in value:
                        allowed.add_text(item, where)
                _walk(allowed, value, where)
            else:
                _walk(allowed, value, where)
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            label = item.get("measure") if isinstance(item, Mapping) else None
            _walk(allowed, item, f"{path}[{label if isinstance(label, str) else i}]")


def _embargo(allowed: Allowed, line: Any, source: str) -> None:
    if not isinstance(line, str):
        return
    allowed.add_text(line, source)
    m = _EMBARGO.search(line)
    if m is None:
        return
    try:
        month = _MONTHS.index(m["mon"].lower()) + 1
        day = datetime.date(int(m["y"]), month, int(m["d"]))
    except ValueError:
        return
    allowed.add_date(day, source)
    allowed.add("time", (int(m["h"]), int(m["m"])), source)


def _settings(allowed: Allowed, settings: Mapping[str, Any]) -> None:
    if not isinstance(settings, Mapping):
        return
    standing = settings.get("standing_text", ())
    for phrase in standing if isinstance(standing, list | tuple) else [standing]:
        allowed.add_text(phrase, "settings.standing_text")
    for key, value in settings.items():
        where = f"settings.{key}"
        if key == "standing_text":
            continue
        if key == "embargo" and isinstance(value, str):
            m = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})\s*", value)
            if m:
                with contextlib.suppress(ValueError):
                    allowed.add_date(datetime.date.fromisoformat(m[1]), where)
                allowed.add("time", (int(m[2]), int(m[3])), where)
            continue
        if isinstance(value, datetime.date):
            allowed.add_date(value, where)
        elif isinstance(value, str):
            try:
                allowed.add_date(datetime.date.fromisoformat(value), where)
            except ValueError:
                allowed.add_text(value, where)
        elif isinstance(value, int) and not isinstance(value, bool):
            allowed.add("count", value, where)
        elif isinstance(value, list | tuple):
            for item in value:
                allowed.add_text(item, where)


def allowed_values(
    facts: Mapping[str, Any],
    settings: Mapping[str, Any] | None = None,
    *,
    names: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
) -> Allowed:
    """Everything a draft with these ``facts`` may say, and where each value comes from.

    ``settings`` is the story's ``settings`` mapping; ``names`` extra text printed as it is
    (titles, place and measure words); ``context`` values from the template context that
    facts.json does not list (see :func:`context_facts`)."""
    allowed = Allowed()
    _walk(allowed, facts, "")
    if context:
        _walk(allowed, context, "context")
    for quote in facts.get("quotes") or ():
        source = f"quote {quote.get('id', '')} ({quote.get('file', '')})"
        for key in ("said", "organisation", "speaker", "role"):
            allowed.add_text(quote.get(key), source)
        for paragraph in quote.get("paragraphs") or ():
            allowed.add_text(paragraph, source)
    for i, script in enumerate(facts.get("scripts") or ()):
        said = {script.get(k) for k in ("target_seconds", "words", "estimated_seconds")}
        label = f"scripts[{i}] ({script.get('part')} {script.get('target_seconds')}s)"
        allowed.scripts.append((frozenset(v for v in said if isinstance(v, int)), label))
    _embargo(allowed, facts.get("embargo"), "embargo")
    _settings(allowed, settings or {})
    for name in names:
        allowed.add_text(name, "name")
    return allowed


# --- tracing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Traced:
    """A mention and where it was traced (``source``), or why not (``problem``)."""

    mention: Mention
    source: str | None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.source is not None


def _covered(text: str, allowed: Allowed) -> list[tuple[int, int, str]]:
    spans = []
    for phrase, source in allowed.verbatim:
        start = text.find(phrase)
        while start != -1:
            spans.append((start, start + len(phrase), source))
            start = text.find(phrase, start + 1)
    return spans


def _date_source(m: Mention, allowed: Allowed) -> tuple[str | None, str]:
    if m.kind == "date":
        year, month, day, weekday = m.value
        sources = [
            (k[1], s)
            for k, s in allowed.values.items()
            if k[0] == "date" and k[1][1:] == (month, day) and year in (None, k[1][0])
        ]
        if not sources:
            return None, "the date is not the embargo or publication date"
        (y, mo, d), source = sources[0]
        if weekday is not None and datetime.date(y, mo, d).weekday() != weekday:
            return None, f"{calendar.day_name[datetime.date(y, mo, d).weekday()]} is that day"
        return source, ""
    source = allowed.values.get((m.kind, m.value))
    return source, "" if source else f"the {m.kind} is not the embargo or publication date"


_WHAT = {
    "count": "number",
    "percent": "percentage",
    "ordinal": "rank",
    "other": "number of others",
    "proportion": "proportion",
    "more_than_half": "proportion",
}


def trace(
    text: str,
    facts: Mapping[str, Any],
    settings: Mapping[str, Any] | None = None,
    *,
    names: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
    allowed: Allowed | None = None,
) -> list[Traced]:
    """Every number in ``text``, each traced to a value in ``facts`` or not (module doc)."""
    if allowed is None:
        allowed = allowed_values(facts, settings, names=names, context=context)
    mentions, pairs = _find(text)
    results: list[Traced | None] = [None] * len(mentions)
    dropped: set[int] = set()
    spans = _covered(text, allowed)
    for i, m in enumerate(mentions):
        for start, end, source in spans:
            if start <= m.start and m.end <= end:
                results[i] = Traced(m, source)
                break
    _headings(text, mentions, allowed, results)
    for a, b, pct in pairs:
        if results[a] is not None or results[b] is not None:
            continue
        count, base = mentions[a], mentions[b]
        written = text[count.start : base.end]
        source = allowed.pairs.get((count.value, base.value))
        if source is None:
            # One problem for the pair, shown as written: "nine of 18".
            pair = Mention((count.value, base.value), written, count.sentence, "pair")
            pair = replace(pair, start=count.start, end=base.end)
            results[a] = Traced(pair, None, "not a count and its base in this draft's facts")
            dropped.add(b)
            continue
        results[a], results[b] = Traced(count, source), Traced(base, source)
        if pct is not None and results[pct] is None:
            expected = percent_value(Fraction(count.value, base.value)) if base.value else None
            p = mentions[pct]
            if p.value == expected:
                results[pct] = Traced(p, source)
            else:
                problem = f"{count.value} of {base.value} is {expected} per cent, not {p.value}"
                results[pct] = Traced(p, None, problem)
    for i, m in enumerate(mentions):
        if results[i] is not None or i in dropped:
            continue
        if m.kind in ("date", "month", "time"):
            source, problem = _date_source(m, allowed)
        else:
            source = allowed.values.get((m.kind, m.value))
            problem = "" if source else f"the {_WHAT[m.kind]} is not in this draft's facts"
        results[i] = Traced(m, source, problem)
    return [r for i, r in enumerate(results) if r is not None and i not in dropped]


def _headings(
    text: str, mentions: list[Mention], allowed: Allowed, results: list[Traced | None]
) -> None:
    """Trace the numbers on a radio script's heading line to one entry of ``scripts``."""
    if not allowed.scripts:
        return
    by_line: dict[int, list[int]] = {}
    for i, m in enumerate(mentions):
        line_start = text.rfind("\n", 0, m.start) + 1
        if results[i] is None and text.startswith("#", line_start):
            by_line.setdefault(line_start, []).append(i)
    for indexes in by_line.values():
        if any(mentions[i].kind != "count" for i in indexes):
            continue
        said = {mentions[i].value for i in indexes}
        values, source = max(allowed.scripts, key=lambda script: len(said & script[0]))
        for i in indexes:
            if mentions[i].value in values:
                results[i] = Traced(mentions[i], source)
            else:
                results[i] = Traced(mentions[i], None, f"not a length of {source}")


def _excerpt(m: Mention, width: int = 200) -> str:
    """The mention's sentence, cut around the number when it is long."""
    if len(m.sentence) <= width:
        return m.sentence
    at = max(m.sentence.find(m.written), 0)
    start = max(at - width // 2, 0)
    end = min(start + width, len(m.sentence))
    return f"{'…' if start else ''}{m.sentence[start:end]}{'…' if end < len(m.sentence) else ''}"


def check_numbers(
    text: str,
    facts: Mapping[str, Any],
    where: str,
    settings: Mapping[str, Any] | None = None,
    *,
    names: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
) -> list[Traced]:
    """Raise :class:`CheckFailed` listing every number in ``text`` (the draft ``where``) that
    is not in ``facts``; return the traced mentions when all are."""
    traced = trace(text, facts, settings, names=names, context=context)
    problems: dict[tuple[str, str, str], str] = {}
    for t in traced:
        if not t.ok:
            m = t.mention
            line = f"  - {m.written!r} in “{_excerpt(m)}”: {t.problem}"
            problems.setdefault((m.written, m.sentence, t.problem), line)  # once, not per script
    if problems:
        count = len(problems)
        head = (
            f"{where}: {count} number{'s' if count != 1 else ''} not traced; nothing was written:"
        )
        raise CheckFailed("\n".join([head, *problems.values(), HINT]))
    return traced


# --- what the template context adds ----------------------------------------------------------


def _rank_of(view: Any) -> dict[str, Any] | None:
    rank = getattr(view, "rank", None)
    if rank is None or getattr(view, "figure", None) is None:
        return None
    return {"position": rank.position, "tied": rank.tied, "base": rank.base, "total": rank.total}


def context_facts(variables: Mapping[str, Any]) -> dict[str, Any]:
    """Structured values the templates print that facts.json does not hold yet: a clean lead's
    ``peers``, and each place's ranks in a draft about several places."""
    extra: dict[str, Any] = {}
    lead = variables.get("lead")
    peers = getattr(lead, "peers", 0)
    if isinstance(peers, int) and peers > 0:
        extra["lead"] = {"peers": peers}
    places = variables.get("places")
    if isinstance(places, tuple | list):
        extra["places"] = [
            {
                "name": getattr(ctx.place, "name", ""),
                "measures": [
                    {"measure": v.measure.key, "rank": r}
                    for v in ctx.measures
                    if (r := _rank_of(v)) is not None
                ],
                **({"peers": ctx.lead.peers} if ctx.lead.peers else {}),
            }
            for ctx in places
        ]
    return extra


def names_of(story: Any, variables: Mapping[str, Any], *more: str) -> list[str]:
    """Words a draft prints as they are, whose digits are names, not figures: the story's
    title, unit and measure words, the place's or group's names."""
    found = [getattr(story, "title", ""), *more]
    unit = getattr(story, "unit", None)
    found += [getattr(unit, k, "") for k in ("singular", "plural", "area")]
    for measure in getattr(story, "measures", ()):
        found += [getattr(measure, k, "") or "" for k in ("label", "singular", "plural", "topic")]
        found += [getattr(measure, k, "") or "" for k in ("passive", "active", "none_phrase")]
    place = variables.get("place")
    if place is not None:
        found += [getattr(place, k, "") or "" for k in ("name", "short_name", "local_phrase")]
    for key in ("name", "area"):
        if isinstance(variables.get(key), str):
            found.append(variables[key])
    for ctx in variables.get("places") or ():
        found += [getattr(ctx.place, k, "") or "" for k in ("name", "short_name", "local_phrase")]
    return [n for n in found if n]
