"""The number-level fact check: every number a draft states must be in that draft's facts.

After a draft is rendered and before anything is written, every number in its text is found
(:func:`~generator.checks.numbers.numbers_in`) and traced (:func:`~generator.checks.trace.trace`)
to a value in the draft's facts (the mapping written beside it as ``facts.json``). One number
that cannot be traced fails the build (:func:`check_numbers`), naming the draft, the sentence
and the number: a wrong number about a police force is a published error.

The parts, one module each: :mod:`~generator.checks.numerals` (number words and the finder's
pattern), :mod:`~generator.checks.numbers` (finding numbers in text),
:mod:`~generator.checks.allowed` (what the facts allow) and :mod:`~generator.checks.trace`
(tracing a number to its source); this module runs them over a draft and reports.

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
- digits of any script and compatibility forms, read exactly as 0-9
  (:func:`~generator.checks.numerals.fold`, with ``unicodedata.decimal`` and NFKC):
  "５３ per cent", "٥٣%", "५३", "４７ｐｃ" are 53 and 47 per cent;
  other numeric characters (``unicodedata.numeric``: superscripts "²", circled "①",
  Roman "Ⅻ") are counts of their own that must be traced like any other, and vulgar
  fractions after a figure add to it ("7½ per cent" is 7.5).

Vague plurals ("dozens", "scores of", "hundreds", "thousands", "hundreds of thousands") are
numbers that no fact can back: the stricter rule. They fail the check unless they are inside
text printed word for word (a quote, ``engine.standing_text``), so a draft says the figure.

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
  forces", "Four forces shared"), numbers in data fields ("2018", the inspection year), and
  numbers written in the story's ``settings`` at any depth (``periods: {start: 2012}``, a list
  ``years: [2012, 2016]``, a decimal ``2.5``);
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
  speaker, role, organisation), a string in the story's ``settings`` or ``engine`` (the
  source "2016 to 2020"), ``engine.standing_text`` (fixed phrases with a number that is not
  data, such as "often fewer than 20 in a category"), the embargo line, and names (places,
  outlets, the story's title and measure words). Only occurrences of that text are covered:
  "2018" inside a quote does not let a template print 2018 elsewhere;
- a date or time equal to the embargo (``facts["embargo"]`` or ``engine.embargo``) or to
  ``engine.published`` (a named weekday must be that date's); the year of either is a count;
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

from collections.abc import Iterable, Mapping
from typing import Any

from generator.base.errors import CheckFailed
from generator.checks.numbers import Mention
from generator.checks.trace import Traced, trace
from generator.inputs.settings import EngineSettings

HINT = "The number is not in this draft's facts.json; fix the template or the data."


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
    engine: EngineSettings | None = None,
    names: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
) -> list[Traced]:
    """Raise :class:`CheckFailed` listing every number in ``text`` (the draft ``where``) that
    is not in ``facts``; return the traced mentions when all are."""
    traced = trace(text, facts, settings, engine=engine, names=names, context=context, claims=True)
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
    measure = getattr(view, "measure", None)
    return {
        "position": rank.position,
        "tied": rank.tied,
        "base": rank.base,
        "total": rank.total,
        "from_best": getattr(rank, "from_best", None),
        "worse": getattr(measure, "worse", None),
    }


def context_facts(variables: Mapping[str, Any]) -> dict[str, Any]:
    """Structured values the templates print that facts.json does not hold yet: a clean lead's
    ``peers``, each place's ranks in a draft about several places, and the measures whose
    worst end the draft can name (:mod:`generator.checks.ranks`)."""
    extra: dict[str, Any] = {}
    lead = variables.get("lead")
    peers = getattr(lead, "peers", 0)
    if isinstance(peers, int) and peers > 0:
        extra["lead"] = {"peers": peers}
    ends = [
        {"measure": v.measure.key, "worse": v.measure.worse, "at_worst_end": True}
        for v in variables.get("measures") or ()
        if getattr(v, "worst", ())
    ]
    if ends:  # "The highest rate was at ...", said of a measure with no figure here
        extra["worst_ends"] = ends
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
