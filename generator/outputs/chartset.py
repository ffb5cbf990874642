"""The charts of a story's drafts: for each place, a bar chart of every place on its lead measure
and a funnel plot of the same measure, that place highlighted; for the national draft, both
charts of every leading measure with no place highlighted. A measure that declares a
``change`` adds a change chart (each place's earlier and latest rate, :mod:`.charts.change`),
whose alt text states the place's change and its rank by change.

Each chart is written as PNG and SVG beside the draft, with ``charts.json`` giving the files and
their alt text (what the chart shows and the finding, in the same words as the draft's claim).
Titles and axis labels come from the manifest's measure words, so nothing here is about any one
story. Charts are drawn once per measure and process (:class:`StoryCharts` keeps them), then only
the highlight changes from place to place.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from generator.compute.change import ChangeRanking
from generator.compute.ranking import Ranking
from generator.drafts.context import MeasureView
from generator.inputs.data import Dataset, Value
from generator.inputs.story import Measure
from generator.language.amounts import amount_text, amount_value
from generator.language.filters import possessive, sentence
from generator.language.present import change as change_words
from generator.language.present import rank_words, rate_label, scale
from generator.outputs.charts import BarCharts, ChangeCharts, Chart, ChartPoint, FunnelPlots
from generator.outputs.charts.change import change_points, order_words

CHARTS_FILE = "charts.json"


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def full_name(measure: Measure, text: str) -> str:
    """``text`` (a measure's ``topic`` or ``plural``) with the qualifier its ``label`` ends
    with in brackets, if the text lacks it, after the measure's ``plural`` or else at the end:
    "incorrect cancellation of sexual offences" becomes "incorrect cancellation of sexual
    offences (not rape)" for the label "sexual offences (not rape)", so a chart names the
    measure as the story defines it."""
    label = measure.label.strip()
    if not label.endswith(")") or "(" not in label:
        return text
    qualifier = label[label.rindex("(") :]
    if qualifier in text:
        return text
    plural = measure.plural or ""
    at = text.find(plural) if plural else -1
    if at < 0:
        return f"{text} {qualifier}"
    end = at + len(plural)
    return f"{text[:end]} {qualifier}{text[end:]}"


def chart_title(measure: Measure) -> str:
    """A chart's title: the measure's ``topic`` with its full name ("Incorrect cancellation of
    sexual offences (not rape)")."""
    return sentence(full_name(measure, measure.topic))


def axis_label(measure: Measure) -> str:
    """ "Sexual offences (not rape) incorrectly cancelled (%)" or "... per 1,000"."""
    what = full_name(measure, measure.plural or "")
    return sentence(f"{what} {measure.passive} {scale(measure.per, axis=True)}")


def finding(view: MeasureView, name: str, area: str) -> str:
    """The draft's claim about a place as one sentence for alt text."""
    if view.figure is None:
        return f"{name} has no figure."
    what = "value" if view.measure.is_value else "rate"
    if view.claim_extreme:
        text = f"{possessive(name)} {what} is {view.claim_extreme}"
    elif view.versus:
        across = area if view.rank is None or view.rank.complete else "the places with figures"
        text = f"{possessive(name)} {what} is {view.versus} the {what} across {across}"
    else:
        return ""
    if view.caution:
        text += f", though {view.caution}"
    elif view.significance:
        text += f": {view.significance}"
    return text + "."


def change_finding(
    changes: ChangeRanking, slug: str, name: str, plural: str, order: str = ""
) -> str:
    """A place's change and its rank by change as one sentence for alt text: "Northshire's
    rate is up 17 percentage points since 2012, the biggest rise; it ranks first of four areas
    by change, biggest rise first." ``order`` is the change chart's order in words
    (:func:`.charts.change.order_words`), worked out from the changes when not given."""
    place = changes.for_place(slug)
    if place is None:
        since = changes.pooled.since if changes.pooled else ""
        return f"{name} has no change since {since}: a figure is missing in one of the periods."
    text = f"{possessive(name)} rate is {change_words(place.change)}"
    if place.claim:
        text += f", {place.claim}"
    rank = place.rank
    if rank is not None:
        if not order:
            order = order_words(changes.measure.worse, [c.points for c in changes.changes.values()])
        text += f"; it ranks {rank_words(rank.position, rank.tied, rank.base)} {plural} by change, "
        text += order
    return text + "."


class StoryCharts:
    """Every chart of one story's build, drawn once per measure and reused."""

    def __init__(
        self,
        dataset: Dataset,
        rankings: dict[str, Ranking],
        changes: dict[str, ChangeRanking] | None = None,
    ) -> None:
        self.dataset = dataset
        self.rankings = rankings
        self.changes = changes or {}
        self._bars: dict[str, BarCharts] = {}
        self._funnels: dict[str, FunnelPlots] = {}
        self._changes: dict[str, ChangeCharts] = {}

    def _points(self, key: str) -> list[ChartPoint]:
        points = []
        for slug, record in self.dataset.records.items():
            figure = record.figures[key]
            place = record.place
            if figure is None:
                continue
            if isinstance(figure, Value):  # its exact value as count/base, drawn per 1
                count, base = figure.value.numerator, figure.value.denominator
            else:
                count, base = figure.count, figure.base
            flag = figure.illustrative
            points.append(
                ChartPoint(slug, place.name, place.short_name, count, base, illustrative=flag)
            )
        return points

    def _value_bars(self, ranking: Ranking) -> BarCharts:
        """A value measure's bar chart: no funnel plot (a value has no binomial chance)."""
        m, story = ranking.measure, self.dataset.story
        assert isinstance(ranking.pooled, Value)

        def label(value: Fraction) -> str:
            return amount_text(amount_value(value, m.decimals), m.unit, m.suffix)

        where = story.unit.area
        if ranking.base < ranking.total:
            where = f"All {ranking.base} {story.unit.plural} with figures"
        return BarCharts(
            self._points(m.key),
            title=chart_title(m),
            axis=sentence(m.label),
            per=1,
            decimals=m.decimals,
            worse=m.worse,
            pooled=ranking.pooled.value,
            pooled_label=f"{where} ({m.national}): {label(ranking.pooled.value)}",
            source=story.engine.source,
            unit=story.unit.singular,
            label=label,
        )

    def _pooled_label(self, ranking: Ranking) -> str:
        story = self.dataset.story
        assert ranking.pooled is not None
        m = ranking.measure
        value = rate_label(ranking.pooled.rate, m.per, m.decimals)
        where = story.unit.area
        if ranking.base < ranking.total:
            where = f"All {ranking.base} {story.unit.plural} with figures"
        return f"{where}: {value}"

    def charts(self, key: str) -> tuple[BarCharts, FunnelPlots | None] | None:
        """The bar chart and funnel plot of measure ``key`` (no funnel plot for a value
        measure), or ``None`` with no figures."""
        ranking = self.rankings[key]
        if ranking.pooled is None:
            return None
        if ranking.measure.is_value:
            if key not in self._bars:
                self._bars[key] = self._value_bars(ranking)
            return self._bars[key], None
        if key not in self._bars:
            m = ranking.measure
            points = self._points(key)
            source = self.dataset.story.engine.source
            title = chart_title(m)
            self._bars[key] = BarCharts(
                points,
                title=title,
                axis=axis_label(m),
                per=m.per,
                decimals=m.decimals,
                worse=m.worse,
                pooled=ranking.pooled.rate,
                pooled_label=self._pooled_label(ranking),
                source=source,
                unit=self.dataset.story.unit.singular,
            )
            self._funnels[key] = FunnelPlots(
                points,
                title=title,
                axis=axis_label(m),
                x_axis=sentence(f"number of {m.plural} (the base of the rate)"),
                per=m.per,
                decimals=m.decimals,
                pooled=ranking.pooled.rate,
                method=self.dataset.story.funnel_method,
                dispersion=ranking.dispersion,
                source=source,
                unit=self.dataset.story.unit.singular,
            )
        return self._bars[key], self._funnels[key]

    def change_chart(self, key: str) -> ChangeCharts | None:
        """The change chart of measure ``key``, or ``None`` when it declares no ``change`` or
        no place has a figure in both periods."""
        changes = self.changes.get(key)
        if changes is None or changes.pooled is None:
            return None
        if key not in self._changes:
            m, story = changes.measure, self.dataset.story
            records = self.dataset.records
            names = {s: (records[s].place.name, records[s].place.short_name) for s in records}
            where = story.unit.area
            if len(changes.changes) < len(records):
                where = f"All {len(changes.changes)} {story.unit.plural} with figures"
            self._changes[key] = ChangeCharts(
                change_points(changes.changes, names),
                title=f"{chart_title(m)}, {changes.pooled.since} and latest",
                axis=axis_label(m),
                since=changes.pooled.since,
                per=m.per,
                decimals=m.decimals,
                worse=m.worse,
                pooled_label=f"{where}: {change_words(changes.pooled)}",
                source=story.engine.source,
                unit=story.unit.singular,
            )
        return self._changes[key]

    def _change_for(self, key: str, slug: str | None) -> Chart | None:
        """The change chart of measure ``key`` with place ``slug`` highlighted when it has a
        change (``None``: no place), or ``None`` without a change chart."""
        chart = self.change_chart(key)
        if chart is None:
            return None
        if slug is None:
            return chart.render(None)
        name = self.dataset.record(slug).place.name
        plural = self.dataset.story.unit.plural
        said = change_finding(self.changes[key], slug, name, plural, chart.first)
        return chart.render(slug if slug in chart.changes else None, said)

    def for_place(self, slug: str, view: MeasureView) -> dict[str, str | bytes]:
        """A place's chart files on ``view``'s measure, highlighted when it has a figure."""
        drawn = self.charts(view.measure.key)
        if drawn is None:
            return {}
        bar, funnel = drawn
        record = self.dataset.record(slug)
        highlight = slug if view.figure is not None else None
        said = finding(view, record.place.name, self.dataset.story.unit.area)
        plot = funnel.render(highlight, said) if funnel is not None else None
        change = self._change_for(view.measure.key, slug)
        files, entry = _files("", bar.render(highlight, said), plot, change)
        files[CHARTS_FILE] = _dump({"measure": view.measure.key, **entry})
        return files

    def national(self) -> dict[str, str | bytes]:
        """Both charts of every leading measure, nothing highlighted."""
        files: dict[str, str | bytes] = {}
        listed = []
        for m in self.dataset.story.measures:
            drawn = self.charts(m.key) if m.lead else None
            if drawn is None:
                continue
            bar, funnel = drawn
            plot = funnel.render(None) if funnel is not None else None
            more, entry = _files(f"-{m.key}", bar.render(None), plot, self._change_for(m.key, None))
            files.update(more)
            listed.append({"measure": m.key, **entry})
        if listed:
            files[CHARTS_FILE] = _dump({"charts": listed})
        return files


def _files(
    suffix: str, bar: Chart, funnel: Chart | None, change: Chart | None = None
) -> tuple[dict[str, str | bytes], dict]:
    """The PNG and SVG files of the charts (the bar chart only for a value measure; the change
    chart only for a measure with a ``change``), and their entry for ``charts.json``."""
    files: dict[str, str | bytes] = {}
    entry: dict[str, Any] = {}
    for name, chart in (("chart", bar), ("funnel", funnel), ("change", change)):
        if chart is None:
            continue
        png, svg = f"{name}{suffix}.png", f"{name}{suffix}.svg"
        files[png], files[svg] = chart.png, chart.svg
        entry[name] = {"png": png, "svg": svg, "alt": chart.alt}
    return files, entry
