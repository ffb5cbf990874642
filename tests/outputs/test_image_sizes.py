"""A chart file's size from its bytes, the one reading ninjs, Word and the site share."""

from __future__ import annotations

import struct
import zlib

from generator.outputs.image_sizes import png_size, svg_size
from generator.outputs.writers import Picture


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def test_png_size_reads_the_header() -> None:
    assert png_size(png(800, 1014)) == (800, 1014)
    assert png_size(b"GIF89a" + bytes(30)) is None
    assert png_size(png(800, 1014)[:20]) is None  # cut short


def test_svg_size_from_width_and_height_else_the_view_box() -> None:
    assert svg_size(b'<svg width="800" height="1014" viewBox="0 0 1 1">') == (800, 1014)
    assert svg_size(b"<?xml version='1.0'?>\n<svg width='80.5px' height='40'>") == (80.5, 40)
    assert svg_size(b'<svg viewBox="0 0 640 480">') == (640, 480)
    assert svg_size(b'<svg width="100%" height="100%">') is None
    assert svg_size(b"<html></html>") is None


def test_the_word_picture_uses_the_same_reading() -> None:
    assert Picture("chart.png", png(800, 600), "alt").size == (800, 600)
    assert Picture("chart.png", b"not a png", "alt").size == (0, 0)
