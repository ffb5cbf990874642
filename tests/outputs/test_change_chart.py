"""The change chart of a measure with a ``change``: each place's earlier and latest rate, the
worst change first, one place highlighted, with alt text stating its change and its rank by
change; drawn fast the same as a full draw; in a build of the trend fixture beside the bar chart
and funnel plot, and on the site's page."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES, copy_project, run
from PIL import Image

from generator.outputs.charts import ChangeCharts, ChangePoint

RED = "#b80000"


def change_points(*rows: tuple[str, int, int, int, int]) -> list[ChangePoint]:
    return [
        ChangePoint(label.lower(), f"{label} Council", label, c, b, tc, tb)
        for label, c, b, tc, tb in rows
    ]


ROWS = change_points(
    ("North", 60, 100, 43, 100),  # up 17
    ("South", 40, 100, 61, 100),  # down 21
    ("East", 50, 100, 50, 100),  # unchanged
    ("Mid", 45, 100, 40, 90),  # up 0.56 (prints "up 1")
    ("West", 30, 100, 0, 0),  # no earlier figure: left out
)


@pytest.fixture(scope="module")
def chart() -> ChangeCharts:
    return ChangeCharts(
        ROWS,
        title="Unsolved cases, 2012 and latest",
        axis="Cases left unsolved (%)",
        since="2012",
        pooled_label="Testland: down 1 percentage point since 2012",
        unit="area",
    )


def test_rows_run_from_the_biggest_rise_and_leave_out_a_place_without_an_earlier_figure(
    chart: ChangeCharts,
) -> None:
    assert chart.order == ("north", "mid", "east", "south")
    lower = ChangeCharts(ROWS, title="t", axis="a", since="2012", worse="lower")
    assert lower.order == ("south", "east", "mid", "north")


@pytest.mark.parametrize(
    ("worse", "rows", "order", "words"),
    [
        ("lower", ROWS, ("south", "east", "mid", "north"), "biggest fall first, biggest rise last"),
        ("lower", ROWS[:1] + ROWS[2:4], ("east", "mid", "north"), "smallest rise first"),
        ("lower", ROWS[1:2], ("south",), "biggest fall first"),
        ("higher", ROWS[1:3], ("east", "south"), "smallest fall first"),
        ("higher", ROWS[:1] + ROWS[3:4], ("north", "mid"), "biggest rise first"),
    ],
)
def test_the_order_in_words_says_which_way_the_rows_run(
    worse: str, rows: list[ChangePoint], order: tuple[str, ...], words: str
) -> None:
    drawn = ChangeCharts(rows, title="t", axis="a", since="2012", worse=worse)
    assert drawn.order == order
    assert drawn.first == words
    assert f", {words}." in drawn.render(None).alt


def test_equal_changes_keep_the_order_of_their_labels() -> None:
    tied = change_points(("Zed", 30, 100, 20, 100), ("Abb", 15, 50, 5, 50), ("Mop", 5, 10, 5, 10))
    assert ChangeCharts(tied, title="t", axis="a", since="2012").order == ("abb", "zed", "mop")


def test_alt_text_states_both_rates_the_change_and_the_pooled_change(chart: ChangeCharts) -> None:
    alt = chart.render("north", "Finding.").alt
    assert alt == (
        "Change chart: Unsolved cases, 2012 and latest, four areas, biggest rise first, "
        "biggest fall last. North Council is highlighted: 43 per cent in 2012, 60 per cent "
        "latest, up 17 percentage points since 2012. Testland: down 1 percentage point since "
        "2012. Finding."
    )
    assert "East Council is highlighted: 50 per cent in 2012, 50 per cent latest, unchanged" in (
        chart.render("east").alt
    )


def test_the_highlighted_row_alone_is_red_with_its_label_bold_and_change_printed(
    chart: ChangeCharts,
) -> None:
    svg = chart.render("south").svg
    texts = list(ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"))
    bold = [t.text for t in texts if "font-weight: 700" in t.get("style", "")]
    assert "South" in bold and "down 21" in bold and "North" not in bold
    assert [t.text for t in texts].count("South") == 1  # the bold label replaces the plain one
    circles = [c.get("fill") for c in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}circle")]
    assert circles.count("#b80000") == 1  # the latest dot; the earlier one is hollow
    plain = chart.render(None)
    assert RED not in plain.svg.decode().lower() and "highlighted" not in plain.alt


def test_a_place_without_a_change_cannot_be_highlighted(chart: ChangeCharts) -> None:
    with pytest.raises(ValueError, match="West Council has no figure"):
        chart.render("west")


def test_an_earlier_count_above_its_base_is_refused() -> None:
    with pytest.raises(ValueError, match="count 12 in 2012 is not between 0 and 10"):
        ChangeCharts(change_points(("Bad", 1, 10, 12, 10)), title="t", axis="a", since="2012")


@pytest.mark.parametrize("slug", ["north", "south", None])
def test_renders_are_byte_stable_and_mark_only_their_row(
    chart: ChangeCharts, slug: str | None
) -> None:
    rendered = chart.render(slug)
    chart.render("east")  # another highlight in between leaves nothing behind
    assert chart.render(slug) == rendered
    shown = np.asarray(Image.open(io.BytesIO(rendered.png)).convert("RGB"))
    red = np.all(shown == (0xB8, 0, 0), axis=2).any(axis=1).nonzero()[0]
    if slug is None:
        assert red.size == 0
    else:
        middle = 78 + chart.order.index(slug) * 20 + 10
        assert red.min() >= middle - 10 and red.max() < middle + 10


# In a build of the trend fixture (five areas, two measures with a change since 2012).


@pytest.fixture(scope="module")
def trend_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(FIXTURES / "trend", tmp_path_factory.mktemp("trend") / "trend")
    out = root / "out"
    result = run(root, "build", "--story", "trend", "--out", str(out), "--no-progress")
    assert result.exit_code == 0, result.output
    return out / "trend"


@pytest.mark.slow
def test_a_place_with_a_change_gets_a_change_chart_stating_its_rank_by_change(
    trend_build: Path,
) -> None:
    folder = trend_build / "northshire"
    charts = json.loads((folder / "charts.json").read_text())
    entry = charts["change"]
    assert charts["measure"] == "unsolved" and entry["png"] == "change.png"
    assert (folder / "change.png").read_bytes().startswith(b"\x89PNG")
    ET.fromstring((folder / "change.svg").read_bytes())
    alt = entry["alt"]
    # North Shire: 60 of 100 now, 43 of 100 in 2012: up 17 points, the biggest of four changes
    assert "Northshire Council is highlighted: 43 per cent in 2012, 60 per cent latest" in alt
    assert "Northshire Council's rate is up 17 percentage points since 2012" in alt
    assert "the biggest rise; it ranks first of four areas by change" in alt
    # 195 of 400 now against 194 of 390 in 2012 (the areas with both figures)
    assert "All 4 areas with figures: down one percentage point since 2012" in alt
    page = (trend_build / "site" / "northshire.html").read_text()
    figure = re.search(r'<figure id="chart-change"[^>]*>\s*<img src="([^"]+)"', page)
    assert figure and figure.group(1) == "../northshire/change.svg"
    assert "<figcaption>Change chart: unsolved cases." in page


@pytest.mark.slow
def test_a_place_without_an_earlier_figure_gets_the_chart_unhighlighted(
    trend_build: Path,
) -> None:
    charts = json.loads((trend_build / "westshire" / "charts.json").read_text())
    alt = charts["change"]["alt"]
    assert "highlighted" not in alt
    assert "Westshire Council has no change since 2012" in alt
