"""``out/<story>/manifest.json``: what a build read, what it wrote, and what editors must know.

Everything in the manifest but its ``run`` entry depends only on the inputs, so two builds
from the same inputs give the same manifest apart from ``run`` (when and how long). Inputs
and outputs are listed with their SHA-256 and size so a partner or the unit can check that a
pack is the one that was built.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.base.errors import InputError, Problem
from generator.base.names import is_url
from generator.drafts.jobs import DRAFT_KINDS, DraftResult
from generator.inputs.data import Dataset
from generator.inputs.story import Story

NAME = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> tuple[str, int]:
    """A file's SHA-256 and size, read a piece at a time (a pack may be large)."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as read:
        while piece := read.read(1 << 20):
            digest.update(piece)
            size += len(piece)
    return digest.hexdigest(), size


def file_entry(path: Path, shown: str) -> dict[str, Any]:
    """``{"path", "sha256", "bytes"}`` for one file."""
    digest, size = file_sha256(path)
    return {"path": shown, "sha256": digest, "bytes": size}


def _files_in_order(folder: Path, under: str = "") -> Iterator[tuple[str, Path]]:
    """Every file under ``folder`` (path relative to it, path), in the order sorting their
    paths gives, one at a time: each folder's entries by name, a subfolder's files in its
    place."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    for entry in entries:
        shown = f"{under}{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _files_in_order(Path(entry.path), f"{shown}/")
        elif entry.is_file():
            yield shown, Path(entry.path)


def iter_tree_entries(
    folder: Path,
    *,
    skip: tuple[str, ...] = (NAME,),
    known: Mapping[str, tuple[str, int]] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every file under ``folder`` (paths relative to it, sorted), with hash and size, one
    at a time; a file in ``known`` (path → SHA-256 and size, taken as it was written) is not
    read again."""
    known = known or {}
    for shown, path in _files_in_order(folder):
        if shown in skip:
            continue
        if shown in known:
            digest, size = known[shown]
            yield {"path": shown, "sha256": digest, "bytes": size}
        else:
            yield file_entry(path, shown)


def dumps(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


_OUTPUTS = "\0outputs\0"


_ENTRY_KEYS = ["path", "sha256", "bytes"]


def _entry_text(entry: dict[str, Any]) -> str:
    """One entry of ``outputs`` as :func:`dumps` lays it out inside the list (indented by
    four): the usual entry (a path, a hash and a size) written directly, since a build of
    40,000 places writes 700,000 of them and ``json.dumps`` with ``indent`` runs in Python."""
    path, digest, size = entry.get("path"), entry.get("sha256"), entry.get("bytes")
    if (
        list(entry) == _ENTRY_KEYS
        and isinstance(path, str)
        and isinstance(digest, str)
        and type(size) is int
    ):
        quoted = json.encoder.encode_basestring(path), json.encoder.encode_basestring(digest)
        return (
            f'{{\n      "path": {quoted[0]},\n      "sha256": {quoted[1]},\n'
            f'      "bytes": {size}\n    }}'
        )
    return json.dumps(entry, indent=2, ensure_ascii=False).replace("\n", "\n    ")


def write_manifest(path: Path, manifest: dict[str, Any]) -> str:
    """Write ``manifest`` to ``path`` as :func:`dumps` gives it, its ``outputs`` (a list or
    an iterator of entries) written one entry at a time, so a build of many thousands of
    files never holds the list; returns the file's SHA-256."""
    outputs = manifest["outputs"]
    text = dumps({**manifest, "outputs": _OUTPUTS})
    head, tail = text.split(json.dumps(_OUTPUTS), 1)
    total = hashlib.sha256()
    with path.open("w", encoding="utf-8", newline="\n") as out:

        def put(part: str) -> None:
            out.write(part)
            total.update(part.encode("utf-8"))

        put(head)
        first = True
        for entry in outputs:
            put(("[\n    " if first else ",\n    ") + _entry_text(entry))
            first = False
        put("[]" if first else "\n  ]")
        put(tail)
    return total.hexdigest()


def read_manifest(build_dir: Path) -> dict[str, Any]:
    """A build's manifest, or a clear error when the folder holds no finished build."""
    path = build_dir / NAME
    if not path.is_file():
        raise InputError(
            Problem(
                str(build_dir),
                "is not a finished build (it has no manifest.json)",
                hint="Run drafts build first, or name a build folder such as out/<story>",
            )
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise InputError(
            Problem(str(path), f"cannot be read ({err})", hint="Rebuild with drafts build")
        ) from None


def verify(build_dir: Path, manifest: dict[str, Any], prefix: str = "") -> list[str]:
    """Output files under ``prefix`` whose bytes no longer match the manifest (or are gone)."""
    bad = []
    for entry in manifest.get("outputs", []):
        if not entry["path"].startswith(prefix):
            continue
        path = build_dir / entry["path"]
        if not path.is_file() or file_sha256(path)[0] != entry["sha256"]:
            bad.append(entry["path"])
    return bad


def downloaded(dataset: Dataset) -> list[dict[str, Any]]:
    """The data as downloaded, when the story reads it from a web address."""
    source = dataset.source
    if source is None or not is_url(source.shown):
        return []
    return [{"path": source.shown, "sha256": source.sha256, "bytes": source.size}]


def manifest_body(
    story: Story,
    embargo: tuple[str | None, datetime.datetime | None],
    drafts: list[DraftResult],
    packs: list[str],
    warnings: list[str],
    inputs: list[dict[str, Any]],
    folder: Path,
    *,
    partial: bool,
    known: Mapping[str, tuple[str, int]] | None = None,
) -> dict[str, Any]:
    """The manifest of the build staged in ``folder``, all but its ``run`` entry: the
    embargo (its line and time), counts and warnings of the ``drafts``, the ``packs`` made,
    the ``inputs`` the drafts were made from and every file written."""
    line, at = embargo

    def kind(name: str) -> int:
        return sum(d.kind == name for d in drafts)

    return {
        "story": story.slug,
        "title": story.title,
        "partial": partial,
        "embargo": {"line": line, "at": at.isoformat() if at else None},
        "counts": {
            "drafts": len(drafts),
            **{name: kind(name) for name in DRAFT_KINDS},
            "packs": len(packs),
            "illustrative": sum(d.illustrative for d in drafts),
            "awaiting_response": sum(d.awaiting_response for d in drafts),
            "with_missing_figures": sum(bool(d.missing) for d in drafts),
        },
        "warnings": {
            "illustrative": [d.folder for d in drafts if d.illustrative],
            "awaiting_response": [d.folder for d in drafts if d.awaiting_response],
            "missing_figures": {d.folder: list(d.missing) for d in drafts if d.missing},
            "messages": list(warnings),
        },
        "drafts": [
            {"folder": d.folder, "name": d.name, "kind": d.kind, "files": d.file_names}
            for d in drafts
        ],
        "packs": packs,
        "inputs": inputs,
        "outputs": iter_tree_entries(folder, known=known),
    }
