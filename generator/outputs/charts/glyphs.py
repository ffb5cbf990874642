"""Text drawn from each glyph's pixels, kept, rather than by FreeType each time: the same
pixels as Pillow's basic layout gives (:func:`coverage`), at a fraction of the cost, since a
chart's labels use a few dozen characters over and over.

Pillow lays a line out glyph by glyph (``_imagingft.c``: each glyph's advance in 1/64 pixel,
rounded to a whole pixel where the glyph goes) and draws each glyph's bitmap at that whole
pixel, independent of the others, blending where two overlap. So one glyph drawn alone, with
its box and advance, says all there is to know about it, as long as every advance is a whole
number of pixels (hinted advances are) and the font has no kerning table (the bundled fonts
have none: their kerning is in GPOS, which the basic layout does not read). Text that breaks
either condition, or holds a line break, is drawn by Pillow as before.

:func:`coverage` gives a text's coverage (mode "L") and its top left's offset from the anchor,
as ``ImageDraw.text`` draws it on an image its ``getbbox`` size; :func:`length` its advance, as
``getlength``."""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

Glyph = tuple[int, int, int, int, int, int, int, np.ndarray | None, np.ndarray | None]
Run = tuple[int, int, int, int, int, int, np.ndarray | None, bool]
RUNS_KEPT = 2048  # words kept laid out, a face (a place's name is laid out once: most never again)
Drawn = tuple[np.ndarray, int, int, int, int]  # coverage; left, top, right, bottom


def _pixel(position: int) -> int:
    """FreeType's PIXEL: a 26.6 position to the nearest whole pixel, as Pillow rounds."""
    return ((position + 32) & -64) >> 6


def has_kerning(data: bytes) -> bool:
    """Whether a TrueType font holds a ``kern`` table (which Pillow's basic layout applies)."""
    count = struct.unpack(">H", data[4:6])[0]
    return any(data[12 + 16 * k : 16 + 16 * k] == b"kern" for k in range(count))


def pillow_coverage(face: ImageFont.FreeTypeFont, words: str, anchor: str) -> Drawn:
    """A text's coverage drawn by Pillow (one byte a pixel, a row each row), and its box from
    its anchor (``getbbox``)."""
    left, top, right, bottom = face.getbbox(words, anchor=anchor)
    mask = Image.new("L", (max(1, math.ceil(right - left)), max(1, math.ceil(bottom - top))))
    ImageDraw.Draw(mask).text((-left, -top), words, fill=255, font=face, anchor=anchor)
    pixels = np.frombuffer(mask.tobytes(), dtype=np.uint8).reshape(mask.height, mask.width)
    return pixels, round(left), round(top), round(right), round(bottom)


