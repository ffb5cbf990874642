"""Bar charts: every place on one measure, worst first, one chart per highlighted place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from generator.language.present import rate_label, unit
from generator.outputs.charts.axes import Scale
from generator.outputs.charts.base import (
    BAR_PITCH,
    HIGHLIGHT,
    HOLLOW,
    INK,
    LABEL_SIZE,
    MUTED,
    ChartPoint,
    spoken,
)
from generator.outputs.charts.rows import RowCharts
from generator.outputs.charts.scene import Line, Rect, Scene, Shape, Text

BAR = 14  # pixels high, in a row of BAR_PITCH
ZERO_MARK = 2  # pixels, the least width of a bar: a zero's mark


class BarCharts(RowCharts):
    """All places on one measure, sorted worst first, one chart per highlighted place.

    Order: worst first on the exact rate (``worse`` "higher": highest first; "lower": lowest
    first); equal rates are ordered by label, then slug. Places with a base of 0 are left out.
    ``pooled`` draws a line at that rate labelled ``pooled_label`` (e.g. "England and Wales:
    9%"); with no label the line reads "All places: 9%". ``source`` adds a line at the foot.
    A value measure's points carry their exact value as ``count``/``base`` (``per`` 1), and
    ``label`` writes it ("£1,234"). The PNG is 800 pixels wide and 134 + 20 per place high
    (+20 with a source, 15 more each line it wraps onto; 3 places least). A zero is drawn
    as a thin bar, so it reads as zero, not missing. Past :data:`~.base.ROWS_MAX` places the
    chart shows the spread of every place and the highlighted place's neighbours (:mod:`.rows`).
    """

    kind = "Bar chart"
    marker = "Hollow bars"
    shared_scale = True  # the spread and the rows both show the rate

    def __init__(
        self,
        points: Sequence[ChartPoint],
        *,
        title: str,
        axis: str,
        per: int = 100,
        decimals: int = 0,
        worse: str = "higher",
        pooled: Fraction | None = None,
        pooled_label: str = "",
        source: str = "",
        unit: str = "place",
        label: Callable[[Fraction], str] | None = None,
    ) -> None:
        self.label_of = label
        self.noun = "rate" if label is None else "value"
        super().__init__(points, title=title, per=per, decimals=decimals, unit=unit)
        self.check_worse(worse)
        self.worse = worse
        self.first = "highest first" if worse == "higher" else "lowest first"
        self.points.sort(key=lambda p: (p.label, p.slug))
        self.points.sort(key=lambda p: Fraction(p.count, p.base), reverse=worse == "higher")
        self.rates = [self.rate(p) for p in self.points]
        self.pooled = None if pooled is None else Fraction(pooled)
        if self.pooled is not None and not pooled_label:
            pooled_label = "All places: " + rate_label(self.pooled, per, decimals)
        self.pooled_label = pooled_label
        tick_unit = "" if label is not None else _unit(per)
        self.finish(self.lay_out(axis, tick_unit, source))

    def value(self, point: ChartPoint, spoken: bool = False) -> str:
        """The point's rate as printed, or, with a ``label`` (a value measure's, such as
        "£1,234"), that label of its exact value (``count``/``base``) on the chart and in alt
        text alike."""
        if self.label_of is not None:
            return self.label_of(Fraction(point.count, point.base))
        return super().value(point, spoken)

    @property
    def order(self) -> tuple[str, ...]:
        """The slugs from the top bar (the worst) down."""
        return tuple(p.slug for p in self.points)

    def ceiling(self) -> float:
        return max([*self.rates, float((self.pooled or 0) * self.per)], default=0)

    def _bar(self, i: int, y: float, x: Scale, colour: str) -> Rect:
        """Row ``i``'s bar from zero; a zero (or a rate too small to see) is a bar
        :data:`ZERO_MARK` pixels wide, so it reads as zero rather than missing."""
        top = y + (BAR_PITCH - BAR) // 2
        zero, end = round(x(max(0.0, x.low))), round(x(self.rates[i]))
        if abs(end - zero) < ZERO_MARK:
            end = zero + ZERO_MARK
        return Rect(min(zero, end), top, max(zero, end), top + BAR, colour)

    def _bars(self, i: int, y: float, x: Scale, colour: str) -> list[Rect]:
        """Row ``i``'s bar, hollow (a white inside :data:`~.base.HOLLOW` pixels in from its
        edge) when its figure is illustrative."""
        bar = self._bar(i, y, x, colour)
        if not self.points[i].illustrative or bar.x1 - bar.x0 <= 2 * HOLLOW:
            return [bar]
        inside = Rect(bar.x0 + HOLLOW, bar.y0 + HOLLOW, bar.x1 - HOLLOW, bar.y1 - HOLLOW, "white")
        return [bar, inside]

    def row(self, i: int, y: float, x: Scale) -> list[Shape]:
        return [*self._bars(i, y, x, MUTED)]

    def row_marks(self, i: int, y: float, x: Scale) -> list[Shape]:
        bars = self._bars(i, y, x, HIGHLIGHT)
        value = self.spread_value(i)
        text = Text(bars[0].x1 + 5, y + BAR_PITCH / 2, value, HIGHLIGHT, LABEL_SIZE, True, "lm")
        return [*bars, text]

    def decorate(self, scene: Scene, x: Scale, top: float, bottom: float) -> None:
        """The pooled line over the bars (over a highlighted bar too), labelled above them."""
        if self.pooled is None:
            return
        at = round(x(float(self.pooled * self.per))) + 0.5
        scene.always.append(Line(((at, top), (at, bottom)), INK, 1.5))
        side = "r" if at > x.start + (x.end - x.start) * 0.6 else "l"
        scene.add(Text(at, top - 4, self.pooled_label, INK, LABEL_SIZE, anchor=side + "b"))

    def spread(self) -> tuple[list[float], str, str, list[tuple[float, str]]]:
        lines = []
        if self.pooled is not None:
            lines.append((float(self.pooled * self.per), self.pooled_label))
        tick_unit = "" if self.label_of is not None else _unit(self.per)
        return self.rates, tick_unit, self.axis, lines

    def spread_value(self, i: int) -> str:
        if i not in self._printed:  # kept: a place's neighbours print it again
            self._printed[i] = self.value(self.points[i])
        return self._printed[i]

    def lay_out(self, axis: str, unit: str, source: str) -> Scene:
        self.axis = axis
        return super().lay_out(axis, unit, source)

    def alt(self, index: int | None, finding: str = "") -> str:
        """Alt text: what the chart shows, the highlighted place's value, the pooled rate.

        "Bar chart: <title>, 43 places, highest first. <name> is highlighted: 53 per cent.
        <pooled label, "%" as "per cent">. <finding>" Past :data:`~.base.ROWS_MAX` places:
        "Bar chart: <title>, 331 councils: how many have each value, and the place with its
        neighbours in order, highest first. ..."
        """
        parts = [self.opening(index, self.noun)]
        if index is not None:
            point = self.points[index]
            parts.append(f"{point.name} is highlighted: {self.value(point, spoken=True)}.")
        if self.note:
            parts.append(self.note_alt(index))
        if self.pooled is not None:
            parts.append(spoken(self.pooled_label).rstrip(".") + ".")
        if finding:
            parts.append(finding.strip())
        return " ".join(parts)


def _unit(per: int) -> str:
    """The unit on a tick: "%" for per cent, nothing for another scale (the axis names it)."""
    return unit(per, spoken=False)
