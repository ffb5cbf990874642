"""A draft's facts: every figure, rank, comparison and quote it rests on, each traced to the
data cell it came from, plus the lead and why it won, built once per draft as the typed values
of :mod:`generator.drafts.fact_types` (:func:`draft_facts`, :func:`group_facts`) and written
beside each draft as ``facts.json`` so an editor can check every number."""

from __future__ import annotations

from generator.compute.angle import Angle
from generator.compute.change import PeriodChange, PlaceChange
from generator.compute.funnel import Position
from generator.drafts.category_facts import categories_facts
from generator.drafts.context import DraftContext, MeasureView, counted_once
from generator.drafts.fact_types import (
    AnyFacts,
    CellFacts,
    ChangeFacts,
    ChangeRankFacts,
    DispersionFacts,
    DraftFacts,
    FieldFacts,
    FigureFacts,
    FindingFacts,
    Flags,
    FunnelFacts,
    GroupChangeFacts,
    GroupFacts,
    GroupFlags,
    GroupLeadFacts,
    GroupMeasureFacts,
    LeadFacts,
    LimitsFacts,
    MeasureFacts,
    NationalValueFacts,
    PlaceFacts,
    PooledChangeFacts,
    PooledFacts,
    RankFacts,
    SummedFacts,
    ValueFacts,
    from_dict,
    load,
)
from generator.drafts.group import GroupContext
from generator.inputs.data import Cell, Dataset, Figure, Value
from generator.inputs.story import Measure
from generator.language.amounts import amount_text, amount_value
from generator.language.present import percent_value, rate_value

__all__ = [
    "AnyFacts",
    "DraftFacts",
    "change_facts",
    "GroupFacts",
    "draft_facts",
    "figure_facts",
    "from_dict",
    "funnel_facts",
    "group_facts",
    "load",
    "pooled_facts",
]


def _scale(figure: Figure, measure: Measure | None) -> tuple[int | None, str | None]:
    """For a measure written per 1,000 (not per cent): the scale and the rate as printed."""
    if measure is None or measure.per == 100:
        return None, None
    return measure.per, rate_value(figure.rate, measure.per, measure.decimals)


def cell_facts(cell: Cell) -> CellFacts:
    return CellFacts(cell.file, cell.row, cell.column, cell.value)


def figure_facts(figure: Figure, measure: Measure | None = None, cells: bool = True) -> FigureFacts:
    """A figure: count, base, exact rate, half-up percentage (and, for a measure on another
    scale, ``per`` and the printed ``value``) and source cells (none for a total)."""
    per, value = _scale(figure, measure)
    return FigureFacts(
        count=figure.count,
        base=figure.base,
        rate=f"{figure.rate.numerator}/{figure.rate.denominator}",
        percent=percent_value(figure),
        per=per,
        value=value,
        illustrative=figure.illustrative,
        cells=tuple(cell_facts(c) for c in figure.cells) if cells else None,
    )


def pooled_facts(
    pooled: Figure, versus: str | None, measure: Measure | None = None, places: int | None = None
) -> PooledFacts:
    """The rate across every place, and how this draft's rate compares with it."""
    per, value = _scale(pooled, measure)
    return PooledFacts(pooled.count, pooled.base, percent_value(pooled), per, value, versus, places)


def funnel_facts(position: Position, caution: str | None, significance: str | None) -> FunnelFacts:
    """Where a figure sits against the funnel-plot control limits (proportions, 6 places)."""
    limits = position.limits
    return FunnelFacts(
        method=limits.method,
        signal=position.signal,
        limits=LimitsFacts(
            *(
                round(getattr(limits, name), 6)
                for name in ("lower998", "lower95", "upper95", "upper998")
            )
        ),
        caution=caution,
        significance=significance,
        dispersion=dispersion_facts(position),
    )


def dispersion_facts(position: Position) -> DispersionFacts | None:
    """How the limits were widened for over-dispersion; ``None`` when they were not."""
    spread = position.spread
    if spread is None or spread.method == "none":
        return None
    return DispersionFacts(
        spread.requested,
        spread.method,
        spread.places,
        round(spread.phi, 4),
        round(spread.tau, 6),
        spread.note,
    )


def _exact(change: PeriodChange) -> str:
    points = change.points
    return f"{points.numerator}/{points.denominator}"


