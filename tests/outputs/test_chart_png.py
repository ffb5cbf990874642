"""Banded PNG files: the pixels survive, the checksums hold, and the bytes do not depend on what
was compressed before (so a build's charts are the same in any order, in any process)."""

from __future__ import annotations

import io
import zlib

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from generator.outputs.charts.png import Bands
from generator.outputs.charts.raster import palette


@given(st.lists(st.tuples(st.integers(0, 89), st.integers(0, 119), st.integers(0, 200))))
def test_the_checksum_is_zlibs_whatever_bands_change(dots: list[tuple[int, int, int]]) -> None:
    base = base_image()
    frame = base.copy()
    for y, x, colour in dots:
        frame.putpixel((x, y), colour)
    png = Bands(base, cuts=[7, 37, 38]).png(frame)
    start = png.index(b"IDAT") + 4
    length = int.from_bytes(png[start - 8 : start - 4], "big")
    stream = png[start : start + length]
    raw = zlib.decompressobj(-15).decompress(stream[2:-4])  # no check of the Adler-32 here
    assert int.from_bytes(stream[-4:], "big") == zlib.adler32(raw)


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


def test_rows_name_the_bands_to_read_and_the_file_is_the_same() -> None:
    base = base_image()
    bands = Bands(base, cuts=[20, 40])
    for y in (0, 19, 20, 44, 84):
        frame = marked(base, y)
        assert bands.png(frame, [(y, y + 6)]) == bands.png(frame)
        assert bands.png(frame, [(y - 3, y + 6), (70, 90)]) == bands.png(frame)
    assert bands.png(base, []) == bands.png(base) == bands.plain


def test_restore_puts_back_the_bands_of_the_rows_drawn() -> None:
    base = base_image()
    bands = Bands(base, cuts=[20, 40])
    frame = marked(base, 44)
    bands.restore(frame, [(44, 50)])
    assert np.array_equal(np.asarray(frame), np.asarray(base))


def test_a_chart_renders_the_same_in_any_order() -> None:
    """Each render draws on one frame kept for the chart and puts it back: a render is the
    same whatever was rendered before, and the same as the marks drawn over a fresh copy."""
    from generator.outputs.charts import BarCharts, ChartPoint
    from generator.outputs.charts.raster import Raster

    points = [ChartPoint(f"p{k}", f"Place {k}", f"Place {k}", k % 17, 40) for k in range(90)]
    fresh = BarCharts(points, title="Rates", axis="Rate (%)", source="Source: test")
    used = BarCharts(points, title="Rates", axis="Rate (%)", source="Source: test")
    for k in range(90):
        used.png(k)
    for k in (0, 5, 44, 89, None):
        expected = Raster(fresh.scene).png(k)
        assert used.png(k) == expected
        frame = fresh._raster.plain.copy()
        draw = ImageDraw.Draw(frame)
        hidden = () if k is None else fresh.scene.hidden(k)
        assert not hidden  # past 60 places the rows under the spread are all marks
        for shape in [*fresh.scene.marks(k), *fresh.scene.always]:
            Raster.mark(frame, draw, shape)
        assert expected == fresh._raster.bands.png(frame)
