"""What both charts share: the house style (size, font, colours), the checked points, the
rate as printed (through the presenter, :mod:`generator.language.present`), the PNG encoder,
and :class:`Charts`, which draws a chart once and renders each highlight over it (see the
package docstring)."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import matplotlib
import numpy as np
from matplotlib import ticker
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import (
    Affine2DBase,
    IdentityTransform,
    ScaledTranslation,
    blended_transform_factory,
)
from PIL import Image

from generator.language.present import axis_value, spoken_rate, unit

DPI = 100
WIDTH = 800  # pixels, both charts
FUNNEL_HEIGHT = 560  # pixels, without a source line
SOURCE_HEIGHT = 20  # pixels added at the foot for a source line
BAR_PITCH = 20  # pixels per bar
FONT_SIZE = 9.0  # points
DOT_RADIUS = 4.5  # points, the highlighted point in a funnel plot
PNG_LEVEL = 3  # zlib level: 4 to 6 take 25 to 40 per cent longer for 1 to 2 per cent less

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
_NOT_STYLE = ("backend", "interactive", "toolbar", "timezone", "webagg.", "tk.", "macosx.")
_STYLE = {k: v for k, v in matplotlib.rcParamsDefault.items() if not k.startswith(_NOT_STYLE)}
_STYLE |= {
    "font.family": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.unicode_minus": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "local-drafts-charts",
    "svg.id": None,
}
SVG_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class ChartPoint:
    """One place on one measure: ``count`` out of ``base``; ``label`` is its short axis name."""

    slug: str
    name: str
    label: str
    count: int
    base: int


@dataclass(frozen=True)
class Chart:
    """One rendered chart: PNG and SVG bytes and the alt text (what it shows, the finding)."""

    png: bytes
    svg: bytes
    alt: str


def png_bytes(rgba: np.ndarray, dpi: int = DPI) -> bytes:
    """An opaque RGBA image (height x width x 4) as an RGB PNG, with no metadata but its dpi.

    Pillow encodes it (filtering each row, then deflating at :data:`PNG_LEVEL`); the pixels
    come back exactly as drawn.
    """
    height, width = rgba.shape[:2]
    image = Image.frombytes("RGB", (width, height), rgba, "raw", "RGBX")  # alpha dropped
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), compress_level=PNG_LEVEL)
    return buffer.getvalue()


def spoken(label: str) -> str:
    """A chart label in house style for alt text: "9%" becomes "9 per cent"."""
    return re.sub(r"(\d)\s?%", r"\1 per cent", label)


def _inches(pixels: int) -> float:
    """Pixels as inches that Agg turns back into exactly that many pixels (it truncates)."""
    inches = pixels / DPI
    return inches if inches * DPI >= pixels else math.nextafter(inches, math.inf)


def dot_at(figure: Figure, ax: Axes, xy: tuple[float, float], **look: Any) -> Circle:
    """A round dot :data:`DOT_RADIUS` points across centred on ``xy`` (data space), not yet
    added to ``ax``: add it with ``add_artist``, so it does not move the data limits."""
    # the offset is xy in data space: transData is the scale ScaledTranslation applies
    data = cast(Affine2DBase, ax.transData)
    place = figure.dpi_scale_trans + ScaledTranslation(*xy, data)
    return Circle((0, 0), DOT_RADIUS / 72, transform=place, **look)


@contextmanager
def style() -> Iterator[None]:
    """Matplotlib's default style with the house font, undone on exit."""
    with matplotlib.rc_context(_STYLE):
        yield


def tick_formatter(unit: str = "") -> ticker.FuncFormatter:
    """Axis ticks with as few decimals as they need, commas, and a unit such as "%"."""

    def fmt(value: float, _pos: int | None = None) -> str:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
        return ("0" if text in ("-0", "") else text) + unit

    return ticker.FuncFormatter(fmt)


_GROUP_TAG = re.compile(r"<g[\s>]|</g>")


