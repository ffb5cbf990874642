"""Bar charts: every place on one measure, worst first, one chart per highlighted place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from matplotlib.patches import Rectangle
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from generator.language.present import count as count_noun
from generator.language.present import rate_label
from generator.outputs.charts.base import (
    HIGHLIGHT,
    INK,
    MUTED,
    ChartPoint,
    RowCharts,
    spoken,
    style,
)


class BarCharts(RowCharts):
    """All places on one measure, sorted worst first, one chart per highlighted place.

    Order: worst first on the exact rate (``worse`` "higher": highest first; "lower": lowest
    first); equal rates are ordered by label, then slug. Places with a base of 0 are left out.
    ``pooled`` draws a line at that rate labelled ``pooled_label`` (e.g. "England and Wales:
    9%"); with no label the line reads "All places: 9%". ``source`` adds a line at the foot.
    A value measure's points carry their exact value as ``count``/``base`` (``per`` 1), and
    ``label`` writes it ("£1,234"). The PNG is 800 pixels wide and 134 + 20 per place high
    (+20 with a source; 3 places least).
    """

    kind = "Bar chart"

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
        self.label = label
        super().__init__(points, title=title, per=per, decimals=decimals, unit=unit)
        self.check_worse(worse)
        self.worse = worse
        self.points.sort(key=lambda p: (p.label, p.slug))
        self.points.sort(key=lambda p: Fraction(p.count, p.base), reverse=worse == "higher")
        self.pooled = None if pooled is None else Fraction(pooled)
        if self.pooled is not None and not pooled_label:
            pooled_label = "All places: " + rate_label(self.pooled, per, decimals)
        self.pooled_label = pooled_label
        with style():
            self._draw(axis, source)
            self.prepare()

    def value(self, point: ChartPoint, spoken: bool = False) -> str:
        """The point's rate as printed, or, with a ``label`` (a value measure's, such as
        "£1,234"), that label of its exact value (``count``/``base``) on the chart and in alt
        text alike."""
        if self.label is not None:
            return self.label(Fraction(point.count, point.base))
        return super().value(point, spoken)

    @property
    def order(self) -> tuple[str, ...]:
        """The slugs from the top bar (the worst) down."""
        return tuple(p.slug for p in self.points)

    def _draw(self, axis: str, source: str) -> None:
        ax = self.row_axes(source, right=56)
        figure = self.figure
        values = [self.rate(p) for p in self.points]
        bars = ax.barh(range(len(self.points)), values, height=0.72, color=MUTED, zorder=2)
        ceiling = max([*values, float((self.pooled or 0) * self.per)], default=0)
        self.style_rows(ax, axis, ceiling, 1.12)
        if self.pooled is not None:
            x = float(self.pooled * self.per)
            self.overlay.append(ax.axvline(x, color=INK, linewidth=1.2, zorder=3))
            above = blended_transform_factory(ax.transData, ax.transAxes) + ScaledTranslation(
                0, 4 / 72, figure.dpi_scale_trans
            )
            side = "right" if x > ax.get_xlim()[1] * 0.6 else "left"
            ax.text(x, 1, self.pooled_label, transform=above, ha=side, va="bottom", color=INK)
        for i, (point, bar) in enumerate(zip(self.points, bars, strict=True)):
            self.plain.append([bar, self.row_label(ax, i, point)])
            marked = Rectangle(
                bar.get_xy(),
                bar.get_width(),
                bar.get_height(),
                facecolor=HIGHLIGHT,
                edgecolor="none",
                zorder=2.1,
            )
            # add_artist, not add_patch: the limits are set, so a mark need not update the
            # data limits (add_patch's dearest step; a funnel's dots do the same)
            drawn = [ax.add_artist(marked)]
            self.mark_row(ax, i, point, drawn, self.rate(point), self.value(point), gap=4)

    def alt(self, index: int | None, finding: str = "") -> str:
        """Alt text: what the chart shows, the highlighted place's value, the pooled rate.

        "Bar chart: <title>, 43 places, highest first. <name> is highlighted: 53 per cent.
        <pooled label, "%" as "per cent">. <finding>"
        """
        first = "highest" if self.worse == "higher" else "lowest"
        places = count_noun(len(self.points), self.unit)
        parts = [f"{self.kind}: {self.title}, {places}, {first} first."]
        if index is not None:
            point = self.points[index]
            parts.append(f"{point.name} is highlighted: {self.value(point, spoken=True)}.")
        if self.pooled is not None:
            parts.append(spoken(self.pooled_label).rstrip(".") + ".")
        if finding:
            parts.append(finding.strip())
        return " ".join(parts)
