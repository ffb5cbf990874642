"""Charts for each draft: a bar chart and a funnel plot of one measure over every place.

Both charts know nothing about any story: places, titles, axis labels and the pooled label come
in as arguments. Places with a base of 0 have no rate and are left out of both charts.

- :class:`BarCharts`: one horizontal bar per place, worst first on the exact rate (equal rates
  keep the order of their labels), every place labelled. The highlighted place's bar is in a
  strong colour and is also marked without colour: its label is bold and its value is printed at
  the end of its bar. An optional line marks the pooled rate across all places.
- :class:`FunnelPlots`: one point per place, x its base (the sample, or the population) and y
  its rate, with the pooled rate and the 95 and 99.8 per cent control limits around it from
  :func:`compute.funnel.funnel_curve`. The highlighted place's point is larger, coloured and
  labelled; the alt text says where it falls, from :func:`generator.compute.funnel.position`.

Rates are ``count / base * per`` (``per`` 100 for per cent, 1,000 for "per 1,000"), printed with
``decimals`` places and rounded half up from the exact fraction (:func:`rate_text`), never with
Python's ``round``. Alt text follows the house style: "per cent" spelt out, one to nine in words.

Speed: a build renders one chart per place, so each class draws once, in its constructor: a
raster with no highlight, and a master SVG holding every place's highlight, each in its own group
(``<g id="highlight-3-0">``, the plain artists it replaces in ``<g id="place-3-0">``). ``render``
draws only the highlighted place's few artists over a copy of the raster for the PNG (encoded
by Pillow, :func:`png_bytes`) and, for the SVG, joins the master's text leaving out the other
places' highlight groups and the highlighted place's plain ones, so the SVG is what a full draw
of that state gives. SVG text stays text (DejaVu Sans, named, not embedded as paths).

Output is deterministic (the same inputs give byte-identical PNG and SVG): the Agg canvas and
``matplotlib.figure.Figure`` are used directly (never pyplot), matplotlib's default style and the
bundled DejaVu Sans font are applied in a context undone afterwards, SVG ids are salted with a
fixed string and no date or software version is written into either file.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction

import matplotlib
import numpy as np
from matplotlib import ticker
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, Rectangle
from matplotlib.transforms import IdentityTransform, ScaledTranslation, blended_transform_factory
from PIL import Image

from generator.compute.funnel import funnel_curve, position
from generator.language.filters import count as count_noun
from generator.language.filters import rate_value

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
_SVG_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}


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


def rate_text(rate: Fraction, per: int = 100, decimals: int = 0) -> str:
    """A rate scaled by ``per``, rounded half up to ``decimals`` places, thousands with commas
    (the house-style filter :func:`generator.language.filters.rate_value`).

    ``rate_text(Fraction(1, 8)) -> "13"``; ``rate_text(Fraction(8, 2781), 1000, 1) -> "2.9"``.
    """
    return rate_value(Fraction(rate), per, decimals)


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


def _sign(per: int, spoken: bool) -> str:
    """The unit after a value: "%" on a chart, "per cent" or "per 1,000" in words."""
    if per == 100:
        return " per cent" if spoken else "%"
    return f" per {per:,}" if spoken else ""


def _spoken(label: str) -> str:
    """A chart label in house style for alt text: "9%" becomes "9 per cent"."""
    return re.sub(r"(\d)\s?%", r"\1 per cent", label)


def _inches(pixels: int) -> float:
    """Pixels as inches that Agg turns back into exactly that many pixels (it truncates)."""
    inches = pixels / DPI
    return inches if inches * DPI >= pixels else math.nextafter(inches, math.inf)


@contextmanager
def _style() -> Iterator[None]:
    """Matplotlib's default style with the house font, undone on exit."""
    with matplotlib.rc_context(_STYLE):
        yield


def _tick_formatter(unit: str = "") -> ticker.FuncFormatter:
    """Axis ticks with as few decimals as they need, commas, and a unit such as "%"."""

    def fmt(value: float, _pos: int | None = None) -> str:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
        return ("0" if text in ("-0", "") else text) + unit

    return ticker.FuncFormatter(fmt)


_GROUP_TAG = re.compile(r"<g[\s>]|</g>")


