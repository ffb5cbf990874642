"""The one presenter: how a figure, a rate, a share, a count, an ordinal or a rank is written,
in every output (templates through :mod:`.filters`, Word tables, charts, the site and ninjs).

Two registers, one rule each:

- **prose** (drafts, alt text): one to nine in words (:func:`number`, :func:`ordinal`), "per
  cent" spelt out (:func:`percent`, :func:`rate`), shares as a reporter says them
  (:func:`proportion`, :func:`spoken_proportion`), a rank from either end in the measure's
  direction ("the second lowest", "the joint third highest": :func:`rank_end`);
- **tables and labels** (Word, site, chart labels): figures throughout, with commas
  (:func:`figures`, :func:`ordinal_figure`), "%" for per cent and "per 1,000" for other
  scales (:func:`rate_label`), a figure as "9 of 17 (53%)" (:func:`figure_label`) and a rank
  as "1st of 43" or "joint 1st of 43" (:func:`rank_label`);
- **values with a unit** (a ``kind: value`` measure), the same in both registers: "£1,234",
  "42 minutes", "£12.50 per head" (:mod:`generator.language.amounts`, this presenter's part for
  values).

Rates are computed on exact fractions and rounded half up (never with Python's ``round``,
which rounds half to even), so every output prints the same value for the same figure. A
missing figure or a sample of zero raises ``ValueError`` in the prose functions: templates test
that a figure is available before printing it. A function that builds its words from input
text (a :class:`~generator.base.inert.Text`) returns Text, so the words print escaped.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from numbers import Integral, Rational
from typing import Protocol, cast

from generator.base.inert import Text
from generator.language.inflection import ENGINE as _p

_MISSING = "no figure for this area: test that it is available ({% if ... %}) before printing it"
NO_FIGURE = "no figure"
"""What a table cell says for a figure that does not exist."""


class Figure(Protocol):
    """A count out of a base (a sample), as the data layer hands it to templates."""

    @property
    def count(self) -> int | None: ...

    @property
    def base(self) -> int | None: ...


def kept(result: str, *sources: object) -> str:
    """``result`` as :class:`Text` when any of the strings it was made from is Text."""
    return Text(result) if any(isinstance(s, Text) for s in sources) else result


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def pair(figure_or_count: Figure | int | None, base: int | None = None) -> tuple[int, int]:
    """Check and unpack a figure, or a count and a base, into two whole numbers."""
    count: object = figure_or_count
    if base is None and hasattr(figure_or_count, "count"):
        figure = cast(Figure, figure_or_count)
        count, base = figure.count, getattr(figure, "base", None)
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


def _exact(rate: Figure | Fraction | int) -> tuple[int, int]:
    """The rate as a whole numerator and a positive denominator (not reduced)."""
    if isinstance(rate, Rational):
        return int(rate.numerator), int(rate.denominator)
    return pair(rate)


def _half_up(rate: Figure | Fraction | int, scale: int) -> int:
    """``rate * scale`` rounded half up, exactly: floor((2 n scale + d) / 2d) for n / d."""
    numerator, denominator = _exact(rate)
    return (2 * numerator * scale + denominator) // (2 * denominator)


# --- counts ------------------------------------------------------------------------------------


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
    return str(_p.number_to_words(str(int(n)), comma=""))


def figures(n: object) -> str:
    """A count as a table shows it: figures with commas; :data:`NO_FIGURE` for anything but
    a whole number. ``figures(2781) -> "2,781"``; ``figures(None) -> "no figure"``."""
    return f"{n:,}" if isinstance(n, int) and not isinstance(n, bool) else NO_FIGURE


def plural(noun: str, n: int) -> str:
    """The noun agreeing with n (inflect): singular for one, plural otherwise, zero included.

    ``{{ "robbery" | plural(6) }} -> "robberies"``.
    """
    if not isinstance(noun, str) or not noun:
        raise ValueError(f"plural needs a word to agree with the number, not {noun!r}")
    return kept(_plural(str.__str__(noun) if isinstance(noun, Text) else noun, n), noun)


@functools.lru_cache(maxsize=4096)
def _plural(noun: str, n: int) -> str:
    return str(_p.plural_noun(noun, n))


def count(n: int, noun: str) -> str:
    """A number and its agreeing noun; zero is "no".

    ``{{ 6 | count("robbery") }} -> "six robberies"``; 0 forces -> "no forces".
    """
    return kept(f"{'no' if n == 0 else number(n)} {plural(noun, n)}", noun)


# --- rates -------------------------------------------------------------------------------------


def percent_value(rate: Figure | Fraction | int) -> int:
    """Whole-number percentage, rounded half up from the exact fraction.

    ``{{ figure | percent_value }} -> 53`` for 9 of 17; 1/8 -> 13; 1/40 -> 3.
    """
    return _half_up(rate, 100)


def rate_value(rate: Figure | Fraction | int, per: int = 100, decimals: int = 0) -> str:
    """A rate on a scale of ``per``, with ``decimals`` places, rounded half up from the exact
    fraction; thousands take commas.

    ``{{ figure | rate_value(1000, 1) }} -> "529.4"`` for 9 of 17; 8 of 2,781 -> "2.9";
    ``{{ figure | rate_value }} -> "53"``.
    """
    scaled = _half_up(rate, per * 10**decimals)
    whole, part = divmod(scaled, 10**decimals)
    return f"{whole:,}" + (f".{part:0{decimals}d}" if decimals else "")


def unit(per: int, spoken: bool = True) -> str:
    """What follows a value: " per cent" (spoken) or "%" for per cent; " per 1,000" for
    another scale when spoken, nothing on a chart's axis or bar, whose label names the scale."""
    if per == 100:
        return " per cent" if spoken else "%"
    return f" per {per:,}" if spoken else ""


