"""Shared fixtures: the real project, a copy of it to change, and the tiny test story."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY = FIXTURES / "tiny"
STORY = "cancelled-crimes"


def copy_project(source: Path, target: Path) -> Path:
    """Copy a project's inputs (templates, data, quotes) into ``target``."""
    for folder in ("templates", "data", "quotes"):
        if (source / folder).exists():
            shutil.copytree(source / folder, target / folder)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the real project, safe to change."""
    return copy_project(ROOT, tmp_path / "project")


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A private copy of the tiny five-place test story."""
    return copy_project(TINY, tmp_path / "tiny")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every draft of the bundled story, built once for the session."""
    return build(ROOT, STORY, out=tmp_path_factory.mktemp("out"))


def read(result: BuildResult, slug: str, name: str = "article.md") -> str:
    return (result.out_dir / slug / name).read_text(encoding="utf-8")


def name_with_script(tiny: Path) -> None:
    """Rename a place of the tiny story to ``Eastshire <script>alert(1)</script>``."""
    places = tiny / "data/places.csv"
    places.write_text(
        places.read_text().replace(
            "Eastshire Council,Eastshire", "Eastshire <script>alert(1)</script>,Eastshire"
        )
    )
    figures = tiny / "data/tiny/figures.csv"
    figures.write_text(figures.read_text().replace("Eastshire Council", "Eastshire"))


def run(project: Path, *args: str) -> Result:
    """``drafts --root PROJECT ARGS...`` through click's runner."""
    return CliRunner().invoke(main, ["--root", str(project), *args])


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path) with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
