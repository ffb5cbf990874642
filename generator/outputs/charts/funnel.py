"""Funnel plots: every place's rate against its base, with the pooled rate and the 95 and 99.8
per cent control limits, one chart per highlighted place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from fractions import Fraction

from generator.compute.dispersion import Dispersion
from generator.compute.funnel import funnel_curve, position
from generator.language.present import count as count_noun
from generator.language.present import spoken_rate, unit
from generator.outputs.charts.axes import Scale, clip, x_axis, y_axis
from generator.outputs.charts.base import (
    DOT_RADIUS,
    FUNNEL_HEIGHT,
    HIGHLIGHT,
    INK,
    LABEL_SIZE,
    MUTED,
    SIGNAL_WORDS,
    WIDTH,
    ChartPoint,
    Charts,
    source_height,
)
from generator.outputs.charts.scene import Dot, Line, Rect, Scene, Shape, Text, text_width

DOTS_MAX = 2000  # more places than this: shaded squares of how many fall there, not dots
CELL = 5  # pixels, a square of the shaded grid
SHADES = ((20, INK), (5, "#4A4A4A"), (2, "#6E6E6E"), (1, MUTED))  # places in a square: shade
DASHES: dict[str, tuple[float, float]] = {"95": (6.0, 3.0), "998": (1.5, 2.5)}
LEGEND_TOP = 44  # pixels, the middle of the legend's first row, under the title
LEGEND_PITCH = 18  # pixels between legend rows


class FunnelPlots(Charts):
    """Funnel plot: x = base (e.g. staff, or records sampled), y = rate; the pooled line and the
    95 and 99.8 per cent control limits from generator.compute.funnel.funnel_curve.

    The limits are computed with ``method`` over about 200 bases spanning the x axis
    (log-spaced, on a logarithmic x axis, when the largest base is ten times the smallest or
    more), and the highlighted place's signal with ``generator.compute.funnel.position``, both
    widened by ``dispersion`` when the places vary more than chance alone (the legend and alt
    text then say so). The PNG is 800 by 560 pixels (580 with a source line, 15 more each line
    it wraps onto). The legend sits in a row under the title, clear of the plot, and every line is
    clipped to the plot area. Past
    :data:`DOTS_MAX` places the points are drawn as squares shaded by how many fall in each.
    """

    kind = "Funnel plot"
    marker = "Hollow points"
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
        self.curve: dict[str, list[tuple[float, float]]] = {}
        if len(self.points) > DOTS_MAX:  # shaded squares: an illustrative point is not marked
            self.marker = ""
        self.finish(self._lay_out(axis, source))

    def _bases(self) -> tuple[tuple[float, float], list[int], bool]:
        """The x limits, the bases to compute the funnel at, and whether x is logarithmic."""
        low = min((p.base for p in self.points), default=1)
        high = max((p.base for p in self.points), default=100)
        log, n = high >= 10 * low, self.CURVE_POINTS
        if log:
            limits = (low / 1.15, high * 1.15)
            first, ratio = max(1.0, limits[0]), limits[1] / max(1.0, limits[0])
            grid = [first * ratio ** (k / (n - 1)) for k in range(n)]
        else:
            pad = max((high - low) * 0.06, low * 0.05, 1)
            limits = (max(0.0, low - pad), high + pad)
            first = max(1.0, limits[0])
            grid = [first + (limits[1] - first) * k / (n - 1) for k in range(n)]
        return limits, sorted({max(1, int(b + 0.5)) for b in grid}), log

    def _lay_out(self, axis: str, source: str) -> Scene:
        foot = source_height(source)
        scene = self.new_scene(FUNNEL_HEIGHT + foot, source)
        left, right = 64, WIDTH - 24
        top, bottom = self._legend(scene, left, right), FUNNEL_HEIGHT - 56
        (x_low, x_high), bases, log = self._bases()
        per = self.per
        limits = funnel_curve(self.pooled, bases, self.method, self.dispersion)
        pooled = float(self.pooled * per)
        ys = [self.rate(p) for p in self.points]
        ceiling = max([*ys, pooled, *(c.upper998 * per for c in limits)], default=1)
        x = Scale(x_low, x_high, left, right, log)
        y = Scale(0, min(ceiling * 1.08, per) or 1, bottom, top)
        scene.base += x_axis(x, top, bottom, "", self.x_axis)
        scene.base += y_axis(y, left, right, unit(per, spoken=False), axis)
        scene.add(Line(((left, bottom + 0.5), (right, bottom + 0.5)), INK))
        scene.add(Line(((left - 0.5, top), (left - 0.5, bottom)), INK))
        self._points(scene, x, y)
        at = round(y(pooled)) + 0.5
        scene.add(Line(((left, at), (right, at)), INK, 1.5))
        box = (left, top, right, bottom + 0.5)  # no line is drawn outside the plot area
        for level in ("95", "998"):
            for side in ("upper", "lower"):
                line = tuple((x(c.base), y(getattr(c, side + level) * per)) for c in limits)
                self.curve[side + level] = [
                    (c.base, getattr(c, side + level) * per) for c in limits
                ]
                for piece in clip(line, box):
                    scene.add(Line(piece, INK, 1, DASHES[level]))
        self.no_figures(scene, (left + right) / 2, (top + bottom) / 2)
        self.xy = [(x(p.base), y(r)) for p, r in zip(self.points, ys, strict=True)]
        self.top = top
        scene.marks = self._marks
        return scene

    def _points(self, scene: Scene, x: Scale, y: Scale) -> None:
        """A dot a place, or past :data:`DOTS_MAX` squares shaded by how many fall in each."""
        if len(self.points) <= DOTS_MAX:
            for p in self.points:
                if p.illustrative:  # hollow: a ring in the muted colour
                    scene.add(Dot(x(p.base), y(self.rate(p)), 3, "white", MUTED, 1.5))
                else:
                    scene.add(Dot(x(p.base), y(self.rate(p)), 3.5, MUTED, "white", 0.5))
            return
        cells = Counter((int(x(p.base) // CELL), int(y(self.rate(p)) // CELL)) for p in self.points)
        for (i, j), k in sorted(cells.items()):
            shade = next(colour for least, colour in SHADES if k >= least)
            scene.add(Rect(i * CELL, j * CELL, (i + 1) * CELL, (j + 1) * CELL, shade))

    def _legend(self, scene: Scene, left: float, right: float) -> float:
        """The key to the lines in a row (or rows) between the title and the plot, where no
        point or label can be; the top of the plot area under it."""
        widened = " (widened)" if self.widened else ""
        entries: list[tuple[str, float, tuple[float, float] | tuple[()]]] = [
            ("Pooled rate", 1.5, ()),
            (f"95% control limits{widened}", 1, DASHES["95"]),
            (f"99.8% control limits{widened}", 1, DASHES["998"]),
        ]
        if len(self.points) > DOTS_MAX:
            entries.append(("Darker squares: more places", 0, ()))
        at, y = left, LEGEND_TOP + (LEGEND_PITCH if self.note else 0)  # under the note
        for text, width, dash in entries:
            sample = 36 if width else 0
            size = sample + text_width(text, LABEL_SIZE)
            if at > left and at + size > right:
                at, y = left, y + LEGEND_PITCH
            if width:
                scene.add(Line(((at, y + 0.5), (at + 28, y + 0.5)), INK, width, dash))
            scene.add(Text(at + sample, y + 0.5, text, INK, LABEL_SIZE, anchor="lm"))
            at += size + 24
        return y + LEGEND_PITCH

    def _marks(self, index: int | None) -> list[Shape]:
        if index is None:
            return []
        cx, cy = self.xy[index]
        right = cx > self.scene.width * 0.7  # the name left of the dot near the right edge
        high = cy - self.top < 30  # the name under the dot at the top of the plot
        tag = Text(
            cx + (-9 if right else 9),
            cy + (9 if high else -9),
            self.points[index].label,
            HIGHLIGHT,
            LABEL_SIZE,
            True,
            ("r" if right else "l") + ("t" if high else "b"),
        )
        if self.points[index].illustrative:  # hollow, as its plain point
            return [Dot(cx, cy, DOT_RADIUS, "white", HIGHLIGHT, 2.5), tag]
        return [Dot(cx, cy, DOT_RADIUS, HIGHLIGHT, "white", 1.2), tag]

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
        if self.note:
            parts.append(self.note_alt(index))
        if finding:
            parts.append(finding.strip())
        return " ".join(parts)
