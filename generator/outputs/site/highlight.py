"""Figures in a draft's text marked and linked to their rows in the page's facts: the fact
check traces each number to the path of the fact it came from, and that path leads to the
row's anchor (see :mod:`generator.outputs.site.facts_table`)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from generator.checks.allowed import allowed_values
from generator.checks.factcheck import names_of
from generator.checks.numbers import Mention
from generator.checks.trace import trace
from generator.checks.wanted import mentions, want_all
from generator.drafts.fact_types import AnyFacts, DraftFacts, MeasureFacts
from generator.inputs.story import Story
from generator.outputs.site.facts_table import category_anchor
from generator.outputs.site.words import anchor_id

Highlight = Callable[[str, bool], str]

_SOURCE = re.compile(r"(?:len\()?measures\[(?P<measure>[^\]]+)\]\.?(?P<rest>[^)\s]*)")
_NAMED = {
    "total": "total",
    "rank": "rank",
    "pooled": "pooled",
    "worst": "worst",
    "places_without": "without",
    "places_with_figures": "with",
    "funnel": "funnel",
    "amount": "amount",  # a value measure's value and national figure
    "national": "national",
}


def _figure_anchors(key: str, mention: Mention, facts: AnyFacts) -> list[str]:
    """A number traced to a place's own figure: its rate, else its base or its count."""
    if mention.kind in ("percent", "proportion", "more_than_half"):
        return [f"fact-{key}-percent", f"fact-{key}-value", f"fact-{key}-count"]
    figure = next(
        (
            e.figure
            for e in facts.measures
            if isinstance(e, MeasureFacts) and anchor_id(e.measure) == key
        ),
        None,
    )
    if figure is not None and mention.value == figure.base and mention.value != figure.count:
        return [f"fact-{key}-base"]
    return [f"fact-{key}-count"]


_CATEGORY = re.compile(r"categories\[(?P<section>\d+)\]\.(?P<list>shares|national)\[(?P<at>\d+)\]")


def _category_anchors(source: str, facts: AnyFacts) -> list[str]:
    """A number traced to a ``categories:`` section ("categories[0].shares[1].count/base"):
    that category's row (a national share is in the row of the same category)."""
    m = _CATEGORY.match(source)
    sections = facts.categories if isinstance(facts, DraftFacts) else None
    if m is None or not sections or int(m["section"]) >= len(sections):
        return []
    entry = sections[int(m["section"])]
    listed = (entry.shares if m["list"] == "shares" else entry.national) or ()
    at = int(m["at"])
    if at >= len(listed):
        return [category_anchor(entry.categories)]
    column = listed[at].column
    shares = entry.shares or ()
    row = next((i for i, s in enumerate(shares) if s.column == column), None)
    section = category_anchor(entry.categories)
    return [section] if row is None else [category_anchor(entry.categories, row), section]


def anchors_for(source: str, mention: Mention, facts: AnyFacts) -> list[str]:
    """Where a traced number's entry is in the facts section, best first, from the path the
    fact check traced it to ("measures[sexual].figure.count/base" -> the count or the base)."""
    m = _SOURCE.match(source)
    if m is None:
        field_name = re.match(r"fields\.([^.\s]+)", source)
        if field_name:
            return [f"fact-field-{anchor_id(field_name[1])}"]
        if source.startswith("categories["):
            return _category_anchors(source, facts)
        return ["fact-places"] if re.match(r"(?:len\()?places\b", source) else []
    key, head = anchor_id(m["measure"]), m["rest"].split(".")[0]
    if head == "figure":
        return _figure_anchors(key, mention, facts)
    if head == "change":  # "17 percentage points", the earlier rate, the year, the counts
        if m["rest"].startswith("change.pooled"):
            return [f"fact-{key}-change-pooled", f"fact-{key}-change", f"fact-{key}"]
        return [f"fact-{key}-change", f"fact-{key}"]
    if head.startswith("summed["):
        return [f"fact-{key}-p{head[7:].split(']')[0]}"]
    head = head.split("/")[0]
    if head in _NAMED:
        return [f"fact-{key}-{_NAMED[head]}", f"fact-{key}"]
    if head == "places_with_at_least_one":
        return [f"fact-{key}-atleast", f"fact-{key}"]
    return [f"fact-{key}"]


def highlighter(
    facts: AnyFacts,
    mapping: Mapping[str, Any],
    story: Story,
    names: Sequence[str],
    ids: set[str],
    texts: Sequence[str] | None = None,
) -> Highlight:
    """A function from text to escaped HTML in which every number the fact check traces to
    the facts is marked and, unless ``inside_link``, linked to its row in the facts.
    ``mapping`` is the facts as their file holds them, which the fact check reads, and is not
    kept. ``texts``, when given, are all the texts it will be asked to mark: then only what
    their numbers can look up is read from the facts (:func:`~generator.checks.wanted.want_all`;
    a draft about every place holds tens of thousands of figures, its text a few dozen)."""
    allowed = allowed_values(
        mapping,
        story.settings,
        engine=story.engine,
        names=names_of(story, {}, *names),
        text=want_all(texts) if texts is not None else None,
    )

    def mark(text: str, inside_link: bool = False) -> str:
        if not text.strip() or not mentions(text)[0]:  # no number to trace: the text alone
            return html.escape(text, quote=False)
        parts, at = [], 0
        for traced in trace(text, mapping, allowed=allowed):
            m = traced.mention
            if not traced.ok or m.start < at or m.end <= m.start:
                continue
            target = next((a for a in anchors_for(traced.source or "", m, facts) if a in ids), None)
            if target is None:
                continue
            parts.append(html.escape(text[at : m.start], quote=False))
            figure = html.escape(text[m.start : m.end], quote=False)
            if inside_link:
                parts.append(f"<mark>{figure}</mark>")
            else:
                parts.append(f'<a class="fig" href="#{target}"><mark>{figure}</mark></a>')
            at = m.end
        parts.append(html.escape(text[at:], quote=False))
        return "".join(parts)

    return mark
