"""Build a story: prepare (load, validate, rank, choose angles) → list the drafts → render
them all → make the partner packs → write → manifest. Each stage lives in its own module; this
one only runs them in order and writes the result.

Writing is all-or-nothing: drafts go to a temporary folder beside ``out/<story>/`` that is
swapped in only when every draft has rendered and passed its checks, so a failed build leaves
the previous one untouched.
"""

from __future__ import annotations

import datetime
import multiprocessing
import shutil
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.base.errors import InputError, Problem
from generator.base.names import inside
from generator.delivery.manifest import NAME as MANIFEST
from generator.delivery.manifest import downloaded, dumps, manifest_body
from generator.delivery.outdir import locked, staging, swap_in
from generator.delivery.packs import make_packs
from generator.drafts.jobs import (
    DraftResult,
    place_charts,
    render_group,
    render_outlet,
    render_place,
)
from generator.drafts.prepared import Prepared, covered, group_for, prepare
from generator.inputs.snapshot import Snapshot, snapshot
from generator.inputs.story import load_story, story_slugs
from generator.language.filters import count
from generator.outputs.site import write_site

SUMMARY_KINDS = (
    ("place", "{unit} draft"),
    ("partner", "partner draft"),
    ("radio", "station script set"),
    ("national", "national draft"),
)
"""Each kind of draft as the run summary counts it."""
LOCK_WAIT = 600.0
"""Seconds a build waits for another build of the same story to finish."""


