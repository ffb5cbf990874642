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


def figure_value(written: str) -> Fraction | int:
    """The value of a figure as the finder matched it: "1,234", "12.5", "7½"."""
    extra = Fraction(0)
    if written and written[-1] in _VULGAR:
        extra = numeric(written[-1])
        written = written[:-1]
    value = Fraction(written.replace(",", "")) + extra
    return int(value) if value.denominator == 1 else value


def numeric(ch: str) -> Fraction:
    return Fraction(unicodedata.numeric(ch)).limit_denominator(1000)
