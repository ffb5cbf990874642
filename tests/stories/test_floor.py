"""The benchmark's floor (bench/floor.py) renders every template render a build makes, on the
variables it was given, and writes the same files: a floor that cannot render is no floor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, tree_digest


@pytest.mark.slow
def test_the_floor_renders_every_draft_and_writes_the_build_s_files(
    tiny_build: Path, tmp_path: Path
) -> None:
    reference = tiny_build / "out" / "tiny"
    out = tmp_path / "floor"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "floor.py"), str(tiny_build), "tiny"]
        + [str(reference), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["renders"] >= 5  # a render at least for each of the five places
    assert report["files"] == sum(1 for p in reference.rglob("*") if p.is_file())
    assert tree_digest(out) == tree_digest(reference)
