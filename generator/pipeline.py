"""Build a story: prepare (load, validate, rank, choose angles) → list the drafts → render
them all → make the partner packs → write → manifest. Each stage lives in its own module; this
one only runs them in order and writes the result.

Writing is all-or-nothing: drafts go to a temporary folder beside ``out/<story>/`` that is
swapped in only when every draft has rendered and passed its checks, so a failed build leaves
the previous one untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import gc
import multiprocessing
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.base.errors import InputError, Problem
from generator.base.names import inside
from generator.delivery.cache import (
    BuildState,
    build_key,
    engine_fingerprint,
    forget_state,
    load_state,
    save_state,
    unchanged,
)
from generator.delivery.ledger import ledger_key, read_ledger
from generator.delivery.manifest import NAME as MANIFEST
from generator.delivery.manifest import downloaded, manifest_body, write_manifest
from generator.delivery.outdir import is_build, locked, staging, swap_in
from generator.delivery.packs import write_packs
from generator.delivery.reuse import Kept
from generator.delivery.tree import write_tree
from generator.delivery.versions import build_time, finish_ninjs
from generator.drafts.jobs import (
    DraftJob,
    DraftResult,
    group_job,
    job_key,
    outlet_job,
    place_job,
    render_job,
    reused,
    runs,
)
from generator.drafts.prepared import Prepared, covered, group_for, prepare
from generator.inputs.snapshot import Snapshot, snapshot
from generator.inputs.story import load_story, story_slugs
from generator.language.filters import count
from generator.outputs.site import write_site
from generator.outputs.site.stream import SitePages

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
    unchanged: bool = False
    """Nothing the story reads had changed: the last build was left as it was."""

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
        if self.unchanged:
            first = (
                f"{self.story}: nothing has changed since the last build, so its "
                f"{count(len(self.drafts), 'draft')} in {self.out_dir} were left as they are "
                f"({', '.join(made)})"
            )
        else:
            kept = sum(d.reused for d in self.drafts)
            again = f"; {kept} unchanged, kept from the last build" if kept else ""
            first = (
                f"{self.story}: {count(len(self.drafts), 'draft')} written to {self.out_dir} "
                f"in {self.seconds:.2f}s ({', '.join(made)}{again})"
            )
        lines = [
            first,
            f"  illustrative figures (not for publication): {self.illustrative}",
            f"  awaiting a response: {self.awaiting_response}",
            f"  with missing figures: {self.with_missing}",
        ]
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def state(
        self, inputs: dict[str, str], options: dict[str, Any], manifest: str, primary: str
    ) -> BuildState:
        """What the next build needs to know of this one (:mod:`generator.delivery.cache`)."""
        return BuildState(
            engine_fingerprint(),
            options,
            inputs,
            manifest,
            replace(self, unchanged=True).summary(),
            drafts={d.folder: d.record() for d in self.drafts},
            unit=self.unit,
            warnings=list(self.warnings),
            packs=list(self.packs),
            chance=list(self.chance),
            primary=primary,
        )


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


def job_for(prepared: Prepared, task: Task) -> DraftJob:
    """What one task renders: a place's draft, the national story or an outlet's drafts."""
    kind, slug = task
    if kind == "place":
        return place_job(prepared, slug)
    if kind == "national":
        records = list(prepared.dataset.records)
        group = group_for(prepared, prepared.story.unit.area, records, national=True)
        return group_job(prepared, group, "national", "national", ("national",))
    assert prepared.outlets is not None
    return outlet_job(prepared, prepared.outlets.by_slug(slug))


def run_task(prepared: Prepared, task: Task) -> DraftResult:
    """Render and check one draft, or, when its digest is the one it had in the previous
    build (``prepared.previous``), only say so: the build keeps the files it made then."""
    job = job_for(prepared, task)
    key = job_key(prepared.build_key, job) if prepared.build_key else ""
    if key and prepared.previous.get(job.folder) == key:
        return reused(job, key)
    return replace(render_job(prepared, job), key=key)  # with its charts (jobs.DraftJob)


_WORKER: Prepared | None = None


def _start_worker(prepared: Prepared | None, root: Path, slug: str, embargo: str | None) -> None:
    """A worker's story: the one it was forked with, or loaded afresh when spawned."""
    global _WORKER
    _WORKER = prepared if prepared is not None else prepare(root, slug, embargo)


def _work(chunk: list[Task]) -> list[DraftResult]:
    assert _WORKER is not None
    made = [run_task(_WORKER, task) for task in chunk]
    if any(is_large(draft) for draft in made):  # what such a draft let go, given back
        given_back()
    return made


LARGE = 1 << 20
"""A draft whose files hold this many bytes or more (one about a thousand places or more) is
followed by :func:`given_back`: a call walks the whole heap, too dear after every draft."""


def is_large(draft: DraftResult) -> bool:
    """Whether ``draft``'s files hold :data:`LARGE` bytes or more."""
    return sum(len(content) for content in draft.files.values()) >= LARGE


