"""A chart file's size in pixels, from its own bytes: a PNG's header, an SVG's root element.

The one reading of both that ninjs renditions, the Word writer's pictures and the site's
``<img>`` sizes share, so they never disagree about a chart.
"""

from __future__ import annotations

import re

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_HEAD = 4096
"""Bytes of an SVG searched for its root element."""
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S)
_NUMBER = r"\s*=\s*[\"']\s*([0-9]{1,7}(?:\.[0-9]{1,6})?)(?:px)?\s*[\"']"
_WIDTH = re.compile(r"\swidth" + _NUMBER)
_HEIGHT = re.compile(r"\sheight" + _NUMBER)
_VIEWBOX = re.compile(
    r"\sviewBox\s*=\s*[\"']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]{1,14})[\s,]+([0-9.]{1,14})"
)


def png_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's width and height from its header, or ``None`` when ``data`` is not a PNG."""
    if len(data) < 24 or data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def svg_size(data: bytes) -> tuple[int | float, int | float] | None:
    """An SVG's width and height from its root element (its ``width`` and ``height`` in
    pixels, else its ``viewBox``), or ``None`` when it gives neither (or sizes in other
    units, such as ``100%``)."""
    tag = _SVG_TAG.search(data[:SVG_HEAD])
    if tag is None:
        return None
    text = tag[0].decode("utf-8", "replace")
    width, height = _WIDTH.search(text), _HEIGHT.search(text)
    if width and height:
        return _number(width[1]), _number(height[1])
    box = _VIEWBOX.search(text)
    if box is None:
        return None
    try:
        return _number(box[1]), _number(box[2])
    except ValueError:  # "1.2.3"
        return None


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value
