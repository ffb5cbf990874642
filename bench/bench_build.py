"""Benchmark: ``make bench`` prints one table of what the engine costs.

Every figure is measured in child processes: CPU seconds are user plus system time of each
child as ``os.wait4`` reports it (the children's rusage, as ``RUSAGE_CHILDREN`` counts it:
workers of ``--jobs 2`` included, since each child waits for its own), peak memory is the
largest resident size of any one process of the child (``ru_maxrss``), and each figure is the
median of ``--repeat`` runs. The
two cores are shared, so wall time is shown only where it is the point (``--jobs 2``).

Rows:

- **build**: ``drafts build STORY`` (cancelled-crimes by default) into a fresh folder.
- **floor**: the same drafts by the cheapest honest means (``bench/floor.py``): a bare
  ``jinja2.Environment`` over the same templates and shared macros, with the presenter's
  filters, renders each draft's templates once (each radio script once, no second render for
  HTML) on variables made ready beforehand, and writes every file of the build, with the same
  bytes. Its CPU time counts the interpreter's start, the import of jinja2, compiling the
  templates, the renders and the writes; loading the story, making the variables and reading
  the build's files are done first and not counted. The build and the floor run in pairs,
  alternating, so both meet the same load on the machine; ``ratio`` is the median build over
  the median floor.
- **show**: ``drafts show hampshire --story STORY`` (the author's preview of one draft), in a
  copy of the project: while its build is current (printed from the build), and after a
  template was edited (rendered afresh).
- **rebuild**: a second ``drafts build STORY`` into the folder the first one wrote, with no
  input changed.
- **synth N**: a synthetic story of N places (``bench/synth.py``: every output and format,
  round-ups, a national outlet covering every place), built with ``--jobs 2``: drafts a CPU
  second, drafts a wall second, and peak memory. ``--no-charts`` leaves the charts out of
  these builds (``bench/build_once.py``).

Usage: ``python bench/bench_build.py [--story S] [--repeat N] [--sizes 400,4000,40000]
[--no-charts] [--skip-story]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from synth import STORY as SYNTH  # noqa: E402
from synth import write_story  # noqa: E402

PYTHON = sys.executable


@dataclass(frozen=True)
class Run:
    """One child process: CPU seconds (user + system), wall seconds, peak KB, its output."""

    cpu: float
    wall: float
    peak_kb: int
    output: str


def run(args: list[str], cwd: Path = ROOT) -> Run:
    """Run ``args`` as a child process and measure it alone (``os.wait4``: its own rusage,
    with its waited-for workers'); a failure stops the benchmark."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output, errors = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{output}\n{errors}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, output)


def drafts(*args: str) -> list[str]:
    return [PYTHON, "-m", "generator", *args]


def median(values: list[float]) -> float:
    return statistics.median(values)


def story_rows(story: str, repeat: int, tmp: Path) -> list[tuple[str, str, str]]:
    """The build against its floor, ``show`` and a no-change rebuild."""
    reference = tmp / "reference"
    run(drafts("build", "--story", story, "--out", str(reference), "--no-progress"))
    builds, floors = [], []
    for i in range(repeat):
        out = tmp / f"build-{i}"
        builds.append(
            run(drafts("build", "--story", story, "--out", str(out), "--no-progress")).cpu
        )
        shutil.rmtree(out)
        floor = run(
            [PYTHON, str(BENCH / "floor.py"), str(ROOT), story, str(reference / story), str(out)]
        )
        floors.append(floor.cpu - json.loads(floor.output.splitlines()[-1])["ready"])
        shutil.rmtree(out)
    build, bare = median(builds), median(floors)
    # The author's preview, in a copy of the project: while its build is current, and after
    # a template is edited (so the draft is rendered afresh).
    project = tmp / "project"
    for folder in ("templates", "data", "quotes"):
        shutil.copytree(ROOT / folder, project / folder)
    preview = [PYTHON, "-m", "generator", "--root", str(project)]
    run([*preview, "build", "--story", story, "--no-progress"])
    show_args = ["show", "hampshire", "--story", story, "--format", "txt"]
    show = [run([*preview, *show_args]).cpu for _ in range(repeat)]
    template = next((project / "templates" / story).glob("*.j2"))
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = [run([*preview, *show_args]).cpu for _ in range(repeat)]
    again = []
    for _ in range(repeat):
        run(drafts("build", "--story", story, "--out", str(reference), "--no-progress"))
        again.append(
            run(drafts("build", "--story", story, "--out", str(reference), "--no-progress")).cpu
        )
    return [
        (f"build {story}", f"{build:.2f} s CPU", f"floor {bare:.2f} s; ratio {build / bare:.2f}"),
        ("show hampshire", f"{median(show):.2f} s CPU", "the build is current"),
        ("show after an edit", f"{median(edited):.2f} s CPU", "a template changed: rendered"),
        ("no-change rebuild", f"{median(again):.2f} s CPU", ""),
    ]


def synth_row(places: int, repeat: int, charts: bool, tmp: Path) -> tuple[str, str, str]:
    """A synthetic story of ``places`` places, built with ``--jobs 2``."""
    root = write_story(tmp / f"synth-{places}", places)
    args = [PYTHON, str(BENCH / "build_once.py"), str(root), SYNTH]
    runs, made = [], 0
    for i in range(repeat):
        out = tmp / f"synth-out-{places}-{i}"
        flags = ["--jobs", "2", *([] if charts else ["--no-charts"])]
        done = run([*args, str(out), *flags])
        made = json.loads(done.output.splitlines()[-1])["drafts"]
        runs.append(done)
        shutil.rmtree(out)
    cpu, wall = median([r.cpu for r in runs]), median([r.wall for r in runs])
    peak = max(r.peak_kb for r in runs) / 1024
    return (
        f"synth {places:,}{'' if charts else ' (no charts)'}",
        f"{made / cpu:.0f} drafts/CPU s",
        f"{made:,} drafts, {cpu:.1f} s CPU, {made / wall:.0f} drafts/wall s (--jobs 2), "
        f"peak {peak:.0f} MB",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", default="cancelled-crimes")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="400,4000,40000")
    parser.add_argument("--no-charts", action="store_true", help="synthetic builds without charts")
    parser.add_argument("--skip-story", action="store_true", help="only the synthetic stories")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="drafts-bench-") as name:
        tmp = Path(name)
        if not args.skip_story:
            rows += story_rows(args.story, args.repeat, tmp)
        for places in sizes:
            repeat = args.repeat if places <= 4000 else 1
            rows.append(synth_row(places, repeat, not args.no_charts, tmp))

    cores = os.cpu_count()
    once = " (one at 40,000 places)" if any(size > 4000 for size in sizes) else ""
    print(f"medians of {args.repeat} runs{once}; {cores} cores, shared")
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    for what, figure, note in rows:
        print(f"{what:<{widths[0]}}  {figure:>{widths[1]}}  {note}")


if __name__ == "__main__":
    main()
