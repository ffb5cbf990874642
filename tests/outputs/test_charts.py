"""Charts: bar charts and funnel plots of one measure, one per highlighted place.

Real data: the bundled story's sexual-offence samples (43 forces) and the misconduct file's
dismissals per 1,000 officers. The fast path (a kept raster and a master SVG) is checked
against a full draw of the same state, pixel for pixel and byte for byte.
"""

from __future__ import annotations

import io
import math
import struct
import xml.etree.ElementTree as ET
import zlib
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from generator.compute.funnel import funnel_curve, position
from generator.language.filters import percent_value
from generator.language.present import rate_value as rate_text
from generator.outputs import charts
from generator.outputs.charts import BarCharts, Chart, ChartPoint, FunnelPlots
from generator.outputs.charts import base as chart_base

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
RED = (0xB8, 0x00, 0x00)
FINDING = "Hampshire Constabulary had the highest rate in England and Wales."


def sexual_offences() -> list[ChartPoint]:
    """The 43 forces' sexual-offence samples, named as in the places file."""
    figures = pd.read_csv(ROOT / "data" / "cancelled-crimes" / "figures.csv")
    places = pd.read_csv(ROOT / "data" / "police-forces.csv")
    rows = figures.merge(places, left_on="force", right_on="name", validate="one_to_one")
    return [
        ChartPoint(r.slug, r.name, r.short_name, int(r.sexual_incorrect), int(r.sexual_sampled))
        for r in rows.itertuples()
    ]


def misconduct() -> list[ChartPoint]:
    """Dismissals out of officers, per force (39 rows, the rest of the file is blank)."""
    path = ROOT / "data" / "police-misconduct" / "iopc_forfunnel.csv"
    rows = pd.read_csv(path, encoding="utf-8-sig").dropna(subset=["item name"])
    return [
        ChartPoint(
            name.lower().replace(" ", "-"),
            name,
            name.removesuffix(" Police").removesuffix(" Constabulary"),
            int(count),
            int(base),
        )
        for name, count, base in rows[["item name", "indicator number", "sample size"]].values
    ]


POINTS = sexual_offences()
POOLED = Fraction(sum(p.count for p in POINTS), sum(p.base for p in POINTS))
POOLED_LABEL = f"England and Wales: {percent_value(POOLED)}%"


@pytest.fixture(scope="module")
def bars() -> BarCharts:
    return BarCharts(
        POINTS,
        title="Sexual offences incorrectly cancelled",
        axis="Share of cancelled records (%)",
        pooled=POOLED,
        pooled_label=POOLED_LABEL,
    )


@pytest.fixture(scope="module")
def funnel() -> FunnelPlots:
    return FunnelPlots(
        POINTS,
        title="Sexual offences incorrectly cancelled",
        axis="Share of cancelled records (%)",
        x_axis="records sampled",
        pooled=POOLED,
    )


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", png[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", png[16:24])


def png_chunks(png: bytes) -> list[bytes]:
    kinds, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        data = png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data)
        kinds.append(kind)
        at += 12 + length
    return kinds


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def red_pixels(png: bytes) -> int:
    return int(np.all(pixels(png) == RED, axis=2).sum())


def texts(svg: bytes) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


def fills(svg: bytes) -> list[str]:
    """The fill colour of every path in the SVG's axes."""
    root = ET.fromstring(svg)
    axes = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "axes_1")
    return [
        style.split("fill: ")[1].split(";")[0]
        for path in axes.iter(f"{SVG}path")
        if "fill: " in (style := path.get("style", ""))
    ]


def points(*rows: tuple[str, int, int]) -> list[ChartPoint]:
    return [ChartPoint(label.lower(), f"{label} Police", label, c, b) for label, c, b in rows]


def small_bars(rows: list[ChartPoint], **options: object) -> BarCharts:
    options = {"title": "Share wrong", "axis": "Wrong (%)"} | options
    return BarCharts(rows, **options)


# Files: size, format, determinism.


