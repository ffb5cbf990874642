"""A chart as shapes: what a chart draws, in pixels, for both the PNG (:mod:`.raster`) and the
SVG (:mod:`.svg`), so the two files cannot disagree.

A chart is a :class:`Scene`: the shapes every render shares (``base``), and for a highlighted
place the shapes that mark it (``marks``) and which base shapes they replace (``hidden``: its
plain label, under its bold one; in the PNG a hidden text is blanked, any other hidden shape
must lie under a mark that covers it). Coordinates are pixels from the top left; rectangles and
horizontal or vertical lines sit on whole pixels, so a mark covers its plain shape exactly.

Text is measured with the bundled fonts (:func:`text_width`), DejaVu Sans and DejaVu Sans Bold
cut down to Latin script (``fonts/README.md``): every machine lays out and draws the same
pixels. A character the fonts lack is drawn as an empty box; the SVG keeps the text as text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Union

from PIL import ImageFont

from generator.outputs.charts import glyphs

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


@cache
def font_data(bold: bool = False) -> bytes:
    """The bundled DejaVu Sans (bold or not) as its file's bytes."""
    return (resources.files("generator.outputs.charts") / "fonts" / FONT_FILES[bold]).read_bytes()


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu Sans (bold or not) at ``size`` pixels, laid out without Raqm so the
    result does not depend on what else the machine has installed."""
    data = io.BytesIO(font_data(bold))
    return ImageFont.truetype(data, size, layout_engine=ImageFont.Layout.BASIC)


def face(size: int, bold: bool = False) -> glyphs.Face:
    """The font at ``size`` as :mod:`.glyphs` draws it, each glyph kept once drawn."""
    return glyphs.face(font(size, bold), font_data(bold))


@lru_cache(maxsize=4096)
def text_width(text: str, size: int, bold: bool = False) -> float:
    """How many pixels wide ``text`` is drawn at ``size``."""
    found = glyphs.length(face(size, bold), text)
    return font(size, bold).getlength(text) if found is None else found


@dataclass(frozen=True)
class Rect:
    """A filled rectangle from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float
    fill: str


@dataclass(frozen=True)
class Line:
    """A line through ``points``; ``dash`` (on, off) in pixels, or () for a solid line."""

    points: tuple[tuple[float, float], ...]
    colour: str
    width: float = 1.0
    dash: tuple[float, float] | tuple[()] = ()


@dataclass(frozen=True)
class Dot:
    """A dot of radius ``r`` centred on (x, y): filled with ``fill`` ("white" for a hollow one)
    and ringed with ``edge`` ``edge_width`` pixels wide."""

    x: float
    y: float
    r: float
    fill: str
    edge: str = "white"
    edge_width: float = 0.8


@dataclass(frozen=True)
class Text:
    """One line of text; (x, y) is where ``anchor`` puts it, as Pillow's two-letter anchors:
    the first letter l, m or r (left, middle, right), the second t, m, s or b (top, middle,
    baseline, bottom). ``rotate`` 90 turns it to read upwards."""

    x: float
    y: float
    text: str
    colour: str
    size: int = 12
    bold: bool = False
    anchor: str = "ls"
    rotate: int = 0


Shape = Union[Rect, Line, Dot, Text]  # noqa: UP007 (a runtime alias on Python 3.10)


@dataclass(frozen=True)
class Block:
    """A run of a render's marks, ``marks[start:end]``, that draws rows ``top`` up to ``top +
    height`` alone (nothing else in the render reaches them) and whose shapes, moved to ``top``,
    are the same wherever ``key`` is the same: a neighbour's row in a bar chart's window. The
    PNG keeps such a band's bytes by ``key`` and the base's pixels under it (:mod:`.raster`)."""

    key: Hashable
    top: int
    height: int
    start: int
    end: int


@dataclass
class Scene:
    """A chart's shapes: ``base`` drawn in every render, ``marks(index)`` drawn over it for
    the place at ``index`` (``marks(None)``: what a render with no place adds), with
    ``hidden(index)`` (positions in ``base``) left out, and ``always`` over the marks."""

    width: int
    height: int
    title: str
    base: list[Shape] = field(default_factory=list)
    marks: Callable[[int | None], list[Shape]] = lambda index: []
    hidden: Callable[[int], frozenset[int]] = lambda index: frozenset()
    always: list[Shape] = field(default_factory=list)  # over every mark (lines above the dots)
    cuts: list[int] = field(default_factory=list)  # rows where the PNG's bands break (:mod:`.png`)
    blocks: Callable[[int | None], list[Block]] = lambda index: []
    """Runs of ``marks(index)`` each drawing one band of rows on its own (:class:`Block`)."""

    def add(self, *shapes: Shape) -> int:
        """Add shapes to the base; the position of the first."""
        self.base.extend(shapes)
        return len(self.base) - len(shapes)
