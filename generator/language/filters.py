"""House style as Jinja filters: numbers, percentages, plurals, dates and sentence openings.

Every filter is a plain typed function with a usage example in its docstring; templates get
them all through the one registry, ``FILTERS``, at the bottom. Percentages are computed on exact
fractions and rounded half up (never with Python's ``round``, which rounds half to even). A
missing figure or a sample of zero raises ``ValueError``: templates test that a figure is
available before printing it, so a draft never says 0, "nan" or "None" for a figure it lacks.
A filter that builds its words from input text (a :class:`~generator.base.inert.Text`) returns Text,
so the words print escaped, as the input would have.
"""

import datetime
import functools
import math
import re
from collections.abc import Callable, Iterable
from fractions import Fraction
from numbers import Integral, Rational
from typing import Any, Protocol

import inflect
from markupsafe import Markup

from generator.base.inert import Text

_p = inflect.engine()

_MISSING = "no figure for this area: test that it is available ({% if ... %}) before printing it"


class Figure(Protocol):
    """A count out of a base (a sample), as the data layer hands it to templates."""

    count: int | None
    base: int | None


def _kept(result: str, *sources: object) -> str:
    """``result`` as :class:`Text` when any of the strings it was made from is Text."""
    return Text(result) if any(isinstance(s, Text) for s in sources) else result


def _like(result: str, source: object) -> str:
    """``result`` made from ``source`` by adding only words: Text or Markup as ``source`` was
    (so escaped text, joined with ``~`` in an HTML template, is not escaped twice)."""
    return Markup(result) if isinstance(source, Markup) else _kept(result, source)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pair(figure_or_count: Figure | int | None, base: int | None = None) -> tuple[int, int]:
    """Check and unpack a figure, or a count and a base, into two whole numbers."""
    if base is None and hasattr(figure_or_count, "count"):
        figure_or_count, base = figure_or_count.count, getattr(figure_or_count, "base", None)
    count = figure_or_count
    if _missing(count):
        raise ValueError(_MISSING)
    if _missing(base):
        raise ValueError(f"no base for {count!r}: pass a figure, or a count and its base")
    if not (isinstance(count, Integral) and isinstance(base, Integral)):
        raise ValueError(f"expected a whole count and base, got {count!r} of {base!r}")
    if base == 0:
        raise ValueError("a rate out of a sample of zero does not exist: write no sentence for it")
    if not 0 <= count <= base:
        raise ValueError(f"count {count} is not between 0 and the base {base}")
    return int(count), int(base)


def number(n: int) -> str:
    """One to nine in words, zero as "zero", 10 and above (and negatives) in figures.

    ``{{ 9 | number }} -> "nine"``; ``{{ 17 | number }} -> "17"``; 1000 and above take commas.
    """
    return words(n) if 0 <= n <= 9 else f"{n:,}"


@functools.lru_cache(maxsize=4096)
def words(n: int) -> str:
    """Always in words, hyphenated, British "and" after hundreds, never commas.

    ``{{ 53 | words }} -> "fifty-three"``; ``{{ 101 | words }} -> "one hundred and one"``.
    """
    return _p.number_to_words(int(n), comma="")


def percent_value(rate: Figure | Fraction | int) -> int:
    """Whole-number percentage, rounded half up from the exact fraction.

    ``{{ figure | percent_value }} -> 53`` for 9 of 17; 1/8 -> 13; 1/40 -> 3.
    """
    exact = Fraction(rate) if isinstance(rate, Rational) else Fraction(*_pair(rate))
    return math.floor(exact * 100 + Fraction(1, 2))


def percent(rate: Figure | Fraction | int, sign: str = "per cent") -> str:
    """A rate as a whole percentage with its sign: "per cent" in body copy, "%" in headlines.

    ``{{ figure | percent }} -> "53 per cent"``; ``{{ figure | percent("%") }} -> "53%"``.
    """
    return _kept(f"{percent_value(rate)}{'' if sign == '%' else ' '}{sign}", sign)


