"""A scene (:mod:`.scene`) as PNG, with Pillow: the base drawn once, each highlight drawn over a
copy of it.

The base's shapes are drawn three times over size and scaled down (smooth edges on dots and
curves, Pillow drawing none of its own), then its text, then it is mapped onto one fixed palette
(:data:`PALETTE`: white and ramps from white to each house colour). Each render copies that
paletted image, draws the place's marks straight in palette colours (a mark's text is blended
towards white, the ground it sits on) and writes it as a paletted PNG (:mod:`.png`: one byte a
pixel, and only the bands of rows the marks changed compressed again). A run of marks the scene
calls a block (:class:`~.scene.Block`: a neighbour's row in a bar chart's window) is drawn once
for its key and the base's pixels under it; then its band's compressed bytes are kept, by that
key and base, and the block is not drawn again (when another mark reaches its band, the render
is drawn in full). No date or software name is written: the same scene gives the same bytes.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Hashable, Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from generator.outputs.charts import glyphs
from generator.outputs.charts.png import Bands, Packed
from generator.outputs.charts.scene import Dot, Line, Rect, Scene, Shape, Text, face, font

SUPERSAMPLE = 3  # the base's shapes are drawn at three times the size, then scaled down
LEVELS = 40  # blends from white to each colour in the palette
COLOURS = ("#222222", "#B80000", "#595959", "#8C8C8C", "#DDDDDD")  # INK ... GRID, see base
USED = 1 + len(COLOURS) * LEVELS  # palette entries in use: white and the blends
KEPT_BLOCKS = 4096  # blocks' bands kept a chart (:meth:`Raster.png`)
Core = Any  # Pillow's image core (``Image.im``), pasted onto straight: no checks each time


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#B80000" (or "white") as (184, 0, 0)."""
    if colour == "white":
        return (255, 255, 255)
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def _blend(colour: str, level: int) -> tuple[int, int, int]:
    return tuple(round(255 + (c - 255) * level / LEVELS) for c in rgb(colour))  # type: ignore[return-value]


@cache
def palette() -> Image.Image:
    """The fixed palette: white at index 0, then for each colour of :data:`COLOURS` its blends
    from white, ``LEVELS`` of them, the colour itself last."""
    entries = [(255, 255, 255)]
    for colour in COLOURS:
        entries += [_blend(colour, level) for level in range(1, LEVELS + 1)]
    flat = [c for entry in entries for c in entry]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + flat[-3:] * (256 - len(entries)))
    return image


def to_palette(image: Image.Image) -> Image.Image:
    """An RGB image on :func:`palette`, each colour mapped to its nearest entry (exactly:
    Pillow's own mapping rounds colours first, and would turn white into a grey).

    Only the pixels that are not white are looked at (white is entry 0): their few colours are
    each matched once and the pixels take their colour's match."""
    raw = np.frombuffer(image.convert("RGBX").tobytes(), dtype="<u4")  # 0xXXBBGGRR, X 255
    out = np.zeros(raw.shape, dtype=np.uint8)
    inked = raw != 0xFFFFFFFF
    found, where = np.unique(raw[inked], return_inverse=True)
    if found.size:
        out[inked] = _nearest(found)[where]
    result = Image.frombytes("L", image.size, out.tobytes())
    result.putpalette(_flat())
    return result


NEAREST: dict[int, int] = {}  # colour (0xXXBBGGRR) -> its palette entry, kept across charts
NEAREST_KEPT = 65536


def _nearest(found: np.ndarray) -> np.ndarray:
    """The palette entry nearest each colour (0xXXBBGGRR), as one byte each (kept: the charts
    of a build share most of their colours)."""
    keys = found.tolist()
    known = {k: NEAREST.get(k) for k in keys}  # this call's own copy: another thread may clear
    new = np.array([k for k, entry in known.items() if entry is None], dtype=np.uint32)
    if new.size:
        colours = np.stack([new & 255, (new >> 8) & 255, (new >> 16) & 255], axis=1)
        entries = _entries()
        distance = ((colours.astype(np.int64)[:, None, :] - entries[None, :, :]) ** 2).sum(axis=2)
        matched = dict(zip(new.tolist(), distance.argmin(axis=1).tolist(), strict=True))
        known.update(matched)
        if len(NEAREST) + len(matched) > NEAREST_KEPT:
            NEAREST.clear()
        NEAREST.update(matched)
    return np.array([known[k] for k in keys], dtype=np.uint8)


@cache
def _entries() -> np.ndarray:
    return np.asarray(_flat(), dtype=np.int64).reshape(-1, 3)


@cache
def _flat() -> tuple[int, ...]:
    return tuple(palette().getpalette() or [])