@pytest.mark.slow
def test_bar_png_is_800_wide_and_20_pixels_a_place(bars: BarCharts) -> None:
    chart = bars.render("hampshire", FINDING)
    assert png_size(chart.png) == (800, 78 + 43 * 20 + 56)
    assert Image.open(io.BytesIO(chart.png)).size == (800, 994)  # and it decodes


@pytest.mark.slow
def test_funnel_png_is_800_by_560(funnel: FunnelPlots) -> None:
    chart = funnel.render("hampshire")
    assert png_size(chart.png) == (800, 560)
    assert pixels(chart.png).shape == (560, 800, 3)


def test_a_source_line_adds_20_pixels() -> None:
    chart = small_bars(points(("Avon", 1, 8), ("Kent", 2, 9)), source="Source: inspections")
    assert png_size(chart.render("kent").png) == (800, 78 + 3 * 20 + 56 + 20)
    assert "Source: inspections" in [t.text for t in texts(chart.render(None).svg)]


def test_png_carries_no_software_or_date(bars: BarCharts) -> None:
    kinds = png_chunks(bars.render("hampshire").png)  # the pixels may span several IDAT chunks
    assert list(dict.fromkeys(kinds)) == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]


def test_svg_parses_and_holds_title_and_highlighted_label(bars: BarCharts) -> None:
    words = [t.text for t in texts(bars.render("hampshire").svg)]
    assert "Sexual offences incorrectly cancelled" in words
    assert "Hampshire" in words
    assert "53%" in words  # the value at the end of the bar
    assert POOLED_LABEL in words


def test_svg_keeps_text_as_text_in_dejavu_sans(funnel: FunnelPlots) -> None:
    svg = funnel.render("hampshire").svg
    labels = [t for t in texts(svg) if t.text == "Hampshire"]
    assert len(labels) == 1 and "DejaVu Sans" in labels[0].get("style")
    assert b"<dc:date>" not in svg and b"Matplotlib v" not in svg


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bars", "funnel"])
def test_same_inputs_give_identical_bytes(kind: str, request: pytest.FixtureRequest) -> None:
    charts_ = request.getfixturevalue(kind)
    first = charts_.render("derbyshire", FINDING)
    charts_.render("surrey")  # another highlight in between leaves nothing behind
    again = charts_.render("derbyshire", FINDING)
    assert again == first
    fresh = type(charts_)(POINTS, **construction(charts_)).render("derbyshire", FINDING)
    assert fresh == first


def construction(charts_: BarCharts | FunnelPlots) -> dict[str, object]:
    """The keyword arguments the module-level fixtures were made with."""
    common = {"title": "Sexual offences incorrectly cancelled"}
    common["axis"] = "Share of cancelled records (%)"
    if isinstance(charts_, BarCharts):
        return common | {"pooled": POOLED, "pooled_label": POOLED_LABEL}
    return common | {"x_axis": "records sampled", "pooled": POOLED}


def test_rendering_leaves_matplotlib_settings_alone() -> None:
    before = dict(matplotlib.rcParams)
    small_bars(points(("Avon", 1, 8), ("Kent", 2, 9)), pooled=Fraction(1, 5)).render("kent")
    assert dict(matplotlib.rcParams) == before


# The fast path: a kept raster and a master SVG give what a full draw gives.


def full_draw(charts_: BarCharts | FunnelPlots, index: int | None) -> tuple[np.ndarray, bytes]:
    """Draw the whole figure in the state of ``index``, the slow way, then put it back."""
    for i, marks in enumerate(charts_.marks):
        for artist in marks:
            artist.set_visible(i == index)
    for i, plain in enumerate(charts_.plain):
        for artist in plain:
            artist.set_visible(i != index)
    for covers in charts_.covers:
        for artist in covers:
            artist.set_visible(False)
    try:
        with chart_base.style():
            charts_.figure.canvas.draw()
            raster = np.asarray(charts_.figure.canvas.buffer_rgba())[:, :, :3].copy()
            svg = io.BytesIO()
            charts_.figure.savefig(svg, format="svg", dpi=100, metadata=chart_base.SVG_METADATA)
    finally:
        for groups in (charts_.marks, charts_.plain, charts_.covers):
            for artist in (a for group in groups for a in group):
                artist.set_visible(True)
    return raster, svg.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bars", "funnel"])
