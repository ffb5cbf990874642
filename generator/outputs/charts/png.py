"""Paletted PNG files written in bands, so a render compresses only the rows a highlight
changed.

A chart's rows are cut into bands (:class:`Bands`: at the cuts its layout gives, such as the
top of each row of a bar chart, and every :data:`BAND` rows between them). Each band is
compressed on its own (raw deflate, no dictionary, ended on a byte with a sync flush), so the
compressed bands concatenate into one valid zlib stream whose checksum is combined from the
bands' (:func:`adler32_combine`). The base's bands are compressed once, at
:data:`BASE_LEVEL`; a render compresses only the bands that differ from the base, at
:data:`LEVEL`, and keeps them by content (:data:`KEPT` at most), so a row drawn the same way in
another place's chart (a neighbour in a bar chart's window) is compressed once. The bytes
depend only on the pixels and the cuts, never on what was kept before: the same chart gives the
same file in any order, in any process.

The file holds IHDR, PLTE (the palette's used entries), pHYs (:data:`DPI`), one IDAT and IEND:
no date, no software name.
"""

from __future__ import annotations

import struct
import zlib
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from PIL import Image

BAND = 20  # rows a band at most
LEVEL = 1  # zlib level of a changed band: mostly white rows, where higher levels gain ~5%
BASE_LEVEL = 6  # the base's bands, compressed once a chart
DPI = 100
KEPT = 1024  # changed bands kept by content (their rows the key), per chart
SIGNATURE = b"\x89PNG\r\n\x1a\n"
HEADER = b"\x78\x01"  # zlib: deflate, 32K window, no dictionary
LAST = b"\x03\x00"  # an empty final block (fixed Huffman)
MOD = 65521  # Adler-32's modulus


def adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two byte strings joined, from the checksum of each and the second's
    ``length`` (as zlib's ``adler32_combine``)."""
    rem = length % MOD
    low = first & 0xFFFF
    high = (rem * low) % MOD
    low = (low + (second & 0xFFFF) + MOD - 1) % MOD
    high = (high + (first >> 16) + (second >> 16) + MOD - rem) % MOD
    return (high << 16) | low


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, kind, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def squeeze(raw: bytes, level: int) -> tuple[bytes, int]:
    """A band's filtered rows as raw deflate ending on a byte boundary, and their Adler-32."""
    engine = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
    return engine.compress(raw) + engine.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(raw)


def pixels(image: Image.Image) -> np.ndarray:
    """The image's rows as an array, one byte a pixel."""
    width, height = image.size
    return np.frombuffer(image.tobytes(), dtype=np.uint8).reshape(height, width)


def filtered(rows: np.ndarray) -> bytes:
    """Rows as PNG writes them: each led by its filter byte (0: none)."""
    out = np.zeros((rows.shape[0], rows.shape[1] + 1), dtype=np.uint8)
    out[:, 1:] = rows
    return out.tobytes()


def words(rows: np.ndarray) -> np.ndarray:
    """Rows viewed as 8-byte words where they divide so (faster to compare), else bytes."""
    return rows.view("<u8") if rows.shape[1] % 8 == 0 else rows


class Bands:
    """A paletted base image cut into bands and compressed once; :meth:`png` writes a render
    of it (an image of the same size and palette) compressing only the bands it changed."""

    def __init__(self, base: Image.Image, cuts: Sequence[int] = (), colours: int = 256) -> None:
        width, height = base.size
        edges = sorted({0, height, *(c for c in cuts if 0 < c < height)})
        self.spans: list[tuple[int, int]] = []
        for start, end in zip(edges, edges[1:], strict=False):
            self.spans += [(y, min(y + BAND, end)) for y in range(start, end, BAND)]
        self.base = pixels(base)
        self.packed = [squeeze(filtered(self.base[a:b]), BASE_LEVEL) for a, b in self.spans]
        palette = (base.getpalette() or [])[: 3 * colours]
        self.head = (
            SIGNATURE
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", bytes(palette))
            + chunk(b"pHYs", struct.pack(">IIB", *[round(DPI / 0.0254)] * 2, 1))
        )
        self.kept: OrderedDict[bytes, tuple[bytes, int]] = OrderedDict()

    def _band(self, raw: bytes) -> tuple[bytes, int]:
        found = self.kept.get(raw)
        if found is None:
            found = self.kept[raw] = squeeze(raw, LEVEL)
            if len(self.kept) > KEPT:
                self.kept.popitem(last=False)
        return found

    def png(self, image: Image.Image) -> bytes:
        """``image`` (the base with marks drawn over it) as PNG bytes."""
        now = pixels(image)
        changed = np.flatnonzero((words(now) != words(self.base)).any(axis=1)).tolist()
        parts, check, k = [HEADER], 1, 0
        for (start, end), packed in zip(self.spans, self.packed, strict=True):
            while k < len(changed) and changed[k] < start:
                k += 1
            if k < len(changed) and changed[k] < end:
                packed = self._band(filtered(now[start:end]))
            data, adler = packed
            parts.append(data)
            check = adler32_combine(check, adler, (end - start) * (now.shape[1] + 1))
        parts += [LAST, struct.pack(">I", check)]
        return self.head + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")