def scale(per: int, *, axis: bool = False) -> str:
    """The scale of a measure as a heading names it: "%" for per cent, else "per 1,000"; on a
    chart's axis, per cent in brackets: "(%)"."""
    if per == 100:
        return "(%)" if axis else "%"
    return f"per {per:,}"


def percent(rate: Figure | Fraction | int, sign: str = "per cent") -> str:
    """A rate as a whole percentage with its sign: "per cent" in body copy, "%" in headlines.

    ``{{ figure | percent }} -> "53 per cent"``; ``{{ figure | percent("%") }} -> "53%"``.
    """
    return kept(f"{percent_value(rate)}{'' if sign == '%' else ' '}{sign}", sign)


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
        return kept(f"{value}{'' if sign == '%' else ' '}{sign}", sign)
    return f"{value} per {per:,}"


def rate_label(rate_: Figure | Fraction | int, per: int = 100, decimals: int = 0) -> str:
    """A rate as tables and chart labels show it: "53%", or "2.9 per 1,000"."""
    return value_label(rate_value(rate_, per, decimals), per)


def value_label(value: str | int, per: int = 100) -> str:
    """A value already scaled and rounded (:func:`rate_value`, or a facts file's ``percent`` or
    ``value``) with its scale, as :func:`rate_label` writes it: "53%", "2.9 per 1,000"."""
    return f"{value}%" if per == 100 else f"{value} per {per:,}"


def axis_value(rate_: Figure | Fraction | int, per: int = 100, decimals: int = 0) -> str:
    """A rate at the end of a chart's bar: "53%", or "2.9" (the axis names "per 1,000")."""
    return rate_value(rate_, per, decimals) + unit(per, spoken=False)


def spoken_rate(rate_: Figure | Fraction | int, per: int = 100, decimals: int = 0) -> str:
    """A rate in words for alt text: "53 per cent", "2.9 per 1,000"."""
    return rate_value(rate_, per, decimals) + unit(per, spoken=True)


# --- shares ------------------------------------------------------------------------------------


def proportion(
    figure_or_count: Figure | int | None, base: int | None = None, sign: str = "per cent"
) -> str:
    """Print style: count of base with the percentage in brackets; a count of 0 is "none of".

    ``{{ 9 | proportion(17) }} -> "nine of 17 (53 per cent)"``; 0 of 20 -> "none of 20".
    """
    n, base = pair(figure_or_count, base)
    if n == 0:
        return f"none of {number(base)}"
    return kept(f"{number(n)} of {number(base)} ({percent(Fraction(n, base), sign)})", sign)


_SIMPLE = {Fraction(1, k): f"one in {words(k)}" for k in range(3, 11)}
_SIMPLE |= {Fraction(2, 3): "two in three", Fraction(3, 4): "three in four"}


