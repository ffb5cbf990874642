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
- percentages ("53 per cent", "53 percent", "53%", "53pc", "53 pc", "47.5pc", "fifty-three
  per cent"); "pc" only in lower case, so "12 PC" (police constables) is a count;
- spoken proportions ("one in three", "three in ten"; "half", "more than half") and
  fractions: "a third", "one-fifth", "two thirds", "three quarters", "a tenth", "½", "¾";
- multiples, where something is compared: "twice the rate", "double the rate", "treble",
  "three times as likely", "2.5 times higher", "one and a half times", "more than twice",
  "nearly three times", and the changes "doubled", "halved", "trebled", "tripled";
- "a dozen" (12), "half a dozen", "two dozen", "a hundred", "a thousand", "a million";
- "none" (zero);
- dates ("23 October 2020", "Friday 23 October 2020", "FRIDAY 23 OCTOBER 2020",
  "2020-10-23", "October 2020") and times ("00:01");
- digits of any script and compatibility forms, read exactly as 0-9 (:func:`_fold`, with
  ``unicodedata.decimal`` and NFKC): "５３ per cent", "٥٣%", "५३", "４７ｐｃ" are 53 and 47
  per cent; other numeric characters (``unicodedata.numeric``: superscripts "²", circled
  "①", Roman "Ⅻ") are counts of their own that must be traced like any other, and vulgar
  fractions after a figure add to it ("7½ per cent" is 7.5).

Vague plurals ("dozens", "scores of", "hundreds", "thousands", "hundreds of thousands") are
numbers that no fact can back: the stricter rule. They fail the check unless they are inside
text printed word for word (a quote, ``settings.standing_text``), so a draft says the figure.

Not numbers: digits glued to letters ("A34", "E23000030": codes and names), and the word
"one" on its own; "half" inside a word ("behalf", "halfway"), in a compound ("half-year") or
as a period ("the first half of 2020"); "first" and "second" except as a rank ("the second
worst", "joint first", "came second", "was first"), so "first mention", "for the first time"
and "within a second" say nothing; "double" as an adjective ("a double-check"). "Twice" and
"N times" that compare nothing ("inspected twice", "three times a year") are the counts 2
and 3. "A third" before a word of sequence or time ("a third year", "a third time") is the
ordinal, elsewhere the fraction ("a third of forces", "a third were", "fell by a third").

"One" is the pronoun or article in "one of the forces", "from one force to another", "one
record can change a rate"; it is read as the number 1 only where it is a count
in a proportion: "one in three", "one out of 20", "one of 14 (7 per cent)". So "one of five
forces where none were..." checks the five, not the one, and a count of one written as "one
robbery" is not checked. "No" is never read as zero; "none" is.

What counts as traced:

- a count (figure or word) equal to an integer in the facts: counts, bases, positions,
  ties, totals, places with figures or at least one, the number of places listed ("the four
  forces", "Four forces shared"), and numbers in data fields ("2018", the inspection year);
  ranks are exact, so "among the ten worst" has nothing to trace its ten to and fails;
- "N other ..." ("level with three other forces") equal to a group less the place itself: a
  tie less one (``rank.tied - 1``), a list of places less one, clean-record peers less one;
- a percentage equal to a percentage in the facts, or to one worked out from a count and its
  base with ``filters.percent_value``;
- an ordinal equal to a rank position;
- a proportion or fraction ("one in three", "three in ten", "half", "a third", "¾"): what
  ``filters.spoken_proportion`` says of some count and base in the facts, or one that rounds
  (``filters.percent_value``, half up) to the same whole percentage, other than 0, as a
  percentage in the facts — the tolerance the check gives "33 per cent" of a rate of 0.333.
  For a simple fraction (thirds to tenths, the ones ``spoken_proportion`` speaks) this makes
  it the nearest simple fraction to the rate: two of them are always more than a whole
  percentage point apart. So "a third" traces to 33 of 100 and to 6 of 18, not to 35 of 100;
- "more than half": a count over half its base;
- a multiple ("twice", "three times", "double", "doubled", "halved"): the ratio of two rates
  (count over base) about one measure (the place's and the national pooled rate), of two of
  their counts or of two of their bases, within
  ``MULTIPLE_TOLERANCE`` (5 per cent of the multiple: "twice" is 1.9 to 2.1); "about" twice
  that; "more than twice" above 2 and up to a quarter over; "nearly"/"almost" up to a tenth
  under. "Halved" and "doubled" are the same ratio read either way;
- "N of M" and "N out of M" as a pair: (N, M) must be a count and its base in the facts (or
  places with at least one out of places with figures), and "N of M (P per cent)" must have
  P = percent_value(N / M) — so a right number next to the wrong base is caught too;
- a number inside text printed word for word from an input a person wrote and checks
  elsewhere: a quote (its paragraphs, reported line, reported speech and context paragraphs,
  speaker, role, organisation), a string
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
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import inflect

from generator.base.errors import CheckFailed
from generator.checks.style import SENTENCE_END
from generator.language.filters import percent_value, spoken_proportion, words

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

# Vulgar fraction characters ("½", "¾"): read by the finder, alone or after a figure ("7½").
_VULGAR = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞↉"
# Signs that NFKC leaves alone but that write a number all the same (Arabic per cent sign,
# decimal and thousands separators).
_SIGNS = {"٪": "%", "٫": ".", "٬": ","}
_CARDINALS = "|".join(sorted({*_CARDINAL, *_SCALES}, key=len, reverse=True))
_FIGURE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SMALL = "one|two|three|four|five|six|seven|eight|nine|ten"
_DENOMINATORS = ["half", "third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth"]
_DENOMINATORS += ["tenth"]
_DENOMINATOR = {w: 2 + i for i, w in enumerate(_DENOMINATORS)} | {"fourth": 4}
_PLURAL_DENOMINATOR = {"halves": 2, "thirds": 3, "quarters": 4, "fourths": 4}
_PLURAL_DENOMINATOR |= {f"{w}s": v for w, v in _DENOMINATOR.items() if v > 4}
# "a third" is a fraction ("a third of forces", "a third were", "fell by a third."), except
# before a word of sequence or time, where it counts ("a third year", "a third time").
_AS_FRACTION = (
    r"(?!-?\s*(?:years?|times?|days?|weeks?|months?|decades?|consecutive|successive|straight"
    r"|running|round|attempt|occasion)\b)"
)
# A multiple is a ratio only where it is compared with something: "twice the rate", "three
# times as likely"; "inspected three times" and "inspected twice" are counts.
_COMPARED = (
    r"(?=\s+(?:as|the|that|those|its|their|his|her|this|these|what|higher|lower|more"
    r"|greater|larger|bigger|smaller|less|fewer|likelier|likely)\b)"
)
_QUALIFIERS = {
    "more than": "over",
    "over": "over",
    "at least": "over",
    "almost": "under",
    "nearly": "under",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "some": "about",
}
_QUALIFIER = "|".join(q.replace(" ", r"\s+") for q in _QUALIFIERS)
_MULTIPLIERS = {"twice": 2, "double": 2, "treble": 3, "triple": 3, "quadruple": 4}
_CHANGES = {"doubled": 2, "halved": 2, "trebled": 3, "tripled": 3, "quadrupled": 4}
_VAGUE = r"dozens|hundreds|thousands|millions|scores(?=\s+of\b)"

_FINDER = re.compile(
    # Every alternative starts a word, with a digit or a letter that can open one.
    rf"(?<!\w)(?=[0-9adefhjmnoqrstwz{_VULGAR}])(?:"
    rf"(?P<date>(?:\b(?P<wd>{'|'.join(_DAYS)}),?\s+)?\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+"
    rf"(?P<mon>{_MONTH})\b(?:,?\s+(?P<yr>\d{{4}})\b)?)"
    rf"|(?P<monthyear>\b(?P<mon2>{_MONTH})\s+(?P<yr2>\d{{4}})\b)"
    r"|(?P<iso>(?<![\w.])\d{4}-\d{2}-\d{2}(?!\w))"
    r"|(?P<time>(?<![\w.:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\w:]))"
    # Multiples: "twice the rate", "more than three times as likely", "2.5 times higher",
    # "one and a half times", "the rate doubled".
    rf"|(?P<mult>(?:(?P<mq>{_QUALIFIER})\s+)?(?:"
    rf"(?P<mk>{'|'.join(_MULTIPLIERS)})\b{_COMPARED}"
    rf"|(?P<mc>{'|'.join(_CHANGES)})\b"
    rf"|(?P<mn>(?<![\w.,]){_FIGURE}[{_VULGAR}]?|\b(?:{_CARDINALS})(?:(?:\s+and\s+|[\s-]+)"
    rf"(?:{_CARDINALS})\b)*)(?P<mh>\s+and\s+a\s+half)?\s+times\b{_COMPARED}))"
    # Fractions in words: "a third", "one-fifth", "two thirds", "three quarters".
    rf"|(?P<frac>\b(?:(?P<fa>an?|one)[\s-]+(?P<fs>{'|'.join(_DENOMINATOR)})\b{_AS_FRACTION}"
    rf"|(?P<fn>two|three|four|five|six|seven|eight|nine)[\s-]+"
    rf"(?P<fp>{'|'.join(_PLURAL_DENOMINATOR)})\b))"
    # "a dozen", "half a dozen", "two dozen"; "a hundred", "a thousand", "a million".
    rf"|(?P<dozen>\b(?P<dq>half\s+a|an?|{_SMALL}|(?<![\w.,])\d+)\s+dozen\b)"
    r"|(?P<ascale>\ban?\s+(?P<scale>hundred|thousand|million)\b)"
    # Vague plurals ("dozens", "hundreds of thousands"): numbers no fact can trace.
    rf"|(?P<vague>\b(?:{_VAGUE})(?:\s+of\s+(?:thousands|millions))?\b)"
    r"|(?P<twice>\btwice\b)"
    r"|(?P<half>\b(?:more\s+than\s+)?half\b(?!-\w))"
    r"|(?P<none>\bnone\b)"
    rf"|(?P<num>(?<![\w.,]){_FIGURE}(?P<vf>[{_VULGAR}])?)(?P<sfx>st|nd|rd|th)?"
    r"(?=(?-i:pc)\b|(?!\w))"
    rf"|(?P<vulgar>[{_VULGAR}])"
    rf"|(?P<words>{_W}(?:(?:\s+and\s+|[\s-]+){_W})*))",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s*%|\s*(?-i:pc)\b|\s+per\s+cent\b|\s+percent\b", re.IGNORECASE)
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
    (a :class:`Fraction`: "one in three", "half", "a third"), "more_than_half", "multiple"
    (``(times, qualifier)``: "twice", "more than three times"), "vague" ("dozens"), "date"
    (``(year or None,
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


@functools.lru_cache(maxsize=1024)
def _fold(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` with every character that writes a digit or a sign in another form made plain,
    one character for one, so positions still point into ``text``: decimal digits of any
    script ("５", "٥", "५", by ``unicodedata.decimal``) become 0-9, full-width and other
    compatibility forms ("％", "ｐｃ", a no-break space) their NFKC character, the Arabic
    per cent sign and separators "%", "." and ",". Other numeric characters (superscripts
    "²", circled "①", Roman "Ⅻ"; categories No and Nl) become a space, so "53²" still
    shows 53, and their positions are returned to be read as numbers of their own; vulgar
    fractions ("½") are kept for the finder."""
    if text.isascii():
        return text, ()
    out: list[str] = []
    numerals: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii() or ch in _VULGAR:
            out.append(ch)
            continue
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif unicodedata.category(ch) in ("No", "Nl"):
            numerals.append(i)
            out.append(" ")
        elif ch in _SIGNS:
            out.append(_SIGNS[ch])
        else:
            plain = unicodedata.normalize("NFKC", ch)
            out.append(plain if len(plain) == 1 else ch)
    return "".join(out), tuple(numerals)


def _figure(written: str) -> Fraction | int:
    """The value of a figure as the finder matched it: "1,234", "12.5", "7½"."""
    extra = Fraction(0)
    if written and written[-1] in _VULGAR:
        extra = _numeric(written[-1])
        written = written[:-1]
    value = Fraction(written.replace(",", "")) + extra
    return int(value) if value.denominator == 1 else value


def _numeric(ch: str) -> Fraction:
    return Fraction(unicodedata.numeric(ch)).limit_denominator(1000)


def _raw(text: str) -> list[Mention]:
    """Every number in ``text`` as written, before proportions are joined (no sentences)."""
    found: list[Mention] = []
    plain, numerals = _fold(text)

    def add(value: Any, start: int, end: int, kind: str) -> None:
        if kind == "count":
            sign = _PERCENT.match(plain, end)
            if sign:
                kind, end = "percent", sign.end()
            elif _OTHER.match(plain, end):
                kind = "other"
        found.append(Mention(value, text[start:end], "", kind, start, end))

    for m in _FINDER.finditer(plain):
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
        elif m["mult"]:
            _multiple(m, add)
        elif m["frac"]:
            if m["fs"]:
                value = Fraction(1, _DENOMINATOR[m["fs"].lower()])
            else:
                numerator = _CARDINAL[m["fn"].lower()]
                value = Fraction(numerator, _PLURAL_DENOMINATOR[m["fp"].lower()])
            add(value, m.start(), m.end(), "proportion")
        elif m["dozen"]:
            said = " ".join(m["dq"].lower().split())
            times = {"half a": Fraction(1, 2), "a": 1, "an": 1}.get(said)
            if times is None:
                times = _CARDINAL[said] if said in _CARDINAL else int(said)
            add(int(12 * times), m.start(), m.end(), "count")
        elif m["ascale"]:
            add(_SCALES[m["scale"].lower()], m.start(), m.end(), "count")
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
            add(_figure(m["num"]), m.start(), m.end(), "ordinal" if m["sfx"] else "count")
        elif m["vulgar"]:
            add(_numeric(m["vulgar"]), m.start(), m.end(), "proportion")
        else:
            for start, end, value, ordinal in _read_words(plain, m.start(), m.end()):
                if ordinal and value <= 2 and not _ranks(plain, start, end):
                    continue  # "first mention", "a second", "for the first time"
                add(value, start, end, "ordinal" if ordinal else "count")
    for i in numerals:
        value = _numeric(text[i])
        value = int(value) if value.denominator == 1 else value
        found.append(Mention(value, text[i], "", "count", i, i + 1))
    if numerals:
        found.sort(key=lambda mention: mention.start)
    return found


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


def _multiple(m: re.Match[str], add: Callable[[Any, int, int, str], None]) -> None:
    """A multiple as the finder matched it: kind "multiple" and the value ``(times,
    qualifier)``, the qualifier "over" ("more than twice"), "under" ("nearly"), "about" or ""."""
    qualifier = _QUALIFIERS[" ".join(m["mq"].lower().split())] if m["mq"] else ""
    if m["mk"]:
        times: Fraction | int | None = _MULTIPLIERS[m["mk"].lower()]
    elif m["mc"]:
        times = _CHANGES[m["mc"].lower()]
    else:
        said = m["mn"]
        if said[0].isdigit():
            times = _figure(said)
        else:
            words_read = _read_words(m.string, m.start("mn"), m.end("mn"))
            whole = [w for w in words_read if not w[3]]
            times = whole[0][2] if len(whole) == 1 == len(words_read) else None
            if times is None:  # not one number in house style: read as counts
                for start, end, value, ordinal in words_read:
                    add(value, start, end, "ordinal" if ordinal else "count")
                return
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
        for m in SENTENCE_END.finditer(text):
            self.spans.append((previous, m.start()))
            previous = m.end()
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


def _find(text: str) -> tuple[list[Mention], list[tuple[int, int, int | None]]]:
    raw = _raw(text)
    plain = _fold(text)[0]
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
    return _find(text)[0]


@functools.lru_cache(maxsize=2048)
def _has_numbers(text: str) -> bool:
    return bool(_raw(text))


# --- what a draft's facts allow --------------------------------------------------------------

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
}
_PLACES_KEYS = ("places", "places_with_figures")
_EMBARGO = re.compile(
    r"(?P<h>\d{1,2}):(?P<m>\d{2})\s+(?:\w+\s+)?(?P<d>\d{1,2})\s+(?P<mon>[a-z]+)\s+(?P<y>\d{4})",
    re.IGNORECASE,
)


@dataclass
class Allowed:
    """What a draft may say: (kind, value) -> where it comes from; count-and-base pairs;
    each radio script's heading numbers; text printed word for word (text, source); and the
    rates, counts and bases of those pairs by measure, which multiples ("twice") are traced
    to: (measure path, "rate" | "count" | "base") -> {value: source}."""

    values: dict[tuple[str, Any], str] = field(default_factory=dict)
    pairs: dict[tuple[int, int], str] = field(default_factory=dict)
    scripts: list[tuple[frozenset[int], str]] = field(default_factory=list)
    verbatim: list[tuple[str, str]] = field(default_factory=list)
    compared: dict[tuple[str, str], dict[Fraction, str]] = field(default_factory=dict)

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
    scope = source.split("]", 1)[0] + "]" if "]" in source else ""
    for role, value in (("rate", Fraction(count, base)), ("count", count), ("base", base)):
        label = source if role == "rate" else f"{source} ({role})"
        allowed.compared.setdefault((scope, role), {}).setdefault(Fraction(value), label)
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
        for paragraph in [*(quote.get("paragraphs") or ()), *(quote.get("reported") or ())]:
            allowed.add_text(paragraph, source)
        for note in quote.get("context") or ():
            allowed.add_text(note.get("text") if isinstance(note, Mapping) else note, source)
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
    "multiple": "ratio",
    "vague": "number",
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
        elif m.kind == "multiple":
            source, problem = _ratio_source(m, allowed)
        elif m.kind == "vague":
            source, problem = None, _VAGUE_PROBLEM
        elif m.kind == "proportion":
            source, problem = _proportion_source(m, allowed)
        else:
            source = allowed.values.get((m.kind, m.value))
            problem = "" if source else f"the {_WHAT[m.kind]} is not in this draft's facts"
        results[i] = Traced(m, source, problem)
    return [r for i, r in enumerate(results) if r is not None and i not in dropped]


_VAGUE_PROBLEM = (
    "a vague number no fact can back; write the figure, or list the phrase in the story's "
    "settings.standing_text"
)
MULTIPLE_TOLERANCE = Fraction(5, 100)
"""How far a ratio may be from a multiple said plainly ("twice": 1.9 to 2.1); "about" allows
twice this, "more than" up to a quarter over and "nearly" up to a tenth under."""


def _proportion_source(m: Mention, allowed: Allowed) -> tuple[str | None, str]:
    """A proportion ("one in three", "a third", "½") is traced when the filters would say it
    of a count and its base, or when it rounds (``filters.percent_value``) to the same whole
    percentage, other than 0, as a rate in the facts."""
    source = allowed.values.get(("proportion", m.value))
    if source:
        return source, ""
    said = percent_value(m.value) if 0 < m.value <= 1 else 0
    source = allowed.values.get(("percent", said)) if said else None
    if source:
        return f"{source} ({said} per cent)", ""
    return None, f"the proportion ({_percent_text(m.value)}) is not a rate in this draft's facts"


def _percent_text(value: Fraction) -> str:
    exact = value * 100
    shown = f"{float(exact):.1f}".removesuffix(".0")
    return f"{shown} per cent"


def _within(ratio: Fraction, times: Fraction, qualifier: str) -> bool:
    if qualifier == "over":
        return times < ratio <= times * Fraction(5, 4)
    if qualifier == "under":
        return times * Fraction(9, 10) <= ratio < times
    slack = MULTIPLE_TOLERANCE * (2 if qualifier == "about" else 1)
    return abs(ratio - times) <= times * slack


def _ratio_source(m: Mention, allowed: Allowed) -> tuple[str | None, str]:
    """A multiple ("twice the national rate", "three times as many") is traced when two rates
    of count and base about the same measure (its figure and the national pooled rate, say),
    or two of their counts, or two of their bases, stand in that ratio
    (:data:`MULTIPLE_TOLERANCE`; "halved" is the ratio of the larger to the smaller)."""
    times, qualifier = m.value
    if times > 1:
        for values in allowed.compared.values():
            ordered = sorted((v, s) for v, s in values.items() if v > 0)
            for small, small_source in ordered:
                for large, large_source in reversed(ordered):
                    if large <= small:
                        break
                    if _within(Fraction(large) / Fraction(small), times, qualifier):
                        return f"{large_source} ÷ {small_source}", ""
    shown = f"{float(times):g}"
    return None, f"no two rates or counts in this draft's facts are {shown} times apart"


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
