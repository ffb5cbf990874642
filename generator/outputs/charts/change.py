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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from matplotlib import ticker
from matplotlib.collections import LineCollection
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.transforms import (
    Affine2DBase,
    IdentityTransform,
    ScaledTranslation,
    blended_transform_factory,
)

from generator.compute.change import PeriodChange
from generator.inputs.data import Figure
from generator.language.present import change as change_words
from generator.language.present import count as count_noun
from generator.language.present import spoken_rate, unit
from generator.outputs.charts.base import (
    BAR_PITCH,
    DOT_RADIUS,
    FONT_SIZE,
    GRID,
    HIGHLIGHT,
    INK,
    MUTED,
    SOURCE_HEIGHT,
    WIDTH,
    ChartPoint,
    Charts,
    spoken,
    style,
    tick_formatter,
)


@dataclass(frozen=True)
class ChangePoint(ChartPoint):
    """A place's latest ``count`` of ``base`` and its ``then_count`` of ``then_base`` in the
    earlier period."""

    then_count: int = 0
    then_base: int = 0


class ChangeCharts(Charts):
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
        if worse not in ("higher", "lower"):
            raise ValueError(f"worse must be 'higher' or 'lower', not {worse!r}")
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

    def _left_margin(self) -> int:
        renderer = self.canvas.get_renderer()
        bold = FontProperties(family="DejaVu Sans", size=FONT_SIZE, weight="bold")
        widths = [
            renderer.get_text_width_height_descent(p.label, bold, ismath=False)[0]
            for p in self.points
        ]
        return min(math.ceil(max(widths, default=30)) + 24, WIDTH // 2)

    def _dot(self, ax: Any, xy: tuple[float, float], filled: bool) -> Circle:
        data = cast(Affine2DBase, ax.transData)
        place = self.figure.dpi_scale_trans + ScaledTranslation(*xy, data)
        dot = Circle(
            (0, 0),
            DOT_RADIUS / 72,
            transform=place,
            facecolor=HIGHLIGHT if filled else "white",
            edgecolor=HIGHLIGHT,
            linewidth=1.6,
            zorder=4.2 if filled else 4.1,
        )
        return cast(Circle, ax.add_artist(dot))

    def _draw(self, axis: str, source: str) -> None:
        n = len(self.points)
        top, bottom = 78, 56 + (SOURCE_HEIGHT if source else 0)
        height = top + max(n, 3) * BAR_PITCH + bottom
        self.figure = figure = self.new_figure(height, source)
        left = self._left_margin()
        box = (left / WIDTH, bottom / height, 1 - (left + 24) / WIDTH, 1 - (top + bottom) / height)
        ax = figure.add_axes(box)
        now = [self.rate(p) for p in self.points]
        then = [self.then_rate(p) for p in self.points]
        rows = range(n)
        lines = [[(a, i), (b, i)] for i, (a, b) in enumerate(zip(then, now, strict=True))]
        ax.add_collection(LineCollection(lines, colors=MUTED, linewidths=2, zorder=2))
        dots: dict[str, Any] = {"s": 30, "linewidths": 1.4, "zorder": 3}
        ax.scatter(then, rows, facecolors="white", edgecolors=MUTED, **dots)
        ax.scatter(now, rows, facecolors=MUTED, edgecolors=MUTED, **dots)
        ax.set_ylim(max(n, 1) - 0.5, -0.5)
        ceiling = max([*now, *then], default=0)
        ax.set_xlim(0, ceiling * 1.22 if ceiling else 1)
        ax.set_yticks([])
        ax.xaxis.set_major_formatter(tick_formatter(unit(self.per, spoken=False)))
        ax.xaxis.set_major_locator(ticker.MaxNLocator(6))
        ax.tick_params(axis="x", colors=INK, length=0, pad=4)
        ax.grid(axis="x", color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(INK)
        ax.set_xlabel(axis, color=INK)
        if not n:
            ax.text(0.5, 0.5, "No figures", transform=ax.transAxes, ha="center", color=INK)
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
        beside = blended_transform_factory(ax.transAxes, ax.transData) + ScaledTranslation(
            -6 / 72, 0, figure.dpi_scale_trans
        )
        after = ax.transData + ScaledTranslation(10 / 72, 0, figure.dpi_scale_trans)
        label: dict[str, Any] = {"transform": beside, "ha": "right", "va": "center"}
        self.labels = []
        for i, point in enumerate(self.points):
            self.labels.append(ax.text(0, i, point.label, color=INK, **label))
            self.plain.append([self.labels[-1]])
            segment = Line2D([then[i], now[i]], [i, i], color=HIGHLIGHT, linewidth=2.4, zorder=4)
            self.marks.append(
                [
                    ax.add_artist(segment),
                    self._dot(ax, (then[i], i), filled=False),
                    self._dot(ax, (now[i], i), filled=True),
                    ax.text(
                        max(then[i], now[i]),
                        i,
                        self.change_text(point),
                        transform=after,
                        ha="left",
                        va="center",
                        fontweight="bold",
                        color=HIGHLIGHT,
                        zorder=4,
                    ),
                    ax.text(
                        0, i, point.label, fontweight="bold", color=HIGHLIGHT, zorder=6, **label
                    ),
                ]
            )
            blank = Rectangle(
                (0, 0),
                0,
                0,
                transform=IdentityTransform(),
                facecolor="white",
                edgecolor="none",
                antialiased=False,
                zorder=5,
            )
            self.covers.append([ax.add_artist(blank)])
            blank.set_clip_on(False)

    def fit_covers(self) -> None:
        """White over each plain label, in the raster's pixels, under its bold label."""
        renderer = self.canvas.get_renderer()
        for label, (blank,) in zip(self.labels, self.covers, strict=True):
            if not isinstance(blank, Rectangle):
                raise TypeError(f"a row's cover should be a Rectangle, not {blank!r}")
            box = label.get_window_extent(renderer)
            blank.set_bounds(box.x0 - 2, box.y0 - 2, box.width + 4, box.height + 4)

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