@dataclass
class Face:
    """One font at one size: each glyph drawn once, and where the anchors fall."""

    font: ImageFont.FreeTypeFont
    kerning: bool

    def __post_init__(self) -> None:
        self.glyphs: dict[str, Glyph] = {}
        self.runs: dict[str, Run] = {}
        self.anchors: dict[str, int] = {"s": 0}
        size = math.ceil(self.font.size)
        self.up, self.down = 2 * size + 4, size + 4  # a strip's rows over and under the baseline
        self.blank = np.zeros((self.up + self.down, 4 * size), dtype=np.uint8)

    def glyph(self, char: str) -> Glyph:
        """A glyph's advance (1/64 pixel), its box from the pen as ``getbbox`` gives it with
        the baseline anchor (left, top, right, bottom: the pen line included), where its inked
        pixels' top left sits from the pen, those pixels (None: no ink), and the same pixels in
        a strip :attr:`up` rows over the baseline and :attr:`down` under it (None: no ink, or
        ink that does not fit)."""
        found = self.glyphs.get(char)
        if found is None:
            advance = round(self.font.getlength(char) * 64)
            pixels, left, top, right, bottom = pillow_coverage(self.font, char, "ls")
            rows, cols = np.flatnonzero(pixels.any(axis=1)), np.flatnonzero(pixels.any(axis=0))
            if len(rows):
                r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
                ink = np.ascontiguousarray(pixels[r0:r1, c0:c1])
                strip = None
                if -self.up <= top + r0 and top + r1 <= self.down:
                    strip = np.zeros((self.up + self.down, c1 - c0), dtype=np.uint8)
                    strip[self.up + top + r0 : self.up + top + r1] = ink
                found = (advance, left, top, right, bottom, left + c0, top + r0, ink, strip)
            else:
                found = (advance, left, top, right, bottom, 0, 0, None, None)
            self.glyphs[char] = found
        return found

    def run(self, word: str) -> Run | None:
        """A word (no spaces) laid out from the pen: its advance (pixels), its box (left,
        right, top up from the baseline, bottom), where its ink starts, its glyphs' strips
        put together (None: no ink), and whether every glyph fits its strip; None when a
        glyph's advance is not a whole number of pixels. Kept, at most :data:`RUNS_KEPT`."""
        placed: list[tuple[int, Glyph]] = []
        left = right = top = bottom = pen = 0
        first, edge, whole = 10**9, -(10**9), True
        for char in word:
            glyph = self.glyph(char)
            if glyph[0] & 63:
                return None
            left, right = min(left, pen + glyph[1]), max(right, pen + glyph[3])
            top, bottom = max(top, -glyph[2]), min(bottom, -glyph[4])
            placed.append((pen, glyph))
            if glyph[7] is not None:
                at = pen + glyph[5]
                first, edge = min(first, at), max(edge, at + glyph[7].shape[1])
                whole = whole and glyph[8] is not None
            pen += glyph[0] >> 6
        block = None
        if first < edge and whole:
            block = _strips(placed, first, edge, self.up + self.down)
        if len(self.runs) >= RUNS_KEPT:
            self.runs.clear()
        found = self.runs[word] = (pen, left, right, top, bottom, first, block, whole)
        return found

    def anchor_y(self, letter: str) -> int:
        """How far above the baseline a vertical anchor that does not depend on the text
        ("a", "m", "d") falls, as Pillow places it."""
        if letter not in self.anchors:
            base = self.font.getbbox("x", anchor="ls")[1]
            self.anchors[letter] = round(self.font.getbbox("x", anchor="l" + letter)[1] - base)
        return self.anchors[letter]


@cache
def face(font: ImageFont.FreeTypeFont, data: bytes) -> Face:
    """The :class:`Face` of a font (``data``: its file's bytes)."""
    return Face(font, has_kerning(data))


def length(face: Face, words: str) -> float | None:
    """How far the pen moves over ``words`` in pixels (``getlength``), or None when the text is
    not one this module draws."""
    if face.kerning or "\n" in words:
        return None
    total = 0
    for char in words:
        advance = face.glyph(char)[0]
        if advance & 63:
            return None
        total += advance
    return total / 64


