"""One build, one snapshot: the lock covers the whole build, inputs are read once and hashed at
the start, a build whose inputs changed while it ran stops, and a build killed at any moment
leaves a whole build behind."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, STORY, copy_project, run, tree_digest

import generator.pipeline as build_module
from generator.delivery.manifest import verify
from generator.delivery.outdir import BuildBusy
from generator.delivery.packs import read_pack
from generator.inputs.snapshot import StaleInputs
from generator.pipeline import build

pytestmark = pytest.mark.slow  # every test here builds whole stories or drives a browser

FIGURES = "data/cancelled-crimes/figures.csv"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def correct_suffolk(project: Path) -> str:
    """Change Suffolk's robbery count from one to three (a correction); its new row."""
    figures = project / FIGURES
    text = figures.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("Suffolk Constabulary,"))
    cells = row.split(",")
    cells[10] = "3"
    new = ",".join(cells)
    figures.write_text(text.replace(row, new), encoding="utf-8")
    return new


def manifest_of(build_dir: Path) -> dict:
    return json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))


def input_hash(manifest: dict, path: str) -> str:
    return next(e["sha256"] for e in manifest["inputs"] if e["path"] == path)


def suffolk_row_in_pack(build_dir: Path) -> str:
    """Suffolk's row as the Suffolk partner's pack carries it (made from the build's data)."""
    data = read_pack(build_dir / "packs/suffolk-news.zip")["data.csv"].decode("utf-8")
    return next(line for line in data.splitlines() if line.startswith("Suffolk Constabulary,"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(ROOT, tmp_path / "project")


def test_manifest_inputs_are_the_bytes_the_drafts_were_made_from(project: Path) -> None:
    result = build(project, STORY, out=project / "out")
    manifest = manifest_of(result.out_dir)
    for entry in manifest["inputs"]:
        assert entry["sha256"] == sha(project / entry["path"]), entry["path"]
    listed = {e["path"] for e in manifest["inputs"]}
    assert {FIGURES, "templates/cancelled-crimes/article.md.j2", "data/outlets.yaml"} <= listed
    assert "quotes/cancelled-crimes/hampshire-constabulary.yaml" in listed


def test_data_changed_during_the_build_stops_it_and_keeps_the_last_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "out"
    build(project, STORY, out=out)
    before = tree_digest(out / STORY)
    render_all = build_module.render_all

    def edit_while_rendering(*args, **kwargs):  # type: ignore[no-untyped-def]
        correct_suffolk(project)  # a journalist saves a correction mid-build
        return render_all(*args, **kwargs)

    monkeypatch.setattr(build_module, "render_all", edit_while_rendering)
    with pytest.raises(StaleInputs, match=f"{FIGURES} changed while the build was running"):
        build(project, STORY, out=out, fresh=True)  # (unchanged inputs: not even started)
    assert tree_digest(out / STORY) == before
    assert not list(out.glob(f".{STORY}.build-*"))


def test_a_template_edited_mid_build_does_not_reach_its_drafts(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Templates are read from the snapshot: an edit saved and undone during the build (the
    file ends as it began) changes no draft, though the edit was on disk while drafts were
    rendered."""
    out = project / "out"
    template = project / "templates/cancelled-crimes/article.md.j2"
    original = template.read_text(encoding="utf-8")
    render_all = build_module.render_all
    seen: list[str] = []

    def edit_and_undo(prepared, tasks, **kwargs):  # type: ignore[no-untyped-def]
        template.write_text("# Not the story\n", encoding="utf-8")
        try:
            return render_all(prepared, tasks, **kwargs)
        finally:
            seen.append(template.read_text(encoding="utf-8"))
            template.write_text(original, encoding="utf-8")

    monkeypatch.setattr(build_module, "render_all", edit_and_undo)
    result = build(project, STORY, out=out)
    assert seen == ["# Not the story\n"]
    article = (result.out_dir / "hampshire/article.md").read_text(encoding="utf-8")
    assert "Not the story" not in article
    assert "Hampshire Constabulary" in article


def test_a_second_build_waits_for_the_first_and_its_newer_figures_win(project: Path) -> None:
    """A build started while another holds the lock waits for it, then builds from the files
    as they are then."""
    out = project / "out"
    build(project, STORY, out=out)
    lock = out / f".{STORY}.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(BuildBusy, match="another build is writing"):
            build(project, STORY, out=out, wait=0.3)
        fcntl.flock(handle, fcntl.LOCK_UN)
    new_row = correct_suffolk(project)
    result = build(project, STORY, out=out, wait=5)
    assert suffolk_row_in_pack(result.out_dir).startswith(new_row.rsplit(",", 2)[0])


def _start(project: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "generator", "--root", str(project), "build", "--story", STORY]
    return subprocess.Popen(
        [*command, "--out", str(out), "--no-progress", "--fresh"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(3))
def test_racing_builds_with_a_correction_between_them(project: Path, trial: int) -> None:
    """Build A starts on the old figures; the data is corrected at a random moment; build B
    starts. B always ends with the corrected figures in place; A either finished before the
    correction reached it or stops as stale; and the manifest's input hash is always the hash
    of the figures the packs were made from."""
    out = project / "out"
    rng = random.Random(trial)
    old_hash = sha(project / FIGURES)
    first = _start(project, out)
    time.sleep(rng.uniform(0.5, 5.0))
    new_row = correct_suffolk(project)
    new_hash = sha(project / FIGURES)
    second = _start(project, out)
    a_out, a_err = first.communicate(timeout=300)
    b_out, b_err = second.communicate(timeout=600)
    assert second.returncode == 0, b_err
    assert first.returncode in (0, 1), a_err
    if first.returncode == 1:
        assert "changed while the build was running" in a_err
    assert "Traceback" not in a_err + b_err
    manifest = manifest_of(out / STORY)
    assert input_hash(manifest, FIGURES) == new_hash != old_hash
    assert suffolk_row_in_pack(out / STORY).startswith(new_row.rsplit(",", 2)[0])
    assert verify(out / STORY, manifest) == []


def whole(build_dir: Path) -> bool:
    """A finished build: a manifest whose every output is there with its bytes, and nothing
    else but the manifest."""
    manifest = manifest_of(build_dir)
    listed = {e["path"] for e in manifest["outputs"]} | {"manifest.json"}
    present = {p.relative_to(build_dir).as_posix() for p in build_dir.rglob("*") if p.is_file()}
    return verify(build_dir, manifest) == [] and listed == present


@pytest.mark.slow
def test_kill_9_at_random_moments_always_leaves_a_whole_build(project: Path) -> None:
    out = project / "out"
    build(project, STORY, out=out)
    assert whole(out / STORY)
    started = time.perf_counter()  # how long one whole build takes on this machine, now
    _start(project, out).communicate()
    took = time.perf_counter() - started
    rng = random.Random(12)
    caught = 0
    for _ in range(10):
        process = _start(project, out)
        time.sleep(rng.uniform(0.0, took))  # the kills land anywhere in a build, however fast
        if process.poll() is None:
            caught += 1
        process.send_signal(signal.SIGKILL)
        process.communicate()
        assert whole(out / STORY)
        assert not (out / STORY).is_symlink()
    assert caught >= 5, "too few kills landed while a build was running"
    # The next build clears whatever the killed ones left and makes a whole build.
    final = run(project, "build", "--story", STORY, "--out", str(out))
    assert final.exit_code == 0, final.output
    assert whole(out / STORY)
    assert not list(out.glob(f".{STORY}.build-*"))
