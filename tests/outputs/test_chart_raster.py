"""The raster's shortcuts give the pixels of the plain way: the palette mapping matches every
colour to its nearest entry as a full search does, and a whole-pixel mark rectangle is filled
where ``ImageDraw.rectangle`` fills it."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from generator.outputs.charts import raster
from generator.outputs.charts.scene import Rect


def _nearest_everywhere(image: Image.Image) -> bytes:
    """Each pixel's nearest palette entry, searched pixel colour by pixel colour."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.int64).reshape(-1, 3)
    entries = np.asarray(raster.palette().getpalette(), dtype=np.int64).reshape(-1, 3)
    found, where = np.unique(pixels, axis=0, return_inverse=True)
    nearest = ((found[:, None, :] - entries[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return nearest.astype(np.uint8)[where.reshape(-1)].tobytes()


def test_to_palette_maps_every_colour_to_its_nearest_entry() -> None:
    rng = np.random.default_rng(16)
    pixels = rng.integers(0, 256, size=(30, 40, 3), dtype=np.uint8)
    pixels[::3] = 255  # white rows among the colours
    pixels[1, :5] = (0x22, 0x22, 0x22)
    image = Image.fromarray(pixels, "RGB")
    raster.NEAREST.clear()
    mapped = raster.to_palette(image)
    assert mapped.mode == "P"
    assert mapped.tobytes() == _nearest_everywhere(image)
    assert mapped.tobytes() == raster.to_palette(image).tobytes()  # kept matches agree
    assert mapped.getpalette() == raster.palette().getpalette()


def test_an_all_white_image_maps_to_entry_zero() -> None:
    image = Image.new("RGB", (7, 5), "white")
    assert raster.to_palette(image).tobytes() == bytes(35)


def test_a_whole_pixel_mark_rectangle_fills_what_imagedraw_fills() -> None:
    shapes = [
        Rect(3, 4, 20, 9, "#B80000"),
        Rect(5.0, 5.0, 8.0, 30.0, "#8C8C8C"),
        Rect(2.5, 1.25, 9.75, 6.5, "#222222"),  # not whole pixels: drawn as before
        Rect(10, 10, 10, 20, "#222222"),  # empty
    ]
    for shape in shapes:
        fast = Image.new("P", (40, 40), 0)
        rows = raster.Raster.mark(fast, ImageDraw.Draw(fast), shape)
        plain = Image.new("P", (40, 40), 0)
        raster._shape(ImageDraw.Draw(plain), shape, 1, raster.index)
        assert fast.tobytes() == plain.tobytes(), shape
        assert rows == (int(shape.y0) - 1, int(-(-shape.y1 // 1)) + 1)
