"""Banded PNG files: the pixels survive, the checksums hold, and the bytes do not depend on what
was compressed before (so a build's charts are the same in any order, in any process)."""

from __future__ import annotations

import io
import zlib

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from generator.outputs.charts.png import Bands, adler32_combine
from generator.outputs.charts.raster import palette


@given(st.binary(max_size=300), st.binary(max_size=300), st.integers(0, 70_000))
def test_adler32_combine_matches_zlib(first: bytes, second: bytes, pad: int) -> None:
    second = second + b"\xff" * pad  # past the modulus, where the length matters
    combined = adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
    assert combined == zlib.adler32(first + second)


def base_image() -> Image.Image:
    image = Image.new("P", (120, 90), 0)
    image.putpalette(palette().getpalette() or [])
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 60, 30), fill=120)
    draw.line((0, 50, 119, 50), fill=40)
    return image


def marked(base: Image.Image, y: int) -> Image.Image:
    frame = base.copy()
    ImageDraw.Draw(frame).rectangle((20, y, 90, y + 5), fill=80)
    return frame


def test_a_render_decodes_to_its_pixels_with_valid_checksums() -> None:
    base = base_image()
    bands = Bands(base, cuts=[37])
    for y in (0, 33, 84):
        frame = marked(base, y)
        png = bands.png(frame)
        decoded = Image.open(io.BytesIO(png))
        decoded.load()  # Pillow checks each chunk's CRC; zlib below checks the Adler-32
        assert decoded.mode == "P" and decoded.size == base.size
        assert np.array_equal(np.asarray(decoded), np.asarray(frame))
        assert tuple(round(d) for d in decoded.info["dpi"]) == (100, 100)
        start = png.index(b"IDAT") + 4
        length = int.from_bytes(png[start - 8 : start - 4], "big")
        raw = zlib.decompress(png[start : start + length])
        assert len(raw) == base.height * (base.width + 1)


def test_the_base_itself_and_an_unmarked_render_are_the_same_file() -> None:
    base = base_image()
    bands = Bands(base)
    assert bands.png(base.copy()) == bands.png(base)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(bands.png(base)))), np.asarray(base))


def test_bytes_do_not_depend_on_what_was_compressed_before() -> None:
    base = base_image()
    warm = Bands(base, cuts=[20, 40])
    for y in range(0, 80, 7):  # fill its store of changed bands
        warm.png(marked(base, y))
    for y in (3, 21, 60):
        assert warm.png(marked(base, y)) == Bands(base, cuts=[20, 40]).png(marked(base, y))


def test_only_the_palette_entries_in_use_are_written() -> None:
    png = Bands(base_image(), colours=201).png(base_image())
    start = png.index(b"PLTE")
    assert int.from_bytes(png[start - 4 : start], "big") == 201 * 3
