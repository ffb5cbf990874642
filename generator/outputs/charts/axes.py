"""Axes for the charts: a scale from values to pixels (linear or logarithmic), round ticks, and
the shapes of an axis (grid lines, tick labels, the axis title) in the house style."""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.outputs.charts.scene import Line, Shape, Text

GRID = "#DDDDDD"
INK = "#222222"
TICK_SIZE = 12  # pixels


def tick_text(value: float, unit: str = "") -> str:
    """A tick with as few decimals as it needs, commas, and a unit: 0, 2.5%, 1,000."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text) + unit


@dataclass(frozen=True)
class Scale:
    """Values from ``low`` to ``high`` onto pixels from ``start`` to ``end`` (either way up),
    on a logarithmic scale when ``log``."""

    low: float
    high: float
    start: float
    end: float
    log: bool = False

    def __call__(self, value: float) -> float:
        low, high, v = self.low, self.high, value
        if self.log:
            low, high, v = math.log10(low), math.log10(high), math.log10(max(value, 1e-12))
        share = (v - low) / (high - low) if high != low else 0.0
        return self.start + share * (self.end - self.start)

    def ticks(self, most: int = 6) -> list[float]:
        """Round values inside the scale: at most ``most`` + 1 of 1, 2, 2.5 or 5 times a power
        of ten apart, or on a logarithmic scale 1, 2 and 5 times each power of ten."""
        low, high = self.low, self.high
        if self.log:
            found = [
                m * 10.0**k
                for k in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
                for m in (1, 2, 5)
            ]
            return [v for v in found if low <= v <= high]
        span = high - low
        if span <= 0:
            return [low]
        power = 10.0 ** math.floor(math.log10(span / most))
        step = next(m * power for m in (1, 2, 2.5, 5, 10) if span / (m * power) <= most)
        first = math.ceil(low / step - 1e-9)
        return [round(k * step, 10) for k in range(first, math.floor(high / step + 1e-9) + 1)]


def x_axis(
    scale: Scale, top: float, bottom: float, unit: str = "", label: str = "", most: int = 6
) -> list[Shape]:
    """Vertical grid lines from ``top`` to ``bottom`` at the ticks, their labels under them,
    and the axis title under those."""
    shapes: list[Shape] = []
    for tick in scale.ticks(most):
        x = round(scale(tick)) + 0.5
        shapes.append(Line(((x, top), (x, bottom)), GRID, 1))
        shapes.append(Text(x, bottom + 5, tick_text(tick, unit), INK, TICK_SIZE, anchor="mt"))
    if label:
        middle = (scale.start + scale.end) / 2
        shapes.append(Text(middle, bottom + 24, label, INK, TICK_SIZE, anchor="mt"))
    return shapes


def y_axis(
    scale: Scale, left: float, right: float, unit: str = "", label: str = "", most: int = 6
) -> list[Shape]:
    """Horizontal grid lines from ``left`` to ``right`` at the ticks, their labels left of
    them, and the axis title turned upright left of those."""
    shapes: list[Shape] = []
    for tick in scale.ticks(most):
        y = round(scale(tick)) + 0.5
        shapes.append(Line(((left, y), (right, y)), GRID, 1))
        shapes.append(Text(left - 5, y, tick_text(tick, unit), INK, TICK_SIZE, anchor="rm"))
    if label:
        middle = (scale.start + scale.end) / 2
        shapes.append(Text(14, middle, label, INK, TICK_SIZE, anchor="mt", rotate=90))
    return shapes


Points = tuple[tuple[float, float], ...]


def clip(points: Points, box: tuple[float, float, float, float]) -> list[Points]:
    """The parts of a polyline inside ``box`` (left, top, right, bottom), each a polyline of
    its own: a line leaving the plot area stops at its edge (Liang and Barsky's clipping of
    each segment), so the PNG and the SVG draw the same pieces."""
    left, top, right, bottom = box
    pieces: list[list[tuple[float, float]]] = []
    joined = False  # whether the last segment kept reached its end point
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        dx, dy, enter, leave = x1 - x0, y1 - y0, 0.0, 1.0
        for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
            if p == 0:
                if q < 0:
                    enter, leave = 1.0, 0.0
            elif p < 0:
                enter = max(enter, q / p)
            else:
                leave = min(leave, q / p)
        if enter > leave:
            joined = False
            continue
        start = (x0 + enter * dx, y0 + enter * dy)
        end = (x0 + leave * dx, y0 + leave * dy)
        if joined and enter == 0.0:
            pieces[-1].append(end)
        else:
            pieces.append([start, end])
        joined = leave == 1.0
    return [tuple(piece) for piece in pieces]
