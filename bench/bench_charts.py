"""Benchmark: every chart of a build (each place's and the national ones), drawn from nothing.

For each story, prepares the build once, works out each place's lead measure, then times in CPU
seconds (medians over ``--repeat`` runs) what a build's charts cost: :class:`StoryCharts` laying
each chart out and drawing its base once, then every place's PNG, SVG and alt text. Prints the
files made and the median PNG and SVG sizes of each kind of chart.

Before (matplotlib, HEAD before issue 16's charts; 2 shared cores; CPU medians): cancelled-crimes
5.63 s for 96 charts (8.1 MB; bar PNG 73 KiB, SVG 21 KiB), council-epc 83.3 s for 996 charts
(507 MB; bar PNG 464 KiB, change PNG 555 KiB). Run this script with ``PYTHONPATH`` pointing at
an older tree's ``generator`` to measure another version.

Usage: ``python bench/bench_charts.py [--root ROOT] [--story STORY ...] [--repeat N]``; a
synthetic story: ``python bench/synth.py /tmp/syn --places 400`` then ``--root /tmp/syn
--story synth``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from generator.drafts.prepared import context_for, prepare
from generator.outputs.chartset import StoryCharts

ROOT = Path(__file__).resolve().parents[1]
STORIES = ("cancelled-crimes", "council-epc")


def lead_views(prepared) -> dict:  # type: ignore[no-untyped-def]
    """Each place's lead measure view, as a build picks it (jobs.place_charts)."""
    views = {}
    for slug in prepared.dataset.records:
        ctx = context_for(prepared, slug)
        view = ctx.lead.measure or next((v for v in ctx.measures if v.measure.lead), None)
        if view is not None:
            views[slug] = view
    return views


def draw_all(prepared, views: dict) -> dict[str, bytes | str]:  # type: ignore[no-untyped-def]
    """Every chart file of a build, drawn by a fresh StoryCharts; keyed by place/file."""
    charts = StoryCharts(prepared.dataset, prepared.rankings, prepared.changes)
    files: dict[str, bytes | str] = {}
    for slug, view in views.items():
        for name, data in charts.for_place(slug, view).items():
            files[f"{slug}/{name}"] = data
    for name, data in charts.national().items():
        files[f"national/{name}"] = data
    return files


def per_place(prepared, views: dict, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """CPU seconds of what every place shares (laying out each chart, drawing its base, the
    national charts) and of one place's charts alone (medians over ``repeat`` builds)."""
    shared, each = [], []
    for _ in range(repeat):
        start = time.process_time()
        charts = StoryCharts(prepared.dataset, prepared.rankings, prepared.changes)
        charts.national()
        middle = time.process_time()
        for slug, view in views.items():
            charts.for_place(slug, view)
        shared.append(middle - start)
        each.append((time.process_time() - middle) / max(len(views), 1))
    return statistics.median(shared), statistics.median(each)


def cpu(func, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", action="append", help="a story under --root (repeatable)")
    parser.add_argument("--root", type=Path, default=ROOT, help="a project, e.g. bench/synth.py's")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for story in args.story or STORIES:
        prepared = prepare(args.root, story)
        views = lead_views(prepared)
        files = draw_all(prepared, views)  # warm up: imports, fonts, funnel limits
        seconds = cpu(lambda p=prepared, v=views: draw_all(p, v), args.repeat)
        shared, each = per_place(prepared, views, args.repeat)
        sizes: dict[str, list[int]] = defaultdict(list)
        for path, data in files.items():
            name = path.rsplit("/", 1)[1]
            if name.endswith((".png", ".svg")):
                kind = name.split("-")[0].split(".")[0] + name[-4:]
                sizes[kind].append(len(data))
        charts = sum(len(v) for k, v in sizes.items() if k.endswith(".png"))
        total = sum(len(d) for d in files.values()) / 1e6
        print(
            f"{story}: {len(views)} places, {charts} charts (PNG + SVG each), "
            f"{seconds:.2f} s CPU (median of {args.repeat}), "
            f"{seconds / max(charts, 1) * 1000:.1f} ms a chart, "
            f"{seconds / max(len(views), 1) * 1000:.1f} ms a place, {total:.1f} MB"
        )
        print(f"  shared {shared:.2f} s CPU, then {each * 1000:.2f} ms CPU a place (medians)")
        for kind in sorted(sizes):
            print(f"  {kind:12} median {statistics.median(sizes[kind]) / 1024:6.1f} KiB")


if __name__ == "__main__":
    main()