AHEAD = 4
"""Chunks in flight for each worker: enough to keep every worker busy, few enough that
finished drafts do not pile up in memory while the build writes the ones before them."""


def chunks(tasks: list[Task], jobs: int) -> list[list[Task]]:
    """``tasks`` in the chunks ``jobs`` local workers take them in, in order: places in runs
    of a few for each worker (at most 16: the build holds up to ``jobs * AHEAD`` finished
    chunks, a few hundred kilobytes of files a place), each draft about several places
    alone."""
    return runs(tasks, max(1, min(16, len(tasks) // (jobs * 8))))


Progress = Callable[[int, int, str], None]
"""Told (done, total, what) after each draft."""


def render_all(
    prepared: Prepared,
    tasks: list[Task],
    *,
    jobs: int = 1,
    embargo: str | None = None,
    cluster: str | None = None,
) -> Iterator[DraftResult]:
    """Render every task, in ``jobs`` processes or on the Dask scheduler at ``cluster``,
    yielding the results in task order as they come, so the files are the same whatever the
    number of processes and the build can write each draft as soon as it is made."""
    if cluster is not None:
        from generator.drafts.cluster import render_on_cluster

        yield from render_on_cluster(
            cluster,
            prepared.story.root,
            prepared.story.slug,
            embargo,
            tasks,
            prepared=prepared,
        )
        return
    if jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            yield run_task(prepared, task)
        return
    story = prepared.story
    # Forked workers start as copies of this process, with the story loaded, its charts drawn
    # and (by rendering the first draft here) its templates compiled once rather than once in
    # each worker.
    forked = "fork" in multiprocessing.get_all_start_methods()
    if forked:
        warm_charts(prepared)
        yield run_task(prepared, tasks[0])
        tasks = tasks[1:]
        given_back()
    context = multiprocessing.get_context("fork" if forked else "spawn")
    args = (prepared if forked else None, story.root, story.slug, embargo)
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=args
    ) as pool:
        waiting: deque[Future[list[DraftResult]]] = deque()
        for at, chunk in enumerate(chunks(tasks, jobs)):
            # a draft about several places (its files can be as large as all its places')
            # waits until fewer than ``jobs`` chunks are in flight: at most one a worker
            while chunk[0][0] != "place" and len(waiting) >= jobs:
                yield from waiting.popleft().result()
            waiting.append(pool.submit(_work, chunk))
            if at == 0 and forked:  # every worker forked at the first chunk, with the charts
                prepared.forget_charts()
                gc.collect()
                given_back()
            if len(waiting) >= jobs * AHEAD:
                yield from waiting.popleft().result()
        while waiting:
            yield from waiting.popleft().result()


def warm_charts(prepared: Prepared) -> None:
    """Draw each measure's base charts now, so processes forked from this one share
    them."""
    for measure in prepared.story.measures:
        prepared.charts.charts(measure.key)
        prepared.charts.change_chart(measure.key)


@dataclass(frozen=True)
class Options:
    """How to build: the place of a partial build, the embargo override, processes or cluster,
    and whether to make every draft afresh."""

    only: str | None = None
    embargo: str | None = None
    jobs: int = 1
    cluster: str | None = None
    fresh: bool = False

    def recorded(self) -> dict[str, Any]:
        """The options that change what is written (for :mod:`generator.delivery.cache`)."""
        return {"embargo": self.embargo}


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
    cluster: str | None = None,
    fresh: bool = False,
) -> BuildResult:
    """Build every draft of story ``slug`` (or only place ``only``), every partner pack and the
    manifest into ``out/<story>/``, swapped in whole when everything has passed its checks.

    The build holds the story's lock from start to finish (waiting up to ``wait`` seconds for
    another build of it to end) and reads its inputs once, into a snapshot: the drafts, packs
    and manifest all come from those bytes, and a build whose inputs changed on disk while it
    ran stops rather than replace a newer one.

    A build is incremental (:mod:`generator.delivery.cache`): when nothing it reads has
    changed since the last full build it leaves that build as it is, and otherwise it renders
    only the drafts whose inputs changed, unless ``fresh``. ``cluster`` renders on a Dask
    scheduler (``tcp://HOST:8786``) instead of ``jobs`` local processes."""
    started = time.perf_counter()
    clock = datetime.datetime.now(datetime.timezone.utc)
    out_dir = (out or root / "out") / slug
    options = Options(only, embargo, jobs, cluster, fresh)
    if slug not in story_slugs(root):
        load_story(root, slug)  # the clear "no such story" error, before anything is made
    with locked(out_dir, wait=wait):
        if only is None and not fresh:
            state = unchanged(root, slug, out_dir, options.recorded())
            if state is not None:
                return _as_before(slug, out_dir, state, started)
        with snapshot(root, slug) as snap, collector():
            return _build_snapshot(snap, slug, out_dir, options, progress, started, clock)


@contextmanager
def collector() -> Iterator[None]:
    """While building: once the story is prepared (:func:`settled`), the cycle collector never
    walks what was made before it again; as it was after."""
    try:
        yield
    finally:
        gc.unfreeze()


def given_back() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere
    nothing): what loading the data and drawing the base charts freed then counts neither in
    this process's resident memory nor in that of the workers forked from it."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(None).malloc_trim(0)  # the C library this process already uses