def change_facts(place: PlaceChange, measure: Measure) -> ChangeFacts:
    """A place's change since the earlier period (:mod:`generator.compute.change`): the earlier
    figure with its cells, the change as printed and exactly, its rank and the pooled change."""
    change, rank, pooled = place.change, place.rank, place.pooled
    return ChangeFacts(
        since=change.since,
        earlier=figure_facts(change.then, measure),
        direction=change.direction,
        points=change.points_value,
        exact=_exact(change),
        counts=change.counts,
        rank=None
        if rank is None
        else ChangeRankFacts(rank.position, rank.tied, rank.base, place.claim),
        pooled=None
        if pooled is None
        else PooledChangeFacts(
            figure_facts(pooled.now, measure, cells=False),
            figure_facts(pooled.then, measure, cells=False),
            pooled.direction,
            pooled.points_value,
        ),
    )


def group_change_facts(change: PeriodChange, places: int, measure: Measure) -> GroupChangeFacts:
    """A group's pooled change over its ``places`` with a figure in both periods."""
    return GroupChangeFacts(
        since=change.since,
        places=places,
        now=figure_facts(change.now, measure, cells=False),
        earlier=figure_facts(change.then, measure, cells=False),
        direction=change.direction,
        points=change.points_value,
        exact=_exact(change),
        counts=change.counts,
    )


def _amount(value: Value, measure: Measure) -> tuple[str, str, str]:
    """A value as printed, exactly and in its unit: ("1,234.50", "2469/2", "£1,234.50")."""
    printed = amount_value(value.value, measure.decimals)
    exact = f"{value.value.numerator}/{value.value.denominator}"
    return printed, exact, amount_text(printed, measure.unit, measure.suffix)


def value_facts(value: Value, measure: Measure) -> ValueFacts:
    """A place's value on a value measure, with its cell."""
    cells = tuple(cell_facts(c) for c in value.cells)
    return ValueFacts(*_amount(value, measure), value.illustrative, cells)


def national_facts(
    national: Value, versus: str | None, measure: Measure, places: int
) -> NationalValueFacts:
    """A value measure's national figure (the ``national:`` median, mean or total)."""
    return NationalValueFacts(*_amount(national, measure), measure.national, places, versus)


def _measure(view: MeasureView, dataset: Dataset) -> MeasureFacts:
    m = view.measure
    if m.is_value:
        return _value_measure(view, dataset)
    if not isinstance(view.figure, Figure | None) or not isinstance(view.pooled, Figure | None):
        raise TypeError(f"{m.key} is a rate measure with a value")
    if view.figure is None:
        if view.pooled is None:
            return MeasureFacts(m.key, m.label, False)
        together = pooled_facts(view.pooled, None, m, view.base)
        return MeasureFacts(
            m.key, m.label, False, pooled=together, places_within_limits=view.within_limits
        )
    rank = _rank_facts(view, dataset)
    funnel: FunnelFacts | None = None
    pooled: PooledFacts | None = None
    if view.funnel is not None:
        funnel = funnel_facts(view.funnel, view.caution, view.significance)
    if view.pooled is not None:
        pooled = pooled_facts(view.pooled, view.versus, m, view.base)
    return MeasureFacts(
        measure=m.key,
        label=m.label,
        available=True,
        figure=figure_facts(view.figure, m),
        rank=rank,
        finding=FindingFacts(view.kind, view.score) if view.kind else None,
        pooled=pooled,
        funnel=funnel,
        places_within_limits=view.within_limits if funnel is not None else None,
        places_with_at_least_one=view.at_least_one,
        worst=tuple(p.name for p in view.worst),
        change=None if view.change is None else change_facts(view.change, m),
    )


def _rank_facts(view: MeasureView, dataset: Dataset) -> RankFacts | None:
    m = view.measure
    if view.rank is None:
        return None
    others = counted_once(dataset, f"illustrative:{m.key}", lambda d: _illustrative(d, m.key))
    return RankFacts(
        position=view.rank.position,
        tied=view.rank.tied,
        base=view.rank.base,
        total=view.rank.total,
        claim=view.claim,
        claim_extreme=view.claim_extreme,
        places_with_illustrative_figures=others,
        level_with=tuple(view.level_with),
        places_worse=view.worse_places,
        places_better=view.better_places,
        from_best=view.rank.from_best,
        worse=m.worse,
    )


def _illustrative(dataset: Dataset, key: str) -> int:
    """How many places have an illustrative figure on measure ``key``."""
    return sum(
        1 for r in dataset.records.values() if (f := r.figures[key]) is not None and f.illustrative
    )


