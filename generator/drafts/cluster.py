"""Rendering a build's drafts on a Dask cluster: :func:`render_on_cluster`.

The build keeps everything but the rendering: it reads its inputs into a snapshot, sends the
snapshot's files to every worker once (workers share no disk with it), and gets each draft
back as a :class:`DraftResult` with its files, which it writes, packs and swaps in as a local
build does. Each worker writes the files to a folder of its own, prepares the story once per
build (kept by a hash of the files, so a second build of the same inputs reuses it) and renders
chunks of tasks with :func:`generator.pipeline.run_task`, the function a local build runs, so
the outputs are byte-identical.

A worker must run the same engine as the build: before any rendering each worker's
:func:`fingerprint` (the engine's files, its dependencies' versions, zlib's) is compared with
this machine's, and a worker that differs is refused by name. Nothing here imports Dask until a
cluster is asked for, so a local build never pays for it.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.base.errors import DraftsError, InputError, Problem

if TYPE_CHECKING:
    from generator.drafts.jobs import DraftResult
    from generator.drafts.prepared import Prepared

Task = tuple[str, str]
CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the scheduler to answer before giving up."""
WORKER_WAIT = 30.0
"""Seconds to wait for a first worker when the scheduler has none."""
CHUNK = 50
"""At most this many drafts in one Dask task: enough to make the scheduler's cost per task
small, few enough that results stream back while the rest render."""
AHEAD = 3
"""Chunks kept in flight per worker thread, so results stream and memory stays flat."""
KEPT = 2
"""Prepared stories a worker keeps, most recent first (two builds may share a cluster)."""
START = (
    "Start a scheduler with `dask scheduler` on a machine of your private network and a "
    "worker on each machine with `dask worker {address} --nthreads 1`, or build without "
    "--cluster (see docs/scale.md)"
)


class ClusterFailed(DraftsError):
    """The cluster could not render the drafts: a worker died or the scheduler went away."""


def _problem(address: str, message: str, hint: str = START) -> InputError:
    return InputError(Problem("--cluster", message, hint.format(address=address), value=address))


@dataclass(frozen=True)
class Inputs:
    """What a worker needs of a build: the files of its snapshot (relative path → bytes) and
    ``key``, their hash, which a worker keeps its prepared story under; the SHA-256 of data
    the story downloads (a worker downloads it too, and refuses other bytes); and the build's
    incremental state (:mod:`generator.delivery.cache`), so a worker keys each draft as the
    build would and skips those unchanged since the last build."""

    slug: str
    embargo: str | None
    files: tuple[tuple[str, bytes], ...]
    key: str
    downloaded: str | None = None
    build_key: str = ""
    previous: Mapping[str, str] = field(default_factory=dict)


def read_inputs(
    root: Path, slug: str, embargo: str | None, downloaded: str | None = None
) -> Inputs:
    """Every file under snapshot folder ``root``, hashed with the story, the embargo and the
    SHA-256 of the data downloaded, if any."""
    digest = hashlib.sha256(f"{slug}\0{embargo}\0{downloaded}\0".encode())
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            name, data = path.relative_to(root).as_posix(), path.read_bytes()
            digest.update(f"{name}\0{len(data)}\0".encode() + data)
            files.append((name, data))
    return Inputs(slug, embargo, tuple(files), digest.hexdigest(), downloaded)


def download_of(prepared: Prepared) -> str | None:
    """The SHA-256 of the data ``prepared`` downloaded, when its story reads a web address."""
    from generator.base.names import is_url

    source = prepared.dataset.source
    return source.sha256 if source is not None and is_url(source.shown) else None


def fingerprint() -> str:
    """What a worker's outputs depend on besides the inputs
    (:func:`~generator.delivery.cache.engine_fingerprint`: the engine's files, Python's
    version, the installed versions of its dependencies and zlib's). Two machines with the
    same fingerprint make the same bytes from the same inputs."""
    from generator.delivery.cache import engine_fingerprint

    return engine_fingerprint()[:16]