def index(colour: str, level: int = LEVELS) -> int:
    """The palette index of ``colour`` blended ``level`` of :data:`LEVELS` from white."""
    if colour == "white" or level == 0:
        return 0
    return 1 + COLOURS.index(colour.upper()) * LEVELS + level - 1


def text_mask(text: Text) -> tuple[Image.Image, tuple[int, int]]:
    """The text's coverage (mode "L") and where its top left goes."""
    pixels, dx, dy = _glyphs(text.text, text.size, text.bold, text.anchor, text.rotate)
    mask = Image.frombytes("L", (pixels.shape[1], pixels.shape[0]), pixels.tobytes())
    return mask, (round(text.x) + dx, round(text.y) + dy)


@lru_cache(maxsize=4096)
def _glyphs(words: str, size: int, bold: bool, anchor: str, rotate: int) -> tuple[Any, int, int]:
    """The coverage of a text (one byte a pixel, a row each row) and its top left's offset
    from its anchor, kept: the same labels are drawn over and over (a place's neighbours,
    ticks)."""
    drawn = glyphs.coverage(face(size, bold), words, anchor)
    if drawn is None:
        drawn = glyphs.pillow_coverage(font(size, bold), words, anchor)
    pixels, left, top, right, _ = drawn
    if rotate:  # turned about the anchor to read upwards
        return np.ascontiguousarray(np.rot90(pixels)), top, -right
    return pixels, left, top


LEVEL_OF = bytes(round(a * LEVELS / 255) for a in range(256))  # coverage -> blend level
SOLID = bytes([0] + [255] * 255)  # blend level -> where a mark's text is pasted


@cache
def _tints(colour: str) -> bytes:
    """Coverage -> the palette index of ``colour`` blended that far from white."""
    first = index(colour, 1) - 1
    return bytes(first + level if level else 0 for level in LEVEL_OF)


@lru_cache(maxsize=4096)
def _painted(
    words: str, size: int, bold: bool, anchor: str, rotate: int, colour: str
) -> tuple[Core, Core, int, int, int, int]:
    """A text in palette colours (blended towards white) and where to paste it (Pillow's
    image cores, pasted straight), its top left's offset from its anchor and its size, kept
    by everything but its position."""
    pixels, dx, dy = _glyphs(words, size, bold, anchor, rotate)
    cover, size_ = pixels.tobytes(), (pixels.shape[1], pixels.shape[0])
    colours = _core("P", size_, cover.translate(_tints(colour)))
    solid = _core("L", size_, cover.translate(LEVEL_OF).translate(SOLID))
    return colours, solid, dx, dy, size_[0], size_[1]


def _core(mode: str, size: tuple[int, int], data: bytes) -> Core:
    """A one-byte-a-pixel image core holding ``data`` (a row each row), as
    ``Image.frombytes(mode, size, data).im`` without the image around it."""
    try:
        core = Image.core.new(mode, size)
        decoder = Image.core.raw_decoder(mode, mode)
    except AttributeError:  # a Pillow without these calls: the same pixels, the public way
        return Image.frombytes(mode, size, data).im
    decoder.setimage(core, (0, 0, *size))
    status = decoder.decode(data)
    if status[0] >= 0 or status[1] != 0:
        raise ValueError(f"cannot read {size} pixels from {len(data)} bytes")
    return core


