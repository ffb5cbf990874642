"""Bar charts: every place on one measure, worst first, one chart per highlighted place."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from matplotlib import ticker
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.transforms import IdentityTransform, ScaledTranslation, blended_transform_factory

from generator.language.present import count as count_noun
from generator.language.present import rate_label, unit
from generator.outputs.charts.base import (
    BAR_PITCH,
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


class BarCharts(Charts):
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
        if worse not in ("higher", "lower"):
            raise ValueError(f"worse must be 'higher' or 'lower', not {worse!r}")
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

    def _left_margin(self) -> int:
        """Pixels for the longest label set in bold, plus the gaps either side."""
        renderer = self.canvas.get_renderer()
        bold = FontProperties(family="DejaVu Sans", size=FONT_SIZE, weight="bold")
        widths = [
            renderer.get_text_width_height_descent(p.label, bold, ismath=False)[0]
            for p in self.points
        ]
        return min(math.ceil(max(widths, default=30)) + 24, WIDTH // 2)

    def _draw(self, axis: str, source: str) -> None:
        n = len(self.points)
        top, bottom = 78, 56 + (SOURCE_HEIGHT if source else 0)
        height = top + max(n, 3) * BAR_PITCH + bottom
        self.figure = figure = self.new_figure(height, source)
        left = self._left_margin()
        box = (left / WIDTH, bottom / height, 1 - (left + 56) / WIDTH, 1 - (top + bottom) / height)
        ax = figure.add_axes(box)
        values = [self.rate(p) for p in self.points]
        bars = ax.barh(range(n), values, height=0.72, color=MUTED, zorder=2)
        ax.set_ylim(max(n, 1) - 0.5, -0.5)
        ceiling = max([*values, float((self.pooled or 0) * self.per)], default=0)
        ax.set_xlim(0, ceiling * 1.12 if ceiling else 1)
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
        if self.pooled is not None:
            x = float(self.pooled * self.per)
            self.overlay.append(ax.axvline(x, color=INK, linewidth=1.2, zorder=3))
            above = blended_transform_factory(ax.transData, ax.transAxes) + ScaledTranslation(
                0, 4 / 72, figure.dpi_scale_trans
            )
            side = "right" if x > ax.get_xlim()[1] * 0.6 else "left"
            ax.text(x, 1, self.pooled_label, transform=above, ha=side, va="bottom", color=INK)
        beside = blended_transform_factory(ax.transAxes, ax.transData) + ScaledTranslation(
            -6 / 72, 0, figure.dpi_scale_trans
        )
        after = ax.transData + ScaledTranslation(4 / 72, 0, figure.dpi_scale_trans)
        label: dict[str, Any] = {"transform": beside, "ha": "right", "va": "center"}
        self.labels = []
        for i, (point, bar) in enumerate(zip(self.points, bars, strict=True)):
            self.labels.append(ax.text(0, i, point.label, color=INK, **label))
            self.plain.append([bar, self.labels[-1]])
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
            self.marks.append(
                [
                    ax.add_artist(marked),
                    ax.text(
                        self.rate(point),
                        i,
                        self.value(point),
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
                raise TypeError(f"a bar's cover should be a Rectangle, not {blank!r}")
            box = label.get_window_extent(renderer)
            blank.set_bounds(box.x0 - 2, box.y0 - 2, box.width + 4, box.height + 4)

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