# --- on each worker ------------------------------------------------------------------------

_PREPARED: OrderedDict[str, tuple[tempfile.TemporaryDirectory[str], Prepared]] = OrderedDict()
_LOCK = threading.Lock()


def _prepared(inputs: Inputs) -> Prepared:
    """The story of ``inputs``, prepared once per worker process and build inputs."""
    from generator.base.names import inside
    from generator.drafts.prepared import prepare

    if inputs.key in _PREPARED:
        _PREPARED.move_to_end(inputs.key)
        return _PREPARED[inputs.key][1]
    folder = tempfile.TemporaryDirectory(prefix="drafts-cluster-")
    root = Path(folder.name)
    for name, data in inputs.files:
        path = inside(root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    prepared = prepare(root, inputs.slug, inputs.embargo)
    if download_of(prepared) != inputs.downloaded:
        folder.cleanup()
        shown = prepared.dataset.source.shown if prepared.dataset.source else inputs.slug
        raise InputError(
            Problem(
                shown,
                "gave a worker other bytes than it gave the build, so the drafts would not "
                "match the figures the build checked",
                hint="Build again when the published file has stopped changing, or save a copy "
                f"into data/{inputs.slug}/ and point data.file at it",
            )
        )
    _PREPARED[inputs.key] = (folder, prepared)
    while len(_PREPARED) > KEPT:
        _PREPARED.popitem(last=False)[1][0].cleanup()
    return prepared


def render_chunk(inputs: Inputs, tasks: Sequence[Task], expected: str) -> list[DraftResult]:
    """Render ``tasks`` on this worker (the Dask task the build submits). One chunk renders at
    a time in each worker process: rendering is pure Python and shares the prepared story."""
    from generator.pipeline import run_task

    if fingerprint() != expected:
        raise ClusterFailed(_mismatch({"a worker": fingerprint()}, expected))
    with _LOCK:
        prepared = _prepared(inputs)
        # This build's state, set on the story it shares with other builds of the same inputs
        # (safe under the lock: one chunk at a time), so its charts are drawn once.
        prepared.build_key, prepared.previous = inputs.build_key, dict(inputs.previous)
        return [run_task(prepared, task) for task in tasks]


# --- in the build ------------------------------------------------------------------------


def _mismatch(found: dict[str, str | None], expected: str) -> str:
    shown = ", ".join(f"{w} ({f or 'no generator installed'})" for w, f in sorted(found.items()))
    return (
        f"refusing to render on workers whose engine differs from this machine's "
        f"(fingerprint {expected}): {shown}. Install the same version of the generator and "
        "its dependencies on every worker (pip install the same commit) and restart them"
    )


def _address(address: str) -> str:
    """``address`` with its scheme (``tcp://`` when left out), refused unless it names a
    host and a port."""
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port

    text = address.strip()
    text = text if "://" in text else f"tcp://{text}"
    try:
        scheme, where = parse_address(text)
        parse_host_port(where)
    except ValueError as err:
        raise _problem(
            address,
            f"is not the address of a scheduler ({err})",
            "Write it as tcp://HOST:8786, the address `dask scheduler` prints when it starts",
        ) from None
    return text


async def _identity(address: str, timeout: float) -> dict[str, Any]:
    """Ask whatever listens at ``address`` who it is, as Dask's client does first."""
    from distributed.comm import connect
    from distributed.security import Security

    comm = await connect(address, timeout=timeout, **Security().get_connection_args("client"))
    try:
        await comm.write({"op": "identity"})
        answer = await asyncio.wait_for(comm.read(), timeout)
    finally:
        comm.abort()
    return answer if isinstance(answer, dict) else {}


def _connect(address: str, timeout: float) -> Any:
    """A Dask client of the scheduler at ``address``, or a clear error within ``timeout``."""
    from distributed import Client

    try:
        answer = asyncio.run(_identity(address, timeout))
    except Exception as err:  # refused, timed out, not an address, not Dask: all the same
        raise _problem(
            address, f"no Dask scheduler answered within {timeout:g} seconds ({err})"
        ) from None
    if answer.get("type") != "Scheduler":
        raise _problem(address, "answered, but is not a Dask scheduler")
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except Exception as err:
        raise _problem(address, f"the scheduler refused the connection ({err})") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except Exception:
        client.close()
        raise _problem(
            address,
            f"the scheduler has no workers (waited {WORKER_WAIT:g} seconds)",
            "start one on each machine with `dask worker {address} --nthreads 1`",
        ) from None
    return client


def _check_workers(client: Any, expected: str) -> int:
    """Refuse workers whose :func:`fingerprint` differs from ``expected``; the number of
    threads the workers have between them."""

    def probe() -> str | None:  # sent by value, so it runs where the generator is missing
        try:
            from generator.drafts.cluster import fingerprint
        except ImportError:
            return None
        return fingerprint()

    found: dict[str, str | None] = client.run(probe)
    wrong = {worker: f for worker, f in found.items() if f != expected}
    if wrong:
        raise ClusterFailed(_mismatch(wrong, expected))
    return max(1, sum(client.nthreads().values()))


def chunks(tasks: Sequence[Task], threads: int) -> list[list[Task]]:
    """``tasks`` cut into consecutive chunks: about four a worker thread, at most
    :data:`CHUNK` tasks each, each draft about several places alone
    (:func:`generator.drafts.jobs.runs`)."""
    from generator.drafts.jobs import runs

    return runs(tasks, max(1, min(CHUNK, -(-len(tasks) // (threads * 4)))))


def render_on_cluster(
    address: str,
    snapshot_root: Path,
    slug: str,
    embargo: str | None,
    tasks: list[Task],
    *,
    prepared: Prepared | None = None,
) -> Iterator[DraftResult]:
    """Render ``tasks`` on the Dask scheduler at ``address`` (tcp://HOST:8786), yielding each
    DraftResult (files included) in task order.

    ``prepared``, the build's own story, gives the workers its incremental state (its
    ``build_key`` and ``previous`` digests, so each draft gets the key a local build gives it
    and unchanged drafts come back as reused) and the hash of any data it downloaded."""
    from distributed import as_completed

    address = _address(address)
    client = _connect(address, CONNECT_TIMEOUT)
    try:
        expected = fingerprint()
        threads = _check_workers(client, expected)
        inputs = read_inputs(
            snapshot_root, slug, embargo, download_of(prepared) if prepared else None
        )
        if prepared is not None:
            inputs = replace(inputs, build_key=prepared.build_key, previous=prepared.previous)
        [shared] = client.scatter([inputs], broadcast=True)
        pending = iter(enumerate(chunks(tasks, threads)))
        running = as_completed(loop=client.loop)
        order: dict[Any, int] = {}

        def submit() -> None:
            for index, chunk in pending:
                future = client.submit(render_chunk, shared, chunk, expected, pure=False)
                order[future] = index
                running.add(future)
                return

        for _ in range(threads * AHEAD):
            submit()
        done: dict[int, list[DraftResult]] = {}
        after = 0
        for future in running:
            done[order.pop(future)] = _result(future, address)
            future.release()
            submit()
            while after in done:
                yield from done.pop(after)
                after += 1
    finally:
        client.close()


def _result(future: Any, address: str) -> list[DraftResult]:
    """A chunk's drafts; an error a worker raised on purpose comes back as itself."""
    from distributed import KilledWorker

    try:
        results: list[DraftResult] = future.result()
    except DraftsError:
        raise
    except KilledWorker as err:
        raise ClusterFailed(
            f"a worker of {address} died while rendering ({err}); see its log, and make sure "
            "each worker has the memory a local build needs"
        ) from None
    except (OSError, asyncio.CancelledError, ImportError) as err:
        raise ClusterFailed(
            f"lost the cluster at {address} while rendering ({type(err).__name__}: {err}); "
            "check that the scheduler and its workers run the same generator, then build again"
        ) from None
    return results
