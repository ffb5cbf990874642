"""Change charts: every place's earlier and latest rate on one measure, joined by a line (a
dot or "dumbbell" chart), ordered by the change, one chart per highlighted place.

Each row is a place: a hollow dot at its rate in the earlier period, a filled dot at its latest
rate, and a line between them. Rows are ordered by the exact change on the measure's scale,
the change furthest in the worse direction first (the biggest rise when a higher rate is worse,
as :mod:`generator.compute.change` ranks them); equal changes keep the order of their labels.
The highlighted place's line and dots are in the strong colour, its label bold, and its change
as printed ("up 17") is written after its row. Changes are worded by the presenter
(:func:`generator.language.present.change`), so the alt text says what the draft says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.transforms import ScaledTranslation

from generator.compute.change import PeriodChange
from generator.inputs.data import Figure
from generator.language.present import change as change_words
from generator.language.present import count as count_noun
from generator.language.present import spoken_rate
from generator.outputs.charts.base import (
    HIGHLIGHT,
    INK,
    MUTED,
    ChartPoint,
    RowCharts,
    dot_at,
    spoken,
    style,
)


@dataclass(frozen=True)
class ChangePoint(ChartPoint):
    """A place's latest ``count`` of ``base`` and its ``then_count`` of ``then_base`` in the
    earlier period."""

    then_count: int = 0
    then_base: int = 0


class ChangeCharts(RowCharts):
    """Dot chart of change: one row per place with a figure in both periods (a base above 0
    in each), its earlier and latest rates joined, the worst change first. The PNG is 800
    pixels wide and 20 pixels a place, as a bar chart."""

    kind = "Change chart"

    def __init__(
        self,
        points: Sequence[ChangePoint],
        *,
        title: str,
        axis: str,
        since: str,
        per: int = 100,
        decimals: int = 0,
        worse: str = "higher",
        pooled_label: str = "",
        source: str = "",
        unit: str = "place",
    ) -> None:
        for p in points:
            if not 0 <= p.then_count <= p.then_base:
                raise ValueError(
                    f"{p.name}: count {p.then_count} in {since} is not between 0 and {p.then_base}"
                )
        super().__init__(
            [p for p in points if p.then_base > 0],
            title=title,
            per=per,
            decimals=decimals,
            unit=unit,
        )
        self.without.update({p.slug: p for p in points if p.then_base == 0})
        self.check_worse(worse)
        self.worse, self.since, self.pooled_label = worse, since, pooled_label
        self.changes = {p.slug: self._change(cast(ChangePoint, p)) for p in self.points}
        self.points.sort(key=lambda p: (p.label, p.slug))
        sign = -1 if worse == "higher" else 1
        self.points.sort(key=lambda p: sign * self.changes[p.slug].points)
        with style():
            self._draw(axis, source)
            self.prepare()

    def _change(self, point: ChangePoint) -> PeriodChange:
        now, then = Figure(point.count, point.base), Figure(point.then_count, point.then_base)
        return PeriodChange(now, then, self.since, self.per, self.decimals)

    def then_rate(self, point: ChartPoint) -> float:
        """The point's earlier rate in ``per`` units, for drawing."""
        return float(self.changes[point.slug].then.rate * self.per)

    @property
    def order(self) -> tuple[str, ...]:
        """The slugs from the top row (the worst change) down."""
        return tuple(p.slug for p in self.points)

    def change_text(self, point: ChartPoint) -> str:
        """The change as printed after the highlighted row: "up 17", "down 1.2", "unchanged"."""
        change = self.changes[point.slug]
        if change.direction == "unchanged":
            return "unchanged"
        return f"{change.direction} {change.points_value}"

    def _dot(self, ax: Any, xy: tuple[float, float], filled: bool) -> Circle:
        face, zorder = (HIGHLIGHT, 4.2) if filled else ("white", 4.1)
        look = {"facecolor": face, "edgecolor": HIGHLIGHT, "linewidth": 1.6, "zorder": zorder}
        dot = dot_at(self.figure, ax, xy, **look)
        return cast(Circle, ax.add_artist(dot))

    def _draw(self, axis: str, source: str) -> None:
        ax = self.row_axes(source, right=24)
        figure = self.figure
        now = [self.rate(p) for p in self.points]
        then = [self.then_rate(p) for p in self.points]
        rows = range(len(self.points))
        lines = [[(a, i), (b, i)] for i, (a, b) in enumerate(zip(then, now, strict=True))]
        ax.add_collection(LineCollection(lines, colors=MUTED, linewidths=2, zorder=2))
        dots: dict[str, Any] = {"s": 30, "linewidths": 1.4, "zorder": 3}
        ax.scatter(then, rows, facecolors="white", edgecolors=MUTED, **dots)
        ax.scatter(now, rows, facecolors=MUTED, edgecolors=MUTED, **dots)
        self.style_rows(ax, axis, max([*now, *then], default=0), 1.22)
        key: dict[str, Any] = {"marker": "o", "linestyle": "none", "markersize": 6}
        handles = [
            Line2D([], [], markerfacecolor="white", markeredgecolor=INK, label=self.since, **key),
            Line2D([], [], markerfacecolor=INK, markeredgecolor=INK, label="Latest", **key),
        ]
        legend: dict[str, Any] = {"loc": "lower right", "bbox_to_anchor": (1, 1), "ncol": 2}
        ax.legend(handles=handles, frameon=False, labelcolor=INK, borderaxespad=0.2, **legend)
        if self.pooled_label:
            above = ax.transAxes + ScaledTranslation(0, 4 / 72, figure.dpi_scale_trans)
            ax.text(0, 1, self.pooled_label, transform=above, ha="left", va="bottom", color=INK)
        for i, point in enumerate(self.points):
            self.plain.append([self.row_label(ax, i, point)])
            segment = Line2D([then[i], now[i]], [i, i], color=HIGHLIGHT, linewidth=2.4, zorder=4)
            drawn = [
                ax.add_artist(segment),
                self._dot(ax, (then[i], i), filled=False),
                self._dot(ax, (now[i], i), filled=True),
            ]
            at = max(then[i], now[i])
            self.mark_row(ax, i, point, drawn, at, self.change_text(point), gap=10)

    def alt(self, index: int | None, finding: str = "") -> str:
        """Alt text: what the chart shows, the highlighted place's rates and change, the
        pooled change.

        "Change chart: <title>, 5 places, biggest rise first. <name> is
        highlighted: 43 per cent in 2012, 60 per cent latest, up 17 percentage points since
        2012. <pooled label, "%" as "per cent">. <finding>"
        """
        first = "biggest rise" if self.worse == "higher" else "biggest fall"
        places = count_noun(len(self.points), self.unit)
        parts = [f"{self.kind}: {self.title}, {places}, {first} first."]
        if index is not None:
            point = self.points[index]
            change = self.changes[point.slug]
            then = spoken_rate(change.then.rate, self.per, self.decimals)
            now = spoken_rate(change.now.rate, self.per, self.decimals)
            parts.append(
                f"{point.name} is highlighted: {then} in {self.since}, {now} latest, "
                f"{change_words(change)}."
            )
        if self.pooled_label:
            parts.append(spoken(self.pooled_label).rstrip(".") + ".")
        if finding:
            parts.append(finding.strip())
        return " ".join(parts)


def change_points(
    changes: dict[str, PeriodChange], names: dict[str, tuple[str, str]]
) -> list[ChangePoint]:
    """Chart points from each place's change (``names``: slug -> (name, short label))."""
    return [
        ChangePoint(slug, *names[slug], c.now.count, c.now.base, c.then.count, c.then.base)
        for slug, c in changes.items()
    ]