@pytest.mark.parametrize("slug", ["hampshire", "durham", "surrey", None])
def test_fast_render_equals_a_full_draw(
    kind: str, slug: str | None, request: pytest.FixtureRequest
) -> None:
    charts_ = request.getfixturevalue(kind)
    chart = charts_.render(slug)
    raster, svg = full_draw(charts_, charts_.find(slug))
    assert chart.svg == svg
    assert np.array_equal(pixels(chart.png), raster)


def test_a_highlight_group_that_defines_shapes_is_refused() -> None:
    svg = '<svg>\n <g id="highlight-0-0">\n  <defs><path id="m1"/></defs>\n </g>\n</svg>\n'
    with pytest.raises(RuntimeError, match="shared shapes"):
        chart_base.split_svg(svg, {"highlight-0-0": ("highlight", 0)})
    plain = svg.replace('<defs><path id="m1"/></defs>', '<path d="M 0 0"/>')
    parts = chart_base.split_svg(plain, {"highlight-0-0": ("highlight", 0)})
    assert "".join(text for text, _, _ in parts) == plain


# The bar chart: highlight, order, colours.


def test_highlighted_bar_alone_is_red_and_its_label_bold(bars: BarCharts) -> None:
    svg = bars.render("hampshire").svg
    colours = fills(svg)
    assert colours.count("#b80000") == 1
    assert colours.count("#8c8c8c") == 42
    bold = [t.text for t in texts(svg) if "font-weight: 700" in t.get("style")]
    assert "Hampshire" in bold and "Derbyshire" not in bold


def test_highlight_shows_in_the_png_and_none_leaves_it_plain(bars: BarCharts) -> None:
    assert red_pixels(bars.render("hampshire").png) > 300  # a bar 14 pixels high
    plain = bars.render(None)
    assert red_pixels(plain.png) == 0
    assert "#b80000" not in fills(plain.svg)
    assert "highlighted" not in plain.alt


def test_order_is_worst_first_on_exact_rates_with_ties_by_label() -> None:
    rows = points(
        ("Cleveland", 33, 100),  # 33%, as 1 of 3 rounds: below it on the exact rate
        ("Avon", 1, 3),
        ("Bedford", 2, 6),  # equal to Avon exactly: after it, by label
        ("Dorset", 1, 2),
        ("Essex", 0, 5),
    )
    higher = small_bars(rows)
    assert higher.order == ("dorset", "avon", "bedford", "cleveland", "essex")
    assert small_bars(rows, worse="lower").order == (
        "essex",
        "cleveland",
        "avon",
        "bedford",
        "dorset",
    )
    drawn = {t.text: float(t.get("y")) for t in texts(higher.render("avon").svg)}
    labels = ["Dorset", "Avon", "Bedford", "Cleveland", "Essex"]
    assert sorted(labels, key=drawn.__getitem__) == labels


def test_bars_of_the_sample_data_are_in_rate_order(bars: BarCharts) -> None:
    rates = [Fraction(p.count, p.base) for p in bars.points]
    assert rates == sorted(rates, reverse=True)
    assert bars.order[0] == "hampshire" and len(bars.order) == 43