def _split_svg(svg: str, owners: dict[str, tuple[str, int]]) -> list[tuple[str, str, int]]:
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


class _Charts:
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
        for p in points:
            if not 0 <= p.count <= p.base:
                raise ValueError(f"{p.name}: count {p.count} is not between 0 and {p.base}")
        self.points = [p for p in points if p.base > 0]
        self.without = {p.slug: p for p in points if p.base == 0}
        self.title, self.per, self.decimals = title.strip().rstrip("."), per, decimals
        self.figure: Figure
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
        return rate_text(rate, self.per, self.decimals) + _sign(self.per, spoken)

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
        FigureCanvasAgg(figure)
        title = {"fontsize": 13, "fontweight": "bold", "color": INK}
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
                    artist.set_gid(f"{kind}-{i}-{k}")
                    owners[artist.get_gid()] = (kind, i)
        for artist in self.overlay + marks + covers:
            artist.set_visible(False)
        self.figure.canvas.draw()
        self._raster = self.figure.canvas.copy_from_bbox(self.figure.bbox)
        self.fit_covers()
        for artist in self.overlay + marks:
            artist.set_visible(True)
        master = io.BytesIO()
        self.figure.savefig(master, format="svg", dpi=DPI, metadata=_SVG_METADATA)
        self._svg = _split_svg(master.getvalue().decode("utf-8"), owners)
        for artist in covers:
            artist.set_visible(True)

    def png(self, index: int | None) -> bytes:
        """The raster with the highlight of point ``index`` (None: no highlight) drawn over it."""
        canvas = self.figure.canvas
        canvas.restore_region(self._raster)
        extra = [] if index is None else self.marks[index] + self.covers[index]
        with _style():
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


