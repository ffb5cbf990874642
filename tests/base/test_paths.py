"""Paths confined (issue 12, item 5): every name that becomes a path is checked when it is
loaded, every file and zip entry the build writes stays inside its folder, and ``--out``
never moves aside or follows anything that is not a build."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import STORY, run

from generator.base.errors import InputError, ValidationFailed
from generator.base.names import RESERVED, OutsideFolder, inside
from generator.delivery.archive import stable_zip
from generator.delivery.outdir import BUILD_MARKER, NotABuild, is_build, locked, staging, swap_in
from generator.inputs.outlets import Outlets
from generator.inputs.places import Places
from generator.inputs.story import load_story
from generator.pipeline import write_tree

STORY_YAML = f"templates/{STORY}/story.yaml"


def everything(folder: Path) -> dict[str, str]:
    """Every file and link under ``folder`` with its SHA-256 (a link by where it points)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = "link:" + os.readlink(path)
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[key] = "folder"
    return found


def edit_story(project: Path, change: dict) -> None:
    """Apply ``change`` ({"unit.plural": value, ...}) to the story's manifest."""
    path = project / STORY_YAML
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        node = manifest
        for key in parents:
            node = node[key]
        node[last] = value
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")


# --- names in story.yaml -------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["../data", "/etc", "Cancelled-Crimes", "a/b", ".."])
def test_a_story_name_that_is_not_a_slug_is_refused_before_any_file_is_read(
    project: Path, slug: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_story(project, slug)
    assert "is not a slug" in str(caught.value)
    assert "story name" in str(caught.value)


def test_build_of_a_story_named_with_dots_is_one_clear_error(project: Path) -> None:
    before = everything(project)
    result = run(project, "build", "../data")
    assert result.exit_code != 0
    assert "is not a slug" in result.output
    assert "Traceback" not in result.output
    assert everything(project) == before


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("unit.plural", "../../escape", "cannot be a folder name"),
        ("unit.plural", "forces/../..", "cannot be a folder name"),
        ("unit.places", "../outside.csv", "lies outside the project"),
        ("unit.places", "/etc/passwd", "lies outside the project"),
        ("outlets", "../../outlets.yaml", "lies outside the project"),
        ("data.file", "../police-misconduct/figures.csv", f"lies outside data/{STORY}/"),
        ("data.file", "/etc/hostname", f"lies outside data/{STORY}/"),
    ],
)
def test_a_path_in_story_yaml_leading_outside_its_folder_is_refused(
    project: Path, setting: str, value: str, message: str
) -> None:
    edit_story(project, {setting: value})
    with pytest.raises((InputError, ValidationFailed)) as caught:
        load_story(project, STORY)
    text = str(caught.value)
    assert STORY_YAML in text
    assert f"column '{setting}'" in text
    assert repr(value) in text
    assert message in text


def test_a_data_file_given_as_a_web_address_is_not_a_path(project: Path) -> None:
    edit_story(project, {"data.file": "https://example.org/sheet.csv"})
    assert load_story(project, STORY).data_file == "https://example.org/sheet.csv"


def test_a_data_file_linked_to_outside_the_story_folder_is_refused(project: Path) -> None:
    (project / "data" / STORY / "linked.csv").symlink_to(project / "data/police-forces.csv")
    edit_story(project, {"data.file": "linked.csv"})
    with pytest.raises(InputError, match=f"lies outside data/{STORY}/"):
        load_story(project, STORY)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil", "is not a usable output name"),
        ("a/b", "is not a usable output name"),
        ("facts", "would overwrite the build's own facts file"),
        ("method", "would overwrite the build's own method file"),
    ],
)
def test_an_output_name_that_cannot_be_a_file_name_is_refused(
    project: Path, name: str, message: str
) -> None:
    path = project / STORY_YAML
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    manifest["outputs"][name] = manifest["outputs"].pop("article")
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_story(project, STORY)
    assert f"column 'outputs.{name}'" in str(caught.value)
    assert message in str(caught.value)


