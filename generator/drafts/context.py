"""The template context: the documented contract between the engine and template authors.

Every draft template receives exactly the top-level names of :class:`DraftContext`; a test fails
when a template uses a name that is not documented here. Values are plain dataclasses, so a
template author can read below what each one holds.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.compute.angle import Angle, Candidate
from generator.compute.categories import CategoryTable, PlaceCategories
from generator.compute.change import ChangeRanking, PlaceChange
from generator.compute.change_lead import CHANGE_KINDS
from generator.compute.funnel import Position
from generator.compute.ranking import Rank, Ranking, versus
from generator.drafts.freeze import freeze_vars, per_draft
from generator.inputs.data import Dataset, Figure, Reading, Record
from generator.inputs.places import Place
from generator.inputs.quotes import Quote, QuoteBook
from generator.inputs.story import Measure, Story
from generator.language.wording import base_words, chance_words, rank_claim


class ReadsMeasure:
    """Lets a view read its measure's settings directly: ``m.plural`` for ``m.measure.plural``."""

    measure: Measure

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "measure":
            raise AttributeError(name)
        return getattr(self.measure, name)


@per_draft
@dataclass(frozen=True)
class MeasureView(ReadsMeasure):
    """One measure for one place.

    - ``measure``: the manifest's :class:`Measure` (``label``, ``singular``, ``plural``,
      ``topic``, ``passive``, ``active``; also reachable directly, e.g. ``m.plural``).
    - ``figure``: the place's :class:`Figure` (``count``, ``base``, ``rate``) or ``None`` when
      not available: test ``m.figure`` before printing it.
    - ``rank``: :class:`Rank` (``position``, ``tied``, ``base``, ``total``, ``shared``).
    - ``claim``: the rank as words with "worst" ("the worst in England and Wales"), or ``None``
      when no claim is earned; ``claim_extreme`` the same with "highest"/"lowest"; ``where``:
      the base of any claim ("in England and Wales", "of the 42 forces with figures").
    - ``pooled``: the :class:`Figure` summed over every place with a figure; ``versus``:
      "above", "below" or "in line with" it.
    - ``at_least_one``: how many places have a count above zero; ``base``: how many have a
      figure; ``worst``: the places in first place.
    - ``funnel``: the figure's :class:`~generator.compute.funnel.Position` against the funnel-plot
      control limits around the pooled rate (``signal``: "above-99.8", "above-95", "within",
      "below-95", "below-99.8"; ``limits``), or ``None`` with no figure.
    - ``caution``: "the numbers are small enough that the difference may be down to chance"
      (or, with limits widened for over-dispersion, "the difference is within the range
      usually seen between forces")
      when the place is compared (a claim, or above/below the pooled rate) but within the 99.8
      per cent limits, else ``None``; ``significance``: "significantly higher"/"significantly lower"
      beyond the 99.8 per cent limits, else ``None`` (see ``generator/language/wording.py``).
    - ``within_limits``: how many places with a figure are within the 95 per cent limits.
    - ``level_with``: the short names of the other places sharing this place's rank (empty when
      unshared or for a count of zero), in alphabetical order, for "level with Gloucestershire
      and West Midlands".
    - ``worse_places`` / ``better_places``: how many places with a figure have a strictly worse
      / strictly better rate ("better than most" needs more than half of ``base`` worse).
    - ``score``: the finding's news score (``generator/compute/angle.py``), ``kind`` its kind.
    - ``change``: for a measure with a ``change:`` block, the place's
      :class:`~generator.compute.change.PlaceChange` (``change``: ``direction``, ``points``,
      ``counts``, ``now``, ``then``, ``since``; ``rank``; ``claim``: "the biggest rise"...;
      ``pooled``), or ``None`` without a figure in both periods: ``{{ m.change.change |
      change }}`` -> "up 17 percentage points since 2012".

    A value measure (``kind: value``, ``m.is_value``): ``figure`` and ``pooled`` are
    :class:`~generator.inputs.data.Value` (``value``, exact), the national figure being the
    manifest's ``national:`` one; ``{{ m | amount }}`` -> "£1,234", ``{{ m | amount("pooled")
    }}``; a claim and ``versus`` as for a rate; no ``funnel``, ``caution``, ``significance``
    or ``change``, and ``at_least_one`` is 0.
    """

    measure: Measure
    figure: Reading | None
    rank: Rank | None
    claim: str | None
    claim_extreme: str | None
    where: str | None
    pooled: Reading | None
    versus: str | None
    at_least_one: int
    base: int
    worst: tuple[Place, ...]
    funnel: Position | None = None
    caution: str | None = None
    significance: str | None = None
    within_limits: int = 0
    level_with: tuple[str, ...] = ()
    worse_places: int = 0
    better_places: int = 0
    score: int = 0
    kind: str = ""
    change: PlaceChange | None = None


