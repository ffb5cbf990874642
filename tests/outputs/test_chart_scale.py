"""Charts at scale: past ROWS_MAX places a bar or change chart shows the spread of every place
and the highlighted place among its neighbours; past DOTS_MAX a funnel plot shades squares.
Files stay small whatever the number of places, and the same inputs give the same bytes in
another process."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

import numpy as np
import pytest
from PIL import Image

from generator.outputs.charts import BarCharts, ChangeCharts, ChangePoint, ChartPoint, FunnelPlots
from generator.outputs.charts.base import ROWS_MAX
from generator.outputs.charts.funnel import DOTS_MAX
from generator.outputs.charts.rows import BINS, NEIGHBOURS

SVG = "{http://www.w3.org/2000/svg}"
RED = (0xB8, 0x00, 0x00)


def synthetic(n: int) -> list[ChartPoint]:
    """``n`` places with bases from 50 to about 5,000 and rates spread around 30 per cent."""
    rng = np.random.default_rng(16)
    bases = rng.integers(50, 5000, n)
    counts = rng.binomial(bases, rng.uniform(0.15, 0.45, n))
    return [
        ChartPoint(f"place-{i}", f"Place {i} Council", f"Place {i}", int(c), int(b))
        for i, (c, b) in enumerate(zip(counts, bases, strict=True))
    ]


POINTS = synthetic(1000)
POOLED = Fraction(sum(p.count for p in POINTS), sum(p.base for p in POINTS))


@pytest.fixture(scope="module")
def bars() -> BarCharts:
    return BarCharts(POINTS, title="Share late", axis="Late (%)", pooled=POOLED, unit="council")


def elements(svg: bytes, tag: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}{tag}"))


def test_a_thousand_places_draw_a_spread_not_a_bar_each(bars: BarCharts) -> None:
    assert bars.spread_out and not BarCharts(POINTS[:ROWS_MAX], title="t", axis="a").spread_out
    chart = bars.render("place-7")
    image = Image.open(io.BytesIO(chart.png))
    assert image.size == (800, 78 + 150 + 96 + (2 * NEIGHBOURS + 1) * 20 + 56)
    assert image.mode == "P" and len(chart.png) < 60_000 and len(chart.svg) < 30_000
    rects = elements(chart.svg, "rect")
    assert len(rects) <= 1 + BINS + 2 * NEIGHBOURS + 2  # ground, bins, neighbours, the mark


def test_the_place_is_marked_among_its_neighbours_in_order(bars: BarCharts) -> None:
    i = bars.order.index("place-7")
    chart = bars.render("place-7")
    labels = [t.text for t in elements(chart.svg, "text")]
    shown = [p.label for p in bars.points[max(0, i - NEIGHBOURS) : i + NEIGHBOURS + 1]]
    assert all(label in labels for label in shown)
    red = [t.text for t in elements(chart.svg, "text") if "#b80000" in t.get("style", "")]
    value = bars.value(bars.points[i])
    assert sorted(red) == sorted(["Place 7: " + value, "Place 7", value])  # histogram, row
    fills = [r.get("fill") for r in elements(chart.svg, "rect")]
    assert fills.count("#b80000") == 1
    assert "how many have each rate, and the place with its neighbours" in chart.alt
    assert "Place 7 Council is highlighted" in chart.alt


def test_with_no_place_the_first_and_last_are_shown(bars: BarCharts) -> None:
    chart = bars.render(None)
    labels = [t.text for t in elements(chart.svg, "text")]
    assert bars.points[0].label in labels and bars.points[-1].label in labels
    assert "…" in labels and "#b80000" not in chart.svg.decode()
    red = np.all(np.asarray(Image.open(io.BytesIO(chart.png)).convert("RGB")) == RED, axis=2)
    assert not red.any()


def test_the_histogram_counts_every_place(bars: BarCharts) -> None:
    svg = bars.render(None).svg
    heights = [float(r.get("height")) for r in elements(svg, "rect")[1 : 1 + BINS]]
    assert 1 <= len(heights) <= BINS
    assert "1,000 councils: how many at each rate" in [t.text for t in elements(svg, "text")]


def test_a_change_chart_of_a_thousand_places_spreads_the_changes() -> None:
    rows = [
        ChangePoint(p.slug, p.name, p.label, p.count, p.base, p.count // 2 + 1, p.base)
        for p in POINTS
    ]
    chart = ChangeCharts(rows, title="Late", axis="Late (%)", since="2012", unit="council")
    drawn = chart.render("place-3")
    assert len(drawn.svg) < 30_000
    assert "how many have each change" in drawn.alt
    circles = [c.get("fill") for c in elements(drawn.svg, "circle")]
    assert len(circles) == 2 * (2 * NEIGHBOURS + 1) + 2  # two a row, and the key's two
    assert circles.count("#b80000") == 1  # the place's latest dot (its earlier one hollow)
    assert "Change since 2012 (percentage points)" in [t.text for t in elements(drawn.svg, "text")]


def test_a_funnel_of_many_places_shades_squares_and_stays_small() -> None:
    many = synthetic(DOTS_MAX + 500)
    pooled = Fraction(sum(p.count for p in many), sum(p.base for p in many))
    funnel = FunnelPlots(many, title="t", axis="a", x_axis="x", pooled=pooled)
    chart = funnel.render("place-11")
    circles = elements(chart.svg, "circle")
    assert [c.get("fill") for c in circles] == ["#b80000"]  # the place alone is a dot
    assert len(chart.svg) < 150_000 and len(chart.png) < 80_000
    few = FunnelPlots(POINTS, title="t", axis="a", x_axis="x", pooled=POOLED)
    assert len(elements(few.render(None).svg, "circle")) == len(POINTS)


SCRIPT = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from test_chart_scale import POINTS, POOLED
from generator.outputs.charts import BarCharts, FunnelPlots
bars = BarCharts(POINTS[:40], title="<T>", axis="A", pooled=POOLED)
funnel = FunnelPlots(POINTS, title="T", axis="A", x_axis="X", pooled=POOLED)
many = BarCharts(POINTS, title="T", axis="A", pooled=POOLED)
for chart in (bars.render("place-3"), funnel.render("place-3"), many.render("place-3")):
    print(hashlib.sha256(chart.png + chart.svg).hexdigest())
"""


@pytest.mark.slow
def test_two_processes_give_identical_bytes() -> None:
    tests = str(__import__("pathlib").Path(__file__).parent)
    runs = [
        subprocess.run(
            [sys.executable, "-c", SCRIPT.format(tests=tests)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and len(runs[0].split()) == 3
    here = BarCharts(POINTS[:40], title="<T>", axis="A", pooled=POOLED).render("place-3")
    assert hashlib.sha256(here.png + here.svg).hexdigest() == runs[0].split()[0]
