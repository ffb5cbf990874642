"""Tracing each number a draft states to a value in its facts (:func:`trace`): a
:class:`Traced` with its source, or the problem when there is none. The rules are in
:mod:`generator.checks.factcheck`."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from generator.checks.allowed import Allowed, allowed_values
from generator.checks.numbers import Mention
from generator.checks.ranks import bare_claims, end_after
from generator.checks.wanted import mentions as _mentions
from generator.inputs.settings import EngineSettings
from generator.language.filters import percent_value
from generator.language.present import ordinal


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
    source: str | None
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
    "points": "change in points",
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
    engine: EngineSettings | None = None,
    names: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
    allowed: Allowed | None = None,
    claims: bool = False,
) -> list[Traced]:
    """Every number in ``text``, each traced to a value in ``facts`` or not (module doc); with
    ``claims``, also each "the lowest" or "the highest" a place's draft claims
    (:mod:`generator.checks.ranks`), after the numbers. Without ``allowed``, only what the
    text's numbers can look up is read from the facts (:mod:`.wanted`)."""
    if allowed is None:
        allowed = allowed_values(
            facts, settings, engine=engine, names=names, context=context, text=text
        )
    mentions, pairs = _mentions(text)
    results: list[Traced | None] = [None] * len(mentions)
    dropped: set[int] = set()
    spans = _covered(text, allowed)
    for i, m in enumerate(mentions):
        for start, end, printed in spans:
            if start <= m.start and m.end <= end:
                results[i] = Traced(m, printed)
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
        elif m.kind == "ordinal" and (side := end_after(text, m.end)):
            source, problem = _end_source(m.value, side, allowed)
        else:
            source = allowed.values.get((m.kind, m.value))
            problem = "" if source else f"the {_WHAT[m.kind]} is not in this draft's facts"
        results[i] = Traced(m, source, problem)
    found = [r for i, r in enumerate(results) if r is not None and i not in dropped]
    return found + (_bare(text, facts, settings, allowed) if claims else [])


def _end_source(position: int, end: str, allowed: Allowed) -> tuple[str | None, str]:
    """An ordinal before an end word is a rank counted from that end (:mod:`.ranks`)."""
    source = allowed.values.get(("end", (end, position)))
    if source:
        return source, ""
    return None, f"the rank is not in this draft's facts: none is the {ordinal(position)} {end}"


def _bare(
    text: str, facts: Mapping[str, Any], settings: Mapping[str, Any] | None, allowed: Allowed
) -> list[Traced]:
    """Each "the lowest" / "the highest" a place's draft claims, traced to a rank at position
    1 from that end (:mod:`.ranks`)."""
    traced = []
    for start, end, word in bare_claims(text, facts, settings):
        m = Mention((word, 1), text[start:end], _sentence(text, start), "end", start, end)
        source = allowed.values.get(("end", (word, 1)))
        problem = "" if source else f"the rank is not in this draft's facts: none is the {word}"
        traced.append(Traced(m, source, problem))
    return traced


def _sentence(text: str, at: int) -> str:
    """The sentence (or line) around ``text[at]``."""
    stop = text.rfind(". ", 0, at)
    start = max(stop + 2 if stop != -1 else 0, text.rfind("\n", 0, at) + 1)
    ends = [i for i in (text.find(". ", at), text.find("\n", at)) if i != -1]
    return text[start : min(ends) + 1 if ends else len(text)].strip()


_VAGUE_PROBLEM = (
    "a vague number no fact can back; write the figure, or list the phrase in the story's "
    "engine.standing_text"
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
        if results[i] is not None:
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        if text.startswith("#", line_start):
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
