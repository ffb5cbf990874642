"""Charts: bar charts and funnel plots of one measure, one per highlighted place.

Real data: the bundled story's sexual-offence samples (43 forces) and the misconduct file's
dismissals per 1,000 officers. The drawing is checked in both files: the highlighted place's
shapes in the highlight colour in the SVG and at its place in the PNG, every other place plain.
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

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
RED = (0xB8, 0x00, 0x00)
GREY = (0x8C, 0x8C, 0x8C)
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
BAR_OPTIONS: dict = {
    "title": "Sexual offences incorrectly cancelled",
    "axis": "Share of cancelled records (%)",
    "pooled": POOLED,
    "pooled_label": POOLED_LABEL,
}
FUNNEL_OPTIONS: dict = {
    "title": "Sexual offences incorrectly cancelled",
    "axis": "Share of cancelled records (%)",
    "x_axis": "records sampled",
    "pooled": POOLED,
}


@pytest.fixture(scope="module")
def bars() -> BarCharts:
    return BarCharts(POINTS, **BAR_OPTIONS)


@pytest.fixture(scope="module")
def funnel() -> FunnelPlots:
    return FunnelPlots(POINTS, **FUNNEL_OPTIONS)


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


def bold(svg: bytes) -> list[str]:
    return [t.text or "" for t in texts(svg) if "font-weight: 700" in t.get("style", "")]


def fills(svg: bytes, tag: str = "rect") -> list[str]:
    """The fill colour of every rectangle (or circle) drawn after the white ground."""
    return [e.get("fill", "") for e in ET.fromstring(svg).iter(f"{SVG}{tag}")][tag == "rect" :]


def points(*rows: tuple[str, int, int]) -> list[ChartPoint]:
    return [ChartPoint(label.lower(), f"{label} Police", label, c, b) for label, c, b in rows]


def small_bars(rows: list[ChartPoint], **options: object) -> BarCharts:
    options = {"title": "Share wrong", "axis": "Wrong (%)"} | options
    return BarCharts(rows, **options)


# Files: size, format, determinism.


def test_bar_png_is_800_wide_and_20_pixels_a_place(bars: BarCharts) -> None:
    chart = bars.render("hampshire", FINDING)
    assert png_size(chart.png) == (800, 78 + 43 * 20 + 56)
    image = Image.open(io.BytesIO(chart.png))
    assert image.size == (800, 994) and image.mode == "P"  # paletted: one byte a pixel


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
    assert list(dict.fromkeys(kinds)) == [b"IHDR", b"PLTE", b"pHYs", b"IDAT", b"IEND"]


def test_svg_parses_and_holds_title_and_highlighted_label(bars: BarCharts) -> None:
    svg = bars.render("hampshire").svg
    words = [t.text for t in texts(svg)]
    assert "Sexual offences incorrectly cancelled" in words
    assert words.count("Hampshire") == 1  # the bold label replaces the plain one
    assert "53%" in words  # the value at the end of the bar
    assert POOLED_LABEL in words
    assert ET.fromstring(svg).find(f"{SVG}title").text == "Sexual offences incorrectly cancelled"


def test_svg_keeps_text_as_text_and_carries_no_software_or_date(funnel: FunnelPlots) -> None:
    svg = funnel.render("hampshire").svg
    assert [t.text for t in texts(svg)].count("Hampshire") == 1
    assert b"DejaVu Sans" in svg
    assert b"<metadata" not in svg and b"date" not in svg.lower() and b" id=" not in svg


@pytest.mark.parametrize("kind", ["bars", "funnel"])
def test_same_inputs_give_identical_bytes(kind: str, request: pytest.FixtureRequest) -> None:
    charts_ = request.getfixturevalue(kind)
    first = charts_.render("derbyshire", FINDING)
    charts_.render("surrey")  # another highlight in between leaves nothing behind
    again = charts_.render("derbyshire", FINDING)
    assert again == first
    options = BAR_OPTIONS if kind == "bars" else FUNNEL_OPTIONS
    fresh = type(charts_)(POINTS, **options).render("derbyshire", FINDING)
    assert fresh == first


# The bar chart: highlight, order, colours.


def row_middle(i: int) -> int:
    """The pixel row through the middle of bar ``i`` (no source line)."""
    return 78 + i * 20 + 10


def test_highlighted_bar_alone_is_red_and_its_label_bold(bars: BarCharts) -> None:
    svg = bars.render("hampshire").svg
    colours = fills(svg)
    assert colours.count("#b80000") == 1
    assert colours.count("#8c8c8c") == 42
    assert "Hampshire" in bold(svg) and "Derbyshire" not in bold(svg)


def test_highlight_is_drawn_at_its_row_in_the_png(bars: BarCharts) -> None:
    durham = bars.order.index("durham")
    shown = pixels(bars.render("durham").png)
    row = shown[row_middle(durham)]
    assert np.all(row == RED, axis=1).sum() > 20  # the bar, red
    for other in (durham - 1, durham + 1):
        others = shown[row_middle(other)]
        assert np.all(others == RED, axis=1).sum() == 0
        assert np.all(others == GREY, axis=1).sum() > 20
    plain = pixels(bars.render(None).png)[row_middle(durham)]
    grey = np.all(plain == GREY, axis=1)
    assert grey.sum() > 20 and np.all(row[grey] == RED)  # red exactly where the bar was grey


def test_highlight_shows_in_the_png_and_none_leaves_it_plain(bars: BarCharts) -> None:
    assert red_pixels(bars.render("hampshire").png) > 300  # a bar 14 pixels high
    plain = bars.render(None)
    assert red_pixels(plain.png) == 0
    assert "#b80000" not in plain.svg.decode()
    assert "highlighted" not in plain.alt


def test_renders_differ_only_around_the_highlighted_row(bars: BarCharts) -> None:
    i = bars.order.index("kent")
    changed = np.any(pixels(bars.render("kent").png) != pixels(bars.render(None).png), axis=2)
    rows = np.nonzero(changed.any(axis=1))[0]
    assert rows.min() >= row_middle(i) - 10 and rows.max() < row_middle(i) + 10


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


def test_labels_and_text_are_escaped_in_the_svg() -> None:
    nasty = '<script>alert("x")</script> & Co'
    rows = [ChartPoint("a", nasty, nasty, 1, 4), ChartPoint("b", "B", "B", 1, 2)]
    chart = small_bars(rows, title="A <b>bold</b> title", source="Source: A & B")
    for slug in ("a", None):
        svg = chart.render(slug).svg
        assert b"<script" not in svg and b"<b>" not in svg
        words = [t.text for t in texts(svg)]  # parses, and reads back as written
        assert nasty in words and "A <b>bold</b> title" in words and "Source: A & B" in words


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
    x, y = zip(*funnel.curve["upper998"], strict=True)
    assert list(x) == sorted(set(x)) and all(float(b).is_integer() for b in x)  # whole bases
    assert min(x) <= min(p.base for p in POINTS) and max(x) >= max(p.base for p in POINTS)
    (limits,) = funnel_curve(POOLED, [int(x[-1])])
    assert y[-1] == pytest.approx(limits.upper998 * 100)
    svg = funnel.render(None).svg
    dashes = [e.get("stroke-dasharray") for e in ET.fromstring(svg).iter(f"{SVG}polyline")]
    assert dashes.count("6 3") == 3 and dashes.count("1.5 2.5") == 3  # two limits + legend
    assert "95% control limits" in [t.text for t in texts(svg)]


def test_funnel_highlight_is_labelled_and_coloured(funnel: FunnelPlots) -> None:
    chart = funnel.render("hampshire")
    assert [t.text for t in texts(chart.svg)].count("Hampshire") == 1
    assert fills(chart.svg, "circle").count("#b80000") == 1
    assert fills(chart.svg, "circle").count("#8c8c8c") == 43
    assert red_pixels(chart.png) > 20
    assert "Hampshire" not in [t.text for t in texts(funnel.render(None).svg)]
    assert red_pixels(funnel.render(None).png) == 0


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