def rate_value(rate: Figure | Fraction | int, per: int = 100, decimals: int = 0) -> str:
    """A rate on a scale of ``per``, with ``decimals`` places, rounded half up from the exact
    fraction; thousands take commas.

    ``{{ figure | rate_value(1000, 1) }} -> "529.4"`` for 9 of 17; 8 of 2,781 -> "2.9";
    ``{{ figure | rate_value }} -> "53"``.
    """
    exact = (Fraction(rate) if isinstance(rate, Rational) else Fraction(*_pair(rate))) * per
    scaled = math.floor(exact * 10**decimals + Fraction(1, 2))
    whole, part = divmod(scaled, 10**decimals)
    return f"{whole:,}" + (f".{part:0{decimals}d}" if decimals else "")


def rate(
    rate: Figure | Fraction | int, per: int = 100, decimals: int = 0, sign: str = "per cent"
) -> str:
    """A rate with its scale: per cent (``sign``, as :func:`percent`) when ``per`` is 100,
    else "per 1,000" and so on.

    ``{{ figure | rate(1000, 1) }} -> "529.4 per 1,000"`` for 9 of 17 (8 of 2,781: "2.9 per
    1,000"); ``{{ figure | rate }} -> "53 per cent"``.
    """
    value = rate_value(rate, per, decimals)
    if per == 100:
        return _kept(f"{value}{'' if sign == '%' else ' '}{sign}", sign)
    return f"{value} per {per:,}"


def proportion(
    figure_or_count: Figure | int | None, base: int | None = None, sign: str = "per cent"
) -> str:
    """Print style: count of base with the percentage in brackets; a count of 0 is "none of".

    ``{{ 9 | proportion(17) }} -> "nine of 17 (53 per cent)"``; 0 of 20 -> "none of 20".
    """
    count, base = _pair(figure_or_count, base)
    if count == 0:
        return f"none of {number(base)}"
    return _kept(
        f"{number(count)} of {number(base)} ({percent(Fraction(count, base), sign)})", sign
    )


_SIMPLE = {Fraction(1, k): f"one in {_p.number_to_words(k)}" for k in range(3, 11)}
_SIMPLE |= {Fraction(2, 3): "two in three", Fraction(3, 4): "three in four"}


def spoken_proportion(figure_or_count: Figure | int | None, base: int | None = None) -> str:
    """Radio style, for the ear. First rule that fits: 0 -> "none of the 20"; all -> "all";
    exactly half -> "half"; a rate exactly equal to a simple fraction (1/3 to 1/10, 2/3, 3/4)
    -> "one in three", "one in ten" (spelt out when spoken); above half -> "more than half";
    otherwise "nine out of 17" (count and base through ``number``).

    ``{{ 6 | spoken_proportion(18) }} -> "one in three"``.
    """
    count, base = _pair(figure_or_count, base)
    rate = Fraction(count, base)
    if count == 0:
        return f"none of the {number(base)}"
    if count == base:
        return "all"
    if rate == Fraction(1, 2):
        return "half"
    if rate in _SIMPLE:
        return _SIMPLE[rate]
    if rate > Fraction(1, 2):
        return "more than half"
    return f"{number(count)} out of {number(base)}"


@functools.lru_cache(maxsize=4096)
def ordinal(n: int) -> str:
    """Ordinals follow the number rule: words to ninth, then figures with a suffix.

    ``{{ 8 | ordinal }} -> "eighth"``; ``{{ 12 | ordinal }} -> "12th"``.
    """
    return _p.ordinal(words(n)) if 0 <= n <= 9 else _p.ordinal(int(n))


def plural(noun: str, n: int) -> str:
    """The noun agreeing with n (inflect): singular for one, plural otherwise, zero included.

    ``{{ "robbery" | plural(6) }} -> "robberies"``.
    """
    return _kept(_plural(str.__str__(noun) if isinstance(noun, Text) else noun, n), noun)


