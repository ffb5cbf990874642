"""House style as Jinja filters: numbers, percentages, plurals, dates and sentence openings.

The filters for figures (numbers, rates, shares, ordinals, counts) are the presenter's own
functions (:mod:`generator.language.present`), so a template, a Word table, a chart and the site
write a figure the same way; the rest (verbs, sentence openings, dates, articles, lists) live
here. Every filter is a plain typed function with a usage example in its docstring; templates get
them all through the one registry, ``FILTERS``, at the bottom. Percentages are computed on exact
fractions and rounded half up (never with Python's ``round``, which rounds half to even). A
missing figure or a sample of zero raises ``ValueError``: templates test that a figure is
available before printing it, so a draft never says 0, "nan" or "None" for a figure it lacks.
A filter that builds its words from input text (a :class:`~generator.base.inert.Text`) returns Text,
so the words print escaped, as the input would have.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from generator.language.amounts import amount
from generator.language.inflection import ENGINE as _p
from generator.language.present import (
    change,
    change_from,
    count,
    count_change,
    kept,
    number,
    ordinal,
    percent,
    percent_value,
    plural,
    proportion,
    rank_end,
    rate,
    rate_value,
    spoken_proportion,
    words,
)
from generator.language.shares import category_share, common_order, most_common


def _like(result: str, source: object) -> str:
    """``result`` made from ``source`` by adding only words: Text or Markup as ``source`` was
    (so escaped text, joined with ``~`` in an HTML template, is not escaped twice)."""
    return Markup(result) if isinstance(source, Markup) else kept(result, source)


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
    if not said:
        raise ValueError("article needs a word to go before, not an empty text")
    return _like(f"{_p.a(said).split(' ', 1)[0]} {word}", word)


def possessive(name: str) -> str:
    """A name's possessive in house style: an apostrophe alone after a final s.

    ``possessive("Kent") -> "Kent's"``; ``possessive("Tower Hamlets") -> "Tower Hamlets'"``.
    """
    return f"{name}'" if name.rstrip().lower().endswith("s") else f"{name}'s"


def series(items: Iterable[object], conjunction: str = "and") -> str:
    """A list as a reporter writes it, with no serial comma.

    ``{{ ["rape", "robbery", "violence"] | series }} -> "rape, robbery and violence"``.
    """
    parts = [str(item) for item in items]
    if len(parts) <= 1:
        return kept("".join(parts), *parts)
    return kept(f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}", conjunction, *parts)


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
    "rank_end": rank_end,
    "amount": amount,
    "plural": plural,
    "count": count,
    "change": change,
    "change_from": change_from,
    "count_change": count_change,
    "most_common": most_common,
    "category_share": category_share,
    "common_order": common_order,
    "verb": verb,
    "sentence": sentence,
    "date": date,
    "long_date": long_date,
    "article": article,
    "series": series,
}
