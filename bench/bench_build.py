"""Benchmark: the full build of every draft against a bare Jinja2 render of the same templates.

The full build loads and validates the data, ranks, chooses angles, renders each template
twice (plain and HTML-escaped) in the sandbox, checks every output and writes all files.
The bare render uses a plain ``jinja2.Environment`` over the same templates with contexts made
ready beforehand, rendering each draft's template once: the floor any engine must pay.

It also times the full build with ``--jobs 2`` (two processes), prints the stages of the
build (load, render, packs, write, site) as the manifest records them, as medians over the
runs, and times the two heaviest parts of rendering on their own: the Word writer over every
draft that has a .docx, and every chart of the build (each measure's bar chart and funnel plot
drawn, then one render of each for every place and for the national draft).

Usage: ``python bench/bench_build.py [STORY] [--repeat N]``; prints seconds and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import jinja2

from generator.drafts.jobs import place_charts, render_place
from generator.drafts.prepared import Prepared, context_for, prepare
from generator.drafts.radio import LENGTHS, PARTS, ScriptSpec
from generator.language.filters import FILTERS
from generator.outputs.chartset import StoryCharts
from generator.outputs.writers import WRITERS, Draft, Writer
from generator.pipeline import build, run_task, tasks_for

ROOT = Path(__file__).resolve().parents[1]


def timed(func, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def word_drafts(prepared: Prepared) -> list[Draft]:
    """Every draft the Word writer is given in a build (rendering each draft once)."""
    real = WRITERS["docx"]
    drafts: list[Draft] = []

    def keep(draft: Draft) -> str | bytes:
        drafts.append(draft)
        return real.write(draft)

    WRITERS["docx"] = Writer(real.format, real.extension, keep)
    try:
        for task in tasks_for(prepared):
            run_task(prepared, task)
    finally:
        WRITERS["docx"] = real
    return drafts


def draw_charts(prepared: Prepared) -> int:
    """Every chart of a build, drawn from nothing as a build does; returns the files made."""
    fresh = replace(prepared, _charts=StoryCharts(prepared.dataset, prepared.rankings))
    files = sum(len(place_charts(fresh, slug)) for slug in fresh.dataset.records)
    return files + len(fresh.charts.national())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", nargs="?", default="cancelled-crimes")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        drafts = len(build(ROOT, args.story, out=Path(tmp)).drafts)
        manifest = Path(tmp) / args.story / "manifest.json"
        runs: list[dict[str, float]] = []

        def full_build() -> None:
            build(ROOT, args.story, out=Path(tmp))
            runs.append(json.loads(manifest.read_text())["run"]["timings"])

        full = timed(full_build, args.repeat)
        stages = json.loads(manifest.read_text())["run"]
        files = len(json.loads(manifest.read_text())["outputs"])
        two = timed(lambda: build(ROOT, args.story, out=Path(tmp), jobs=2), args.repeat)

    load = timed(lambda: prepare(ROOT, args.story), args.repeat)
    prepared = prepare(ROOT, args.story)
    slugs = list(prepared.dataset.records)
    render = timed(lambda: [render_place(prepared, slug) for slug in slugs], args.repeat)
    contexts = [context_for(prepared, slug).as_template_vars() for slug in prepared.dataset.records]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prepared.story.template_dir)),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    article = [env.get_template(o.template) for o in prepared.story.scoped("place")]
    radio = [env.get_template(o.template) for o in prepared.story.scoped("place-radio")]
    specs = [ScriptSpec(part, seconds) for seconds in LENGTHS for part in PARTS]

    def bare() -> None:
        for variables in contexts:
            for template in article:
                template.render(variables)
            for template in radio:
                for spec in specs:
                    template.render({**variables, "script": spec})

    bare()
    plain = timed(bare, args.repeat)

    documents = word_drafts(prepared)
    write_docx = WRITERS["docx"].write
    word = timed(lambda: [write_docx(d) for d in documents], args.repeat)
    chart_files = draw_charts(prepared)
    charts = timed(lambda: draw_charts(prepared), args.repeat)

    full_s, bare_s = statistics.median(full), statistics.median(plain)
    render_s, forces = statistics.median(render), len(slugs)
    print(f"story: {args.story}, runs: {args.repeat} (median)")
    print(
        f"full build, {drafts} drafts (forces, partners, stations, national), written: "
        f"{full_s:.3f} s ({full_s / drafts * 1000:.2f} ms a draft)"
    )
    print(f"  {files} files; stages of the last run: {stages['timings']}")
    medians = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
    print(f"  stages, medians: {medians}")
    print(f"  of which load, validate, rank, angles: {statistics.median(load):.3f} s")
    print(f"the same with --jobs 2: {statistics.median(two):.3f} s")
    print(
        f"{forces} force drafts and radio scripts, rendered in the sandbox (twice for "
        f"HTML), checked, fitted and formatted, not written: {render_s:.3f} s "
        f"({render_s / forces * 1000:.2f} ms a force)"
    )
    print(
        f"the same templates, bare Jinja2 render with ready contexts: {bare_s:.3f} s "
        f"({bare_s / forces * 1000:.2f} ms a force)"
    )
    print(f"ratio engine / bare for the force drafts: {render_s / bare_s:.1f}x")
    word_s, charts_s = statistics.median(word), statistics.median(charts)
    print(
        f"within rendering: Word writer, {len(documents)} documents: {word_s:.3f} s "
        f"({word_s / len(documents) * 1000:.1f} ms each)"
    )
    print(f"within rendering: charts, {chart_files} files (PNG, SVG, JSON): {charts_s:.3f} s")


if __name__ == "__main__":
    main()
