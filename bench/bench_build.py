"""Benchmark: the full build of every draft against a bare Jinja2 render of the same templates.

The full build loads and validates the data, ranks, chooses angles, renders each template
twice (plain and HTML-escaped) in the sandbox, checks every output and writes all files.
The bare render uses a plain ``jinja2.Environment`` over the same templates with contexts made
ready beforehand, rendering each draft's template once: the floor any engine must pay.

It also times the full build with ``--jobs 2`` (two processes) and prints the stages of one
build (load, render, packs, write) as the manifest records them.

Usage: ``python bench/bench_build.py [STORY] [--repeat N]``; prints seconds and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import jinja2

from generator.build import build, context_for, prepare, render_place
from generator.filters import FILTERS
from generator.radio import LENGTHS, PARTS, ScriptSpec

ROOT = Path(__file__).resolve().parents[1]


def timed(func, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", nargs="?", default="cancelled-crimes")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        drafts = len(build(ROOT, args.story, out=Path(tmp)).drafts)
        full = timed(lambda: build(ROOT, args.story, out=Path(tmp)), args.repeat)
        stages = json.loads((Path(tmp) / args.story / "manifest.json").read_text())["run"]
        files = len(json.loads((Path(tmp) / args.story / "manifest.json").read_text())["outputs"])
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

    full_s, bare_s = statistics.median(full), statistics.median(plain)
    render_s, forces = statistics.median(render), len(slugs)
    print(f"story: {args.story}, runs: {args.repeat} (median)")
    print(
        f"full build, {drafts} drafts (forces, partners, stations, national), written: "
        f"{full_s:.3f} s ({full_s / drafts * 1000:.2f} ms a draft)"
    )
    print(f"  {files} files; stages of the last run: {stages['timings']}")
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


if __name__ == "__main__":
    main()