def split_svg(svg: str, owners: dict[str, tuple[str, int]]) -> list[tuple[str, str, int]]:
    """Cut an SVG into static text and the groups (whole lines) of the artists in ``owners``.

    ``owners`` maps a group id to (kind, index); static text comes back as ("", -1). Joining
    the parts' text gives the SVG back. RuntimeError when a group is not there exactly once.
    """
    spans = []
    for gid, (kind, index) in owners.items():
        tag = f'<g id="{gid}">'
        start = svg.find(tag)
        line = svg.rfind("\n", 0, start) + 1
        if start < 0 or svg.find(tag, start + 1) >= 0 or svg[line:start].strip():
            raise RuntimeError(f"the SVG has no group {gid!r} alone on its line, or has two")
        depth = 0
        for match in _GROUP_TAG.finditer(svg, start):
            depth += -1 if match.group() == "</g>" else 1
            if depth == 0:
                break
        end = svg.find("\n", match.end()) + 1
        if "<defs" in svg[start:end]:  # a definition other groups may use: never leave it out
            raise RuntimeError(f"the group {gid!r} defines shared shapes: draw it another way")
        spans.append((line, end, kind, index))
    parts, done = [], 0
    for start, end, kind, index in sorted(spans):
        if start < done:
            raise RuntimeError("highlight groups must not nest")
        parts += [(svg[done:start], "", -1), (svg[start:end], kind, index)]
        done = end
    return [*parts, (svg[done:], "", -1)]


class Charts:
    """What both charts share: checked points, values, the figure, the raster and master SVG.

    A subclass draws the figure and fills, per point: ``marks`` (what marks it when it is
    highlighted), ``plain`` (what those replace in the SVG) and ``covers`` (white drawn over
    its plain artists, PNG only); and ``overlay``, drawn over the raster on every render
    (something that must stay above the marks). Then it calls ``prepare``.
    """

    kind = "Chart"

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
        slugs = [p.slug for p in points]
        if len(set(slugs)) != len(slugs):
            twice = sorted({s for s in slugs if slugs.count(s) > 1})
            raise ValueError(f"each place must appear once in a chart; repeated: {twice}")
        for p in points:  # a value measure's points (``label`` set) are values, not shares
            if getattr(self, "label", None) is None and not 0 <= p.count <= p.base:
                raise ValueError(f"{p.name}: count {p.count} is not between 0 and {p.base}")
        self.points = [p for p in points if p.base > 0]
        self.without = {p.slug: p for p in points if p.base == 0}
        self.title, self.per, self.decimals = title.strip().rstrip("."), per, decimals
        self.figure: Figure
        self.canvas: FigureCanvasAgg
        self.overlay: list[Artist] = []
        self.marks: list[list[Artist]] = []
        self.plain: list[list[Artist]] = []
        self.covers: list[list[Artist]] = []

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
        for i, p in enumerate(self.points):
            if p.slug == highlight:
                return i
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

    def new_figure(self, height: int, source: str) -> Figure:
        """An empty figure ``height`` pixels high with the title and the optional source."""
        figure = Figure(figsize=(_inches(WIDTH), _inches(height)), dpi=DPI, facecolor="white")
        self.canvas = FigureCanvasAgg(figure)
        title: dict[str, Any] = {"fontsize": 13, "fontweight": "bold", "color": INK}
        figure.text(12 / WIDTH, 1 - 10 / height, self.title, ha="left", va="top", **title)
        if source:
            figure.text(
                12 / WIDTH, 8 / height, source, ha="left", va="bottom", fontsize=8, color=SOFT_INK
            )
        return figure

    def fit_covers(self) -> None:
        """Size the covers once the raster is drawn (nothing to do by default)."""

    def prepare(self) -> None:
        """Draw the raster (no highlight) and the master SVG (every highlight) once."""
        marks = [a for group in self.marks for a in group]
        covers = [a for group in self.covers for a in group]
        owners = {}
        for kind, groups in (("highlight", self.marks), ("place", self.plain)):
            for i, group in enumerate(groups):
                for k, artist in enumerate(group):
                    gid = f"{kind}-{i}-{k}"
                    artist.set_gid(gid)
                    owners[gid] = (kind, i)
        for artist in self.overlay + marks + covers:
            artist.set_visible(False)
        self.canvas.draw()
        self._raster = self.canvas.copy_from_bbox(self.figure.bbox)
        self.fit_covers()
        for artist in self.overlay + marks:
            artist.set_visible(True)
        master = io.BytesIO()
        self.figure.savefig(master, format="svg", dpi=DPI, metadata=SVG_METADATA)
        self._svg = split_svg(master.getvalue().decode("utf-8"), owners)
        for artist in covers:
            artist.set_visible(True)

    def png(self, index: int | None) -> bytes:
        """The raster with the highlight of point ``index`` (None: no highlight) drawn over it."""
        canvas = self.canvas
        canvas.restore_region(self._raster)
        extra = [] if index is None else self.marks[index] + self.covers[index]
        with style():
            for artist in sorted(self.overlay + extra, key=lambda a: a.get_zorder()):
                self.figure.draw_artist(artist)
        return png_bytes(np.asarray(canvas.buffer_rgba()))

    def svg(self, index: int | None) -> bytes:
        """The master SVG with only point ``index``'s highlight (None: no highlight)."""
        return "".join(
            text
            for text, kind, i in self._svg
            if kind == "" or (kind == "highlight") == (i == index)
        ).encode("utf-8")

    def alt(self, index: int | None, finding: str = "") -> str:
        """Alt text for the chart with point ``index`` highlighted."""
        raise NotImplementedError

    def render(self, highlight: str | None, finding: str = "") -> Chart:
        """The chart with the place whose slug is ``highlight`` marked (None: no place).

        ``finding`` is a sentence appended to the alt text. ValueError for an unknown slug.
        """
        index = self.find(highlight)
        return Chart(png=self.png(index), svg=self.svg(index), alt=self.alt(index, finding))