def coverage(face: Face, words: str, anchor: str) -> Drawn | None:
    """A text's coverage as ``ImageDraw.text`` draws it on an image the size of its
    ``getbbox`` (at least a pixel each way; one byte a pixel, a row each row), and that box
    from the anchor; None when the text is not one this module draws (then Pillow must).

    The text is put together from its words (:meth:`Face.run`, kept: labels share most of
    theirs) and the spaces between them; where two words' ink would meet in a pixel, from its
    glyphs one by one (:func:`_glyph_by_glyph`)."""
    if not words or face.kerning or "\n" in words or len(anchor) != 2:
        return None
    space = face.glyph(" ")
    if space[0] & 63:
        return None
    runs = face.runs
    blocks: list[tuple[int, np.ndarray]] = []
    x_min = x_max = y_top = y_bottom = pen = 0  # pixels; y_top up from the baseline
    fits = True  # whether every word's glyphs fit their strips
    for k, part in enumerate(words.split(" ")):
        if k:
            x_min, x_max = min(x_min, pen + space[1]), max(x_max, pen + space[3])
            y_top, y_bottom = max(y_top, -space[2]), min(y_bottom, -space[4])
            pen += space[0] >> 6
        if not part:
            continue
        run = runs.get(part) or face.run(part)
        if run is None:
            return None
        advance, left, right, top, bottom, first, block, whole = run
        if pen + left < x_min:
            x_min = pen + left
        if pen + right > x_max:
            x_max = pen + right
        if top > y_top:
            y_top = top
        if bottom < y_bottom:
            y_bottom = bottom
        if block is not None:
            blocks.append((pen + first, block))
        fits = fits and whole
        pen += advance
    if not fits or y_top > face.up or -y_bottom > face.down:
        return _glyph_by_glyph(face, words, anchor)
    x_anchor, y_anchor = _anchor(face, anchor, pen, y_top, y_bottom)
    width, height = x_max - x_min, y_top - y_bottom
    canvas = np.zeros((max(1, height), max(1, width)), dtype=np.uint8)
    if blocks and width > 0 and height > 0:
        first = min(at for at, _ in blocks)
        edge = max(at + block.shape[1] for at, block in blocks)
        row = np.zeros((face.up + face.down, edge - first), dtype=np.uint8)
        inked = 0  # the columns inked so far
        for at, block in blocks:
            at -= first
            end = at + block.shape[1]
            if at < inked:  # words side by side: their ink must not meet
                mid = min(inked, end)
                below, over = row[:, at:mid], block[:, : mid - at]
                if np.any((below != 0) & (over != 0)):
                    return _glyph_by_glyph(face, words, anchor)
                row[:, at:mid] = below | over
                at = mid
            row[:, at:end] = block[:, at - end :] if at < end else row[:, at:end]
            inked = max(inked, end)
        _place_row(canvas, row, face.up, (first, edge), (x_min, x_max), (y_top, y_bottom))
    return canvas, x_min - x_anchor, y_anchor - y_top, x_max - x_anchor, y_anchor - y_bottom


def _glyph_by_glyph(face: Face, words: str, anchor: str) -> Drawn | None:
    """:func:`coverage` glyph by glyph: each glyph's strip blended over the ones before (or,
    when a glyph's ink does not fit a strip, its ink over the canvas)."""
    kept = face.glyphs
    placed: list[tuple[int, Glyph]] = []
    x_min = x_max = y_top = y_bottom = pen = 0  # pixels; y_top up from the baseline
    first, edge = 10**9, -(10**9)  # the columns the inked glyphs span, from the pen's start
    strips = True  # whether every inked glyph fits a strip
    for char in words:
        glyph = kept.get(char) or face.glyph(char)
        advance, left, top, right, bottom = glyph[:5]
        if advance & 63:
            return None
        if pen + left < x_min:
            x_min = pen + left
        if pen + right > x_max:
            x_max = pen + right
        if -top > y_top:
            y_top = -top
        if -bottom < y_bottom:
            y_bottom = -bottom
        placed.append((pen, glyph))
        ink = glyph[7]
        if ink is not None:
            at = pen + glyph[5]
            first, edge = min(first, at), max(edge, at + ink.shape[1])
            strips = strips and glyph[8] is not None
        pen += advance >> 6
    x_anchor, y_anchor = _anchor(face, anchor, pen, y_top, y_bottom)
    width, height = x_max - x_min, y_top - y_bottom
    canvas = np.zeros((max(1, height), max(1, width)), dtype=np.uint8)
    if not strips or y_top > face.up or -y_bottom > face.down:
        _blend(canvas, placed, x_min, y_top, width, height)
    elif first < edge and width > 0 and height > 0:
        row = _strips(placed, first, edge, face.up + face.down)
        _place_row(canvas, row, face.up, (first, edge), (x_min, x_max), (y_top, y_bottom))
    return canvas, x_min - x_anchor, y_anchor - y_top, x_max - x_anchor, y_anchor - y_bottom


