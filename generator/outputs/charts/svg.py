"""A scene (:mod:`.scene`) as SVG, written from the format strings below: the base written once,
each render cutting out the shapes a highlight hides and adding its marks.

Every text (titles, place names, labels: untrusted data) is escaped with ``markupsafe.escape``,
attributes and content alike; colours and sizes come from the chart code, never from data.
Numbers are written with at most two decimals and no ids are generated, so the same scene
gives the same bytes. Text stays text, in DejaVu Sans (the font the PNG is drawn with).
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import escape

from generator.outputs.charts.scene import Dot, Line, Rect, Scene, Shape, Text, font

HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
    'viewBox="0 0 {width} {height}" role="img">\n'
    "<title>{title}</title>\n"
    "<style>text {{ font-family: 'DejaVu Sans', Verdana, sans-serif; }}</style>\n"
    '<rect width="{width}" height="{height}" fill="#ffffff"/>\n'
)
FOOT = "</svg>\n"
RECT = '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>\n'
LINE = '<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="{width}"{dash}/>\n'
DOT = (
    '<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" stroke="{edge}" '
    'stroke-width="{edge_width}"/>\n'
)
TEXT = '<text x="{x}" y="{y}"{turn} text-anchor="{anchor}" style="{style}">{text}</text>\n'
ANCHORS = {"l": "start", "m": "middle", "r": "end"}


NUMS: dict[float, str] = {}  # coordinates written, kept: rows and ticks repeat them
NUMS_KEPT = 65536


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: 12, 12.5, -3.25."""
    text = NUMS.get(value)
    if text is None:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        if text == "-0":
            text = "0"
        if len(NUMS) >= NUMS_KEPT:
            NUMS.clear()
        NUMS[value] = text
    return text


def colour(name: str) -> str:
    return "#ffffff" if name == "white" else name.lower()


def baseline(text: Text) -> float:
    """Where the text's baseline falls, from its anchor's second letter, as Pillow places it."""
    ascent, descent = font(text.size, text.bold).getmetrics()
    return {"s": 0.0, "t": ascent, "b": -descent, "m": (ascent - descent) / 2}[text.anchor[1]]


@lru_cache(maxsize=8192)
def element(shape: Shape) -> str:
    """One shape as one line of SVG (kept: a place's neighbours draw the same rows)."""
    if isinstance(shape, Rect):
        w, h = shape.x1 - shape.x0, shape.y1 - shape.y0
        return RECT.format(
            x=num(shape.x0), y=num(shape.y0), w=num(w), h=num(h), fill=colour(shape.fill)
        )
    if isinstance(shape, Line):
        dash = (
            f' stroke-dasharray="{num(shape.dash[0])} {num(shape.dash[1])}"' if shape.dash else ""
        )
        points = " ".join(f"{num(x)},{num(y)}" for x, y in shape.points)
        return LINE.format(
            points=points, colour=colour(shape.colour), width=num(shape.width), dash=dash
        )
    if isinstance(shape, Dot):
        return DOT.format(
            x=num(shape.x),
            y=num(shape.y),
            r=num(shape.r),
            fill=colour(shape.fill),
            edge=colour(shape.edge),
            edge_width=num(shape.edge_width),
        )
    style, anchor, drop = _text_style(shape.size, shape.bold, shape.colour, shape.anchor)
    x, y, turn = shape.x, shape.y + drop, ""
    if shape.rotate:  # about (x, y): the baseline's offset turns with it
        turn = f' transform="rotate(-90 {num(shape.x)} {num(shape.y)})"'
    return TEXT.format(
        x=num(x), y=num(y), turn=turn, anchor=anchor, style=style, text=escape(shape.text)
    )


@lru_cache(maxsize=256)
def _text_style(size: int, bold: bool, fill: str, anchor: str) -> tuple[str, str, float]:
    """A text's style attribute, its ``text-anchor`` and how far down its baseline falls."""
    style = f"font-size: {size}px; fill: {colour(fill)}"
    if bold:
        style += "; font-weight: 700"
    drop = baseline(Text(0, 0, "", fill, size, bold, anchor))
    return style, ANCHORS[anchor[0]], drop


class Vector:
    """The scene's base written once; :meth:`svg` adds one place's marks."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        head = HEAD.format(width=scene.width, height=scene.height, title=escape(scene.title))
        self.spans: list[tuple[int, int]] = []
        parts, at = [head], len(head)
        for shape in scene.base:
            text = element(shape)
            self.spans.append((at, at + len(text)))
            parts.append(text)
            at += len(text)
        self.base = "".join(parts)
        self.always = "".join(element(s) for s in scene.always)

    def svg(self, place: int | None) -> bytes:
        """The chart with the marks of the place at ``place`` (None: none) as SVG bytes."""
        parts, done = [], 0
        hidden = () if place is None else sorted(self.scene.hidden(place))
        for position in hidden:
            start, end = self.spans[position]
            parts.append(self.base[done:start])
            done = end
        parts.append(self.base[done:])
        parts += [element(s) for s in self.scene.marks(place)]
        return ("".join(parts) + self.always + FOOT).encode("utf-8")