@per_draft
@dataclass(frozen=True)
class Lead:
    """The draft's angle: ``kind`` (see ``generator/compute/angle.py``), the ``measure`` it is about
    (``None`` for ``clean`` and ``none``), the ``reason`` it won, its news ``score``, and
    ``peers``: how many places share a clean record (for ``clean``)."""

    kind: str
    measure: MeasureView | None
    reason: str
    peers: int = 0
    score: int = 0


@dataclass(frozen=True)
class Style:
    """House style settings: ``sign`` for percentages in body copy, ``headline_sign`` in
    headlines ("per cent" / "%")."""

    sign: str = "per cent"
    headline_sign: str = "%"


@per_draft
@dataclass(frozen=True)
class DraftContext:
    """Everything a draft template may use (top-level names).

    - ``story``: the :class:`Story` (``title``, ``unit.singular``, ``unit.plural``,
      ``unit.area``, ``settings``: the manifest's free-form ``settings`` mapping).
    - ``place``: the :class:`Place` (``name``, ``short_name``, ``local_phrase``, ``region``...).
    - ``measures``: every :class:`MeasureView`, in manifest order; ``by_key``: the same by key.
    - ``available`` / ``missing``: leading measures with / without a figure for this place.
    - ``lead``: the :class:`Lead`.
    - ``fields``: the manifest's text fields for this place (e.g. ``fields.grade``), ``None``
      when empty.
    - ``quotes``: cleared quotes for this place; ``national_quotes``: cleared national ones.
    - ``awaiting_response``: no quote from the place itself (the draft says it was approached).
    - ``illustrative``: one of the place's own figures is illustrative.
    - ``illustrative_elsewhere``: how many other places have an illustrative figure, which
      this draft's ranks, the places named level with it and the pooled rates are worked out
      with (0 when every other place's figures are published). A draft with either is flagged
      (``uses_illustrative``) and opens with the illustrative banner.
    - ``absent``: the data file has no row for this place (the manifest's ``data.absent:
      draft``); every figure is ``None``.
    - ``style``: the :class:`Style`.
    - ``variant``: a whole number fixed for this place, which the ``pick`` filter turns into a
      choice among a template's phrasings (``{% set v = "opening" | pick(4) %}``): the same
      input always gives the same draft, and places share each phrasing evenly.
    - ``categories``: each ``categories:`` section by key, the place's
      :class:`~generator.compute.categories.PlaceCategories` (``top``, ``second``, ``shares``,
      ``national``, ``differs``), or ``None`` without a tally: ``{{ categories.outcome |
      most_common }}``.
    """

    story: Story
    place: Place
    measures: tuple[MeasureView, ...]
    by_key: dict[str, MeasureView]
    available: tuple[MeasureView, ...]
    missing: tuple[MeasureView, ...]
    lead: Lead
    fields: dict[str, str | None]
    quotes: tuple[Quote, ...]
    national_quotes: tuple[Quote, ...]
    awaiting_response: bool
    illustrative: bool
    absent: bool = False
    style: Style = field(default_factory=Style)
    variant: int = 0
    categories: dict[str, PlaceCategories | None] = field(default_factory=dict)
    illustrative_elsewhere: int = 0

    @property
    def uses_illustrative(self) -> bool:
        """The draft is flagged: its own figures, or the ranks and pooled rates it prints,
        use illustrative ones."""
        return self.illustrative or self.illustrative_elsewhere > 0

    def as_template_vars(self) -> dict[str, Any]:
        """The top-level names as templates see them: plain, immutable data
        (:func:`generator.drafts.freeze.freeze_vars`); the engine keeps reading this context."""
        return freeze_vars({name: getattr(self, name) for name in self.__dataclass_fields__})