def _value_measure(view: MeasureView, dataset: Dataset) -> MeasureFacts:
    """A value measure's facts: ``amount`` and ``national`` for ``figure`` and ``pooled``; no
    funnel, no places with at least one, no change."""
    m = view.measure
    national = None
    if isinstance(view.pooled, Value):
        national = national_facts(view.pooled, view.versus, m, view.base)
    if not isinstance(view.figure, Value):
        return MeasureFacts(m.key, m.label, False, national=national)
    return MeasureFacts(
        measure=m.key,
        label=m.label,
        available=True,
        rank=_rank_facts(view, dataset),
        finding=FindingFacts(view.kind, view.score) if view.kind else None,
        worst=tuple(p.name for p in view.worst),
        amount=value_facts(view.figure, m),
        national=national,
    )


def draft_facts(ctx: DraftContext, angle: Angle, dataset: Dataset, headline: str) -> DraftFacts:
    """The facts of one place's draft."""
    record = dataset.record(ctx.place.slug)
    place = ctx.place
    lead = angle.lead
    return DraftFacts(
        story=ctx.story.slug,
        place=PlaceFacts(place.code, place.name, place.slug, place.region, place.nation),
        headline=headline,
        flags=Flags(
            illustrative=ctx.uses_illustrative,
            illustrative_columns=tuple(sorted(record.illustrative_columns)),
            illustrative_elsewhere=ctx.illustrative_elsewhere,
            awaiting_response=ctx.awaiting_response,
            missing_figures=tuple(v.measure.key for v in ctx.missing),
            no_row=ctx.absent,
        ),
        lead=LeadFacts(
            lead.kind, lead.measure, lead.reason, lead.score, dict(lead.parts), angle.explain()
        ),
        measures=tuple(_measure(v, dataset) for v in ctx.measures),
        fields={
            name: FieldFacts(
                value, cell_facts(cell) if (cell := record.field_cells.get(name)) else None
            )
            for name, value in ctx.fields.items()
        },
        quotes=tuple(q.as_dict() for q in (*ctx.quotes, *ctx.national_quotes)),
        categories=tuple(
            categories_facts(c.key, c.label, ctx.categories.get(c.key))
            for c in ctx.story.categories
        )
        or None,
    )


def _summed(name: str, figure: Figure | Value | None, measure: Measure) -> SummedFacts:
    if not isinstance(figure, Figure):  # a place summed into a total always has a figure
        raise ValueError(f"{name} is summed into the total of {measure.key} with no figure")
    return SummedFacts(name, figure_facts(figure, measure))


def group_facts(group: GroupContext, headline: str) -> GroupFacts:
    """The facts of a draft about several places: totals with every figure summed into them."""
    measures = []
    for gm in group.measures:
        m = gm.measure
        summed = worst = total = None
        if gm.total is not None:
            total = figure_facts(gm.total, m, cells=False)
            summed = tuple(_summed(c.place.name, c.by_key[m.key].figure, m) for c in gm.places)
            worst = tuple(c.place.name for c in gm.worst)
        measures.append(
            GroupMeasureFacts(
                measure=m.key,
                label=m.label,
                places_with_figures=len(gm.places),
                places_without=tuple(c.place.name for c in gm.missing),
                places_with_at_least_one=gm.at_least_one,
                places_within_limits=gm.within_limits,
                total=total,
                summed=summed,
                worst=worst,
                pooled=None if gm.pooled is None else pooled_facts(gm.pooled, gm.versus, m),
                change=None
                if gm.change is None
                else group_change_facts(
                    gm.change, sum(1 for c in gm.places if c.by_key[m.key].change), m
                ),
            )
        )
    lead = group.lead.lead
    return GroupFacts(
        story=group.story.slug,
        group=group.name,
        national=group.national,
        places=tuple(c.place.name for c in group.places),
        headline=headline,
        flags=GroupFlags(
            illustrative=group.uses_illustrative,
            illustrative_places=tuple(c.place.name for c in group.places if c.illustrative),
            illustrative_elsewhere=group.illustrative_elsewhere,
            awaiting_response=tuple(c.place.name for c in group.awaiting),
        ),
        lead=GroupLeadFacts(
            group.lead.place.name,
            lead.kind,
            lead.measure.key if lead.measure else None,
            lead.reason,
        ),
        measures=tuple(measures),
        quotes=tuple(q.as_dict() for q in (*group.quotes, *group.national_quotes)),
    )
