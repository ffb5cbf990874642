"""The benchmark's synthetic story (bench/synth.py) is a story the engine builds: every place,
round-up, station and the national draft pass the fact check and house style, and the same
size always writes the same bytes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.pipeline import build

sys.path.insert(0, str(ROOT / "bench"))

from synth import STORY, place_names, write_story  # noqa: E402


def test_names_are_distinct_and_have_no_digits() -> None:
    names = place_names(5000)
    assert len(set(names)) == 5000
    assert not any(c.isdigit() for name in names for c in name)


def test_the_same_size_writes_the_same_story(tmp_path: Path) -> None:
    first, second = write_story(tmp_path / "a", 60), write_story(tmp_path / "b", 60)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


@pytest.mark.slow
def test_a_synthetic_story_builds(tmp_path: Path) -> None:
    root = write_story(tmp_path / "project", 80)
    result = build(root, STORY, out=tmp_path / "out")
    kinds = {d.kind for d in result.drafts}
    assert kinds == {"place", "partner", "radio", "national"}
    assert len(result.of_kind("place")) == 80