def settled() -> None:
    """The prepared story lives as long as the build: the collector leaves it be (and forked
    workers share its pages rather than copying them as the collector marks them)."""
    gc.freeze()


def _as_before(slug: str, out_dir: Path, state: BuildState, started: float) -> BuildResult:
    """The result of a build that found nothing changed: the last build's, as it recorded it."""
    drafts = [DraftResult.from_record(entry) for entry in state.drafts.values()]
    result = BuildResult(slug, out_dir, state.unit, drafts, list(state.warnings))
    result.packs, result.chance, result.unchanged = list(state.packs), list(state.chance), True
    result.seconds = time.perf_counter() - started
    return result


def _build_snapshot(
    snap: Snapshot,
    slug: str,
    out_dir: Path,
    options: Options,
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

    only = options.only
    prepared = prepare(snap.root, slug, options.embargo)
    settled()
    inputs = {
        e["path"]: e["sha256"] for e in snap.manifest_entries() + downloaded(prepared.dataset)
    }
    when = build_time(snap.source, inputs)  # ninjs: when a changed draft's version was made
    released = read_ledger(snap.source, slug)  # ninjs: the versions partners were sent
    previous = None
    if only is None:
        keyed = {**inputs, **ledger_key(slug, released)}
        prepared.build_key = build_key(slug, keyed, options.recorded())
        if not options.fresh:
            previous = load_state(out_dir, options.recorded())
        if previous is not None and is_build(out_dir):
            prepared.previous = previous.keys()
    mark = lap("load", started)
    warnings = [
        *prepared.dataset.repairs,
        *prepared.dataset.notes,
        *uncovered_note(prepared),
        *prepared.quotes.warnings,
    ]
    result = BuildResult(
        prepared.story.slug, out_dir, prepared.story.unit.singular, warnings=warnings
    )
    result.chance = [
        f"{key}: {r.dispersion.note}" for key, r in prepared.rankings.items() if r.dispersion
    ]
    tasks = tasks_for(prepared, only)
    with staging(out_dir) as folder:
        if only is not None and out_dir.exists():
            shutil.copytree(out_dir, folder, dirs_exist_ok=True)
            shutil.rmtree(folder / "packs", ignore_errors=True)
        kept = Kept(out_dir, folder, previous)
        pages = SitePages(folder, prepared.story, prepared.dataset.places)
        for draft in render_all(
            prepared, tasks, jobs=options.jobs, embargo=options.embargo, cluster=options.cluster
        ):
            if draft.reused:
                draft = kept.keep(draft) or replace(
                    run_task(replace(prepared, previous={}), _task_of(draft)), key=draft.key
                )
            if not draft.reused:
                files = finish_ninjs(draft.files, inside(out_dir, draft.folder), when, released)
                draft = replace(draft, files=files)
                shutil.rmtree(inside(folder, draft.folder), ignore_errors=True)
                kept.written.update(write_tree(folder, draft.files, under=draft.folder))
                pages.add(draft)  # its site page, from the files still held
            result.drafts.append(draft.written())
            if is_large(draft):  # a draft about thousands of places: its files given back
                draft = result.drafts[-1]
                given_back()
            if progress is not None:
                progress(len(result.drafts), len(tasks), draft.folder)
        result.warnings += [w for d in result.drafts for w in d.style]
        prepared = prepared.drafted()  # what only drafting read, let go
        gc.collect()
        given_back()  # and the drafts' files, let go once written
        mark = lap("render", mark)
        packs = write_packs(prepared, result.drafts, folder) if only is None else []
        kept.written.update({p.path: (p.sha256, p.size) for p in packs})
        mark = lap("packs", mark)
        places = prepared.dataset.places
        write_site(folder, prepared.story, prepared.outlets, places, result.drafts, made=pages)
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
            known=kept.written,
        )
        timings["total"] = round(time.perf_counter() - started, 3)
        manifest["run"] = {
            "started": clock.isoformat(timespec="seconds"),
            "jobs": options.jobs,
            "seconds": timings["total"],
            "timings": timings,
        }
        manifest_sha = write_manifest(folder / MANIFEST, manifest)
        snap.check_unchanged()
        swap_in(folder, out_dir)
    if only is not None:
        forget_state(out_dir)
    else:
        primary = prepared.story.outputs[0].name if prepared.story.outputs else ""
        save_state(out_dir, result.state(inputs, options.recorded(), manifest_sha, primary))
    result.seconds = time.perf_counter() - started
    return result


def _task_of(draft: DraftResult) -> Task:
    """The task that made ``draft`` (from its folder)."""
    if draft.kind == "place":
        return ("place", draft.folder)
    if draft.kind == "national":
        return ("national", "")
    return ("outlet", draft.slug)
