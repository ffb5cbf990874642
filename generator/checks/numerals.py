"""How numbers are written in a draft: the number words, the pattern that finds every form
of a number (:data:`FINDER`), and reading a figure or a run of words back to its value.

The forms it reads are listed in :mod:`generator.checks.factcheck`."""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from fractions import Fraction

from generator.language.filters import words
from generator.language.inflection import ENGINE as _p

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
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
CARDINAL = {w: i for i, w in enumerate(_UNITS + _TEENS)}
CARDINAL |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_ORDINAL_WORDS = {_p.ordinal(w): v for w, v in (*CARDINAL.items(), *SCALES.items()) if v}
_NUMBER_WORDS = sorted({*CARDINAL, *SCALES, *_ORDINAL_WORDS}, key=len, reverse=True)
_W = r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b"
_LONGEST = 16  # tokens in one number: "nine hundred and ninety-nine thousand nine hundred..."
MONTHS = [m.lower() for m in calendar.month_name[1:]]
DAYS = [d.lower() for d in calendar.day_name]
_MONTH = "|".join(MONTHS)

# Vulgar fraction characters ("½", "¾"): read by the finder, alone or after a figure ("7½").
_VULGAR = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞↉"
# Signs that NFKC leaves alone but that write a number all the same (Arabic per cent sign,
# decimal and thousands separators).
_SIGNS = {"٪": "%", "٫": ".", "٬": ","}
_CARDINALS = "|".join(sorted({*CARDINAL, *SCALES}, key=len, reverse=True))
_FIGURE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SMALL = "one|two|three|four|five|six|seven|eight|nine|ten"
_DENOMINATORS = ["half", "third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth"]
_DENOMINATORS += ["tenth"]
DENOMINATOR = {w: 2 + i for i, w in enumerate(_DENOMINATORS)} | {"fourth": 4}
PLURAL_DENOMINATOR = {"halves": 2, "thirds": 3, "quarters": 4, "fourths": 4}
PLURAL_DENOMINATOR |= {f"{w}s": v for w, v in DENOMINATOR.items() if v > 4}
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
QUALIFIERS = {
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
_QUALIFIER = "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS)
MULTIPLIERS = {"twice": 2, "double": 2, "treble": 3, "triple": 3, "quadruple": 4}
CHANGES = {"doubled": 2, "halved": 2, "trebled": 3, "tripled": 3, "quadrupled": 4}
_VAGUE = r"dozens|hundreds|thousands|millions|scores(?=\s+of\b)"

FINDER = re.compile(
    # Every alternative starts a word, with a digit or a letter that can open one.
    rf"(?<!\w)(?=[0-9adefhjmnoqrstwz{_VULGAR}])(?:"
    rf"(?P<date>(?:\b(?P<wd>{'|'.join(DAYS)}),?\s+)?\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+"
    rf"(?P<mon>{_MONTH})\b(?:,?\s+(?P<yr>\d{{4}})\b)?)"
    rf"|(?P<monthyear>\b(?P<mon2>{_MONTH})\s+(?P<yr2>\d{{4}})\b)"
    r"|(?P<iso>(?<![\w.])\d{4}-\d{2}-\d{2}(?!\w))"
    r"|(?P<time>(?<![\w.:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\w:]))"
    # Multiples: "twice the rate", "more than three times as likely", "2.5 times higher",
    # "one and a half times", "the rate doubled".
    rf"|(?P<mult>(?:(?P<mq>{_QUALIFIER})\s+)?(?:"
    rf"(?P<mk>{'|'.join(MULTIPLIERS)})\b{_COMPARED}"
    rf"|(?P<mc>{'|'.join(CHANGES)})\b"
    rf"|(?P<mn>(?<![\w.,]){_FIGURE}[{_VULGAR}]?|\b(?:{_CARDINALS})(?:(?:\s+and\s+|[\s-]+)"
    rf"(?:{_CARDINALS})\b)*)(?P<mh>\s+and\s+a\s+half)?\s+times\b{_COMPARED}))"
    # Fractions in words: "a third", "one-fifth", "two thirds", "three quarters".
    rf"|(?P<frac>\b(?:(?P<fa>an?|one)[\s-]+(?P<fs>{'|'.join(DENOMINATOR)})\b{_AS_FRACTION}"
    rf"|(?P<fn>two|three|four|five|six|seven|eight|nine)[\s-]+"
    rf"(?P<fp>{'|'.join(PLURAL_DENOMINATOR)})\b))"
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
_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)

# :func:`find` runs the same pattern without IGNORECASE on the text with A-Z lowered (twice as
# fast), and only where a match can start (a candidate, found by one cheap pattern): a digit, a
# vulgar fraction, a word that opens one of the pattern's alternatives, "a" or "an" before a
# fraction or "dozen", "hundred"..., or a qualifier ("about") before a multiple. A candidate
# takes one word, so the next word is a candidate of its own.
_LOWER_FINDER = re.compile(FINDER.pattern)
_LEADS = {*DAYS, *MONTHS, *MULTIPLIERS, *CHANGES, *CARDINAL, *SCALES, *_ORDINAL_WORDS}
_LEADS |= {"half", "twice", "none", "dozens", "hundreds", "thousands", "millions", "scores"}
_A_WHAT = "|".join([*DENOMINATOR, "dozen", *SCALES])
_QUALIFIED = "|".join([r"\d", "half", *MULTIPLIERS, *CHANGES, *CARDINAL, *SCALES])
_CANDIDATE = re.compile(
    rf"(?<!\w)(?:[0-9{_VULGAR}]|(?:{'|'.join(sorted(_LEADS, key=len, reverse=True))})\b"
    rf"|(?=an?[\s-]+(?:{_A_WHAT})\b|(?:{_QUALIFIER})\s+(?:{_QUALIFIED}))[a-z]+)"
)
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_LIKE_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")  # "İ ı ſ K": IGNORECASE reads as i, s, k


def find(plain: str) -> list[re.Match[str]]:
    """``list(FINDER.finditer(plain))``, found faster: the matches of the same pattern, without
    IGNORECASE, in ``plain`` with only A-Z lowered (so every position and every other
    character is the same, and the groups are read in lower case, as the finder's users read
    them), tried only at candidate starts. Text where the two could differ is read by
    :data:`FINDER` itself: a character outside ASCII that IGNORECASE matches to a letter, or a
    figure before a "pc" that is not in lower case (``(?-i:pc)``)."""
    if plain.isascii():
        low = plain.lower()
    else:
        others = set(_NON_ASCII.findall(plain))
        if not others.isdisjoint(_LIKE_ASCII):
            return list(FINDER.finditer(plain))
        if all(ch.lower() == ch for ch in others):
            low = plain.lower()  # the same as lowering A-Z alone
        else:
            low = plain.translate(_ASCII_LOWER)
    found = []
    end = 0
    match = _LOWER_FINDER.match
    for candidate in _CANDIDATE.finditer(low):
        start = candidate.start()
        if start < end:
            continue
        m = match(low, start)
        if m is not None:
            end = m.end()
            if m["num"] and low.startswith("pc", end) and not plain.startswith("pc", end):
                return list(FINDER.finditer(plain))
            found.append(m)
    return found


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
            token = next((w for w, v in SCALES.items() if v == value), "")
            if not token:
                current += value
                continue
        if token in CARDINAL:
            current += CARDINAL[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in SCALES:
            total += max(current, 1) * SCALES[token]
            current = 0
        else:
            return None
    return total + current, ordinal


def read_words(text: str, start: int, end: int) -> list[tuple[int, int, int, bool]]:
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
def fold(text: str) -> tuple[str, tuple[int, ...]]:
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
    counted: set[str] = set()
    changes: dict[str, str] = {}
    for ch in set(_NON_ASCII.findall(text)):
        plain = _plain_char(ch)
        if plain is None:
            counted.add(ch)
            plain = " "
        if plain != ch:
            changes[ch] = plain
    numerals = tuple(i for i, ch in enumerate(text) if ch in counted) if counted else ()
    if not changes.keys().isdisjoint(changes.values()):  # one change must not feed another
        return text.translate({ord(ch): plain for ch, plain in changes.items()}), numerals
    for ch, plain in changes.items():
        text = text.replace(ch, plain)
    return text, numerals


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=4096)
def _plain_char(ch: str) -> str | None:
    """What :func:`fold` makes of one character outside ASCII: itself, a digit, a sign, its
    NFKC form, or ``None`` for a numeric character read as a number of its own."""
    if ch in _VULGAR:
        return ch
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    if unicodedata.category(ch) in ("No", "Nl"):
        return None
    if ch in _SIGNS:
        return _SIGNS[ch]
    plain = unicodedata.normalize("NFKC", ch)
    return plain if len(plain) == 1 else ch


def figure_value(written: str) -> Fraction | int:
    """The value of a figure as the finder matched it: "1,234", "12.5", "7½"."""
    digits = written.replace(",", "")
    if digits.isascii() and digits.isdigit():
        return int(digits)
    extra = Fraction(0)
    if written and written[-1] in _VULGAR:
        extra = numeric(written[-1])
        written = written[:-1]
    value = Fraction(written.replace(",", "")) + extra
    return int(value) if value.denominator == 1 else value


def numeric(ch: str) -> Fraction:
    return Fraction(unicodedata.numeric(ch)).limit_denominator(1000)