class RowCharts(Charts):
    """What the bar and change charts share: one row a place, :data:`BAR_PITCH` pixels high,
    its label left of the axes; the highlighted row's label bold in the strong colour (over a
    white cover in the raster) and its value written after the row."""

    labels: list[Text]

    @staticmethod
    def check_worse(worse: str) -> None:
        """ValueError unless ``worse`` is "higher" or "lower"."""
        if worse not in ("higher", "lower"):
            raise ValueError(f"worse must be 'higher' or 'lower', not {worse!r}")

    def left_margin(self) -> int:
        """Pixels for the longest label set in bold, plus the gaps either side."""
        renderer = self.canvas.get_renderer()
        bold = FontProperties(family="DejaVu Sans", size=FONT_SIZE, weight="bold")
        widths = [
            renderer.get_text_width_height_descent(p.label, bold, ismath=False)[0]
            for p in self.points
        ]
        return min(math.ceil(max(widths, default=30)) + 24, WIDTH // 2)

    def row_axes(self, source: str, right: int) -> Axes:
        """The figure (one row a place, three at least) and its axes, ``right`` pixels short
        of the right edge."""
        n = len(self.points)
        top, bottom = 78, 56 + (SOURCE_HEIGHT if source else 0)
        height = top + max(n, 3) * BAR_PITCH + bottom
        self.figure = figure = self.new_figure(height, source)
        left = self.left_margin()
        box = (
            left / WIDTH,
            bottom / height,
            1 - (left + right) / WIDTH,
            1 - (top + bottom) / height,
        )
        self.labels = []
        return figure.add_axes(box)

    def style_rows(self, ax: Axes, axis: str, ceiling: float, headroom: float) -> None:
        """Rows from the top, x from 0 to ``ceiling`` times ``headroom``, the x axis labelled
        ``axis`` with ticks and grid lines; "No figures" when there are no rows."""
        n = len(self.points)
        ax.set_ylim(max(n, 1) - 0.5, -0.5)
        ax.set_xlim(0, ceiling * headroom if ceiling else 1)
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

    def _beside(self, ax: Axes) -> dict[str, Any]:
        beside = blended_transform_factory(ax.transAxes, ax.transData) + ScaledTranslation(
            -6 / 72, 0, self.figure.dpi_scale_trans
        )
        return {"transform": beside, "ha": "right", "va": "center"}

    def row_label(self, ax: Axes, i: int, point: ChartPoint) -> Text:
        """Row ``i``'s plain label, left of the axes."""
        self.labels.append(ax.text(0, i, point.label, color=INK, **self._beside(ax)))
        return self.labels[-1]

    def mark_row(
        self,
        ax: Axes,
        i: int,
        point: ChartPoint,
        drawn: list[Artist],
        at: float,
        text: str,
        gap: float,
    ) -> None:
        """Row ``i``'s highlight: the artists ``drawn`` for it, ``text`` written ``gap`` points
        after x = ``at``, its label bold; and the white cover for its plain label."""
        after = ax.transData + ScaledTranslation(gap / 72, 0, self.figure.dpi_scale_trans)
        beside = self._beside(ax)
        self.marks.append(
            [
                *drawn,
                ax.text(
                    at,
                    i,
                    text,
                    transform=after,
                    ha="left",
                    va="center",
                    fontweight="bold",
                    color=HIGHLIGHT,
                    zorder=4,
                ),
                ax.text(0, i, point.label, fontweight="bold", color=HIGHLIGHT, zorder=6, **beside),
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