def spoken_proportion(figure_or_count: Figure | int | None, base: int | None = None) -> str:
    """Radio style, for the ear. First rule that fits: 0 -> "none of the 20"; all -> "all";
    exactly half -> "half"; a rate exactly equal to a simple fraction (1/3 to 1/10, 2/3, 3/4)
    -> "one in three", "one in ten" (spelt out when spoken); above half -> "more than half";
    otherwise "nine out of 17" (count and base through ``number``).

    ``{{ 6 | spoken_proportion(18) }} -> "one in three"``.
    """
    n, base = pair(figure_or_count, base)
    share = Fraction(n, base)
    if n == 0:
        return f"none of the {number(base)}"
    if n == base:
        return "all"
    if share == Fraction(1, 2):
        return "half"
    if share in _SIMPLE:
        return _SIMPLE[share]
    if share > Fraction(1, 2):
        return "more than half"
    return f"{number(n)} out of {number(base)}"


def figure_label(n: object, base: object, label: str) -> str:
    """A figure as a table shows it, its rate already labelled (:func:`rate_label`,
    :func:`value_label`): "9 of 17 (53%)", "8 of 2,781 (2.9 per 1,000)"; without a label,
    "9 of 17". :data:`NO_FIGURE` without a whole count."""
    if not isinstance(n, int) or isinstance(n, bool):
        return NO_FIGURE
    return f"{figures(n)} of {figures(base)}" + (f" ({label})" if label else "")


# --- ordinals and ranks ------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def ordinal(n: int) -> str:
    """Ordinals follow the number rule: words to ninth, then figures with a suffix.

    ``{{ 8 | ordinal }} -> "eighth"``; ``{{ 12 | ordinal }} -> "12th"``.
    """
    return str(_p.ordinal(words(n)) if 0 <= n <= 9 else _p.ordinal(str(int(n))))


def ordinal_figure(n: int) -> str:
    """An ordinal in figures, as tables write it: 1 -> "1st", 12 -> "12th", 22 -> "22nd"."""
    return str(_p.ordinal(str(int(n))))


def rank_label(position: int, tied: int = 1, of: int | None = None, end: str = "") -> str:
    """A rank as a table shows it: "1st of 43"; shared, "joint 1st of 43" (the site's and
    Word's fact tables; who shares it is said beside it, not in it). With the ``end`` it is
    counted from: "worst of 43", "34th worst of 40", "joint 2nd worst of 43"."""
    text = ordinal_figure(position)
    if end:
        text = end if position == 1 else f"{text} {end}"
    text += f" of {of}" if of else ""
    return f"joint {text}" if tied > 1 else text


def rank_words(position: int, tied: int = 1, of: int | None = None) -> str:
    """A rank in running text: "fifth of 43", "joint fifth of 43", "12th of 43"."""
    text = ordinal(position) + (f" of {number(of)}" if of else "")
    return f"joint {text}" if tied > 1 else text


ENDS = ("worst", "best")
"""The two ends a rank is counted from: position 1 is the worst, ``from_best`` 1 the best."""


def end_word(worse: str, end: str = "best") -> str:
    """The neutral adjective for one end of a measure whose ``worse`` is "higher" or "lower":
    the worst end of a "higher" measure is "highest", its best end "lowest"."""
    if end not in ENDS or worse not in ("higher", "lower"):
        raise ValueError(f"expected an end of {ENDS} and worse 'higher' or 'lower', got {end!r}")
    return "highest" if (worse == "higher") == (end == "worst") else "lowest"


def rank_phrase(position: int, tied: int = 1, adjective: str = "worst") -> str:
    """A rank from one end in running text, the ordinal by the number rule: "the lowest",
    "the joint lowest", "the second lowest", "the joint third highest", "the 12th worst"."""
    if position < 1:
        raise ValueError(f"a rank position starts at 1, got {position}")
    text = adjective if position == 1 else f"{ordinal(position)} {adjective}"
    return f"the {'joint ' if tied > 1 else ''}{text}"


class Standing(Protocol):
    """A place's rank, counted from both ends (:class:`generator.compute.ranking.Rank`)."""

    @property
    def position(self) -> int: ...

    @property
    def tied(self) -> int: ...

    @property
    def from_best(self) -> int: ...


class Ranked(Protocol):
    """A measure for one place as templates hold it: its rank and the measure's direction."""

    @property
    def rank(self) -> Standing | None: ...

    @property
    def worse(self) -> str: ...


