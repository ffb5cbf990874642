"""Banded PNG files: the pixels survive, the checksums hold, and the bytes do not depend on what
was compressed before (so a build's charts are the same in any order, in any process)."""

from __future__ import annotations

import io
import zlib

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from generator.outputs.charts.png import LEVEL, Bands, band_bytes, squeeze
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


def fresh_squeeze(raw: bytes) -> bytes:
    engine = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9)
    return engine.compress(raw) + engine.flush(zlib.Z_SYNC_FLUSH)


@given(
    st.lists(
        st.one_of(
            st.binary(min_size=1, max_size=3000),
            st.tuples(st.binary(min_size=1, max_size=40), st.integers(1, 20000)).map(
                lambda unit: (unit[0] * (unit[1] // len(unit[0]) + 1))[: unit[1]]
            ),
            st.lists(st.sampled_from(b"\x00\x00\x00\x05\x07"), min_size=1, max_size=5000).map(
                bytes
            ),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_reused_stream_gives_each_band_a_fresh_streams_bytes(bands: list[bytes]) -> None:
    """Each band after another on the thread's reused stream comes out byte for byte as from
    a stream of its own, and with its own Adler-32, whatever came before it."""
    for raw in bands:
        assert squeeze(raw, LEVEL) == (fresh_squeeze(raw), zlib.adler32(raw))


def test_a_band_after_one_that_ends_like_it_starts_is_unchanged() -> None:
    """The end of one band repeating what follows in the next (where a stream that remembered
    would find a match) changes nothing."""
    row = bytes(range(200)) * 5
    squeeze(row * 3, LEVEL)
    assert squeeze(row[:300] + row, LEVEL)[0] == fresh_squeeze(row[:300] + row)


def test_rows_are_read_as_pillow_holds_them() -> None:
    image = base_image()
    for start, end in ((0, 90), (10, 31), (50, 51), (89, 90)):
        assert band_bytes(image, start, end) == image.crop((0, start, 120, end)).tobytes()
    big = Image.new("P", (800, 200), 3)
    assert band_bytes(big, 0, 200) == big.tobytes()  # a whole image, over 64 KB
