"""Paletted PNG files written in bands, so a render compresses only the rows a highlight
changed.

A chart's rows are cut into bands (:class:`Bands`: at the cuts its layout gives, such as the
top of each row of a bar chart, and every :data:`BAND` rows between them). Each band is
compressed on its own (raw deflate, no dictionary, ended on a byte with a sync flush), so the
compressed bands concatenate into one valid zlib stream whose checksum is made from sums kept
for each band (:class:`Bands`). The base's bands are compressed once, at :data:`BASE_LEVEL`; a
render reads only the bands its marks reach, compresses only those that differ from the base,
at :data:`LEVEL`, and keeps them by content (:data:`KEPT` at most), so a row drawn the same way
in another place's chart (a neighbour in a bar chart's window) is compressed once. The bytes
depend only on the pixels and the cuts, never on what was kept before: the same chart gives the
same file in any order, in any process.

The file holds IHDR, PLTE (the palette's used entries), pHYs (:data:`DPI`), one IDAT and IEND:
no date, no software name.
"""

from __future__ import annotations

import hashlib
import struct
import threading
import zlib
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from PIL import Image

BAND = 20  # rows a band at most
LEVEL = 1  # zlib level of a changed band: mostly white rows, where higher levels gain ~5%
BASE_LEVEL = 6  # the base's bands, compressed once a chart
DPI = 100
KEPT = 1024  # changed bands kept by content (their rows' SHA-256 the key), per chart
SIGNATURE = b"\x89PNG\r\n\x1a\n"
HEADER = b"\x78\x01"  # zlib: deflate, 32K window, no dictionary
LAST = b"\x03\x00"  # an empty final block (fixed Huffman)
MOD = 65521  # Adler-32's modulus
Packed = tuple[bytes, int, int]  # a band compressed, and its two sums (:func:`packed`)
_LOCAL = threading.local()  # each thread's deflate stream at LEVEL (:func:`squeeze`)


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, kind, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _engine() -> Any:
    """This thread's deflate stream at :data:`LEVEL`, reused from band to band."""
    engine = getattr(_LOCAL, "engine", None)
    if engine is None:
        engine = _LOCAL.engine = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9)
    return engine


def squeeze(raw: bytes, level: int) -> tuple[bytes, int]:
    """A band's filtered rows as raw deflate ending on a byte boundary, and their Adler-32.

    At :data:`LEVEL` one stream per thread is reused, each band ended with a full flush: a full
    flush ends on a byte as a sync flush does, with the same bytes, and makes zlib forget what
    came before (its hash of earlier strings cleared, its window started again), so the next
    band comes out as from a fresh stream (``tests/outputs/test_chart_png.py`` checks it),
    without the cost of setting one up for each band."""
    if level != LEVEL:
        fresh = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
        return fresh.compress(raw) + fresh.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(raw)
    engine = _engine()
    try:
        data = engine.compress(raw) + engine.flush(zlib.Z_FULL_FLUSH)
    except BaseException:
        _LOCAL.engine = None  # never reuse a stream left part way
        raise
    return data, zlib.adler32(raw)


def band_bytes(image: Image.Image, start: int, end: int) -> bytes:
    """Rows ``start`` to ``end`` of a one-byte-a-pixel image as it holds them (no filter
    bytes), read straight from the image by Pillow's raw encoder (no cropped copy)."""
    width = image.width
    if end <= start or width == 0:
        return b""
    encoder = Image.core.raw_encoder(image.mode, image.mode)
    try:
        encoder.setimage(image.im, (0, start, width, end))
        output = []
        while True:
            _, status, data = encoder.encode(max(65536, (end - start) * width))
            output.append(data)
            if status:
                break
        if status < 0:
            raise RuntimeError(f"encoder error {status} reading rows {start} to {end}")
    finally:
        encoder.cleanup()
    return output[0] if len(output) == 1 else b"".join(output)


def filtered(raw: bytes, width: int) -> bytes:
    """Rows (``width`` bytes each, joined) as PNG writes them: each led by its filter byte
    (0: none)."""
    rows = np.frombuffer(raw, dtype=np.uint8).reshape(-1, width)
    out = np.zeros((rows.shape[0], width + 1), dtype=np.uint8)
    out[:, 1:] = rows
    return out.tobytes()


def packed(raw: bytes, width: int, level: int) -> tuple[bytes, int, int]:
    """Rows (as :func:`band_bytes` gives them) filtered and compressed (:func:`squeeze`), and
    the two sums their Adler-32 is made of, without its starting values: the sum of the bytes,
    and the sum of each byte times how many bytes there are from it to the end (modulo
    :data:`MOD`)."""
    rows = filtered(raw, width)
    data, adler = squeeze(rows, level)
    return data, ((adler & 0xFFFF) - 1) % MOD, ((adler >> 16) - len(rows)) % MOD


