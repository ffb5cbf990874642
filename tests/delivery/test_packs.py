"""Partner packs: one zip an outlet, written once from the draft files already on disk (no
unpacked copy), compressed files stored as they are, the same bytes every time (issue 16);
an outlet covering every place gets its draft and the data, not every place's files (issue
15, item 3). Release and diff read the zips."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from generator.base.names import OutsideFolder
from generator.delivery.archive import FIXED_TIME, write_stable_zip
from generator.delivery.diff import compare, pack_texts
from generator.delivery.manifest import sha256
from generator.delivery.packs import read_pack
from generator.delivery.release import deliveries, pack_names
from generator.inputs.outlets import Outlets
from generator.inputs.places import Places
from generator.pipeline import BuildResult, build

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


# --- zips written from files ---------------------------------------------------------------


def _files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"a.md": b"# Text\n" * 500, "chart.png": PNG, "article.docx": b"PK\x03\x04" * 900}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


def test_a_zip_from_files_stores_png_and_word_and_deflates_text(tmp_path: Path) -> None:
    files = _files(tmp_path / "draft")
    target = tmp_path / "pack.zip"
    size = write_stable_zip(
        target, [(f"p/{n}", path) for n, path in files.items()] + [("p/method.md", b"note\n")]
    )
    assert size == target.stat().st_size
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        infos = {i.filename: i for i in archive.infolist()}
        assert list(infos) == ["p/a.md", "p/chart.png", "p/article.docx", "p/method.md"]
        for name, path in files.items():
            assert archive.read(f"p/{name}") == path.read_bytes()
        assert archive.read("p/method.md") == b"note\n"
    kinds = {name: info.compress_type for name, info in infos.items()}
    assert kinds == {
        "p/a.md": zipfile.ZIP_DEFLATED,
        "p/chart.png": zipfile.ZIP_STORED,
        "p/article.docx": zipfile.ZIP_STORED,
        "p/method.md": zipfile.ZIP_DEFLATED,
    }
    assert infos["p/chart.png"].compress_size == len(PNG)
    assert infos["p/a.md"].compress_size < infos["p/a.md"].file_size // 10
    assert {i.date_time for i in infos.values()} == {FIXED_TIME}


def test_a_zip_from_files_is_the_same_bytes_whenever_it_is_written(tmp_path: Path) -> None:
    files = _files(tmp_path / "draft")
    write_stable_zip(tmp_path / "one.zip", [(f"p/{n}", path) for n, path in files.items()])
    for path in files.values():  # the files touched later: their times must not matter
        os.utime(path, (1_700_000_000, 1_700_000_000))
    write_stable_zip(tmp_path / "two.zip", [(f"p/{n}", path) for n, path in files.items()])
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


@pytest.mark.parametrize("name", ["../evil.md", "/etc/passwd", "p/../../x", "C:x", "a\\b"])
def test_a_zip_entry_that_could_unzip_outside_its_folder_is_refused(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(OutsideFolder, match="refusing zip entry"):
        write_stable_zip(tmp_path / "bad.zip", [(name, b"evil")])


# --- a real build --------------------------------------------------------------------------


def _outlets() -> Outlets:
    return Outlets.load(ROOT / "data/outlets.yaml", Places.load(ROOT / "data/police-forces.csv"))


def test_packs_are_zips_only(built: BuildResult) -> None:
    packs = built.out_dir / "packs"
    assert sorted(p.name for p in packs.iterdir()) == sorted(f"{s}.zip" for s in built.packs)
    listed = json.loads((built.out_dir / "manifest.json").read_text())["outputs"]
    assert {e["path"] for e in listed if e["path"].startswith("packs/")} == {
        f"packs/{s}.zip" for s in built.packs
    }


def test_a_pack_carries_its_drafts_files_byte_for_byte(built: BuildResult) -> None:
    out = built.out_dir
    checked = 0
    for outlet in _outlets():
        folder = f"{'radio' if outlet.is_broadcast else 'partners'}/{outlet.slug}"
        expected = {p.name: p.read_bytes() for p in (out / folder).iterdir()}
        if not outlet.everywhere:
            for place in outlet.places:
                for path in (out / place).iterdir():
                    expected[f"forces/{place}/{path.name}"] = path.read_bytes()
        pack = read_pack(out / "packs" / f"{outlet.slug}.zip")
        assert {k: v for k, v in pack.items() if k not in ("data.csv", "method.md")} == expected
        checked += 1
    assert checked == len(built.packs) == 56


def test_in_every_pack_images_and_word_files_are_stored_and_text_deflated(
    built: BuildResult,
) -> None:
    kinds: dict[str, set[int]] = {}
    for path in (built.out_dir / "packs").glob("*.zip"):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                kinds.setdefault(info.filename.rsplit(".", 1)[-1], set()).add(info.compress_type)
                assert info.date_time == FIXED_TIME
    assert kinds.pop("png") == kinds.pop("docx") == {zipfile.ZIP_STORED}
    assert {"md", "txt", "html", "json", "svg", "csv"} <= set(kinds)
    assert set().union(*kinds.values()) == {zipfile.ZIP_DEFLATED}


@pytest.mark.slow
def test_a_pack_for_all_places_holds_the_national_draft_and_the_data(project: Path) -> None:
    outlets = project / "data" / "outlets.yaml"
    text = outlets.read_text(encoding="utf-8")
    assert text.count("places: all") == 2  # The Telegraph and BBC News online
    # The Telegraph listing every force by slug gets every force's files, as before.
    forces = [
        row["slug"] for row in csv.DictReader((project / "data" / "police-forces.csv").open())
    ]
    at = text.index("slug: the-telegraph")
    listed_text = text[:at] + text[at:].replace("places: all", f"places: [{', '.join(forces)}]", 1)
    outlets.write_text(listed_text, "utf-8")
    result = build(project, STORY, out=project / "out")
    packs = result.out_dir / "packs"
    lean, listed = read_pack(packs / "bbc-news-online.zip"), read_pack(packs / "the-telegraph.zip")
    assert [p for p in lean if "/" in p] == []
    own = result.out_dir / "partners" / "bbc-news-online" / "national.md"
    assert lean["national.md"] == own.read_bytes()
    assert "forces/hampshire/article.md" in listed
    for pack in (lean, listed):
        rows = list(csv.DictReader(io.StringIO(pack["data.csv"].decode("utf-8"))))
        assert len(rows) == 43
    assert sum(map(len, lean.values())) * 5 < sum(map(len, listed.values()))
    note = lean["method.md"].decode("utf-8")
    assert "`forces/`" not in note and "`data.csv`" in note


# --- release and diff read the zips ---------------------------------------------------------


def _build(folder: Path, packs: dict[str, dict[str, bytes]], *, unpacked: bool = False) -> Path:
    """A finished build holding only ``packs`` (slug -> files), as zips, and also as folders
    when ``unpacked`` (how builds before issue 16 kept them), with its manifest."""
    (folder / "packs").mkdir(parents=True)
    for slug, files in packs.items():
        members = [(f"{slug}/{name}", data) for name, data in files.items()]
        write_stable_zip(folder / f"packs/{slug}.zip", members)
        for name, data in files.items() if unpacked else ():
            (folder / f"packs/{slug}/{name}").parent.mkdir(parents=True, exist_ok=True)
            (folder / f"packs/{slug}/{name}").write_bytes(data)
    outputs = [
        {"path": p.relative_to(folder).as_posix(), "sha256": sha256(p.read_bytes())}
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]
    manifest = {"story": "s", "drafts": [], "packs": list(packs), "outputs": outputs}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


PACKS = {
    "kent-online": {"article.md": b"Kent.\n", "forces/kent/article.md": b"Kent.\n"},
    "bbc-radio-kent": {"radio.md": b"On air.\n", "forces/kent/chart.png": PNG},
}


def test_diff_names_a_pack_whose_text_changed_inside_its_zip(tmp_path: Path) -> None:
    old = _build(tmp_path / "old", PACKS)
    changed = {**PACKS, "kent-online": {**PACKS["kent-online"], "article.md": b"Kent!\n"}}
    assert compare(old, _build(tmp_path / "same", PACKS)).packs == []
    assert compare(old, _build(tmp_path / "new", changed)).packs == ["kent-online"]


def test_diff_compares_a_build_with_unpacked_packs_to_one_with_zips_only(tmp_path: Path) -> None:
    old = _build(tmp_path / "old", PACKS, unpacked=True)
    new = _build(tmp_path / "new", PACKS)
    manifest = json.loads((old / "manifest.json").read_text())
    hashes = {e["path"]: e["sha256"] for e in manifest["outputs"]}
    assert pack_texts(old, hashes)["packs/kent-online/forces/kent/article.md"] == sha256(b"Kent.\n")
    assert compare(old, new).packs == []
    radio = {**PACKS, "bbc-radio-kent": {"radio.md": b"Off air.\n"}}
    assert compare(old, _build(tmp_path / "radio", radio)).packs == ["bbc-radio-kent"]


def test_release_lists_the_files_in_each_zip(tmp_path: Path) -> None:
    build_dir = _build(tmp_path / "b", PACKS)
    manifest = json.loads((build_dir / "manifest.json").read_text())
    found = {d.slug: d for d in deliveries(build_dir, manifest)}
    assert found["kent-online"].files == ["article.md", "forces/kent/article.md"]
    assert found["bbc-radio-kent"].size == (build_dir / "packs/bbc-radio-kent.zip").stat().st_size
    (build_dir / "packs/kent-online.zip").write_bytes(b"not a zip")
    assert pack_names(build_dir / "packs/kent-online.zip") == []
