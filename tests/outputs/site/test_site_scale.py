"""The site at scale: a build with more places than one index page lists gets pages of them in
order of name, each linking to every page; a small build keeps its one index page; pages are
made one at a time."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from generator.inputs.story import Story, load_story
from generator.outputs.site import index as index_module
from generator.outputs.site import site_files, site_pages

FACTS = Path(__file__).resolve().parents[2] / "fixtures" / "facts"
NAMES = ("Avon", "Bure", "Cam", "Dove", "Exe")


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(ROOT, STORY)


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A build of five places, each with a copy of Hampshire's facts under its own name."""
    facts = json.loads((FACTS / "cancelled-crimes-hampshire.json").read_text(encoding="utf-8"))
    for name in reversed(NAMES):
        slug = name.lower()
        facts["place"] = {**facts["place"], "slug": slug, "name": f"{name} Police"}
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    return tmp_path


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-slug="([a-z]+)"', html)


def test_a_large_index_is_split_in_order_of_name(
    build: Path, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "INDEX_ROWS", 2)
    files = site_files(build, story)
    pages = ["index.html", "index-2.html", "index-3.html"]
    assert [name for name in files if name.startswith("index")] == pages
    assert [_rows(str(files[p])) for p in pages] == [["avon", "bure"], ["cam", "dove"], ["exe"]]
    for page in pages:
        html = str(files[page])
        assert "a draft for each of 5 " in html
        nav = html.split('class="index-pages"', 1)[1].split("</nav>", 1)[0]
        assert re.findall(r'<li><a href="(index[-0-9]*\.html)"', nav) == pages
        assert f'<a href="{page}" aria-current="page">' in html
    assert ">Avon Police – Bure Police</a>" in str(files["index.html"])
    assert "pack, page 2 of 3 –" in str(files["index-2.html"])
    assert {f"{name.lower()}.html" for name in NAMES} <= set(files)


def test_a_small_index_is_one_page_without_page_links(build: Path, story: Story) -> None:
    files = site_files(build, story)
    assert [name for name in files if name.startswith("index")] == ["index.html"]
    assert len(_rows(str(files["index.html"]))) == len(NAMES)
    assert "index-pages" not in str(files["index.html"])


def test_pages_are_made_one_at_a_time(build: Path, story: Story) -> None:
    pages = site_pages(build, story)
    names = [next(pages)[0] for _ in range(3)]  # the assets, then the first place's page
    assert names[-1] == "avon.html"
    shutil.rmtree(build / "exe")  # a place not yet reached is not yet read
    rest = dict(pages)
    assert "exe.html" not in rest and "dove.html" in rest
    assert _rows(str(rest["index.html"])) == ["avon", "bure", "cam", "dove"]


def test_a_page_made_before_the_embargo_was_known_is_made_again(build: Path, story: Story) -> None:
    facts = json.loads((build / "cam" / "facts.json").read_text(encoding="utf-8"))
    facts["embargo"] = "EMBARGOED UNTIL 00:01"
    (build / "cam" / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    made = [name for name, _ in site_pages(build, story) if name.endswith(".html")]
    assert made.count("avon.html") == 2 and made.count("cam.html") == 1  # avon: read first
    files = site_files(build, story)
    for name in NAMES:
        assert "EMBARGOED UNTIL 00:01" in str(files[f"{name.lower()}.html"])