def _dashes(points: tuple[tuple[float, float], ...], on: float, off: float) -> list[list]:
    """The pieces of a polyline drawn with dashes ``on`` long and gaps ``off`` long."""
    pieces: list[list] = []
    drawing, left, current = True, on, [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        length, done = math.hypot(x1 - x0, y1 - y0), 0.0
        while length - done > left:
            done += left
            at = (x0 + (x1 - x0) * done / length, y0 + (y1 - y0) * done / length)
            if drawing:
                pieces.append([*current, at])
            drawing, left, current = not drawing, (off if drawing else on), [at]
        left -= length - done
        current.append((x1, y1))
    if drawing and len(current) > 1:
        pieces.append(current)
    return pieces


def _shape(draw: ImageDraw.ImageDraw, shape: Shape, scale: float, ink: object) -> None:
    """Draw a rectangle, line or dot at ``scale``; ``ink`` maps a colour to what ``draw``
    takes (RGB or a palette index)."""
    s = scale
    if isinstance(shape, Rect):
        if shape.x1 <= shape.x0 or shape.y1 <= shape.y0:
            return
        box = (shape.x0 * s, shape.y0 * s, shape.x1 * s - 1, shape.y1 * s - 1)
        draw.rectangle(box, fill=ink(shape.fill))  # type: ignore[operator]
    elif isinstance(shape, Line):
        width = max(1, round(shape.width * s))
        scaled = shape.points if s == 1 else tuple((x * s, y * s) for x, y in shape.points)
        pieces = _dashes(scaled, shape.dash[0] * s, shape.dash[1] * s) if shape.dash else [scaled]
        for piece in pieces:
            draw.line(piece, fill=ink(shape.colour), width=width, joint="curve")  # type: ignore[operator]
    elif isinstance(shape, Dot):
        r, x, y = shape.r * s, shape.x * s, shape.y * s
        edge = round(shape.edge_width * s)
        draw.ellipse(
            (x - r, y - r, x + r, y + r),
            fill=ink(shape.fill),  # type: ignore[operator]
            outline=ink(shape.edge) if edge else None,  # type: ignore[operator]
            width=edge,
        )


@cache
def sprite(
    r: float, fill: str, edge: str, edge_width: float
) -> tuple[Image.Image, Image.Image, int]:
    """A dot drawn smooth once, as palette colours, its mask, and how far its top left is
    from its centre."""
    reach = math.ceil(r + edge_width) + 1
    size = 2 * reach + 1
    big = Image.new("RGBA", (size * SUPERSAMPLE, size * SUPERSAMPLE), (255, 255, 255, 0))
    centred = Dot(reach + 0.5, reach + 0.5, r, fill, edge, edge_width)
    _shape(ImageDraw.Draw(big), centred, SUPERSAMPLE, lambda c: (*rgb(c), 255))
    small = big.reduce(SUPERSAMPLE)
    ground = Image.new("RGB", small.size, "white")
    ground.paste(small, mask=small.getchannel("A"))
    colours = to_palette(ground)
    mask = small.getchannel("A").point([0] * 25 + [255] * 231)
    return colours, mask, reach


@cache
def _sprite(r: float, fill: str, edge: str, edge_width: float) -> tuple[Core, Core, int, int]:
    """:func:`sprite`'s colours and mask as Pillow's image cores, and its reach and size."""
    colours, mask, reach = sprite(r, fill, edge, edge_width)
    return colours.im, mask.im, reach, colours.width


class Raster:
    """The scene's base as a paletted image, drawn once; :meth:`png` adds one place's marks."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        s = SUPERSAMPLE
        big = Image.new("RGB", (scene.width * s, scene.height * s), "white")
        draw = ImageDraw.Draw(big)
        for shape in scene.base:
            if not isinstance(shape, Text):
                _shape(draw, shape, s, rgb)
        image = big.reduce(s)  # the mean of each s by s block
        for shape in scene.base:
            if isinstance(shape, Text):
                mask, (x, y) = text_mask(shape)
                image.paste(rgb(shape.colour), (x, y, x + mask.width, y + mask.height), mask)
        self.base = to_palette(image)
        self._cover: dict[int, tuple[int, int, int, int]] = {}
        plain = self.base.copy()  # what a render with no marks gives: the base and ``always``
        draw = ImageDraw.Draw(plain)
        self._always_rows = [self.mark(plain, draw, shape) for shape in scene.always]
        self.plain = plain
        self.bands = Bands(plain, scene.cuts, colours=USED)
        self._frame = plain.copy()  # where each render is drawn, then put back
        self._draw = ImageDraw.Draw(self._frame)
        self._lock = threading.Lock()
        self._kept: dict[tuple[Hashable, int], Packed | None] = {}  # a block's band, by its key

    def cover(self, position: int) -> tuple[int, int, int, int]:
        """The pixels of base text ``position``, to blank when a mark replaces it."""
        if position not in self._cover:
            shape = self.scene.base[position]
            assert isinstance(shape, Text)
            mask, (x, y) = text_mask(shape)
            self._cover[position] = (x - 1, y - 1, x + mask.width + 1, y + mask.height + 1)
        return self._cover[position]

    def png(self, place: int | None) -> bytes:
        """The chart with the marks of the place at ``place`` (None: none) as PNG bytes.

        The marks are drawn over the plain render (the base and ``always``), then ``always``
        again over them: every shape is drawn opaque, each pixel taking the colour of the last
        shape over it, so this gives the pixels of the base, the marks and then ``always``, and
        only the rows the blanks and marks reach can differ from the plain render's. They are
        drawn on one frame kept for the chart (a lock keeps renders in turn), whose bands those
        rows fall in are put back as they were after each render."""
        marks = self.scene.marks(place)
        hidden = () if place is None else sorted(self.scene.hidden(place))
        if not marks and not hidden:
            return self.bands.plain
        with self._lock:
            found = self._draw_marks(place, marks, hidden, True)
            if found is None:  # a kept band was reached by another mark: draw them all
                found = self._draw_marks(place, marks, hidden, False)
            assert found is not None
            return found

    def _draw_marks(
        self, place: int | None, marks: list[Shape], hidden: Sequence[int], keep: bool
    ) -> bytes | None:
        """Draw the blanks and marks on the frame and write the PNG, then put the frame back.
        With ``keep``, a block (:class:`~.scene.Block`) whose band is kept is not drawn, and a
        block's band drawn alone is kept; None when a kept band turns out to be reached by
        another mark."""
        frame, draw = self._frame, self._draw
        rows: list[tuple[int, int]] = []  # every row drawn on
        outside: list[tuple[int, int]] = list(self._always_rows)  # rows not drawn by a block
        known: dict[int, Packed | None] = {}
        learn: dict[int, Packed | None] = {}
        owner: dict[int, tuple[tuple[Hashable, int], int]] = {}  # band -> its key, its block
        skip = [False] * len(marks)
        blocks = self.scene.blocks(place) if keep else []
        try:
            for b, block in enumerate(blocks):
                band = self.bands.at.get((block.top, block.top + block.height))
                if band is None or band in known or band in learn:
                    continue
                key = (block.key, self.bands.kinds[band])
                if key in self._kept:
                    known[band] = self._kept[key]
                    skip[block.start : block.end] = [True] * (block.end - block.start)
                else:
                    learn[band] = None
                    owner[band] = (key, b)
            by_block: dict[int, int] = {}  # a mark's position -> its learnt block's
            for _, b in owner.values():
                by_block.update((position, b) for position in range(blocks[b].start, blocks[b].end))
            inside: list[list[tuple[int, int]]] = [[] for _ in blocks]
            for position in hidden:
                if isinstance(self.scene.base[position], Text):  # others: marks cover them
                    box = self.cover(position)
                    draw.rectangle(box, fill=0)
                    rows.append((box[1], box[3] + 1))
                    outside.append(rows[-1])
            for position, shape in enumerate(marks):
                if skip[position]:
                    continue
                rows.append(self.mark(frame, draw, shape))
                b = by_block.get(position, -1)
                (inside[b] if b >= 0 else outside).append(rows[-1])
            for shape in self.scene.always:
                self.mark(frame, draw, shape)
            alone: set[int] = set()  # the learnt blocks that drew only inside their own band
            for _, b in owner.values():
                top, end = blocks[b].top, blocks[b].top + blocks[b].height
                if all(top <= a and z <= end for a, z in inside[b]):
                    alone.add(b)
                else:
                    outside += inside[b]
            shared = set(self.bands.touched(outside))
            if any(band in shared for band in known):
                return None
            png = self.bands.png(frame, rows, known, learn)
            for band, (key, b) in owner.items():
                if b in alone and band not in shared:
                    if len(self._kept) >= KEPT_BLOCKS:
                        self._kept.clear()
                    self._kept[key] = learn[band]
            return png
        finally:
            self.bands.restore(frame, rows)

    @staticmethod
    def mark(frame: Image.Image, draw: ImageDraw.ImageDraw, shape: Shape) -> tuple[int, int]:
        """Draw one shape over a copy of the base, in palette colours; the rows it can reach
        (from the first to before the last)."""
        if isinstance(shape, Text):
            colours, solid, dx, dy, w, h = _painted(
                shape.text, shape.size, shape.bold, shape.anchor, shape.rotate, shape.colour
            )
            x, y = round(shape.x) + dx, round(shape.y) + dy
            frame.im.paste(colours, (x, y, x + w, y + h), solid)
            return y, y + h
        if isinstance(shape, Dot):
            colours, mask, reach, size = _sprite(shape.r, shape.fill, shape.edge, shape.edge_width)
            x, y = math.floor(shape.x) - reach, math.floor(shape.y) - reach
            frame.im.paste(colours, (x, y, x + size, y + size), mask)
            return y, y + size
        if isinstance(shape, Rect):
            x0, y0, x1, y1 = shape.x0, shape.y0, shape.x1, shape.y1
            if x1 <= x0 or y1 <= y0:
                pass
            elif x0 == int(x0) and y0 == int(y0) and x1 == int(x1) and y1 == int(y1):
                # whole pixels: the pixels ``draw.rectangle`` fills, filled straight
                frame.im.paste(index(shape.fill), (int(x0), int(y0), int(x1), int(y1)))
            else:
                _shape(draw, shape, 1, index)
            return math.floor(shape.y0) - 1, math.ceil(shape.y1) + 1
        _shape(draw, shape, 1, index)
        ys = [y for _, y in shape.points]
        reach = math.ceil(shape.width) + 2  # a wide line's edge, and its rounded joints
        return math.floor(min(ys)) - reach, math.ceil(max(ys)) + reach + 1
