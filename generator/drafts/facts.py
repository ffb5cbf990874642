"""A draft's facts: every figure, rank, comparison and quote it rests on, each traced to the
data cell it came from, plus the lead and why it won. Written beside each draft as
``facts.json`` so an editor can check every number."""

from __future__ import annotations

from typing import Any

from generator.compute.angle import Angle
from generator.compute.funnel import Position
from generator.drafts.context import DraftContext, MeasureView
from generator.drafts.group import GroupContext
from generator.inputs.data import Dataset, Figure
from generator.inputs.story import Measure
from generator.language.filters import percent_value, rate_value


def _scaled(figure: Figure, measure: Measure | None) -> dict[str, Any]:
    """For a measure written per 1,000 (not per cent): the scale and the rate as printed."""
    if measure is None or measure.per == 100:
        return {}
    return {"per": measure.per, "value": rate_value(figure.rate, measure.per, measure.decimals)}


def figure_dict(figure: Figure, measure: Measure | None = None) -> dict[str, Any]:
    """A figure as JSON: count, base, exact rate, half-up percentage (and, for a measure on
    another scale, ``per`` and the printed ``value``) and source cells."""
    return {
        "count": figure.count,
        "base": figure.base,
        "rate": f"{figure.rate.numerator}/{figure.rate.denominator}",
        "percent": percent_value(figure),
        **_scaled(figure, measure),
        "illustrative": figure.illustrative,
        "cells": [c.as_dict() for c in figure.cells],
    }


def pooled_dict(
    pooled: Figure, versus: str | None, measure: Measure | None = None
) -> dict[str, Any]:
    """The rate across every place, and how this draft's rate compares with it."""
    return {
        "count": pooled.count,
        "base": pooled.base,
        "percent": percent_value(pooled),
        **_scaled(pooled, measure),
        "versus": versus,
    }


def funnel_dict(position: Position, caution: str | None, significance: str | None) -> dict:
    """Where a figure sits against the funnel-plot control limits (proportions, 6 places)."""
    limits = position.limits
    return {
        "method": limits.method,
        "signal": position.signal,
        "limits": {
            name: round(getattr(limits, name), 6)
            for name in ("lower998", "lower95", "upper95", "upper998")
        },
        "caution": caution,
        "significance": significance,
    }


def _measure(view: MeasureView, dataset: Dataset) -> dict[str, Any]:
    others = sum(
        1
        for r in dataset.records.values()
        if (f := r.figures[view.measure.key]) is not None and f.illustrative
    )
    entry: dict[str, Any] = {"measure": view.measure.key, "label": view.measure.label}
    if view.figure is None:
        entry["available"] = False
        if view.pooled is not None:
            entry["pooled"] = {**pooled_dict(view.pooled, None, view.measure), "places": view.base}
            entry["places_within_limits"] = view.within_limits
        return entry
    entry.update(available=True, figure=figure_dict(view.figure, view.measure))
    if view.rank is not None:
        entry["rank"] = {
            "position": view.rank.position,
            "tied": view.rank.tied,
            "base": view.rank.base,
            "total": view.rank.total,
            "claim": view.claim,
            "claim_extreme": view.claim_extreme,
            "places_with_illustrative_figures": others,
            "level_with": list(view.level_with),
            "places_worse": view.worse_places,
            "places_better": view.better_places,
        }
    if view.kind:
        entry["finding"] = {"kind": view.kind, "score": view.score}
    if view.pooled is not None:
        entry["pooled"] = {
            **pooled_dict(view.pooled, view.versus, view.measure),
            "places": view.base,
        }
    if view.funnel is not None:
        entry["funnel"] = funnel_dict(view.funnel, view.caution, view.significance)
        entry["places_within_limits"] = view.within_limits
    entry["places_with_at_least_one"] = view.at_least_one
    entry["worst"] = [p.name for p in view.worst]
    return entry


def draft_facts(ctx: DraftContext, angle: Angle, dataset: Dataset, headline: str) -> dict[str, Any]:
    """The facts of one draft, as a JSON-ready mapping."""
    record = dataset.record(ctx.place.slug)
    return {
        "story": ctx.story.slug,
        "place": {
            "code": ctx.place.code,
            "name": ctx.place.name,
            "slug": ctx.place.slug,
            "region": ctx.place.region,
            "nation": ctx.place.nation,
        },
        "headline": headline,
        "flags": {
            "illustrative": ctx.illustrative,
            "illustrative_columns": sorted(record.illustrative_columns),
            "awaiting_response": ctx.awaiting_response,
            "missing_figures": [v.measure.key for v in ctx.missing],
            "no_row": ctx.absent,
        },
        "lead": {
            "kind": angle.lead.kind,
            "measure": angle.lead.measure,
            "reason": angle.lead.reason,
            "score": angle.lead.score,
            "score_parts": dict(angle.lead.parts),
            "explain": angle.explain(),
        },
        "measures": [_measure(v, dataset) for v in ctx.measures],
        "fields": {
            name: {
                "value": value,
                "cell": cell.as_dict() if (cell := record.field_cells.get(name)) else None,
            }
            for name, value in ctx.fields.items()
        },
        "quotes": [q.as_dict() for q in (*ctx.quotes, *ctx.national_quotes)],
    }


def group_facts(group: GroupContext, headline: str) -> dict[str, Any]:
    """The facts of a draft about several places: totals with every figure summed into them."""
    measures = []
    for gm in group.measures:
        entry: dict[str, Any] = {
            "measure": gm.measure.key,
            "label": gm.measure.label,
            "places_with_figures": len(gm.places),
            "places_without": [c.place.name for c in gm.missing],
            "places_with_at_least_one": gm.at_least_one,
            "places_within_limits": gm.within_limits,
        }
        if gm.total is not None:
            total = figure_dict(gm.total, gm.measure)
            entry["total"] = {k: v for k, v in total.items() if k != "cells"}
            entry["summed"] = [
                {"place": c.place.name, **figure_dict(c.by_key[gm.measure.key].figure, gm.measure)}
                for c in gm.places
            ]
            entry["worst"] = [c.place.name for c in gm.worst]
        if gm.pooled is not None:
            entry["pooled"] = pooled_dict(gm.pooled, gm.versus, gm.measure)
        measures.append(entry)
    return {
        "story": group.story.slug,
        "group": group.name,
        "national": group.national,
        "places": [c.place.name for c in group.places],
        "headline": headline,
        "flags": {
            "illustrative": group.illustrative,
            "illustrative_places": [c.place.name for c in group.places if c.illustrative],
            "awaiting_response": [c.place.name for c in group.awaiting],
        },
        "lead": {
            "place": group.lead.place.name,
            "kind": group.lead.lead.kind,
            "measure": group.lead.lead.measure.key if group.lead.lead.measure else None,
            "reason": group.lead.lead.reason,
        },
        "measures": measures,
        "quotes": [q.as_dict() for q in (*group.quotes, *group.national_quotes)],
    }
