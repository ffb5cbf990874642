"""A bar or change chart's neighbour rows are blocks (:class:`~generator.outputs.charts.scene.
Block`): the PNG keeps each row's band by the row and the base under it and does not draw it
again. The files must be those drawn in full, in any order, and a band another mark reaches
must be drawn, not taken from what was kept."""

from __future__ import annotations

import random

import numpy as np

from generator.outputs.charts import BarCharts, ChangeCharts, ChangePoint, ChartPoint
from generator.outputs.charts.raster import Raster
from generator.outputs.charts.scene import Block, Rect, Scene, Shape, Text


def _points(n: int) -> list[ChartPoint]:
    rng = np.random.default_rng(7)
    bases = rng.integers(50, 900, n)
    counts = rng.binomial(bases, rng.uniform(0.1, 0.5, n))
    return [
        ChartPoint(f"p{i}", f"Place {i}", f"Place {i}", int(c), int(b), illustrative=i % 9 == 0)
        for i, (c, b) in enumerate(zip(counts, bases, strict=True))
    ]


def _drawn_in_full(raster: Raster, place: int | None) -> bytes:
    """The PNG drawn mark by mark, nothing kept."""
    marks = raster.scene.marks(place)
    hidden = () if place is None else sorted(raster.scene.hidden(place))
    found = raster._draw_marks(place, marks, hidden, keep=False)
    assert found is not None
    return found


def _charts() -> list[BarCharts | ChangeCharts]:
    points = _points(150)
    changes = [
        ChangePoint(p.slug, p.name, p.label, p.count, p.base, p.count // 2 + k % 5, p.base)
        for k, p in enumerate(points)
    ]
    return [
        BarCharts(points, title="Late", axis="Late (%)", pooled=None),
        ChangeCharts(changes, title="Late", axis="Late (%)", since="2012"),
    ]


def test_kept_rows_give_the_files_drawn_in_full_in_any_order() -> None:
    for chart in _charts():
        assert chart.spread_out and chart.scene.blocks(3)
        order = [*range(len(chart.points)), None, *range(0, len(chart.points), 7)]
        random.Random(16).shuffle(order)
        kept = {place: chart.png(place) for place in order}
        assert chart._raster._kept  # rows were kept and used
        for place in order:
            assert kept[place] == _drawn_in_full(chart._raster, place), place


def _scene() -> Scene:
    """A scene with one block row at 40 to 60 (one of three rows by the place); place 4's
    text reaches into it."""
    scene = Scene(60, 100, "t", cuts=[40, 60])
    scene.add(Rect(0, 0, 60, 100, "white"))

    def marks(index: int | None) -> list[Shape]:
        wide = 10 + (index or 0) % 3 * 10
        text = Text(30, 44 if index == 4 else 20, "x", "#B80000", 13, True, "lt")
        return [Rect(5, 45, 5 + wide, 55, "#8C8C8C"), text]

    scene.marks = marks
    scene.blocks = lambda index: [Block(("row", (index or 0) % 3), 40, 20, 0, 1)]
    return scene


def test_a_kept_band_another_mark_reaches_is_drawn_again() -> None:
    raster = Raster(_scene())
    for place in (0, 3, 6, 1, 4, 7):  # 3 and 6 take row 0 as kept; 4 finds row 1 overlapped
        assert raster.png(place) == _drawn_in_full(raster, place), place
    assert set(raster._kept) == {(("row", 0), 0), (("row", 1), 0)}
    assert raster._frame.tobytes() == raster.plain.tobytes()  # put back after each render


def test_a_block_that_draws_outside_its_band_is_not_kept() -> None:
    scene = Scene(60, 100, "t", cuts=[40, 60])
    scene.marks = lambda index: [Rect(5, 30, 20, 55, "#8C8C8C")]  # from row 29: the band above
    scene.blocks = lambda index: [Block("tall", 40, 20, 0, 1)]
    raster = Raster(scene)
    first = raster.png(0)
    assert not raster._kept and raster.png(1) == first == _drawn_in_full(raster, 0)
    assert raster._frame.tobytes() == raster.plain.tobytes()
