"""Benchmark: a bar chart and a funnel plot (PNG and SVG each) for every place of a story.

Uses the bundled story's sexual-offence samples (43 forces). Times each constructor (which
draws the shared parts once) and each ``render`` (one highlighted place: PNG, SVG and alt text),
as medians over ``--repeat`` runs, and within a render the PNG encoding alone
(:func:`outputs.charts.png_bytes`); then the whole job as a build does it: both constructors
and one render of each chart for every place. Prints the sizes of the files too.

Usage: ``python bench/bench_charts.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from generator.outputs.charts import BarCharts, Chart, ChartPoint, FunnelPlots, png_bytes

ROOT = Path(__file__).resolve().parents[1]


def sample_points() -> list[ChartPoint]:
    figures = pd.read_csv(ROOT / "data" / "cancelled-crimes" / "figures.csv")
    places = pd.read_csv(ROOT / "data" / "police-forces.csv")
    rows = figures.merge(places, left_on="force", right_on="name")
    return [
        ChartPoint(r.slug, r.name, r.short_name, int(r.sexual_incorrect), int(r.sexual_sampled))
        for r in rows.itertuples()
    ]


def median_seconds(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    points = sample_points()
    pooled = Fraction(sum(p.count for p in points), sum(p.base for p in points))
    title, axis = "Sexual offences incorrectly cancelled", "Incorrectly cancelled (%)"

    def make_bars() -> BarCharts:
        label = "England and Wales: 13%"
        return BarCharts(points, title=title, axis=axis, pooled=pooled, pooled_label=label)

    def make_funnel() -> FunnelPlots:
        return FunnelPlots(points, title=title, axis=axis, x_axis="records sampled", pooled=pooled)

    def every_place() -> list[Chart]:
        bars, funnel = make_bars(), make_funnel()
        return [c.render(p.slug) for p in points for c in (bars, funnel)]

    every_place()  # warm up: imports, font cache, scipy
    print(f"{len(points)} places, median of {args.repeat} runs")
    for name, make in (("bar chart", make_bars), ("funnel plot", make_funnel)):
        charts = make()
        built = median_seconds(make, args.repeat)
        per_render = statistics.median(
            median_seconds(lambda p=p, c=charts: c.render(p.slug), args.repeat) for p in points[:10]
        )
        files = [charts.render(p.slug) for p in points]
        raster = np.asarray(charts.figure.canvas.buffer_rgba()).copy()  # the last place's
        encode = median_seconds(lambda r=raster: png_bytes(r), args.repeat * 4)
        png = statistics.median(len(c.png) for c in files) / 1024
        svg = statistics.median(len(c.svg) for c in files) / 1024
        print(
            f"{name:12} constructor {built * 1000:6.1f} ms   render {per_render * 1000:5.1f} ms"
            f" (PNG encoding {encode * 1000:4.1f} ms)   PNG {png:5.1f} KiB   SVG {svg:5.1f} KiB"
            " (medians)"
        )
    total = median_seconds(every_place, args.repeat)
    print(f"all {len(points)} places, both charts, PNG + SVG: {total:.2f} s")


if __name__ == "__main__":
    main()