TEMPLATE_NAMES = frozenset(DraftContext.__dataclass_fields__)

per_draft(PlaceChange)  # ChangeRanking.for_place makes one for each call


def _level_with(record: Record, ranking: Ranking, dataset: Dataset) -> tuple[str, ...]:
    figure = record.figures[ranking.measure.key]
    rank = ranking.ranks.get(record.place.slug)
    zero = isinstance(figure, Figure) and figure.count == 0
    if figure is None or rank is None or not rank.shared or zero:
        return ()
    return tuple(
        sorted(
            dataset.records[slug].place.short_name
            for slug in ranking.sharing[rank.position]
            if slug != record.place.slug
        )
    )


def measure_view(
    story: Story,
    record: Record,
    ranking: Ranking,
    dataset: Dataset,
    found: Candidate | None = None,
    changes: ChangeRanking | None = None,
) -> MeasureView:
    """The :class:`MeasureView` of ``record`` on ``ranking``'s measure (``found``: the finding
    :func:`generator.compute.angle.candidate` made of it, for its score and kind; ``changes``:
    the measure's ranking by change, when it declares one)."""
    figure = record.figures[ranking.measure.key]
    rank = ranking.ranks.get(record.place.slug)
    claim = extreme = vs = where = None
    pooled = ranking.pooled
    count = figure.count if isinstance(figure, Figure) else 1  # a value: never "none were"
    if figure is not None:
        claim = rank_claim(rank, count, ranking.measure, story.unit)
        extreme = rank_claim(rank, count, ranking.measure, story.unit, ranking.measure.extreme_word)
        where = base_words(rank, story.unit) if rank is not None else None
        if pooled is not None:
            vs = versus(figure.rate, pooled.rate, ranking.measure)
    worst = tuple(dataset.records[slug].place for slug in ranking.worst)
    funnel = ranking.funnel.get(record.place.slug)
    caution, significance = chance_words(
        funnel, claim, vs, count if figure else 0, story.unit.plural
    )
    return MeasureView(
        ranking.measure,
        figure,
        rank,
        claim,
        extreme,
        where,
        pooled,
        vs,
        ranking.at_least_one,
        ranking.base,
        worst,
        funnel,
        caution,
        significance,
        ranking.within_limits,
        _level_with(record, ranking, dataset),
        rank.position - 1 if rank else 0,
        rank.base - rank.position - rank.tied + 1 if rank else 0,
        found.score if found else 0,
        found.kind if found else "",
        changes.for_place(record.place.slug) if changes is not None else None,
    )


_ONCE: dict[int, dict[str, int]] = {}


def counted_once(dataset: Dataset, what: str, count: Callable[[Dataset], int]) -> int:
    """``count(dataset)``, worked out once for each dataset and kept while the dataset lives:
    a count over every place that each draft reads would, done again for each draft, make a
    build's cost grow with the square of its places."""
    counts = _ONCE.get(id(dataset))
    if counts is None:
        counts = _ONCE[id(dataset)] = {}
        weakref.finalize(dataset, _ONCE.pop, id(dataset), None)
    if what not in counts:
        counts[what] = count(dataset)
    return counts[what]


