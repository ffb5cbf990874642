"""write_tree checks each folder once but writes and refuses exactly as checking every file on
its own with names.inside would: the same files, the same names back, the same refusals,
links followed and checked."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.base.names import OutsideFolder, inside
from generator.delivery.tree import Hashes, write_tree


def one_by_one(folder: Path, files: dict[str, str | bytes], under: str = "") -> dict:
    """write_tree as it was: every file's whole path resolved and checked on its own."""
    written = {}
    for name, content in files.items():
        shown = f"{under}/{name}" if under else name
        path = inside(folder, shown)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        written[path.relative_to(folder).as_posix()] = (hashlib.sha256(data).hexdigest(), len(data))
    return written


def tree(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = "link:" + os.readlink(path)
        elif path.is_file():
            found[key] = path.read_bytes().hex()
        else:
            found[key] = "folder"
    return found


FILES: dict[str, str | bytes] = {
    "article.md": "# Kent\n",
    "article.docx": b"PK\x03\x04",
    "charts/chart.png": b"\x89PNG",
    "charts/deep/chart.svg": "<svg/>",
    "a/../b.txt": "b",
    "./c.txt": "c",
    "d//e.txt": "e",
    "café/é.txt": "é",
}


@pytest.mark.parametrize("under", ["", "kent", "forces/kent"])
def test_the_same_files_and_names_as_file_by_file(tmp_path: Path, under: str) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "old").mkdir()
    got = write_tree(tmp_path / "new", FILES, under=under)
    want = one_by_one(tmp_path / "old", FILES, under=under)
    assert got == want
    assert tree(tmp_path / "new") == tree(tmp_path / "old")
    assert f"{under}/charts/deep/chart.svg".lstrip("/") in got


def _linked(root: Path) -> Path:
    """A build folder holding links: a file linking inside, one linking out, a folder
    linking inside, one linking out, and one linking to the build folder itself."""
    build = root / "build"
    (build / "real").mkdir(parents=True)
    (root / "outside").mkdir()
    (build / "kept.txt").write_text("kept", encoding="utf-8")
    (build / "in.txt").symlink_to("kept.txt")
    (build / "out.txt").symlink_to("../outside/stolen.txt")
    (build / "alias").symlink_to("real")
    (build / "away").symlink_to("../outside")
    (build / "self").symlink_to(".")
    return build


@pytest.mark.parametrize(
    "name",
    ["in.txt", "alias/x.txt", "self/x.txt", "real/../kept.txt", "alias/in/../y.txt"],
)
def test_links_inside_are_followed_as_file_by_file(tmp_path: Path, name: str) -> None:
    new, old = _linked(tmp_path / "new"), _linked(tmp_path / "old")
    got = write_tree(new, {name: "written"})
    assert got == one_by_one(old, {name: "written"})
    assert tree(new) == tree(old)


@pytest.mark.parametrize(
    "name", ["out.txt", "away/x.txt", "../escaped.txt", "/etc/x", "self", "real/..", "a\0b"]
)
def test_anything_landing_outside_is_refused_as_file_by_file(tmp_path: Path, name: str) -> None:
    new, old = _linked(tmp_path / "new"), _linked(tmp_path / "old")
    with pytest.raises(OutsideFolder) as got:
        write_tree(new, {"first.txt": "ok", name: "no"})
    with pytest.raises(OutsideFolder) as want:
        one_by_one(old, {"first.txt": "ok", name: "no"})
    assert str(got.value).replace("new", "old") == str(want.value)
    assert tree(new) == tree(old)
    assert not (tmp_path / "new" / "outside" / "stolen.txt").exists()
    assert not list((tmp_path / "new" / "outside").iterdir())


def test_a_folder_is_made_only_when_a_file_goes_in_it(tmp_path: Path) -> None:
    with pytest.raises(OutsideFolder):
        write_tree(tmp_path, {"made/..": "no"})
    assert not (tmp_path / "made").exists()


PATHS = ["top", "x.md", "a/x.md", "a/b", "a/b/x.md", "a/b/c/chart.png", "partners/x/a.md", "c"]
ENTRIES = st.tuples(st.binary(min_size=32, max_size=32).map(bytes.hex), st.integers(0, 2**40))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(PATHS), ENTRIES, max_size=8), max_size=4))
def test_hashes_hold_what_a_dict_holds(batches: list[dict[str, tuple[str, int]]]) -> None:
    """The build's compact path → (SHA-256, size) store answers as a dict updated the same
    way: every path, its entry, its length; a path never added is not in it."""
    held, plain = Hashes(), {}
    for batch in batches:
        held.update(batch)
        plain.update(batch)
    assert len(held) == len(plain)
    assert sorted(held) == sorted(plain)
    assert {path: held[path] for path in plain} == plain
    for missing in ("nothing", "a/nothing", "a/b/c/x.md", "partners/x"):
        if missing not in plain:
            assert missing not in held
            with pytest.raises(KeyError):
                held[missing]