def rank_end(view: Ranked, end: str = "best") -> str:
    """A place's rank on a measure counted from ``end`` ("best" or "worst"), worded in the
    measure's direction (``worse``): where higher is worse, the best place is "the lowest",
    the next "the second lowest", two level in third from the top "the joint third highest".
    Templates test the position first (``m.rank.from_best <= 3``): the words are true at any
    position but news only near an end.

    ``{{ m | rank_end }} -> "the joint second lowest"``; ``{{ m | rank_end("worst") }} -> "the
    joint third highest"`` (third and fourth of five, level).
    """
    rank = view.rank
    if rank is None:
        raise ValueError(_MISSING)
    position = rank.position if end == "worst" else rank.from_best
    return rank_phrase(position, rank.tied, end_word(view.worse, end))


# --- change between two periods ----------------------------------------------------------------


class Changed(Protocol):
    """A change on a measure between two periods (:class:`generator.compute.change.PeriodChange`):
    ``direction`` ("up", "down", "unchanged"), the size as printed (``points_value``), the
    earlier rate as printed (``then_value``), the change of counts, the scale and the period."""

    @property
    def direction(self) -> str: ...

    @property
    def points_value(self) -> str: ...

    @property
    def then_value(self) -> str: ...

    @property
    def counts(self) -> int: ...

    @property
    def since(self) -> str: ...

    @property
    def per(self) -> int: ...


def points_unit(per: int, one: bool = False) -> str:
    """What a change of a rate is counted in: "percentage points" for per cent, "points per
    1,000" for per 1,000 (singular for exactly one)."""
    point = "point" if one else "points"
    return f"percentage {point}" if per == 100 else f"{point} per {per:,}"


def _points(change: Changed, spoken: bool) -> str:
    value = change.points_value
    whole = value.isdigit()
    size = number(int(value)) if spoken and whole else value
    return f"{size} {points_unit(change.per, one=value == '1')}"


def change(value: Changed) -> str:
    """A change of a rate since an earlier period, in running text; "unchanged" when the rates
    or their difference print the same (never "up 0 percentage points").

    ``{{ change | change }} -> "up 17 percentage points since 2012"`` (``change`` being
    ``m.change.change`` or ``m.change.pooled``); "down three percentage points since 2012"; "up
    1.2 points per 1,000 since 2012"; "unchanged since 2012".
    """
    since = value.since
    if value.direction == "unchanged":
        return kept(f"unchanged since {since}", since)
    return kept(f"{value.direction} {_points(value, True)} since {since}", since)


def change_from(value: Changed, sign: str = "per cent") -> str:
    """The earlier rate a change started from, in running text (``sign`` as :func:`percent`).

    ``{{ change | change_from }} -> "up from 43 per cent in 2012"``; "down from 2.9 per 1,000
    in 2012"; unchanged: "the same as in 2012".
    """
    since = value.since
    if value.direction == "unchanged":
        return kept(f"the same as in {since}", since)
    if value.per == 100:
        earlier = f"{value.then_value}{'' if sign == '%' else ' '}{sign}"
    else:
        earlier = f"{value.then_value} per {value.per:,}"
    return kept(f"{value.direction} from {earlier} in {since}", since, sign)


def count_change(value: Changed, noun: str) -> str:
    """The change of the counts, with the noun agreeing: "one fewer robbery than in 2012",
    "the same number as in 2012".

    ``{{ change | count_change("case") }} -> "17 more cases than in 2012"``.
    """
    n, since = abs(value.counts), value.since
    if n == 0:
        return kept(f"the same number as in {since}", since)
    more = "more" if value.counts > 0 else "fewer"
    return kept(f"{number(n)} {more} {plural(noun, n)} than in {since}", since, noun)


def change_label(value: Changed) -> str:
    """A change as tables show it, figures throughout: "up 17 percentage points since 2012
    (61% in 2012)", "unchanged since 2012 (2.9 per 1,000 in 2012)"."""
    earlier = value_label(value.then_value, value.per)
    head = (
        "unchanged"
        if value.direction == "unchanged"
        else (f"{value.direction} {_points(value, False)}")
    )
    return f"{head} since {value.since} ({earlier} in {value.since})"


# --- headlines and labels ----------------------------------------------------------------------


def capital(text: str) -> str:
    """The text with its first letter capitalised, nothing else changed (a label opening a
    table row or a heading): "rape" -> "Rape"."""
    return kept(text[:1].upper() + text[1:], text)


def headline_line(markdown: str) -> str:
    """A draft's headline: its first ``# `` line without the marks, or ""."""
    return next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")), "")
