"""A chart that draws any illustrative figure says so inside itself (PNG and SVG alike) and in
its alt text, and draws those figures hollow; a chart's title names the measure in full."""

from __future__ import annotations

import io
from fractions import Fraction

from PIL import Image

from generator.inputs.story import Measure
from generator.outputs.charts import HIGHLIGHT, BarCharts, ChartPoint, FunnelPlots
from generator.outputs.charts.base import WIDTH
from generator.outputs.chartset import axis_label, chart_title

ROWS = [("Northshire", 9, 17, False), ("Southshire", 4, 20, True), ("Eastshire", 2, 20, True)]


def points(flags: bool = True) -> list[ChartPoint]:
    return [
        ChartPoint(n.lower(), f"{n} Police", n, c, b, illustrative=flags and i)
        for n, c, b, i in ROWS
    ]


def bars(flags: bool = True) -> BarCharts:
    return BarCharts(points(flags), title="Late", axis="Late (%)", unit="force")


NOTE = "Hollow bars: illustrative figures (two of the three forces) – not for publication"


def test_a_bar_chart_with_illustrative_figures_says_so_in_svg_png_and_alt() -> None:
    chart = bars().render("northshire")
    assert NOTE.encode() in chart.svg
    assert f"{NOTE}. Northshire Police's figure is published." in chart.alt
    assert "Southshire Police's figure is illustrative" in bars().render("southshire").alt
    plain = bars(flags=False).render("northshire")
    assert b"illustrative" not in plain.svg and "illustrative" not in plain.alt
    # the note is drawn in the PNG: red pixels under the title that the plain chart lacks
    red = tuple(int(HIGHLIGHT[k : k + 2], 16) for k in (1, 3, 5))
    for png, expected in ((chart.png, True), (plain.png, False)):
        image = Image.open(io.BytesIO(png)).convert("RGB")
        band = image.crop((0, 34, WIDTH, 52))
        assert (red in {c for _, c in band.getcolors(WIDTH * 18) or []}) is expected


def test_illustrative_bars_are_hollow_and_published_ones_solid() -> None:
    svg = bars().render(None).svg.decode()
    assert svg.count('fill="#ffffff"/>') == 1 + 2  # the ground, then one inside each hollow bar
    assert bars(flags=False).render(None).svg.decode().count('fill="#ffffff"/>') == 1


def test_the_same_chart_gives_the_same_bytes() -> None:
    first, second = bars().render("southshire"), bars().render("southshire")
    assert (first.png, first.svg) == (second.png, second.svg)


def test_a_funnel_plot_marks_illustrative_points_and_says_so() -> None:
    plot = FunnelPlots(
        points(),
        title="Late",
        axis="Late (%)",
        x_axis="Sample",
        pooled=Fraction(15, 57),
        unit="force",
    )
    chart = plot.render("eastshire")
    note = NOTE.replace("Hollow bars", "Hollow points")
    assert note.encode() in chart.svg and note in chart.alt
    assert "Eastshire Police's figure is illustrative." in chart.alt


def measure(**words: str) -> Measure:
    fields = {
        "key": "sexual",
        "label": "sexual offences (not rape)",
        "numerator": "n",
        "denominator": "d",
        "singular": "sexual offence",
        "plural": "sexual offences",
        "topic": "incorrect cancellation of sexual offences",
        "passive": "incorrectly cancelled",
        "active": "wrongly cancelled",
    }
    return Measure(**{**fields, **words})  # type: ignore[arg-type]


def test_a_chart_title_and_axis_name_the_measure_in_full() -> None:
    assert chart_title(measure()) == "Incorrect cancellation of sexual offences (not rape)"
    assert axis_label(measure()) == "Sexual offences (not rape) incorrectly cancelled (%)"
    other = measure(label="victims not told", plural="victims", topic="failure to tell victims")
    assert chart_title(other) == "Failure to tell victims"
    elsewhere = measure(topic="cancelled records")
    assert chart_title(elsewhere) == "Cancelled records (not rape)"