def stand_in_places(dataset: Dataset) -> int:
    """How many places have an illustrative figure on some measure: what every place's ranks
    and the pooled rates are worked out with."""
    return counted_once(
        dataset, "stand-ins", lambda d: sum(r.illustrative for r in d.records.values())
    )


def clean_places(dataset: Dataset) -> int:
    """How many places have a count of zero on every leading measure with a figure."""
    return counted_once(dataset, "clean", _count_clean)


def _count_clean(dataset: Dataset) -> int:
    keys = [m.key for m in dataset.story.measures if m.lead]
    count = 0
    for record in dataset.records.values():
        figures = [f for k in keys if (f := record.figures[k]) is not None]
        count += bool(figures) and all(isinstance(f, Figure) and f.count == 0 for f in figures)
    return count


_QUOTES: dict[int, tuple[list[Quote], int, dict[str, tuple[Quote, ...]], tuple[Quote, ...]]] = {}


def quotes_of(quotes: QuoteBook, slug: str) -> tuple[tuple[Quote, ...], tuple[Quote, ...]]:
    """Place ``slug``'s quotes and the national ones, in the book's order (what
    ``quotes.for_place(slug)`` and ``quotes.national`` list), from an index made once for
    each book and kept while it lives (made again if its list of quotes changes): each draft
    reading every quote would make a build's cost grow with the square of its places."""
    found = _QUOTES.get(id(quotes))
    if found is None or found[0] is not quotes.quotes or found[1] != len(quotes.quotes):
        if found is None:
            weakref.finalize(quotes, _QUOTES.pop, id(quotes), None)
        by_place: dict[str, list[Quote]] = {}
        for quote in quotes.quotes:
            for place in dict.fromkeys(quote.places):
                by_place.setdefault(place, []).append(quote)
        index = {place: tuple(listed) for place, listed in by_place.items()}
        found = (quotes.quotes, len(quotes.quotes), index, tuple(quotes.national))
        _QUOTES[id(quotes)] = found
    return found[2].get(slug, ()), found[3]


def build_context(
    dataset: Dataset,
    rankings: dict[str, Ranking],
    angle: Angle,
    record: Record,
    quotes: QuoteBook,
    style: Style | None = None,
    variant: int = 0,
    changes: dict[str, ChangeRanking] | None = None,
    categories: dict[str, CategoryTable] | None = None,
) -> DraftContext:
    """Assemble one draft's context from the computed rankings (and rankings by change),
    angle and quotes."""
    story = dataset.story
    found = {c.measure: c for c in angle.candidates if c.kind not in CHANGE_KINDS}
    changes = changes or {}
    views = tuple(
        measure_view(story, record, rankings[m.key], dataset, found.get(m.key), changes.get(m.key))
        for m in story.measures
    )
    by_key = {v.measure.key: v for v in views}
    leading = [v for v in views if v.measure.lead]
    lead_view = by_key[angle.lead.measure] if angle.lead.measure else None
    peers = clean_places(dataset) if angle.lead.kind == "clean" else 0
    own, national = quotes_of(quotes, record.place.slug)
    own_voice = any(
        (match := dataset.places.match(q.organisation)) is not None
        and match.slug == record.place.slug
        for q in own
    )
    return DraftContext(
        story=story,
        place=record.place,
        measures=views,
        by_key=by_key,
        available=tuple(v for v in leading if v.figure is not None),
        missing=tuple(v for v in leading if v.figure is None),
        lead=Lead(angle.lead.kind, lead_view, angle.lead.reason, peers, angle.lead.score),
        fields=dict(record.fields),
        quotes=own,
        national_quotes=national,
        awaiting_response=not own_voice,
        illustrative=record.illustrative,
        illustrative_elsewhere=stand_in_places(dataset) - record.illustrative,
        absent=record.absent,
        style=style or Style(),
        variant=variant,
        categories={
            c.key: t.for_place(record.place.slug) if (t := (categories or {}).get(c.key)) else None
            for c in story.categories
        },
    )