@functools.lru_cache(maxsize=4096)
def _plural(noun: str, n: int) -> str:
    return _p.plural_noun(noun, n)


def count(n: int, noun: str) -> str:
    """A number and its agreeing noun; zero is "no".

    ``{{ 6 | count("robbery") }} -> "six robberies"``; 0 forces -> "no forces".
    """
    return _kept(f"{'no' if n == 0 else number(n)} {plural(noun, n)}", noun)


def verb(n: int, singular: str = "was", plural: str = "were") -> str:
    """The verb agreeing with n: singular for exactly one.

    ``{{ 6 | verb }} -> "were"``; ``{{ 1 | verb("has", "have") }} -> "has"``.
    """
    return singular if n == 1 else plural


_OPENERS = "\"“‘'*_"
_LEADING_FIGURE = re.compile(
    rf"\A(?P<open>[{_OPENERS}]*)(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![.,]?\d)"
    r"(?P<suffix>st|nd|rd|th)?(?P<sign>%| per cent)?"
)


def _spell(match: re.Match[str]) -> str:
    """The words for a leading figure: "53%" -> "fifty-three per cent", "12th" -> "twelfth"."""
    said = words(int(match["num"].replace(",", "")))
    said = _p.ordinal(said) if match["suffix"] else said
    return match["open"] + said + (" per cent" if match["sign"] else "")


def sentence(text: str) -> str:
    """Fit text to open a sentence or headline: no leading whitespace, a leading figure in
    words ("%" becomes "per cent"; decimals are left for an editor), first letter capitalised,
    looking past opening quotes and Markdown emphasis.

    ``{{ "53% of forces" | sentence }} -> "Fifty-three per cent of forces"``.
    """
    fitted = _LEADING_FIGURE.sub(_spell, text.lstrip(), count=1)
    start = len(fitted) - len(fitted.lstrip(_OPENERS))
    return _like(fitted[:start] + fitted[start : start + 1].upper() + fitted[start + 1 :], text)


def _as_date(d: datetime.date | str) -> datetime.date:
    return datetime.datetime.fromisoformat(d).date() if isinstance(d, str) else d


def date(d: datetime.date | str) -> str:
    """Day, month name and year; ISO strings accepted.

    ``{{ "2020-10-23" | date }} -> "23 October 2020"``.
    """
    d = _as_date(d)
    return f"{d.day} {d:%B %Y}"


def long_date(d: datetime.date | str) -> str:
    """The date with its day named, never "today" or "yesterday".

    ``{{ "2020-10-23" | long_date }} -> "Friday 23 October 2020"``.
    """
    return f"{_as_date(d):%A} {date(d)}"


def article(word: str) -> str:
    """ "a" or "an" before a word, by its sound; figures are judged as they are said.

    ``{{ "eighth" | article }} -> "an eighth"``; ``{{ "12th" | article }} -> "a 12th"``.
    """
    said = _LEADING_FIGURE.sub(_spell, word, count=1)
    return _like(f"{_p.a(said).split(' ', 1)[0]} {word}", word)


def series(items: Iterable[object], conjunction: str = "and") -> str:
    """A list as a reporter writes it, with no serial comma.

    ``{{ ["rape", "robbery", "violence"] | series }} -> "rape, robbery and violence"``.
    """
    parts = [str(item) for item in items]
    if len(parts) <= 1:
        return _kept("".join(parts), *parts)
    return _kept(f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}", conjunction, *parts)


FILTERS: dict[str, Callable[..., Any]] = {
    "number": number,
    "words": words,
    "percent_value": percent_value,
    "percent": percent,
    "proportion": proportion,
    "rate": rate,
    "rate_value": rate_value,
    "spoken_proportion": spoken_proportion,
    "ordinal": ordinal,
    "plural": plural,
    "count": count,
    "verb": verb,
    "sentence": sentence,
    "date": date,
    "long_date": long_date,
    "article": article,
    "series": series,
}
