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
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny story with one good build in ``out/``, made once for the session: read it,
    never change it (``tiny_built`` is a private copy)."""
    project = copy_project(TINY, tmp_path_factory.mktemp("tiny-build") / "tiny")
    result = run(project, "build", "--story", "tiny")
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture
def tiny_built(tiny_build: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny story with one good build in ``out/``, safe to change."""
    return Path(shutil.copytree(tiny_build, tmp_path / "tiny"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every draft of the bundled story, built once for the session."""
    return build(ROOT, STORY, out=tmp_path_factory.mktemp("out"))


# Fixtures that build a whole bundled story (or start a browser). A test that uses one,
# directly or through another fixture, is marked slow wherever it is, so `make test-fast`
# leaves it out without each test having to say so.
WHOLE_STORY_FIXTURES = frozenset(
    {
        "built",  # here: cancelled-crimes, every draft
        "embargoed",  # delivery/test_embargo_day, outputs/test_docx, outputs/test_ninjs
        "clean_drafts",  # inputs/test_data_files
        "evil_build",  # inputs/test_spreadsheets
        "readings",  # drafts/test_radio_timing (espeak-ng)
        "browser",  # outputs/site/test_site_browser (Chromium)
    }
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that uses a fixture in :data:`WHOLE_STORY_FIXTURES`; runs before
    ``-m "not slow"`` deselects."""
    for item in items:
        if WHOLE_STORY_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


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
