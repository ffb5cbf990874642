"""What every chart shares: the house style (size, type, colours), the checked points, the rate
as printed (through the presenter, :mod:`generator.language.present`), and :class:`Charts`,
which lays a chart out once as a :class:`~.scene.Scene` and renders each highlight over it as
PNG (:mod:`.raster`) and SVG (:mod:`.svg`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from generator.language.filters import possessive
from generator.language.present import axis_value, number, spoken_rate
from generator.language.present import count as count_noun
from generator.outputs.charts.raster import Raster
from generator.outputs.charts.scene import Scene, Shape, Text, text_width
from generator.outputs.charts.svg import Vector

WIDTH = 800  # pixels, every chart
FUNNEL_HEIGHT = 560  # pixels, without a source line
SOURCE_HEIGHT = 20  # pixels added at the foot for a source line
SOURCE_LEADING = 15  # pixels added for each further line of a long source
SOURCE_LINES = 4  # lines a source wraps onto at most, the last ending "…" if cut
BAR_PITCH = 20  # pixels per row
TITLE_SIZE = 17  # pixels
LABEL_SIZE = 13  # pixels: place labels, values, legends
SMALL_SIZE = 12  # pixels: ticks, the source line
DOT_RADIUS = 6.0  # pixels, the highlighted point in a funnel plot
NOTE_TOP = 36  # pixels, the top of the illustrative note under the title
HOLLOW = 2  # pixels, the edge of a hollow (illustrative) bar
ROWS_MAX = 60  # more places than this: the place against the spread, not a row each

# Colours, with their contrast on white (WCAG 2: 4.5:1 for text, 3:1 for bars and lines).
HIGHLIGHT = "#B80000"  # 6.9:1, the highlighted bar, point, label and value
MUTED = "#8C8C8C"  # 3.4:1, every other bar and point
INK = "#222222"  # 15.9:1, text and lines
SOFT_INK = "#595959"  # 7.0:1, the source line
GRID = "#DDDDDD"  # grid lines only, never text
TEXT_COLOURS = (HIGHLIGHT, INK, SOFT_INK)

SIGNAL_WORDS = {
    "above-99.8": "above the 99.8 per cent limit",
    "above-95": "above the 95 per cent limit",
    "within": "inside the limits",
    "below-95": "below the 95 per cent limit",
    "below-99.8": "below the 99.8 per cent limit",
}


@dataclass(frozen=True)
class ChartPoint:
    """One place on one measure: ``count`` out of ``base``; ``label`` is its short axis name;
    ``illustrative`` when the figure is a stand-in, not published (drawn hollow, and the
    chart says so in a note under its title and in its alt text)."""

    slug: str
    name: str
    label: str
    count: int
    base: int
    illustrative: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Chart:
    """One rendered chart: PNG and SVG bytes and the alt text (what it shows, the finding)."""

    png: bytes
    svg: bytes
    alt: str


def spoken(label: str) -> str:
    """A chart label in house style for alt text: "9%" becomes "9 per cent"."""
    return re.sub(r"(\d)\s?%", r"\1 per cent", label)


def source_lines(source: str) -> list[str]:
    """The source wrapped at spaces onto lines that fit inside the chart's margins (a word too
    long for a line is broken), at most :data:`SOURCE_LINES` of them, the last cut with "…"."""
    room = WIDTH - 24
    lines: list[str] = []
    for word in source[:1000].split():  # longer never fits in SOURCE_LINES lines
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(joined, SMALL_SIZE) <= room:
            lines[-1] = joined
            continue
        while text_width(word, SMALL_SIZE) > room:  # a long word (an address): break it
            fits = range(min(len(word), 200), 0, -1)
            cut = next(k for k in fits if text_width(word[:k], SMALL_SIZE) <= room)
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    if len(lines) > SOURCE_LINES:
        last = lines[SOURCE_LINES - 1] + "…"
        while text_width(last, SMALL_SIZE) > room:
            last = last[:-2] + "…"
        lines = [*lines[: SOURCE_LINES - 1], last]
    return lines


def source_height(source: str) -> int:
    """Pixels the source takes at the foot: none without one, more for each wrapped line."""
    lines = len(source_lines(source))
    return SOURCE_HEIGHT + SOURCE_LEADING * (lines - 1) if lines else 0


def frame(scene: Scene, source: str) -> None:
    """The title at the top left and the optional source at the foot, wrapped to fit."""
    scene.add(Text(12, 10, scene.title, INK, TITLE_SIZE, bold=True, anchor="lt"))
    lines = source_lines(source)
    for k, line in enumerate(lines):
        y = scene.height - 6 - SOURCE_LEADING * (len(lines) - 1 - k)
        scene.add(Text(12, y, line, SOFT_INK, SMALL_SIZE, anchor="lb"))


def fitted(text: str, size: int, bold: bool = False, room: float = WIDTH - 24) -> str:
    """``text`` cut with "…" to fit ``room`` pixels at ``size``."""
    text = text[:300]
    while len(text) > 1 and text_width(text, size, bold) > room:
        text = text[:-2] + "…"
    return text


def _last(marks: Callable[[int | None], list[Shape]]) -> Callable[[int | None], list[Shape]]:
    """``marks`` keeping its last answer, for the next call with the same place."""
    kept: dict[int | None, list[Shape]] = {}

    def again(index: int | None) -> list[Shape]:
        if index not in kept:
            kept.clear()
            kept[index] = marks(index)
        return kept[index]

    return again


class Charts:
    """What every chart shares: checked points, values, and the scene drawn once.

    A subclass lays out its scene in its constructor and hands it to :meth:`finish`, which
    draws the base raster and writes the base SVG once; :meth:`render` then adds only one
    place's marks.
    """

    kind = "Chart"
    marker = ""  # how an illustrative point is drawn: "Hollow bars" (none: not marked)

    def __init__(
        self,
        points: Sequence[ChartPoint],
        *,
        title: str,
        per: int,
        decimals: int,
        unit: str = "place",
    ) -> None:
        self.unit = unit
        if per <= 0 or decimals < 0:
            raise ValueError(f"per must be positive and decimals not negative: {per}, {decimals}")
        twice = sorted(slug for slug, n in Counter(p.slug for p in points).items() if n > 1)
        if twice:
            raise ValueError(f"each place must appear once in a chart; repeated: {twice}")
        for p in points:  # a value measure's points (``label_of`` set) are values, not shares
            if getattr(self, "label_of", None) is None and not 0 <= p.count <= p.base:
                raise ValueError(f"{p.name}: count {p.count} is not between 0 and {p.base}")
        self.points = [p for p in points if p.base > 0]
        self.without = {p.slug: p for p in points if p.base == 0}
        self.title, self.per, self.decimals = title.strip().rstrip("."), per, decimals
        self._index: dict[str, int] = {}
        self.scene: Scene

    @cached_property
    def note(self) -> str:
        """The warning drawn under the title when any point is illustrative: "Hollow bars:
        illustrative figures (41 of the 43 forces) – not for publication"; "" when none is."""
        flagged, total = sum(p.illustrative for p in self.points), len(self.points)
        if not flagged:
            return ""
        places = count_noun(total, self.unit)
        share = f"all {places}" if flagged == total else f"{number(flagged)} of the {places}"
        lead = f"{self.marker}: illustrative figures" if self.marker else "Illustrative figures"
        return f"{lead} ({share}) – not for publication"

    def draw_note(self, scene: Scene, y: float = NOTE_TOP) -> bool:
        """The :attr:`note`, if any, at ``y`` under the title, in the strong colour; whether
        there was one."""
        if not self.note:
            return False
        text = fitted(self.note, LABEL_SIZE, bold=True)
        scene.add(Text(12, y, text, HIGHLIGHT, LABEL_SIZE, bold=True, anchor="lt"))
        return True

    def note_alt(self, index: int | None) -> str:
        """The note as alt text, and whether the highlighted place's own figure is published:
        "... – not for publication. Hampshire Constabulary's figure is published." """
        if not self.note:
            return ""
        text = self.note + "."
        if index is not None:
            point = self.points[index]
            which = "illustrative" if point.illustrative else "published"
            text += f" {possessive(point.name)} figure is {which}."
        return text

    def rate(self, point: ChartPoint) -> float:
        """The point's rate in ``per`` units, for drawing."""
        return float(Fraction(point.count, point.base) * self.per)

    def value(self, point: ChartPoint, spoken: bool = False) -> str:
        """The point's rate as printed: "53%" on the chart, "53 per cent" in alt text."""
        rate = Fraction(point.count, point.base)
        if spoken:
            return spoken_rate(rate, self.per, self.decimals)
        return axis_value(rate, self.per, self.decimals)

    def find(self, highlight: str | None) -> int | None:
        """The index of the highlighted point, or None; ValueError for an unknown slug."""
        if highlight is None:
            return None
        if not self._index:
            self._index = {p.slug: i for i, p in enumerate(self.points)}
        if highlight in self._index:
            return self._index[highlight]
        if highlight in self.without:
            raise ValueError(
                f"{self.without[highlight].name} has no figure (a base of 0), so it is not in "
                f"the chart {self.title!r}: render it without a highlight or leave it out"
            )
        known = ", ".join(p.slug for p in self.points[:5]) or "none"
        raise ValueError(
            f"no place with the slug {highlight!r} in the chart {self.title!r}; "
            f"slugs are like: {known}"
        )

    def new_scene(self, height: int, source: str) -> Scene:
        """An empty scene ``height`` pixels high with the title, the illustrative note (if any
        point is illustrative) and the optional source."""
        scene = Scene(WIDTH, height, self.title)
        frame(scene, source)
        self.draw_note(scene)
        return scene

    def no_figures(self, scene: Scene, x: float, y: float) -> None:
        """ "No figures" at (x, y) when the chart has no points."""
        if not self.points:
            scene.add(Text(x, y, "No figures", INK, LABEL_SIZE, anchor="mm"))

    def finish(self, scene: Scene) -> None:
        """Keep the laid-out scene: draw its base raster and write its base SVG once."""
        scene.marks = _last(scene.marks)  # the PNG and the SVG of a render ask in turn
        self.scene = scene
        self._raster = Raster(scene)
        self._vector = Vector(scene)

    def png(self, index: int | None) -> bytes:
        """The chart as PNG with point ``index`` highlighted (None: no highlight)."""
        return self._raster.png(index)

    def svg(self, index: int | None) -> bytes:
        """The chart as SVG with point ``index`` highlighted (None: no highlight)."""
        return self._vector.svg(index)

    def alt(self, index: int | None, finding: str = "") -> str:
        """Alt text for the chart with point ``index`` highlighted."""
        raise NotImplementedError

    def render(self, highlight: str | None, finding: str = "") -> Chart:
        """The chart with the place whose slug is ``highlight`` marked (None: no place).

        ``finding`` is a sentence appended to the alt text. ValueError for an unknown slug.
        """
        index = self.find(highlight)
        return Chart(png=self.png(index), svg=self.svg(index), alt=self.alt(index, finding))
