"""What the bar and change charts share: one row a place, or, past :data:`~.base.ROWS_MAX`
places, the place against the spread of every place and beside its neighbours in the order.

Rows: :data:`~.base.BAR_PITCH` pixels a place, its label left of the rows; the highlighted
row's label is bold in the strong colour (its plain label left out) and its value is written
after the row. Spread: a histogram of every place's value (how many places fall in each of
:data:`BINS` equal steps), the place's value marked on it with a line and its name, and under
it the rows of the place and the :data:`NEIGHBOURS` places either side of it in the order (with
no place highlighted: the first and last :data:`NEIGHBOURS`). A bar chart's spread and rows
share one x scale (both show the rate); the histogram's count axis is labelled. The drawing
and the SVG stay the same size however many places there are.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cached_property

from generator.language.present import count as count_noun
from generator.language.present import number
from generator.outputs.charts.axes import TICK_SIZE, Scale, tick_text, x_axis
from generator.outputs.charts.base import (
    BAR_PITCH,
    GRID,
    HIGHLIGHT,
    INK,
    LABEL_SIZE,
    MUTED,
    ROWS_MAX,
    WIDTH,
    Charts,
    source_height,
)
from generator.outputs.charts.scene import Block, Line, Rect, Scene, Shape, Text, text_width

BINS = 40
NEIGHBOURS = 5
SPREAD_HEIGHT = 150  # pixels, the histogram
WORDS = {"higher": "highest first", "lower": "lowest first"}


class RowCharts(Charts):
    """Rows or spread for the bar and change charts. A subclass gives each row's plain shapes
    (:meth:`row`) and its marks (:meth:`row_marks`), the x axis's ``ceiling`` and the value
    it spreads (:meth:`spread`), then calls :meth:`lay_out`."""

    right = 56  # pixels right of the rows
    headroom = 1.12
    first = "highest first"
    noun = "rate"  # what the spread counts places by: "how many at each rate"
    shared_scale = False  # whether the spread's x scale is the rows' (the same quantity)

    @cached_property
    def _printed(self) -> dict[int, str]:
        """Each place's value as printed (:meth:`spread_value`), kept once worked out."""
        return {}

    @staticmethod
    def check_worse(worse: str) -> None:
        """ValueError unless ``worse`` is "higher" or "lower"."""
        if worse not in ("higher", "lower"):
            raise ValueError(f"worse must be 'higher' or 'lower', not {worse!r}")

    def opening(self, index: int | None, noun: str) -> str:
        """The alt text's first sentence: the chart, its places and their order; past
        :data:`~.base.ROWS_MAX` places, the spread of each ``noun`` and which rows are drawn."""
        places = count_noun(len(self.points), self.unit)
        if not self.spread_out:
            return f"{self.kind}: {self.title}, {places}, {self.first}."
        shows = f"{places}: how many have each {noun}, and "
        shows += "the place with its neighbours" if index is not None else "the first and last"
        return f"{self.kind}: {self.title}, {shows} in order, {self.first}."

    @property
    def spread_out(self) -> bool:
        """Whether the chart shows the spread (more than :data:`ROWS_MAX` places)."""
        return len(self.points) > ROWS_MAX

    def row(self, i: int, y: float, x: Scale) -> list[Shape]:
        """Row ``i``'s plain shapes, the row's top at ``y``."""
        raise NotImplementedError

    def row_marks(self, i: int, y: float, x: Scale) -> list[Shape]:
        """Row ``i``'s highlight: what it draws over the plain row and its value after it."""
        raise NotImplementedError

    def ceiling(self) -> float:
        """The largest value the x axis must show."""
        raise NotImplementedError

    def decorate(self, scene: Scene, x: Scale, top: float, bottom: float) -> None:
        """Lines and legends over the rows between ``top`` and ``bottom`` (none by default)."""

    def key(self, scene: Scene, x: Scale, top: float) -> None:
        """A key above the rows' top right, if the rows need one (none by default)."""

    def spread(self) -> tuple[list[float], str, str, list[tuple[float, str]]]:
        """The value each place spreads on, the tick unit and axis title of the histogram, and
        lines to draw across it with their labels (a pooled rate, say)."""
        raise NotImplementedError

    def spread_value(self, i: int) -> str:
        """Place ``i``'s value as printed on the histogram."""
        raise NotImplementedError

    def left_margin(self) -> int:
        """Pixels for the longest label set in bold, plus the gaps either side."""
        widest = max((text_width(p.label, LABEL_SIZE, True) for p in self.points), default=30)
        return min(math.ceil(widest) + 24, WIDTH // 2)

    def row_scale(self, left: float) -> Scale:
        ceiling = self.ceiling()
        return Scale(0, ceiling * self.headroom if ceiling else 1, left, WIDTH - self.right)

    def row_label(self, i: int, y: float, left: float, marked: bool = False) -> Text:
        colour = HIGHLIGHT if marked else INK
        point = self.points[i]
        return Text(left - 8, y + BAR_PITCH / 2, point.label, colour, LABEL_SIZE, marked, "rm")

    def lay_out(self, axis: str, unit: str, source: str) -> Scene:
        """The scene: rows, or the spread past :data:`ROWS_MAX` places."""
        if self.spread_out:
            return self._spread(axis, unit, source)
        n, top, bottom = len(self.points), 78, 56 + source_height(source)
        rows_bottom = top + max(n, 3) * BAR_PITCH
        scene = self.new_scene(rows_bottom + bottom, source)
        left = self.left_margin()
        x = self.row_scale(left)
        scene.base += x_axis(x, top, rows_bottom, unit, axis)
        scene.add(Line(((left, rows_bottom + 0.5), (x.end, rows_bottom + 0.5)), INK))
        plain: list[frozenset[int]] = []  # each row's shapes, left out when it is marked
        for i in range(n):
            y = top + i * BAR_PITCH
            first = scene.add(*self.row(i, y, x), self.row_label(i, y, left))
            plain.append(frozenset(range(first, len(scene.base))))
        self.decorate(scene, x, top, rows_bottom)
        self.no_figures(scene, (left + x.end) / 2, (top + rows_bottom) / 2)

        def marks(i: int | None) -> list[Shape]:
            if i is None:
                return []
            y = top + i * BAR_PITCH
            return [*self.row_marks(i, y, x), self.row_label(i, y, left, marked=True)]

        scene.marks = marks
        scene.hidden = plain.__getitem__
        scene.cuts = [top + i * BAR_PITCH for i in range(n + 1)]  # a row's pixels: one band
        return scene

    def window(self, index: int | None) -> list[int | None]:
        """The rows shown under the spread: the place and its neighbours, or with no place the
        first and last :data:`NEIGHBOURS` (None marks the gap between them)."""
        n, size = len(self.points), 2 * NEIGHBOURS + 1
        if index is None:
            if n <= size:
                return list(range(n))
            return [*range(NEIGHBOURS), None, *range(n - NEIGHBOURS, n)]
        start = max(0, min(index - NEIGHBOURS, n - size))
        return list(range(start, min(n, start + size)))

    def _spread(self, axis: str, unit: str, source: str) -> Scene:
        top = 78
        spread_bottom = top + SPREAD_HEIGHT
        rows_top = spread_bottom + 96
        rows_bottom = rows_top + (2 * NEIGHBOURS + 1) * BAR_PITCH
        scene = self.new_scene(rows_bottom + 56 + source_height(source), source)
        left = self.left_margin()
        values, spread_unit, spread_axis, lines = self.spread()
        low = min([*values, 0.0, *(v for v, _ in lines)])
        high = max([*values, 0.0, *(v for v, _ in lines)])
        pad = (high - low) * 0.04 or 1
        high += pad
        if self.shared_scale:  # one scale for the spread and the rows under it
            ceiling = self.ceiling()
            high = max(high, ceiling * self.headroom if ceiling else 1)
        spread = Scale(low - (pad if low < 0 else 0), high, left, WIDTH - self.right)
        step = (spread.high - spread.low) / BINS
        bins = Counter(min(BINS - 1, int((v - spread.low) / step)) for v in values)
        most = max(bins.values(), default=1)
        y = Scale(0, most * 1.35, spread_bottom, top)
        scene.base += x_axis(spread, top, spread_bottom, spread_unit, spread_axis)
        scene.base += count_axis(y, left, spread.end)
        for b, k in sorted(bins.items()):
            x0 = round(spread(spread.low + b * step))
            x1 = max(x0 + 1, round(spread(spread.low + (b + 1) * step)) - 1)
            scene.add(Rect(x0, round(y(k)), x1, spread_bottom, MUTED))
        scene.add(Line(((left, spread_bottom + 0.5), (spread.end, spread_bottom + 0.5)), INK))
        heading = f"{count_noun(len(values), self.unit)}: how many at each {self.noun}"
        scene.add(
            Text(left, top - 8, heading[:1].upper() + heading[1:], INK, LABEL_SIZE, anchor="lb")
        )
        for value, text in lines:
            at = round(spread(value)) + 0.5
            scene.add(Line(((at, top), (at, spread_bottom)), INK, 1.5))
            side = "r" if at > (left + spread.end) / 2 else "l"
            shift = -5 if side == "r" else 5
            scene.add(Text(at + shift, top + 4, text, INK, LABEL_SIZE, anchor=side + "t"))
        x = spread if self.shared_scale else self.row_scale(left)
        scene.base += x_axis(x, rows_top, rows_bottom, unit, axis)
        scene.add(Line(((left, rows_bottom + 0.5), (x.end, rows_bottom + 0.5)), INK))
        self.key(scene, x, rows_top)
        self.no_figures(scene, (left + x.end) / 2, (top + spread_bottom) / 2)

        kept: dict[int | None, tuple[list[Shape], list[Block]]] = {}

        def laid(index: int | None) -> tuple[list[Shape], list[Block]]:
            if index not in kept:  # the last place's, asked for by the PNG and the SVG
                kept.clear()
                kept[index] = marks(index)
            return kept[index]

        def marks(index: int | None) -> tuple[list[Shape], list[Block]]:
            shapes: list[Shape] = []
            blocks: list[Block] = []
            if index is None:
                title = f"The first and last {number(NEIGHBOURS)} in order, {self.first}"
            else:
                at = round(spread(values[index])) + 0.5
                side = "r" if at > (left + spread.end) / 2 else "l"
                text = f"{self.points[index].label}: {self.spread_value(index)}"
                shapes += [
                    Line(((at, top + 22), (at, spread_bottom)), HIGHLIGHT, 2),
                    Text(
                        at + (-5 if side == "r" else 5),
                        top + 22,
                        text,
                        HIGHLIGHT,
                        LABEL_SIZE,
                        True,
                        side + "t",
                    ),
                ]
                title = f"{self.points[index].label} and its neighbours in order, {self.first}"
            at = max(12, min(left, WIDTH - 12 - text_width(title, LABEL_SIZE)))
            shapes.append(Text(at, rows_top - 24, title, INK, LABEL_SIZE, anchor="lb"))
            for k, i in enumerate(self.window(index)):
                row_y = rows_top + k * BAR_PITCH
                if i is None:
                    shapes.append(Text(left - 8, row_y + 10, "…", INK, LABEL_SIZE, anchor="rm"))
                    continue
                start = len(shapes)
                shapes += self.row_marks(i, row_y, x) if i == index else self.row(i, row_y, x)
                shapes.append(self.row_label(i, row_y, left, marked=i == index))
                if i != index:  # the place's own row: drawn once, never kept
                    blocks.append(Block(i, row_y, BAR_PITCH, start, len(shapes)))
            return shapes, blocks

        scene.marks = lambda index: laid(index)[0]
        scene.blocks = lambda index: laid(index)[1]
        scene.cuts = [rows_top + k * BAR_PITCH for k in range(2 * NEIGHBOURS + 2)]
        return scene


def count_axis(y: Scale, left: float, right: float) -> list[Shape]:
    """The histogram's count axis: grid lines at a few whole numbers of places, labelled left
    of the plot."""
    shapes: list[Shape] = []
    for tick in y.ticks(4):
        if tick != int(tick):
            continue
        at = round(y(tick)) + 0.5
        shapes.append(Line(((left, at), (right, at)), GRID, 1))
        shapes.append(Text(left - 5, at, tick_text(tick), INK, TICK_SIZE, anchor="rm"))
    return shapes