def contrast(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_colours_pass_wcag_contrast_on_white() -> None:
    assert all(contrast(c) >= 4.5 for c in charts.TEXT_COLOURS)
    assert contrast(charts.MUTED) >= 3  # bars and points: non-text contrast
    assert contrast(charts.HIGHLIGHT) >= 3


# Alt text and numbers.


def test_bar_alt_text_in_full_with_half_up_rounding() -> None:
    rows = points(("Avon", 1, 8), ("Kent", 2, 9), ("Essex", 3, 10), ("Dorset", 0, 4))
    chart = small_bars(rows, pooled=Fraction(6, 31), pooled_label="England and Wales: 19%")
    alt = chart.render("avon", "Avon Police had the second highest rate.").alt
    assert alt == (
        "Bar chart: Share wrong, four places, highest first. "
        "Avon Police is highlighted: 13 per cent. "  # 12.5 rounds half up, never to 12
        "England and Wales: 19 per cent. "
        "Avon Police had the second highest rate."
    )
    assert "lowest first" in small_bars(rows, worse="lower").render(None).alt


def test_bar_alt_text_on_the_sample_data(bars: BarCharts) -> None:
    alt = bars.render("hampshire", FINDING).alt
    assert alt.startswith("Bar chart: Sexual offences incorrectly cancelled, 43 places, ")
    assert "Hampshire Constabulary is highlighted: 53 per cent." in alt
    assert f"England and Wales: {percent_value(POOLED)} per cent." in alt
    assert alt.endswith(FINDING)


@pytest.mark.slow
def test_per_1000_prints_one_decimal() -> None:
    rows = misconduct()
    assert ChartPoint("north-wales-police", "North Wales Police", "North Wales", 8, 2781) in rows
    pooled = Fraction(sum(p.count for p in rows), sum(p.base for p in rows))
    options = {"title": "Dismissals", "axis": "Per 1,000 officers", "per": 1000, "decimals": 1}
    chart = BarCharts(rows, pooled=pooled, **options).render("north-wales-police")
    assert "North Wales Police is highlighted: 2.9 per 1,000." in chart.alt
    assert "2.9" in [t.text for t in texts(chart.svg)]
    # no label given: a generic one with the value and its scale, as every output writes it
    assert "All places: 1.4 per 1,000." in chart.alt
    funnel = FunnelPlots(rows, x_axis="officers", pooled=pooled, **options)
    assert "North Wales Police (2.9 per 1,000) is " in funnel.render("north-wales-police").alt


def test_per_1000_rounds_half_up() -> None:
    chart = small_bars(points(("Avon", 1, 800)), per=1000, decimals=1)  # 1.25 per 1,000
    assert "Avon Police is highlighted: 1.3 per 1,000." in chart.render("avon").alt


@pytest.mark.parametrize(
    ("rate", "per", "decimals", "text"),
    [
        (Fraction(9, 17), 100, 0, "53"),
        (Fraction(1, 8), 100, 0, "13"),
        (Fraction(3, 8), 100, 0, "38"),
        (Fraction(1, 40), 100, 0, "3"),
        (Fraction(8, 2781), 1000, 1, "2.9"),
        (Fraction(1, 800), 1000, 1, "1.3"),
        (Fraction(0), 1000, 1, "0.0"),
        (Fraction(1, 1), 100_000, 0, "100,000"),
        (Fraction(1, 16), 100, 2, "6.25"),
    ],
)
def test_rate_text(rate: Fraction, per: int, decimals: int, text: str) -> None:
    assert rate_text(rate, per, decimals) == text


@given(st.integers(0, 5000), st.integers(1, 5000), st.integers(0, 3))
def test_rate_text_rounds_half_up_like_decimal(count: int, base: int, decimals: int) -> None:
    exact = Decimal(count * 1000) / Decimal(base)
    expected = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if count <= base:
        assert rate_text(Fraction(count, base), 1000, decimals) == f"{expected:,}"
        assert rate_text(Fraction(count, base)) == str(percent_value(Fraction(count, base)))


# The funnel plot.


def z_score(point: ChartPoint) -> float:
    """How far the point is from the pooled rate, in standard errors (normal approximation)."""
    p = float(POOLED)
    return (point.count / point.base - p) / math.sqrt(p * (1 - p) / point.base)


def test_funnel_alt_says_inside_for_a_point_near_the_pooled_rate(funnel: FunnelPlots) -> None:
    avon = next(p for p in POINTS if p.slug == "avon-and-somerset")
    assert abs(z_score(avon)) < 1.5  # 4 of 20 against about 13 per cent: well inside
    alt = funnel.render("avon-and-somerset", "A finding.").alt
    assert "Avon and Somerset Constabulary (20 per cent) is inside the limits." in alt
    assert alt.endswith(" A finding.")


def test_funnel_alt_says_above_998_for_a_far_point(funnel: FunnelPlots) -> None:
    hampshire = next(p for p in POINTS if p.slug == "hampshire")
    assert z_score(hampshire) > 4  # 9 of 17: beyond any 99.8 per cent limit
    alt = funnel.render("hampshire", FINDING).alt
    assert alt == (
        "Funnel plot: Sexual offences incorrectly cancelled against records sampled for 43 "
        f"places, with the pooled rate ({percent_value(POOLED)} per cent) and 95 and 99.8 per "
        "cent control limits. Hampshire Constabulary (53 per cent) is above the 99.8 per cent "
        f"limit. {FINDING}"
    )


@pytest.mark.slow
def test_funnel_alt_follows_the_funnel_module_for_every_place(funnel: FunnelPlots) -> None:
    for point in POINTS:
        signal = position(point.count, point.base, POOLED).signal
        assert charts.SIGNAL_WORDS[signal] in funnel.render(point.slug).alt


def test_funnel_draws_the_limits_of_funnel_curve(funnel: FunnelPlots) -> None:
    ax = funnel.figure.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["95% control limits"].get_linestyle() == "--"
    assert lines["99.8% control limits"].get_linestyle() == ":"
    x, y = lines["99.8% control limits"].get_data()
    assert list(x) == sorted(set(x)) and all(float(b).is_integer() for b in x)  # whole bases
    assert min(x) <= min(p.base for p in POINTS) and max(x) >= max(p.base for p in POINTS)
    (limits,) = funnel_curve(POOLED, [int(x[-1])])
    assert y[-1] == pytest.approx(limits.upper998 * 100)
    assert ax.get_legend() is not None


def test_funnel_highlight_is_labelled_and_coloured(funnel: FunnelPlots) -> None:
    chart = funnel.render("hampshire")
    assert [t.text for t in texts(chart.svg)].count("Hampshire") == 1
    assert fills(chart.svg).count("#b80000") == 1
    assert red_pixels(chart.png) > 20
    assert "Hampshire" not in [t.text for t in texts(funnel.render(None).svg)]


# Bad and missing input.


@pytest.mark.parametrize("kind", ["bars", "funnel"])
def test_unknown_highlight_raises_a_clear_error(kind: str, request: pytest.FixtureRequest) -> None:
    with pytest.raises(ValueError, match="no place with the slug 'hampshire-police'"):
        request.getfixturevalue(kind).render("hampshire-police")


def test_a_place_without_data_is_left_out_and_cannot_be_highlighted() -> None:
    chart = small_bars(points(("Avon", 1, 8), ("Kent", 0, 0)))
    assert chart.order == ("avon",)
    assert "one place" in chart.render(None).alt
    with pytest.raises(ValueError, match="Kent Police has no figure"):
        chart.render("kent")


@pytest.mark.parametrize("bad", [points(("Avon", 9, 8)), points(("Avon", 1, 8), ("Avon", 2, 9))])
def test_impossible_points_are_refused(bad: list[ChartPoint]) -> None:
    with pytest.raises(ValueError):
        small_bars(bad)


def test_empty_input_draws_an_empty_chart() -> None:
    bar = small_bars([], pooled=Fraction(1, 10)).render(None)
    funnel = FunnelPlots([], title="T", axis="A", x_axis="X", pooled=Fraction(1, 10))
    plot = funnel.render(None)
    assert isinstance(bar, Chart) and isinstance(plot, Chart)
    assert "no places" in bar.alt and "for no places" in plot.alt
    assert "No figures" in [t.text for t in texts(plot.svg)]
    with pytest.raises(ValueError, match="slugs are like: none"):
        funnel.render("avon")