def test_a_template_outside_the_story_folder_is_refused(project: Path) -> None:
    edit_story(project, {"outputs.article.template": "../police-misconduct/article.md.j2"})
    with pytest.raises(InputError) as caught:
        load_story(project, STORY)
    assert "column 'outputs.article.template'" in str(caught.value)
    assert "lies outside the story's templates folder" in str(caught.value)


# --- outlet and place slugs ----------------------------------------------------------------


def places_of(project: Path) -> Places:
    return Places.load(project / "data/police-forces.csv", shown_as="data/police-forces.csv")


@pytest.mark.parametrize("slug", ["../evil", "packs", "site", "radio", "a/b"])
def test_an_outlet_slug_that_is_not_a_safe_folder_name_is_refused(project: Path, slug: str) -> None:
    outlets = project / "data/outlets.yaml"
    text = outlets.read_text(encoding="utf-8")
    outlets.write_text(text.replace("slug: yorkshire-post", f"slug: '{slug}'", 1))
    with pytest.raises(InputError) as caught:
        Outlets.load(outlets, places_of(project), shown_as="data/outlets.yaml")
    text = str(caught.value)
    assert text.startswith("data/outlets.yaml, row ")
    assert "column 'slug'" in text and repr(slug) in text
    assert "reserved name" in text if slug in RESERVED else "is not a slug" in text


@pytest.mark.parametrize("slug", ["site", "packs", "national", "partners", "radio", "../up"])
def test_a_place_slug_that_is_reserved_or_not_a_slug_is_refused(project: Path, slug: str) -> None:
    path = project / "data/police-forces.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",hampshire,", f",{slug},", 1))
    with pytest.raises(InputError) as caught:
        places_of(project)
    text = str(caught.value)
    assert "data/police-forces.csv, row " in text
    assert f"column 'slug': {slug!r}" in text
    assert ("reserved name" if slug in RESERVED else "is not a slug") in text
    assert "use one like 'hampshire-constabulary'" in text  # made from the row's own name


# --- files the build writes ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["../x", "/etc/x", "a/../../x", ""])
def test_inside_refuses_a_path_outside_its_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutsideFolder):
        inside(tmp_path / "build", name)


def test_inside_refuses_a_link_out_of_its_folder(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "link").symlink_to(tmp_path)
    with pytest.raises(OutsideFolder):
        inside(tmp_path / "build", "link/escaped.txt")
    assert inside(tmp_path / "build", "a/b.txt") == (tmp_path / "build/a/b.txt").resolve()


def test_write_tree_refuses_a_file_name_outside_the_build_and_writes_nothing_there(
    tmp_path: Path,
) -> None:
    (tmp_path / "build").mkdir()
    with pytest.raises(OutsideFolder):
        write_tree(tmp_path / "build", {"ok.md": "fine", "../escaped.md": "no"})
    assert not (tmp_path / "escaped.md").exists()
    with pytest.raises(OutsideFolder):
        write_tree(tmp_path / "build", {"x.md": "no"}, under="../../up")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["build", "ok.md"]


@pytest.mark.parametrize(
    "name", ["../evil.sh", "a/../../evil", "/etc/passwd", "C:/x.txt", "a\\..\\b", "a//b", "./a"]
)
def test_a_zip_entry_that_could_unzip_outside_its_folder_is_refused(name: str) -> None:
    with pytest.raises(OutsideFolder, match="refusing zip entry"):
        stable_zip([("pack/ok.txt", b"ok"), (name, b"evil")])


def test_safe_zip_entries_are_written_as_given() -> None:
    data = stable_zip([("pack/ok.txt", b"ok"), ("pack/forces/kent/a.md", b"a")])
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["pack/ok.txt", "pack/forces/kent/a.md"]


# --- --out and the build folder ------------------------------------------------------------


