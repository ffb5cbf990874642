"""Chart layout fixes: a long source wraps inside the width, the funnel's legend sits clear of
the plot and its lines stay inside it, a zero bar is drawn, the spread and its rows share one x
scale with a labelled count axis, and alt text forms possessives in house style."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import numpy as np
import pytest
from PIL import Image

from generator.language.filters import possessive
from generator.outputs.charts import BarCharts, ChartPoint, FunnelPlots
from generator.outputs.charts.axes import clip
from generator.outputs.charts.base import WIDTH, source_lines
from generator.outputs.charts.scene import text_width

SVG = "{http://www.w3.org/2000/svg}"
GREY = (0x8C, 0x8C, 0x8C)
SOURCE = (
    "Energy performance certificates for privately rented homes in England and Wales "
    "(Department for Levelling Up, Housing and Communities, 2024; Welsh Government, 2024)"
)


def points(*rows: tuple[str, int, int]) -> list[ChartPoint]:
    return [ChartPoint(label.lower(), f"{label} Council", label, c, b) for label, c, b in rows]


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def elements(svg: bytes, tag: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}{tag}"))


def polylines(svg: bytes) -> list[list[tuple[float, float]]]:
    return [
        [(float(x), float(y)) for x, y in (p.split(",") for p in e.get("points", "").split())]
        for e in elements(svg, "polyline")
    ]


def test_a_long_source_wraps_inside_the_width_in_png_and_svg() -> None:
    lines = source_lines(SOURCE)
    assert len(lines) == 2 and " ".join(lines) == SOURCE
    assert all(text_width(line, 12) <= WIDTH - 24 for line in lines)
    short = BarCharts(points(("A", 1, 10), ("B", 2, 10)), title="t", axis="a", source="S")
    chart = BarCharts(points(("A", 1, 10), ("B", 2, 10)), title="t", axis="a", source=SOURCE)
    assert chart.scene.height == short.scene.height + 15
    drawn = chart.render(None)
    found = [t.text for t in elements(drawn.svg, "text") if t.get("style", "").endswith("#595959")]
    assert found == lines
    image = pixels(drawn.png)
    assert image.shape[1] == WIDTH
    assert (image[-40:, WIDTH - 11 :] == 255).all()  # nothing in the right margin at the foot


def test_a_source_of_one_endless_word_is_broken_and_cut_to_four_lines() -> None:
    lines = source_lines("x" * 5000)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(text_width(line, 12) <= WIDTH - 24 for line in lines)


def test_clip_keeps_the_pieces_of_a_line_inside_the_box() -> None:
    box = (10.0, 10.0, 100.0, 100.0)
    assert clip(((0.0, 50.0), (50.0, 50.0), (200.0, 50.0)), box) == [
        ((10.0, 50.0), (50.0, 50.0), (100.0, 50.0))
    ]
    out_and_back = ((20.0, 20.0), (20.0, 150.0), (40.0, 150.0), (40.0, 20.0))
    assert clip(out_and_back, box) == [((20.0, 20.0), (20.0, 100.0)), ((40.0, 100.0), (40.0, 20.0))]
    assert clip(((0.0, 0.0), (5.0, 200.0)), box) == []


@pytest.fixture(scope="module")
def funnel() -> FunnelPlots:
    """Small bases down to 4 on a log axis (the limits start left of the axis) and a high
    rate at the top right, where the legend used to be."""
    rows = [("Small", 1, 4), ("Top", 19, 50), *((f"P{k}", 3 + k % 4, 20 + k) for k in range(20))]
    return FunnelPlots(
        points(*rows), title="t", axis="Rate (%)", x_axis="Cases", pooled=Fraction(1, 5)
    )


def test_funnel_legend_sits_above_the_plot_clear_of_every_point(funnel: FunnelPlots) -> None:
    svg = funnel.render("top").svg
    texts = {t.text: float(t.get("y", 0)) for t in elements(svg, "text")}
    legend = max(texts["Pooled rate"], texts["95% control limits"], texts["99.8% control limits"])
    assert legend < funnel.top
    dots = [(float(c.get("cy", 0)), float(c.get("r", 0))) for c in elements(svg, "circle")]
    assert min(cy - r for cy, r in dots) > legend
    label_y = texts["Top"]
    assert label_y > legend + 13  # the highlighted name is under the legend too


def test_funnel_lines_stay_inside_the_plot_area(funnel: FunnelPlots) -> None:
    svg = funnel.render(None).svg
    plot = [line for line in polylines(svg) if min(y for _, y in line) >= funnel.top]
    assert len(plot) > 4  # the axes, the pooled line and the limits
    for line in plot:
        assert all(63.5 <= x <= WIDTH - 24 for x, _ in line), line
    image = pixels(funnel.render(None).png)
    left_of_axis = image[funnel.top : 500, 60:63]  # between the tick labels and the axis
    assert (left_of_axis == 255).all()


def test_a_zero_bar_is_drawn_as_a_thin_mark_not_left_blank() -> None:
    chart = BarCharts(points(("A", 0, 10), ("B", 5, 10), ("C", 0, 10)), title="t", axis="a")
    rects = [e for e in elements(chart.render(None).svg, "rect") if e.get("fill") == "#8c8c8c"]
    assert [float(e.get("width", 0)) for e in rects][1:] == [2, 2]  # the two zeros, after B
    image = pixels(chart.render(None).png)
    for row in (1, 2):
        y = 78 + row * 20 + 10
        assert (image[y] == GREY).all(axis=1).sum() == 2
    marked = chart.render("a")
    assert "0%" in [t.text for t in elements(marked.svg, "text")]


def spread_chart() -> BarCharts:
    rows = [(f"P{k:02}", 10 + k % 50, 100) for k in range(80)]
    return BarCharts(points(*rows), title="t", axis="Rate (%)", pooled=Fraction(3, 10))


def test_the_spread_and_its_rows_share_one_x_scale() -> None:
    svg = spread_chart().render("p05").svg
    ticks: dict[str, list[float]] = {}
    for t in elements(svg, "text"):
        if re.fullmatch(r"\d+%", t.text or "") and t.get("text-anchor") == "middle":
            ticks.setdefault(t.text or "", []).append(float(t.get("x", 0)))
    assert len(ticks) >= 3
    for text, xs in ticks.items():
        assert len(xs) == 2 and xs[0] == xs[1], (text, xs)


def test_the_spread_labels_its_count_axis_with_whole_numbers() -> None:
    svg = spread_chart().render(None).svg
    counts = [
        t.text or ""
        for t in elements(svg, "text")
        if t.get("text-anchor") == "end" and 78 <= float(t.get("y", 0)) <= 240
    ]
    assert len(counts) >= 2 and all(c.isdigit() for c in counts)


@pytest.mark.parametrize(
    ("name", "said"),
    [("Tower Hamlets", "Tower Hamlets'"), ("Kent", "Kent's"), ("Wales", "Wales'")],
)
def test_possessive_in_house_style(name: str, said: str) -> None:
    assert possessive(name) == said
