"""Place pages made while the build writes its drafts (:mod:`generator.outputs.site.stream`):
the same bytes as pages made from the build on disk, a draft kept from the last build read
from disk, and a page made with another embargo than the whole build's made again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from generator.drafts.jobs import DraftResult
from generator.inputs.story import Story, load_story
from generator.outputs.site import site_files, write_site
from generator.outputs.site.load import InMemory, OnDisk
from generator.outputs.site.stream import SitePages

FACTS = Path(__file__).resolve().parents[2] / "fixtures" / "facts"
NAMES = ("Avon", "Bure", "Cam")


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(ROOT, STORY)


def _files(name: str, embargo: str | None = None) -> dict[str, str | bytes]:
    facts = json.loads((FACTS / "cancelled-crimes-hampshire.json").read_text(encoding="utf-8"))
    facts["place"] = {**facts["place"], "slug": name.lower(), "name": f"{name} Police"}
    if embargo is not None:
        facts["embargo"] = embargo
    text = f"# {name} cancelled 9 of 17 crimes\r\n\r\nNine of 17 crimes.\r\n"
    return {"facts.json": json.dumps(facts), "article.txt": text, "chart.png": b"\x89PNG" * 40}


def _written(build: Path, files: dict[str, dict[str, str | bytes]]) -> None:
    for slug, content in files.items():
        (build / slug).mkdir(parents=True)
        for name, data in content.items():
            path = build / slug / name
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _draft(slug: str, files: dict[str, str | bytes]) -> DraftResult:
    return DraftResult(slug, slug, "place", files, False, False)


def _site(build: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (build / "site").iterdir() if p.suffix == ".html"}


@pytest.mark.parametrize("kept", [InMemory.TEXT, 16])
def test_files_in_memory_read_as_on_disk(
    tmp_path: Path, kept: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft's files as the build held them read as they do from disk, and so do the
    little the site keeps of them (texts past InMemory.TEXT read back from disk)."""
    monkeypatch.setattr(InMemory, "TEXT", kept)
    files = _files("Avon")
    _written(tmp_path, {"avon": files})
    disk, memory = OnDisk(tmp_path / "avon"), InMemory(tmp_path / "avon", files)
    light = InMemory.light(tmp_path / "avon", files)
    for name in files:
        assert memory.size(name) == light.size(name) == disk.size(name)
        assert memory.head(name, 24) == light.head(name, 24) == disk.head(name, 24)
        assert light.head(name, 1000) == disk.head(name, 1000)  # past what it kept: from disk
    assert memory.text("article.txt") == disk.text("article.txt")  # "\r\n" read as "\n"
    assert light.text("facts.json") == disk.text("facts.json")
    assert "\r" not in memory.text("article.txt")
    assert not memory.is_file("article.md") and not disk.is_file("article.md")
    with pytest.raises(OSError):
        memory.text("article.md")


@pytest.mark.parametrize("embargo", [None, "EMBARGOED UNTIL 00:01"])
def test_pages_made_as_drafts_are_written_are_the_pages_of_the_build(
    tmp_path: Path, story: Story, embargo: str | None
) -> None:
    drafts = {name.lower(): _files(name, embargo if name == "Bure" else None) for name in NAMES}
    disk, live = tmp_path / "disk", tmp_path / "live"
    _written(disk, drafts)
    write_site(disk, story)
    pages = SitePages(live, story)
    for slug, files in drafts.items():
        _written(live, {slug: files})
        if slug != "cam":  # Cam's draft is kept from the last build: read from disk
            pages.add(_draft(slug, files))
    assert set(pages.places) == {"avon", "bure"}
    write_site(live, story, made=pages)
    assert _site(live) == _site(disk)
    if embargo:  # Avon's page, made before Bure's embargo was read, made again
        assert embargo in _site(live)["avon.html"].decode("utf-8")
    assert set(site_files(disk, story)) >= {f"{n.lower()}.html" for n in NAMES}