class BarCharts(_Charts):
    """All places on one measure, sorted worst first, one chart per highlighted place.

    Order: worst first on the exact rate (``worse`` "higher": highest first; "lower": lowest
    first); equal rates are ordered by label, then slug. Places with a base of 0 are left out.
    ``pooled`` draws a line at that rate labelled ``pooled_label`` (e.g. "England and Wales:
    9%"); with no label the line reads "All places: 9%". ``source`` adds a line at the foot.
    The PNG is 800 pixels wide and 134 + 20 per place high (+20 with a source; 3 places least).
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
    ) -> None:
        super().__init__(points, title=title, per=per, decimals=decimals, unit=unit)
        if worse not in ("higher", "lower"):
            raise ValueError(f"worse must be 'higher' or 'lower', not {worse!r}")
        self.worse = worse
        self.points.sort(key=lambda p: (p.label, p.slug))
        self.points.sort(key=lambda p: Fraction(p.count, p.base), reverse=worse == "higher")
        self.pooled = None if pooled is None else Fraction(pooled)
        if self.pooled is not None and not pooled_label:
            pooled_label = "All places: " + rate_text(self.pooled, per, decimals)
            pooled_label += _sign(per, spoken=False)
        self.pooled_label = pooled_label
        with _style():
            self._draw(axis, source)
            self.prepare()

    @property
    def order(self) -> tuple[str, ...]:
        """The slugs from the top bar (the worst) down."""
        return tuple(p.slug for p in self.points)

    def _left_margin(self) -> int:
        """Pixels for the longest label set in bold, plus the gaps either side."""
        renderer = self.figure.canvas.get_renderer()
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
        ax.xaxis.set_major_formatter(_tick_formatter(_sign(self.per, spoken=False)))
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
            above = blended_transform_factory(ax.transData, ax.transAxes)
            above += ScaledTranslation(0, 4 / 72, figure.dpi_scale_trans)
            side = "right" if x > ax.get_xlim()[1] * 0.6 else "left"
            ax.text(x, 1, self.pooled_label, transform=above, ha=side, va="bottom", color=INK)
        beside = blended_transform_factory(ax.transAxes, ax.transData)
        beside += ScaledTranslation(-6 / 72, 0, figure.dpi_scale_trans)
        after = ax.transData + ScaledTranslation(4 / 72, 0, figure.dpi_scale_trans)
        label = {"transform": beside, "ha": "right", "va": "center"}
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
        renderer = self.figure.canvas.get_renderer()
        for label, (blank,) in zip(self.labels, self.covers, strict=True):
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
            parts.append(_spoken(self.pooled_label).rstrip(".") + ".")
        if finding:
            parts.append(finding.strip())
        return " ".join(parts)


class FunnelPlots(_Charts):
    """Funnel plot: x = base (e.g. staff, or records sampled), y = rate; the pooled line and the
    95 and 99.8 per cent control limits from generator.compute.funnel.funnel_curve.

    The limits are computed with ``method`` over about 200 bases spanning the x axis
    (log-spaced, on a logarithmic x axis, when the largest base is ten times the smallest or
    more), and the highlighted place's signal with ``generator.compute.funnel.position``. The PNG is
    800 by 560 pixels (580 with a source line).
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
        source: str = "",
        unit: str = "place",
    ) -> None:
        super().__init__(points, title=title, per=per, decimals=decimals, unit=unit)
        self.pooled, self.method, self.x_axis = Fraction(pooled), method, x_axis
        with _style():
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
        curve = funnel_curve(self.pooled, bases, self.method)
        xs, per = [c.base for c in curve], self.per
        pooled = float(self.pooled * per)
        ax.axhline(pooled, color=INK, linewidth=1.2, label="Pooled rate", zorder=2)
        for level, style, name in (("95", "--", "95"), ("998", ":", "99.8")):
            upper = [getattr(c, f"upper{level}") * per for c in curve]
            lower = [getattr(c, f"lower{level}") * per for c in curve]
            line = {"linestyle": style, "color": INK, "linewidth": 1, "zorder": 2}
            ax.plot(xs, upper, label=f"{name}% control limits", **line)
            ax.plot(xs, lower, **line)
        x = [p.base for p in self.points]
        y = [self.rate(p) for p in self.points]
        ax.scatter(x, y, s=24, color=MUTED, edgecolors="white", linewidths=0.5, zorder=3)
        if log:
            ax.set_xscale("log")
            ax.xaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.xaxis.set_minor_locator(ticker.NullLocator())
        ax.xaxis.set_major_formatter(_tick_formatter())
        ax.set_xlim(x_low, x_high)
        ceiling = max([*y, pooled, *(c.upper998 * per for c in curve)], default=1)
        ax.set_ylim(0, min(ceiling * 1.08, per) or 1)
        ax.yaxis.set_major_formatter(_tick_formatter(_sign(per, spoken=False)))
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
            place = figure.dpi_scale_trans + ScaledTranslation(*xy, ax.transData)
            dot = Circle(
                (0, 0),
                DOT_RADIUS / 72,
                transform=place,
                facecolor=HIGHLIGHT,
                edgecolor="white",
                linewidth=0.8,
                zorder=6,
            )
            name = ax.annotate(
                point.label,
                xy,
                xytext=(-7 if right else 7, 7),
                textcoords="offset points",
                ha="right" if right else "left",
                fontweight="bold",
                color=HIGHLIGHT,
                zorder=7,
            )
            self.marks.append([ax.add_artist(dot), name])
            self.plain.append([])
            self.covers.append([])

    def alt(self, index: int | None, finding: str = "") -> str:
        """Alt text: what the plot shows and where the highlighted place falls.

        "Funnel plot: <title> against <x axis> for 43 places, with the pooled rate (9 per cent)
        and 95 and 99.8 per cent control limits. <name> (53 per cent) is above the 99.8 per
        cent limit. <finding>"
        """
        pooled = rate_text(self.pooled, self.per, self.decimals) + _sign(self.per, spoken=True)
        places = count_noun(len(self.points), self.unit)
        x_axis = self.x_axis[:1].lower() + self.x_axis[1:]
        parts = [
            f"{self.kind}: {self.title} against {x_axis} for {places}, with the pooled "
            f"rate ({pooled}) and 95 and 99.8 per cent control limits."
        ]
        if index is not None:
            p = self.points[index]
            signal = position(p.count, p.base, self.pooled, self.method).signal
            parts.append(f"{p.name} ({self.value(p, spoken=True)}) is {SIGNAL_WORDS[signal]}.")
        if finding:
            parts.append(finding.strip())
        return " ".join(parts)
