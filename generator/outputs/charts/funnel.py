"""Funnel plots: every place's rate against its base, with the pooled rate and the 95 and 99.8
per cent control limits, one chart per highlighted place."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from matplotlib import ticker

from generator.compute.dispersion import Dispersion
from generator.compute.funnel import funnel_curve, position
from generator.language.present import count as count_noun
from generator.language.present import spoken_rate, unit
from generator.outputs.charts.base import (
    FUNNEL_HEIGHT,
    GRID,
    HIGHLIGHT,
    INK,
    MUTED,
    SIGNAL_WORDS,
    SOURCE_HEIGHT,
    WIDTH,
    ChartPoint,
    Charts,
    dot_at,
    style,
    tick_formatter,
)


class FunnelPlots(Charts):
    """Funnel plot: x = base (e.g. staff, or records sampled), y = rate; the pooled line and the
    95 and 99.8 per cent control limits from generator.compute.funnel.funnel_curve.

    The limits are computed with ``method`` over about 200 bases spanning the x axis
    (log-spaced, on a logarithmic x axis, when the largest base is ten times the smallest or
    more), and the highlighted place's signal with ``generator.compute.funnel.position``, both
    widened by ``dispersion`` when the places vary more than chance alone (the legend and alt
    text then say so). The PNG is 800 by 560 pixels (580 with a source line).
    """

    kind = "Funnel plot"
    CURVE_POINTS = 200

    def __init__(
        self,
        points: Sequence[ChartPoint],
        *,
        title: str,
        axis: str,
        x_axis: str,
        per: int = 100,
        decimals: int = 0,
        pooled: Fraction,
        method: str = "exact",
        dispersion: Dispersion | None = None,
        source: str = "",
        unit: str = "place",
    ) -> None:
        super().__init__(points, title=title, per=per, decimals=decimals, unit=unit)
        self.pooled, self.method, self.x_axis = Fraction(pooled), method, x_axis
        self.dispersion = dispersion
        self.widened = dispersion is not None and dispersion.method != "none"
        with style():
            self._draw(axis, source)
            self.prepare()

    def _bases(self) -> tuple[tuple[float, float], list[int], bool]:
        """The x limits, the bases to compute the funnel at, and whether x is logarithmic."""
        low = min((p.base for p in self.points), default=1)
        high = max((p.base for p in self.points), default=100)
        log = high >= 10 * low
        if log:
            limits = (low / 1.15, high * 1.15)
            grid = np.geomspace(max(1.0, limits[0]), limits[1], self.CURVE_POINTS)
        else:
            pad = max((high - low) * 0.06, low * 0.05, 1)
            limits = (max(0.0, low - pad), high + pad)
            grid = np.linspace(max(1.0, limits[0]), limits[1], self.CURVE_POINTS)
        return limits, sorted({max(1, int(b + 0.5)) for b in grid}), log

    def _draw(self, axis: str, source: str) -> None:
        height = FUNNEL_HEIGHT + (SOURCE_HEIGHT if source else 0)
        top, bottom = 48, 56 + (SOURCE_HEIGHT if source else 0)
        self.figure = figure = self.new_figure(height, source)
        ax = figure.add_axes(
            (64 / WIDTH, bottom / height, 1 - 88 / WIDTH, 1 - (top + bottom) / height)
        )
        (x_low, x_high), bases, log = self._bases()
        curve = funnel_curve(self.pooled, bases, self.method, self.dispersion)
        xs, per = [c.base for c in curve], self.per
        pooled = float(self.pooled * per)
        ax.axhline(pooled, color=INK, linewidth=1.2, label="Pooled rate", zorder=2)
        for level, dash, name in (("95", "--", "95"), ("998", ":", "99.8")):
            upper = [getattr(c, f"upper{level}") * per for c in curve]
            lower = [getattr(c, f"lower{level}") * per for c in curve]
            line: dict[str, Any] = {"linestyle": dash, "color": INK, "linewidth": 1, "zorder": 2}
            label = f"{name}% control limits" + (" (widened)" if self.widened else "")
            ax.plot(xs, upper, label=label, **line)
            ax.plot(xs, lower, **line)
        x = [p.base for p in self.points]
        y = [self.rate(p) for p in self.points]
        ax.scatter(x, y, s=24, color=MUTED, edgecolors="white", linewidths=0.5, zorder=3)
        if log:
            ax.set_xscale("log")
            ax.xaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.xaxis.set_minor_locator(ticker.NullLocator())
        ax.xaxis.set_major_formatter(tick_formatter())
        ax.set_xlim(x_low, x_high)
        ceiling = max([*y, pooled, *(c.upper998 * per for c in curve)], default=1)
        ax.set_ylim(0, min(ceiling * 1.08, per) or 1)
        ax.yaxis.set_major_formatter(tick_formatter(unit(per, spoken=False)))
        ax.tick_params(colors=INK, length=3)
        ax.grid(color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(self.x_axis, color=INK)
        ax.set_ylabel(axis, color=INK)
        ax.legend(loc="upper right", frameon=False, labelcolor=INK)
        if not self.points:
            ax.text(0.5, 0.5, "No figures", transform=ax.transAxes, ha="center", color=INK)
        to_axes = ax.transScale + ax.transLimits
        for point, xy in zip(self.points, zip(x, y, strict=True), strict=True):
            right = to_axes.transform(xy)[0] > 0.7  # name on the left near the right edge
            dot = dot_at(
                figure, ax, xy, facecolor=HIGHLIGHT, edgecolor="white", linewidth=0.8, zorder=6
            )
            tag = ax.annotate(
                point.label,
                xy,
                xytext=(-7 if right else 7, 7),
                textcoords="offset points",
                ha="right" if right else "left",
                fontweight="bold",
                color=HIGHLIGHT,
                zorder=7,
            )
            self.marks.append([ax.add_artist(dot), tag])
            self.plain.append([])
            self.covers.append([])

    def alt(self, index: int | None, finding: str = "") -> str:
        """Alt text: what the plot shows and where the highlighted place falls.

        "Funnel plot: <title> against <x axis> for 43 places, with the pooled rate (9 per cent)
        and 95 and 99.8 per cent control limits. <name> (53 per cent) is above the 99.8 per
        cent limit. <finding>"
        """
        pooled = spoken_rate(self.pooled, self.per, self.decimals)
        places = count_noun(len(self.points), self.unit)
        x_axis = self.x_axis[:1].lower() + self.x_axis[1:]
        parts = [
            f"{self.kind}: {self.title} against {x_axis} for {places}, with the pooled "
            f"rate ({pooled}) and 95 and 99.8 per cent control limits"
            + (", widened because the places vary more than chance alone." if self.widened else ".")
        ]
        if index is not None:
            p = self.points[index]
            signal = position(p.count, p.base, self.pooled, self.method, self.dispersion).signal
            parts.append(f"{p.name} ({self.value(p, spoken=True)}) is {SIGNAL_WORDS[signal]}.")
        if finding:
            parts.append(finding.strip())
        return " ".join(parts)
