"""One build in this process, as the benchmark's child processes run it.

``python bench/build_once.py ROOT STORY OUT [--jobs N] [--no-charts] [--profile FILE]``
builds story ``STORY`` of the project at ``ROOT`` into ``OUT`` (the same call as ``drafts
--root ROOT build STORY --out OUT``), then prints one JSON line: the drafts written and the
manifest's stage timings.

``--no-charts`` builds every draft without its charts (each place's and the national
chart files are left out; every other file is the same): for measuring the rest of the
engine at sizes where drawing the charts would dominate. ``--profile FILE`` writes a
cProfile of the build to ``FILE`` (``python -m pstats FILE`` reads it).
"""

from __future__ import annotations

import argparse
import cProfile
import json
from pathlib import Path
from typing import Any


class NoCharts:
    """Stands in for a story's charts: no files for any draft."""

    def for_place(self, *args: Any, **kwargs: Any) -> dict[str, bytes]:
        return {}

    def national(self, *args: Any, **kwargs: Any) -> dict[str, bytes]:
        return {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("story")
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-charts", action="store_true")
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()

    from generator.drafts.prepared import Prepared
    from generator.pipeline import build

    if args.no_charts:
        Prepared.charts = property(lambda self: NoCharts())  # type: ignore[assignment]
    profile = cProfile.Profile() if args.profile else None
    if profile is not None:
        profile.enable()
    result = build(args.root, args.story, out=args.out, jobs=args.jobs)
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.profile)
    manifest = json.loads((args.out / args.story / "manifest.json").read_text())
    print(json.dumps({"drafts": len(result.drafts), "timings": manifest["run"]["timings"]}))


if __name__ == "__main__":
    main()