@dataclass
class BuildResult:
    """The run summary: drafts written, flags counted, warnings, time taken."""

    story: str
    out_dir: Path
    unit: str = "place"
    drafts: list[DraftResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    packs: list[str] = field(default_factory=list)
    chance: list[str] = field(default_factory=list)
    """Each measure's control limits, in plain words (``--explain`` prints them)."""

    def of_kind(self, kind: str) -> list[DraftResult]:
        return [d for d in self.drafts if d.kind == kind]

    @property
    def illustrative(self) -> int:
        return sum(d.illustrative for d in self.drafts)

    @property
    def awaiting_response(self) -> int:
        return sum(d.awaiting_response for d in self.drafts)

    @property
    def with_missing(self) -> int:
        return sum(bool(d.missing) for d in self.drafts)

    def summary(self) -> str:
        """The run summary printed after a build."""
        made = [
            count(len(self.of_kind(kind)), noun.format(unit=self.unit))
            for kind, noun in SUMMARY_KINDS
            if self.of_kind(kind)
        ]
        lines = [
            f"{self.story}: {count(len(self.drafts), 'draft')} written to {self.out_dir} "
            f"in {self.seconds:.2f}s ({', '.join(made)})",
            f"  illustrative figures (not for publication): {self.illustrative}",
            f"  awaiting a response: {self.awaiting_response}",
            f"  with missing figures: {self.with_missing}",
        ]
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


Task = tuple[str, str]
"""One unit of rendering work: ("place", slug), ("national", ""), or ("outlet", slug)."""


def tasks_for(prepared: Prepared, only: str | None = None) -> list[Task]:
    """Every draft of the story (or only place ``only``'s own), in a stable order."""
    records = prepared.dataset.records
    if only is not None:
        place = prepared.dataset.places.by_slug(only)
        if place.slug not in records:
            raise InputError(
                Problem(
                    prepared.dataset.file,
                    f"{place.name} has no row in the data",
                    hint="Add its row or choose another place",
                )
            )
        return [("place", place.slug)]
    tasks: list[Task] = [("place", slug) for slug in records]
    if prepared.story.scoped("national"):
        tasks.append(("national", ""))
    tasks += [("outlet", outlet.slug) for outlet in covered(prepared)]
    return tasks


def uncovered_note(prepared: Prepared) -> list[str]:
    """One line naming the outlets left without a draft, if any."""
    left = [o.name for o in prepared.outlets or [] if o not in covered(prepared)]
    if not left:
        return []
    return [f"no draft or pack for {len(left)} outlets whose places have no row: {', '.join(left)}"]


def run_task(prepared: Prepared, task: Task) -> DraftResult:
    """Render and check one draft."""
    kind, slug = task
    if kind == "place":
        result = render_place(prepared, slug)[1]
        return replace(result, files={**result.files, **place_charts(prepared, slug)})
    if kind == "national":
        records = list(prepared.dataset.records)
        group = group_for(prepared, prepared.story.unit.area, records, national=True)
        result = render_group(prepared, group, "national", "national", ("national",))[1]
        return replace(result, files={**result.files, **prepared.charts.national()})
    assert prepared.outlets is not None
    return render_outlet(prepared, prepared.outlets.by_slug(slug))[1]


_WORKER: Prepared | None = None


def _start_worker(prepared: Prepared | None, root: Path, slug: str, embargo: str | None) -> None:
    """A worker's story: the one it was forked with, or loaded afresh when spawned."""
    global _WORKER
    _WORKER = prepared if prepared is not None else prepare(root, slug, embargo)


def _work(task: Task) -> DraftResult:
    assert _WORKER is not None
    return run_task(_WORKER, task)


Progress = Callable[[int, int, str], None]
"""Told (done, total, what) after each draft."""


def render_all(
    prepared: Prepared,
    tasks: list[Task],
    *,
    jobs: int = 1,
    embargo: str | None = None,
    progress: Progress | None = None,
) -> list[DraftResult]:
    """Render every task, in ``jobs`` processes; the results come back in task order, so the
    files are the same whatever the number of processes."""
    results: list[DraftResult] = []

    def done(result: DraftResult) -> None:
        results.append(result)
        if progress is not None:
            progress(len(results), len(tasks), result.folder)

    if jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            done(run_task(prepared, task))
        return results
    story = prepared.story
    # Forked workers start as copies of this process, with the story already loaded.
    forked = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forked else "spawn")
    args = (prepared if forked else None, story.root, story.slug, embargo)
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=args
    ) as pool:
        for result in pool.map(_work, tasks, chunksize=max(1, len(tasks) // (jobs * 4))):
            done(result)
    return results


def write_tree(folder: Path, files: Mapping[str, str | bytes], under: str = "") -> None:
    """Write ``files`` (path → content) into ``folder``, under its subfolder ``under`` when
    given; a path that would land outside ``folder`` is refused (names.OutsideFolder)."""
    for name, content in files.items():
        path = inside(folder, f"{under}/{name}" if under else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def build(
    root: Path,
    slug: str,
    *,
    only: str | None = None,
    out: Path | None = None,
    embargo: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    wait: float = LOCK_WAIT,
) -> BuildResult:
    """Build every draft of story ``slug`` (or only place ``only``), every partner pack and the
    manifest into ``out/<story>/``, swapped in whole when everything has passed its checks.

    The build holds the story's lock from start to finish (waiting up to ``wait`` seconds for
    another build of it to end) and reads its inputs once, into a snapshot: the drafts, packs
    and manifest all come from those bytes, and a build whose inputs changed on disk while it
    ran stops rather than replace a newer one."""
    started = time.perf_counter()
    clock = datetime.datetime.now(datetime.timezone.utc)
    out_dir = (out or root / "out") / slug
    if slug not in story_slugs(root):
        load_story(root, slug)  # the clear "no such story" error, before anything is made
    with locked(out_dir, wait=wait), snapshot(root, slug) as snap:
        return _build_snapshot(snap, slug, out_dir, only, embargo, jobs, progress, started, clock)


def _build_snapshot(
    snap: Snapshot,
    slug: str,
    out_dir: Path,
    only: str | None,
    embargo: str | None,
    jobs: int,
    progress: Progress | None,
    started: float,
    clock: datetime.datetime,
) -> BuildResult:
    """The build itself, holding the lock, from the snapshot of the inputs."""
    timings: dict[str, float] = {}

    def lap(stage: str, since: float) -> float:
        now = time.perf_counter()
        timings[stage] = round(now - since, 3)
        return now

    prepared = prepare(snap.root, slug, embargo)
    mark = lap("load", started)
    warnings = [
        *prepared.dataset.repairs,
        *prepared.dataset.notes,
        *uncovered_note(prepared),
        *prepared.quotes.warnings,
    ]
    result = BuildResult(slug, out_dir, prepared.story.unit.singular, warnings=warnings)
    result.chance = [
        f"{key}: {r.dispersion.note}" for key, r in prepared.rankings.items() if r.dispersion
    ]
    tasks = tasks_for(prepared, only)
    result.drafts = render_all(prepared, tasks, jobs=jobs, embargo=embargo, progress=progress)
    result.warnings += [w for d in result.drafts for w in d.style]
    mark = lap("render", mark)
    packs = make_packs(prepared, result.drafts) if only is None else []
    mark = lap("packs", mark)
    with staging(out_dir) as folder:
        if only is not None and out_dir.exists():
            shutil.copytree(out_dir, folder, dirs_exist_ok=True)
            shutil.rmtree(folder / "packs", ignore_errors=True)
        for draft in result.drafts:
            shutil.rmtree(inside(folder, draft.folder), ignore_errors=True)
            write_tree(folder, draft.files, under=draft.folder)
        for pack in packs:
            write_tree(folder, pack.files, under=f"packs/{pack.slug}")
            inside(folder, f"packs/{pack.slug}.zip").write_bytes(pack.zip_bytes)
        mark = lap("write", mark)
        write_site(folder, prepared.story, prepared.outlets)
        mark = lap("site", mark)
        result.packs = [p.slug for p in packs]
        result.seconds = time.perf_counter() - started
        manifest = manifest_body(
            prepared.story,
            (prepared.embargo, prepared.embargo_at),
            result.drafts,
            result.packs,
            result.warnings,
            snap.manifest_entries() + downloaded(prepared.dataset),
            folder,
            partial=only is not None,
        )
        timings["total"] = round(time.perf_counter() - started, 3)
        manifest["run"] = {
            "started": clock.isoformat(timespec="seconds"),
            "jobs": jobs,
            "seconds": timings["total"],
            "timings": timings,
        }
        (folder / MANIFEST).write_text(dumps(manifest), encoding="utf-8")
        snap.check_unchanged()
        swap_in(folder, out_dir)
    result.seconds = time.perf_counter() - started
    return result
