"""Rendering on a Dask cluster (:mod:`generator.drafts.cluster`): a ``LocalCluster`` of two
worker processes makes the same drafts, byte for byte, as a local build; an unreachable
scheduler, a worker's input error and a worker with another engine each give one clear error."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, STORY, run, tree_digest

from generator.base.errors import DraftsError, InputError
from generator.delivery.cache import state_path
from generator.drafts import cluster
from generator.drafts.cluster import chunks, read_inputs, render_on_cluster
from generator.drafts.jobs import DraftResult
from generator.drafts.prepared import prepare
from generator.inputs.snapshot import snapshot
from generator.pipeline import build, run_task, tasks_for


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_chunks_keep_every_task_in_order() -> None:
    tasks = [("place", str(i)) for i in range(203)]
    for threads in (1, 2, 7, 500):
        cut = chunks(tasks, threads)
        assert [t for chunk in cut for t in chunk] == tasks
        assert max(len(chunk) for chunk in cut) <= cluster.CHUNK
    assert chunks([], 2) == []
    grouped = [*tasks[:100], ("national", ""), *tasks[100:], ("outlet", "gazette")]
    cut = chunks(grouped, 2)
    assert [t for chunk in cut for t in chunk] == grouped
    assert [("national", "")] in cut and [("outlet", "gazette")] in cut  # each alone


def test_inputs_key_follows_every_byte(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_bytes(b"x,1\n")
    first = read_inputs(tmp_path, "s", None)
    assert first.files == (("data/a.csv", b"x,1\n"),)
    assert read_inputs(tmp_path, "s", None).key == first.key
    assert read_inputs(tmp_path, "s", "2020-01-01 00:01").key != first.key
    (tmp_path / "data" / "a.csv").write_bytes(b"x,2\n")
    assert read_inputs(tmp_path, "s", None).key != first.key


def without_run(manifest: Path) -> dict[str, object]:
    body = json.loads(manifest.read_text(encoding="utf-8"))
    del body["run"]
    return body


@pytest.mark.slow
def test_cluster_build_is_byte_identical(
    scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []

    def counted(*args: Any, **kwargs: Any) -> Iterator[DraftResult]:
        for result in render_on_cluster(*args, **kwargs):
            rendered.append(result.folder)
            yield result

    build(ROOT, STORY, out=tmp_path / "local")
    monkeypatch.setattr(cluster, "render_on_cluster", counted)
    made = build(ROOT, STORY, out=tmp_path / "cluster", cluster=scheduler)
    assert rendered == [draft.folder for draft in made.drafts]  # all of them, on the cluster
    local, remote = tmp_path / "local", tmp_path / "cluster"
    assert without_run(remote / STORY / "manifest.json") == without_run(
        local / STORY / "manifest.json"
    )
    mine, theirs = tree_digest(local / STORY), tree_digest(remote / STORY)
    del mine["manifest.json"], theirs["manifest.json"]
    assert len(mine) > 1000
    assert theirs == mine
    # The incremental state keys each draft alike, so the next build skips the same drafts.
    states = [json.loads(state_path(out / STORY).read_text()) for out in (local, remote)]
    assert states[1]["drafts"] == states[0]["drafts"]
    assert all(entry["key"] for entry in states[0]["drafts"].values())


@pytest.mark.slow
def test_cluster_keys_and_skips_drafts_as_the_build_does(scheduler: str) -> None:
    with snapshot(ROOT, STORY) as snap:
        prepared = prepare(snap.root, STORY)
        prepared.build_key = "the build's key"
        tasks = tasks_for(prepared)[:3]
        local = [run_task(prepared, task) for task in tasks]
        prepared.previous = {local[0].folder: local[0].key}
        remote = list(
            render_on_cluster(scheduler, snap.root, STORY, None, tasks, prepared=prepared)
        )
    assert all(draft.key for draft in local)
    assert remote[0].reused and not remote[0].files and remote[0].key == local[0].key
    assert remote[1:] == local[1:]


@pytest.mark.slow
def test_worker_input_error_comes_back_as_itself(scheduler: str, tmp_path: Path) -> None:
    with snapshot(ROOT, STORY) as snap:
        broken = Path(shutil.copytree(snap.root, tmp_path / "inputs"))
    figures = sorted((broken / "data" / STORY).glob("*.csv"))[0]
    figures.write_text("nothing,useful\n1,2\n", encoding="utf-8")
    with pytest.raises(DraftsError) as here:
        prepare(broken, STORY)
    with pytest.raises(DraftsError) as there:
        list(render_on_cluster(scheduler, broken, STORY, None, [("national", "")]))
    assert type(there.value) is type(here.value)
    assert str(there.value) == str(here.value)


@pytest.mark.slow
def test_workers_with_another_engine_are_refused(
    scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster, "fingerprint", lambda: "0" * 16)
    with snapshot(ROOT, STORY) as snap, pytest.raises(DraftsError) as refused:
        list(render_on_cluster(scheduler, snap.root, STORY, None, [("national", "")]))
    message = str(refused.value)
    assert "0000000000000000" in message
    assert "Install the same version of the generator" in message
    assert message.count("tcp://") == 2  # both workers named


@pytest.mark.slow
def test_unreachable_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    with snapshot(ROOT, STORY) as snap, pytest.raises(InputError) as failed:
        list(render_on_cluster(address, snap.root, STORY, None, [("national", "")]))
    message = str(failed.value)
    assert address in message
    assert "no Dask scheduler answered within 1 seconds" in message
    assert "`dask scheduler`" in message and f"`dask worker {address} --nthreads 1`" in message


@pytest.mark.slow
def test_address_that_is_no_address_is_a_clear_error() -> None:
    with snapshot(ROOT, STORY) as snap, pytest.raises(InputError) as failed:
        list(render_on_cluster("tcp://nowhere", snap.root, STORY, None, []))
    assert str(failed.value) == (
        "--cluster: 'tcp://nowhere': is not the address of a scheduler (missing port number in "
        "address 'nowhere'). Write it as tcp://HOST:8786, the address `dask scheduler` prints "
        "when it starts"
    )


@pytest.mark.slow
def test_cli_names_the_unreachable_scheduler(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Into a folder of its own: a current build in the project's out/ would need no
    rendering, and so no scheduler."""
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    out = str(tmp_path / "out")
    result = run(
        ROOT, "build", "--story", STORY, "--cluster", address, "--out", out, "--no-progress"
    )
    assert result.exit_code != 0
    assert address in result.output and "dask worker" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, OSError)