class Bands:
    """A paletted base image cut into bands and compressed once; :meth:`png` writes a render
    of it (an image of the same size and palette) compressing only the bands it changed.

    The IDAT's Adler-32 comes from sums kept for each band: modulo :data:`MOD`, a checksum's
    low half is one plus the sum of the bytes and its high half the length plus the sum of
    each byte times the bytes from it to the end, so a band's sums carry over to the whole
    stream by its place in it and a render works out only the bands it changed."""

    def __init__(self, base: Image.Image, cuts: Sequence[int] = (), colours: int = 256) -> None:
        width, height = base.size
        edges = sorted({0, height, *(c for c in cuts if 0 < c < height)})
        self.spans: list[tuple[int, int]] = []
        for start, end in zip(edges, edges[1:], strict=False):
            self.spans += [(y, min(y + BAND, end)) for y in range(start, end, BAND)]
        self.starts = [start for start, _ in self.spans]
        self.width, self.length = width, height * (width + 1)  # the stream's bytes
        self.rows = [band_bytes(base, start, end) for start, end in self.spans]
        self.packed = [packed(raw, width, BASE_LEVEL) for raw in self.rows]
        self.after = [self.length - end * (width + 1) for _, end in self.spans]
        self.low = sum(low for _, low, _ in self.packed) % MOD
        sums = zip(self.packed, self.after, strict=True)
        self.high = (self.length + sum(high + after * low for (_, low, high), after in sums)) % MOD
        palette = (base.getpalette() or [])[: 3 * colours]
        self.head = (
            SIGNATURE
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", bytes(palette))
            + chunk(b"pHYs", struct.pack(">IIB", *[round(DPI / 0.0254)] * 2, 1))
        )
        first: dict[bytes, int] = {}
        self.kinds = [first.setdefault(raw, k) for k, raw in enumerate(self.rows)]  # same base
        self.at = {span: k for k, span in enumerate(self.spans)}
        self.kept: OrderedDict[bytes, tuple[bytes, int, int]] = OrderedDict()
        self.plain = self._file({}, self.low, self.high)
        self.cores = [base.crop((0, a, width, b)).im for a, b in self.spans]  # to put back

    def _band(self, raw: bytes) -> tuple[bytes, int, int]:
        key = hashlib.sha256(raw).digest()  # not the rows: a band's can be tens of KB
        found = self.kept.get(key)
        if found is None:
            found = self.kept[key] = packed(raw, self.width, LEVEL)
            if len(self.kept) > KEPT:
                self.kept.popitem(last=False)
        return found

    def touched(self, rows: Iterable[tuple[int, int]]) -> list[int]:
        """The positions of the bands that rows ``start`` up to ``end`` (each pair) fall in."""
        found: set[int] = set()
        last = len(self.spans)
        for start, end in rows:
            k = max(0, bisect_right(self.starts, start) - 1)
            while k < last and self.starts[k] < end:
                found.add(k)
                k += 1
        return sorted(found)

    def png(
        self,
        image: Image.Image,
        rows: Iterable[tuple[int, int]] | None = None,
        known: dict[int, Packed | None] | None = None,
        learn: dict[int, Packed | None] | None = None,
    ) -> bytes:
        """``image`` (the base with marks drawn over it) as PNG bytes. ``rows`` (pairs of a
        start and an end row), when given, must hold every row that differs from the base:
        only their bands are read (each run of neighbouring bands at once). ``known`` gives
        bands already compressed (None: as the base), not read; each band in ``learn`` that is
        read is given its compressed form there (None: as the base)."""
        bands = list(range(len(self.spans))) if rows is None else self.touched(rows)
        changed: dict[int, bytes] = {}
        new: dict[int, Packed] = {}
        if known:
            bands = [band for band in bands if band not in known]
        low, high = self.low, self.high
        width = self.width
        k = 0
        while k < len(bands):
            run = k  # bands[k:run] are neighbours, read in one piece
            while run + 1 < len(bands) and bands[run + 1] == bands[run] + 1:
                run += 1
            top = self.spans[bands[k]][0]
            held = band_bytes(image, top, self.spans[bands[run]][1])
            for band in bands[k : run + 1]:
                start, end = self.spans[band]
                raw = held[(start - top) * width : (end - top) * width]
                found = None if raw == self.rows[band] else self._band(raw)
                if learn is not None and band in learn:
                    learn[band] = found
                if found is not None:
                    new[band] = found
            k = run + 1
        new.update((band, given) for band, given in (known or {}).items() if given is not None)
        for band, (data, new_low, new_high) in new.items():
            _, old_low, old_high = self.packed[band]
            changed[band] = data
            low += new_low - old_low
            high += new_high - old_high + self.after[band] * (new_low - old_low)
        return self._file(changed, low % MOD, high % MOD) if changed else self.plain

    def restore(self, image: Image.Image, rows: Iterable[tuple[int, int]]) -> None:
        """Put the base's pixels back into ``image`` in the bands of ``rows`` (pairs of a start
        and an end row), where a render drew."""
        core = image.im
        for k in self.touched(rows):
            start, end = self.spans[k]
            core.paste(self.cores[k], (0, start, self.width, end))

    def _file(self, changed: dict[int, bytes], low: int, high: int) -> bytes:
        parts = [HEADER]
        parts += [changed.get(k) or data for k, (data, _, _) in enumerate(self.packed)]
        check = (high << 16) | ((low + 1) % MOD)
        parts += [LAST, struct.pack(">I", check)]
        return self.head + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")