def _place_row(
    canvas: np.ndarray,
    row: np.ndarray,
    up: int,
    inked: tuple[int, int],
    across: tuple[int, int],
    rows: tuple[int, int],
) -> None:
    """Copy the inked columns of ``row`` (a strip ``up`` pixels above the baseline, starting
    at column ``inked[0]`` from the pen's start) into ``canvas``, which spans columns
    ``across`` and rows ``rows`` (top and bottom, up from the baseline)."""
    (first, edge), (x_min, x_max), (y_top, y_bottom) = inked, across, rows
    c0, c1 = max(x_min, first), min(x_max, edge)  # columns from the pen's start
    if c0 < c1:
        canvas[:, c0 - x_min : c1 - x_min] = row[
            up - y_top : up - y_bottom, c0 - first : c1 - first
        ]


def _strips(placed: list[tuple[int, Glyph]], first: int, edge: int, height: int) -> np.ndarray:
    """The glyphs' strips side by side from column ``first`` to ``edge``, a glyph over ink
    already there blended as Pillow blends it."""
    row = np.zeros((height, edge - first), dtype=np.uint8)
    inked = 0  # the columns inked so far
    for pen, glyph in placed:
        strip = glyph[8]
        if strip is None:
            continue
        at = pen + glyph[5] - first
        end = at + strip.shape[1]
        if at >= inked:
            row[:, at:end] = strip
        else:  # blended where it meets ink, copied past it
            mid = min(inked, end)
            _over(row[:, at:mid], strip[:, : mid - at])
            row[:, mid:end] = strip[:, mid - at :]
        inked = max(inked, end)
    return row


def _over(target: np.ndarray, source: np.ndarray) -> None:
    """``source`` blended over ``target`` in place as Pillow blends a glyph over another:
    ``src + target * (255 - src) / 255`` where ``src`` is inked, rounded as its ``MULDIV255``."""
    below, src = target.astype(np.int32), source.astype(np.int32)
    tmp = below * (255 - src) + 128
    blended = np.minimum(src + ((tmp + (tmp >> 8)) >> 8), 255)
    target[...] = np.where(src > 0, blended, below)


def _anchor(face: Face, anchor: str, pen: int, y_top: int, y_bottom: int) -> tuple[int, int]:
    """Where the anchor falls from the pen's start on the baseline, as Pillow places it
    (ValueError for an anchor it does not know)."""
    across, down = anchor[0], anchor[1]
    if across not in "lmr" or down not in "tbamds":
        raise ValueError(f"bad anchor specified: {anchor}")
    x_anchor = {"l": 0, "m": _pixel((pen * 64) // 2), "r": pen}[across]
    if down == "t":
        return x_anchor, y_top
    if down == "b":
        return x_anchor, y_bottom
    return x_anchor, face.anchor_y(down)


def _blend(
    canvas: np.ndarray,
    placed: list[tuple[int, Glyph]],
    x_min: int,
    y_top: int,
    width: int,
    height: int,
) -> None:
    """Each glyph's ink onto the canvas in turn, blended over ink already there as Pillow
    blends it (``src + target * (255 - src) / 255``, rounded as Pillow's ``MULDIV255``)."""
    inked = -(10**9)  # the rightmost column inked so far: a glyph left of it may overlap
    for pen, glyph in placed:
        ink = glyph[7]
        if ink is None:
            continue
        col, row = pen + glyph[5] - x_min, y_top + glyph[6]
        h, w = ink.shape
        c0, r0, c1, r1 = max(col, 0), max(row, 0), min(col + w, width), min(row + h, height)
        if c0 >= c1 or r0 >= r1:
            continue
        source = ink[r0 - row : r1 - row, c0 - col : c1 - col]
        if c0 >= inked:
            canvas[r0:r1, c0:c1] = source
        else:
            _over(canvas[r0:r1, c0:c1], source)
        inked = max(inked, c1)
