"""Group contexts: one draft about several places (a regional round-up, or the national story).

Totals are computed from the summed samples of the group's places that have a figure (sum of
counts over sum of samples), never from averaged percentages. The worst place in the group is
found on exact rates; equal rates share first place. The group's lead is the strongest lead of
any of its places (see :mod:`compute.angle`), ties going to the higher rate, then to the place
listed first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from generator.compute.angle import AGAINST
from generator.compute.angle import is_close as close_rule
from generator.compute.change import PeriodChange
from generator.compute.dispersion import Dispersion
from generator.compute.funnel import Position, position
from generator.compute.ranking import versus
from generator.drafts.context import DraftContext, MeasureView, ReadsMeasure, Style
from generator.drafts.freeze import per_draft
from generator.drafts.members import freeze_group
from generator.inputs.data import Figure
from generator.inputs.quotes import Quote
from generator.inputs.story import Measure, Story
from generator.language.filters import series


@per_draft
@dataclass(frozen=True)
class GroupMeasure(ReadsMeasure):
    """One measure over a group of places.

    - ``total``: the group's summed :class:`Figure` (``None`` when no place has a figure);
      ``pooled``: the same over every place in the story; ``versus``: "above", "below" or
      "in line with" the pooled rate.
    - ``places``: the group's place contexts that have a figure; ``missing``: those without.
    - ``worst``: the place contexts in first place within the group (more than one = shared).
    - ``at_least_one``: how many of the group's places have a count above zero.
    - ``within_limits``: how many places of the whole story (not only the group's) are within
      the 95 per cent control limits of the funnel plot (widened for over-dispersion as the
      measure's are: ``spread``, the story's estimate, or ``None``).
    - ``worse_than_pooled``: the group's total is worse than the pooled rate as printed
      (``versus`` "above" for a measure where higher is worse, "below" where lower is).
    - ``close``: the group's total is "close to" the pooled rate by
      :func:`generator.compute.angle.is_close` (less than a fifth of it away, and within the 95 per
      cent control limits for the group's summed sample), so the draft says "close to", never
      "higher than" or "lower than"; ``close_places``: the slugs of the group's places whose
      own figure is close to the pooled rate in the same sense (within their funnel limits).
    - ``chance``: the group's total differs from the pooled rate by a gap that chance alone
      could make (a count above zero within the 95 per cent control limits for the summed
      sample, widened by the measure's over-dispersion as each place's are): a "higher than"
      or "lower than" on it takes the chance caveat right after it.
    - ``change``: for a measure with a ``change:`` block, the group's pooled change
      (:class:`~generator.compute.change.PeriodChange`: the sum of its places' counts over the
      sum of their bases in each period, over the places with a figure in both), or ``None``
      when none has: ``{{ g.change | change }}`` -> "up 4 percentage points since 2012".
    - ``strongest``: the place context with the strongest finding on this measure (a finding
      against a place beats good news, then the news score, then the worse rate, then the
      place listed first), ``None`` when no place has a figure; ``finding``: its
      :class:`~generator.drafts.context.MeasureView` of this measure (``claim``, ``level_with``,
      ``caution``, ``score``, ``kind``...).
    """

    measure: Measure
    total: Figure | None
    pooled: Figure | None
    versus: str | None
    places: tuple[DraftContext, ...]
    missing: tuple[DraftContext, ...]
    worst: tuple[DraftContext, ...]
    at_least_one: int
    within_limits: int = 0
    worse_than_pooled: bool = False
    strongest: DraftContext | None = None
    finding: MeasureView | None = None
    close: bool = False
    close_places: tuple[str, ...] = ()
    chance: bool = False
    change: PeriodChange | None = None
    spread: Dispersion | None = None


@per_draft
@dataclass(frozen=True)
class GroupContext:
    """Everything a group template may use (top-level names).

    - ``story``: the :class:`Story`; ``name``: what the group is called ("Yorkshire Post",
      "England and Wales"); ``area``: where its places are, for text (their county when
      they share one: lower-tier councils roll up to "Kent"; "Yorkshire and The Humber" when
      they share a region, else their short names: "Bedfordshire, Hertfordshire and Thames
      Valley"; the story's area when national); ``national``: ``True`` for the
      story across every place.
    - ``places``: each place's :class:`DraftContext` (its figures, ranks, claims, quotes).
    - ``measures`` / ``by_key``: each :class:`GroupMeasure`.
    - ``lead``: the place context whose lead is strongest (``lead.lead`` is its
      :class:`Lead`): a finding against a place beats any good news, then the news score,
      then the worse rate, then the place listed first. For an outlet with a ``patch``, a
      place with most of its areas outside the patch (a force only partly in a station's
      area) leads only when no place mostly inside it has a figure. ``ranked``: every place
      context, strongest lead first.
    - ``compared``: the :class:`GroupMeasure` to compare the group with the pooled rate on,
      never one "in line with" it: the lead's measure when the group's total differs from the
      pooled rate there, else the measure whose total is furthest from it on the worse side,
      else the furthest on the better side; never one whose total is ``close`` to it; ``None``
      when every total is in line or close (or there is none).
    - ``patch``: the patch for headlines: their county when they share one ("Kent"), else
      its region when the places share one ("Yorkshire"
      for "Yorkshire and The Humber": a region's name up to " and "), else each region
      holding two or more places and the short names of the rest ("the North East and North
      Yorkshire"); compass regions take "the".
    - ``all_good``: every place with a figure has a good-news lead (``better``, ``below`` or
      ``clean``: no finding against it), and at least one place has a figure.
    - ``quotes``: cleared quotes for the group's places; ``national_quotes``.
    - ``awaiting``: place contexts with no response on file.
    - ``illustrative``: some place's own figure is illustrative; ``illustrative_elsewhere``:
      how many places outside the group have an illustrative figure, which the ranks and pooled
      rates it prints are worked out with (``uses_illustrative``: either); ``style``: the house
      style.
    - ``variant``: this draft's fixed number for the ``pick`` filter (language/variety.py).
    """

    story: Story
    name: str
    area: str
    national: bool
    places: tuple[DraftContext, ...]
    measures: tuple[GroupMeasure, ...]
    by_key: dict[str, GroupMeasure]
    lead: DraftContext
    quotes: tuple[Quote, ...]
    national_quotes: tuple[Quote, ...]
    awaiting: tuple[DraftContext, ...]
    illustrative: bool
    style: Style = field(default_factory=Style)
    variant: int = 0
    ranked: tuple[DraftContext, ...] = ()
    compared: GroupMeasure | None = None
    all_good: bool = False
    patch: str = ""
    illustrative_elsewhere: int = 0

    @property
    def uses_illustrative(self) -> bool:
        """The draft is flagged: its places' figures, or the ranks and pooled rates it prints,
        use illustrative ones."""
        return self.illustrative or self.illustrative_elsewhere > 0

    def as_template_vars(
        self, digests: Callable[[DraftContext], bytes | None] | None = None
    ) -> dict[str, Any]:
        """The top-level names as templates see them: plain, immutable data
        (:func:`generator.drafts.freeze.freeze_vars`), each place's context frozen when first
        read (:func:`generator.drafts.members.freeze_group`; ``digests``: their digests, when
        known); the engine keeps reading this context."""
        names = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return freeze_group(names, self.places, digests)


GROUP_NAMES = frozenset(GroupContext.__dataclass_fields__)

_COMPASS = ("North", "South", "East", "West")


def is_close(
    figure: Figure,
    pooled: Figure,
    method: str,
    dispersion: Dispersion | None = None,
    known: Position | None = None,
) -> bool:
    """:func:`compute.angle.is_close` for a figure this module has no funnel position for
    (its limits widened by ``dispersion``, the measure's over-dispersion, when given), or
    ``known``, a place's own position on those limits; the limits are only worked out for a
    figure near enough to the pooled rate to need them."""
    if figure.base == 0 or not close_rule(figure, pooled, True):
        return False
    if known is None:
        known = position(figure.count, figure.base, pooled.rate, method, dispersion)
    return known.within


def group_change(views: list[MeasureView], measure: Measure) -> PeriodChange | None:
    """The pooled change of a group's places on ``measure``: the sum of counts over the sum
    of bases in each period, over the places with a figure in both; ``None`` when none has
    (or the measure declares no change)."""
    changes = [v.change.change for v in views if v.change is not None]
    if measure.change is None or not changes:
        return None
    now = Figure(sum(c.now.count for c in changes), sum(c.now.base for c in changes))
    then = Figure(sum(c.then.count for c in changes), sum(c.then.base for c in changes))
    return PeriodChange(now, then, measure.change.since, measure.per, measure.decimals)


def _region_name(region: str) -> str:
    """ "Yorkshire" for "Yorkshire and The Humber"; "the North East"."""
    short = region.split(" and ", 1)[0]
    return f"the {short}" if short.split(" ", 1)[0] in _COMPASS else short


def _patch(members: tuple[DraftContext, ...], national: bool, area: str) -> str:
    if national:
        return area
    counties = {ctx.place.county for ctx in members}
    if len(counties) == 1 and None not in counties:  # lower-tier councils roll up to a county
        return area
    counts: dict[str, int] = {}
    for ctx in members:
        counts[ctx.place.region] = counts.get(ctx.place.region, 0) + 1
    if len(counts) == 1:
        return _region_name(next(iter(counts)))
    parts: list[str] = []
    for ctx in members:
        region = ctx.place.region
        name = _region_name(region) if counts[region] > 1 else ctx.place.short_name
        if name not in parts:
            parts.append(name)
    return series(parts)


def _group_measure(key: str, places: tuple[DraftContext, ...], method: str) -> GroupMeasure:
    views = [(ctx, ctx.by_key[key]) for ctx in places]
    measure = views[0][1].measure
    with_figure = tuple(ctx for ctx, v in views if v.figure is not None)
    # a value measure (no count or base) is not totalled: a round-up has no figures for it
    placed = [(ctx, f) for ctx in with_figure if isinstance(f := ctx.by_key[key].figure, Figure)]
    figures = [f for _, f in placed]
    total = pooled_vs = None
    pooled = p if isinstance(p := views[0][1].pooled, Figure) else None
    if figures:
        total = Figure(sum(f.count for f in figures), sum(f.base for f in figures))
        if pooled is not None:
            pooled_vs = versus(total.rate, pooled.rate, measure)
    spread = next((v.funnel.spread for _, v in views if v.funnel is not None), None)
    worst: tuple[DraftContext, ...] = ()
    sign = 1 if measure.worse == "higher" else -1
    strongest = None
    if figures:
        top = max(sign * f.rate for f in figures)
        worst = tuple(c for c, f in placed if sign * f.rate == top)
        strongest = max(with_figure, key=lambda c: _finding_strength(c.by_key[key]))
    return GroupMeasure(
        measure,
        total,
        pooled,
        pooled_vs,
        with_figure,
        tuple(ctx for ctx, v in views if v.figure is None),
        worst,
        sum(1 for f in figures if f.count > 0),
        views[0][1].within_limits,
        pooled_vs == ("above" if sign == 1 else "below"),
        strongest,
        strongest.by_key[key] if strongest is not None else None,
        total is not None and pooled is not None and is_close(total, pooled, method, spread),
        tuple(
            ctx.place.slug
            for ctx, f in placed
            if pooled is not None and is_close(f, pooled, method, spread, ctx.by_key[key].funnel)
        ),
        total is not None
        and pooled is not None
        and total.count > 0
        and total.rate != pooled.rate
        and position(total.count, total.base, pooled.rate, method, spread).within,
        group_change([v for _, v in views], measure),
        spread,
    )


def _finding_strength(view: MeasureView) -> tuple[bool, int, Fraction]:
    """A finding against a place beats good news; then the news score, then the worse rate."""
    figure = view.figure
    rate = figure.rate if figure is not None else Fraction(0)
    return view.kind in AGAINST, view.score, rate if view.measure.worse == "higher" else -rate


def _gap(g: GroupMeasure) -> Fraction:
    """How far the group's total is from the pooled rate, as a positive fraction."""
    assert g.total is not None and g.pooled is not None
    return abs(g.total.rate - g.pooled.rate)


def _compared(measures: tuple[GroupMeasure, ...], lead: DraftContext) -> GroupMeasure | None:
    """The measure to compare the group on: never one whose total is in line with the pooled
    rate (see :class:`GroupContext`)."""
    differ = [
        g
        for g in measures
        if g.measure.lead
        and g.total is not None
        and g.pooled is not None
        and g.versus not in (None, "in line with")
        and not g.close
    ]
    measure = lead.lead.measure
    if measure is not None:
        own = next((g for g in differ if g.measure.key == measure.measure.key), None)
        if own is not None:
            return own
    worse = [g for g in differ if g.worse_than_pooled]
    pool = worse or differ
    return max(pool, key=_gap) if pool else None  # max keeps the first of equals


def _lead_strength(ctx: DraftContext) -> tuple[bool, int, Fraction]:
    """A finding against a place beats any good news; then the news score, then the worse
    rate."""
    lead = ctx.lead
    view = lead.measure
    if view is None or view.figure is None:
        return lead.kind in AGAINST, lead.score, Fraction(0)
    rate = view.figure.rate
    return lead.kind in AGAINST, lead.score, rate if view.measure.worse == "higher" else -rate


def _mostly_inside(ctx: DraftContext, patch: tuple[str, ...]) -> bool:
    """True when at least half of the place's areas are in ``patch`` (or there is no patch,
    or the place names no areas)."""
    areas = ctx.place.areas
    if not patch or not areas:
        return True
    return 2 * sum(1 for a in areas if a in patch) >= len(areas)


def build_group(
    story: Story,
    name: str,
    places: list[DraftContext],
    *,
    national: bool = False,
    national_quotes: tuple[Quote, ...] = (),
    style: Style | None = None,
    variant: int = 0,
    patch: tuple[str, ...] = (),
) -> GroupContext:
    """The context of one draft about ``places`` (in the order given); ``patch``: the areas
    of the outlet it is for, if it names them (see ``lead`` in :class:`GroupContext`)."""
    members = tuple(places)
    method = story.funnel_method
    measures = tuple(_group_measure(m.key, members, method) for m in story.measures)
    inside = [c for c in members if _mostly_inside(c, patch) and c.lead.kind != "none"]
    lead = max(inside or members, key=_lead_strength)  # max keeps the first of equals
    ranked = tuple(sorted(members, key=_lead_strength, reverse=True))  # stable: equals keep order
    with_figures = [c for c in members if c.lead.kind != "none"]
    seen: dict[str, Quote] = {}
    for ctx in members:
        for quote in ctx.quotes:
            seen.setdefault(quote.id, quote)
    regions = {ctx.place.region for ctx in members}
    counties = {ctx.place.county for ctx in members}
    if national:
        area = story.unit.area
    elif len(counties) == 1 and None not in counties:
        area = str(counties.pop())
    elif len(regions) == 1:
        area = regions.pop()
    else:
        area = series([ctx.place.short_name for ctx in members])
    return GroupContext(
        story=story,
        name=name,
        area=area,
        national=national,
        places=members,
        measures=measures,
        by_key={g.measure.key: g for g in measures},
        lead=lead,
        quotes=() if national else tuple(seen.values()),
        national_quotes=national_quotes,
        awaiting=tuple(c for c in members if c.awaiting_response),
        illustrative=any(c.illustrative for c in members),
        style=style or Style(),
        variant=variant,
        ranked=ranked,
        compared=_compared(measures, lead),
        all_good=bool(with_figures) and all(c.lead.kind not in AGAINST for c in with_figures),
        patch=_patch(members, national, area),
        illustrative_elsewhere=_elsewhere(members),
    )


def _elsewhere(members: tuple[DraftContext, ...]) -> int:
    """How many places outside ``members`` have an illustrative figure: each member knows
    how many besides itself do."""
    if not members:
        return 0
    first = members[0]
    every = first.illustrative_elsewhere + first.illustrative
    return every - sum(c.illustrative for c in members)