@pytest.mark.slow
def test_build_with_out_quotes_twice_leaves_quotes_byte_for_byte_unchanged(
    project: Path,
) -> None:
    before = everything(project)
    for _ in range(2):
        result = run(project, "build", "--story", STORY, "--out", str(project / "quotes"))
        assert result.exit_code == 1
        assert f"quotes/{STORY} is not a build made by drafts" in result.output
        assert "Choose another --out folder" in result.output
        assert "Traceback" not in result.output
    assert everything(project) == before


def test_a_folder_that_is_not_a_build_is_refused_before_the_lock_is_made(tmp_path: Path) -> None:
    target = tmp_path / "out" / STORY
    target.mkdir(parents=True)
    (target / "notes.txt").write_text("mine")
    before = everything(tmp_path)
    with pytest.raises(NotABuild, match="not a build made by drafts"), locked(target):
        pass
    assert everything(tmp_path) == before


def test_a_previous_folder_that_is_not_a_build_is_not_deleted(tmp_path: Path) -> None:
    target = tmp_path / STORY
    previous = tmp_path / f".{STORY}.previous"
    previous.mkdir()
    (previous / "keep.txt").write_text("mine")
    with pytest.raises(NotABuild), locked(target):
        pass
    assert (previous / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("which", ["target", "previous", "lock"])
def test_a_symlinked_build_previous_or_lock_is_refused_not_followed(
    tmp_path: Path, which: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / BUILD_MARKER).write_text("")  # even a real build behind the link is refused
    (elsewhere / "precious.txt").write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    target = out / STORY
    link = {
        "target": target,
        "previous": out / f".{STORY}.previous",
        "lock": out / f".{STORY}.lock",
    }[which]
    link.symlink_to(elsewhere / "precious.txt" if which == "lock" else elsewhere)
    before = everything(tmp_path)
    refused = pytest.raises(NotABuild, match="is a symbolic link, so it was not followed")
    with refused, locked(target), staging(target) as folder:
        swap_in(folder, target)
    assert everything(tmp_path) == before


def test_the_lock_is_opened_without_following_a_link(tmp_path: Path) -> None:
    """Even a lock link that appears after the check is not followed (O_NOFOLLOW)."""
    target = tmp_path / STORY
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / f".{STORY}.lock").symlink_to(victim)
    with pytest.raises(NotABuild), locked(target):
        pass
    assert victim.read_text() == "keep"


def test_a_build_before_the_marker_is_recognised_by_its_manifest(tmp_path: Path) -> None:
    old = tmp_path / STORY
    old.mkdir()
    (old / "manifest.json").write_text(json.dumps({"story": STORY, "outputs": []}))
    assert is_build(old)
    (old / "manifest.json").write_text(json.dumps({"story": "another-story"}))
    assert not is_build(old)


def test_a_build_replaces_a_marked_or_old_build_and_keeps_it_as_previous(tmp_path: Path) -> None:
    target = tmp_path / STORY
    target.mkdir()
    (target / "manifest.json").write_text(json.dumps({"story": STORY}))
    with locked(target), staging(target) as folder:
        assert (folder / BUILD_MARKER).is_file()
        (folder / "new.txt").write_text("new")
        swap_in(folder, target)
    assert (target / "new.txt").read_text() == "new"
    assert (target / BUILD_MARKER).is_file()
    assert (tmp_path / f".{STORY}.previous" / "manifest.json").is_file()


def test_a_finished_build_carries_the_marker_and_lists_it(built) -> None:
    manifest = json.loads((built.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert (built.out_dir / BUILD_MARKER).is_file()
    assert BUILD_MARKER in {e["path"] for e in manifest["outputs"]}


@pytest.mark.slow
def test_a_symlinked_build_folder_fails_the_build_and_writes_nothing_outside_out(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / STORY).symlink_to(elsewhere)
    before = everything(tmp_path)
    result = run(project, "build", "--story", STORY, "--out", str(out))
    assert result.exit_code == 1
    assert "is a symbolic link, so it was not followed" in result.output
    assert "Traceback" not in result.output
    assert everything(tmp_path) == before
