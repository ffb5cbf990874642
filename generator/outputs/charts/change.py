"""Change charts: every place's earlier and latest rate on one measure, joined by a line (a
dot or "dumbbell" chart), ordered by the change, one chart per highlighted place.

Each row is a place: a hollow dot at its rate in the earlier period, a filled dot at its latest
rate, and a line between them. Rows are ordered by the exact change on the measure's scale,
the change furthest in the worse direction first (the biggest rise when a higher rate is worse,
as :mod:`generator.compute.change` ranks them); equal changes keep the order of their labels.
The highlighted place's line and dots are in the strong colour, its label bold, and its change
as printed ("up 17") is written after its row. Changes are worded by the presenter
(:func:`generator.language.present.change`), so the alt text says what the draft says. Past
:data:`~.base.ROWS_MAX` places the chart shows the spread of every place's change and the
highlighted place's neighbours in the order (:mod:`.rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from generator.compute.change import PeriodChange
from generator.inputs.data import Figure
from generator.language.present import change as change_words
from generator.language.present import spoken_rate, unit
from generator.outputs.charts.axes import Scale
from generator.outputs.charts.base import (
    BAR_PITCH,
    HIGHLIGHT,
    INK,
    LABEL_SIZE,
    MUTED,
    ChartPoint,
    spoken,
)
from generator.outputs.charts.rows import RowCharts
from generator.outputs.charts.scene import Dot, Line, Scene, Shape, Text

DOT = 4.5  # pixels, the radius of a row's dots


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
    right = 24
    headroom = 1.22
    noun = "change"

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
        self.first = order_words(worse, [c.points for c in self.changes.values()])
        self.points.sort(key=lambda p: (p.label, p.slug))
        sign = -1 if worse == "higher" else 1
        self.points.sort(key=lambda p: sign * self.changes[p.slug].points)
        self.now = [self.rate(p) for p in self.points]
        self.then = [self.then_rate(p) for p in self.points]
        self.finish(self.lay_out(axis, _unit(per), source))

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

    def ceiling(self) -> float:
        return max([*self.now, *self.then], default=0)

    def _row(self, i: int, y: float, x: Scale, colour: str, width: float) -> list[Shape]:
        middle = y + BAR_PITCH // 2
        then, now = x(self.then[i]), x(self.now[i])
        return [
            Line(((then, middle), (now, middle)), colour, width),
            Dot(then, middle, DOT, "white", colour, 1.5),
            Dot(now, middle, DOT, colour, colour, 1.5),
        ]

    def row(self, i: int, y: float, x: Scale) -> list[Shape]:
        return self._row(i, y, x, MUTED, 2)

    def row_marks(self, i: int, y: float, x: Scale) -> list[Shape]:
        end = x(max(self.then[i], self.now[i])) + DOT + 6
        text = self.spread_value(i)
        label = Text(end, y + BAR_PITCH / 2, text, HIGHLIGHT, LABEL_SIZE, True, "lm")
        return [*self._row(i, y, x, HIGHLIGHT, 2.5), label]

    def decorate(self, scene: Scene, x: Scale, top: float, bottom: float) -> None:
        """The key (hollow: earlier, filled: latest) above the rows at the right, and the
        pooled change above them at the left."""
        self.key(scene, x, top)
        if self.pooled_label:
            scene.add(Text(x.start, top - 4, self.pooled_label, INK, LABEL_SIZE, anchor="lb"))

    def key(self, scene: Scene, x: Scale, top: float) -> None:
        """Hollow: the earlier period; filled: the latest."""
        y = top - 12
        key_x = x.end - 150
        for k, (text, fill) in enumerate(((self.since, "white"), ("Latest", INK))):
            at = key_x + k * 80
            scene.add(Dot(at, y, DOT, fill, INK, 1.5))
            scene.add(Text(at + 10, y, text, INK, LABEL_SIZE, anchor="lm"))

    def spread(self) -> tuple[list[float], str, str, list[tuple[float, str]]]:
        values = [float(self.changes[p.slug].points) for p in self.points]
        scale = "percentage points" if self.per == 100 else f"per {self.per:,}"
        lines = [(0.0, "No change")]
        return values, "", f"Change since {self.since} ({scale})", lines

    def spread_value(self, i: int) -> str:
        if i not in self._printed:  # kept: a place's neighbours print it again
            self._printed[i] = self.change_text(self.points[i])
        return self._printed[i]

    def alt(self, index: int | None, finding: str = "") -> str:
        """Alt text: what the chart shows, the highlighted place's rates and change, the
        pooled change.

        "Change chart: <title>, 5 places, biggest rise first. <name> is
        highlighted: 43 per cent in 2012, 60 per cent latest, up 17 percentage points since
        2012. <pooled label, "%" as "per cent">. <finding>"
        """
        parts = [self.opening(index, "change")]
        if index is not None:
            point = self.points[index]
            change = self.changes[point.slug]
            then = spoken_rate(change.then.rate, self.per, self.decimals)
            now = spoken_rate(change.now.rate, self.per, self.decimals)
            parts.append(
                f"{point.name} is highlighted: {then} in {self.since}, {now} latest, "
                f"{change_words(change)}."
            )
        if self.note:
            parts.append(self.note_alt(index))
        if self.pooled_label:
            parts.append(spoken(self.pooled_label).rstrip(".") + ".")
        if finding:
            parts.append(finding.strip())
        return " ".join(parts)


def _unit(per: int) -> str:
    return unit(per, spoken=False)


def order_words(worse: str, changes: Sequence[Fraction]) -> str:
    """The order of rows sorted worst change first, in words that hold for these changes:
    when a higher rate is worse, "biggest rise first" (every change a rise or none), "smallest
    fall first" (none a rise) or "biggest rise first, biggest fall last"; when a lower rate is
    worse, the same the other way up ("smallest rise first" when every place rose)."""
    up, down = any(c > 0 for c in changes), any(c < 0 for c in changes)
    worst, best = ("rise", "fall") if worse == "higher" else ("fall", "rise")
    worsened, improved = (up, down) if worse == "higher" else (down, up)
    if worsened and improved:
        return f"biggest {worst} first, biggest {best} last"
    if improved:
        return f"smallest {best} first"
    return f"biggest {worst} first"


def change_points(
    changes: dict[str, PeriodChange], names: dict[str, tuple[str, str]]
) -> list[ChangePoint]:
    """Chart points from each place's change (``names``: slug -> (name, short label))."""
    return [
        ChangePoint(
            slug,
            *names[slug],
            c.now.count,
            c.now.base,
            c.then.count,
            c.then.base,
            illustrative=c.now.illustrative or c.then.illustrative,
        )
        for slug, c in changes.items()
    ]
