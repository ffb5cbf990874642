"""Writing a draft's files into the build folder: each file once, each folder checked once.

:func:`write_tree` writes exactly what checking and writing every file on its own would
(:func:`generator.base.names.inside` on its path, its folder made, its bytes written), with the
same refusals, but resolves each folder once rather than each file's whole path, and makes each
folder once. A file name that is not plain (``.``, ``..``, an empty part) and a file that is
already a symbolic link take the file-by-file way, so every link is still followed and checked
as :func:`~generator.base.names.inside` follows it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.base.names import OutsideFolder, inside

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
"""Open a file but not through a link (POSIX); without it every file is checked on its own."""
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | _NOFOLLOW
_DRIVE = re.compile(r"[A-Za-z]:")
_LINKED = (errno.ELOOP, errno.EMLINK)
"""What opening a link with O_NOFOLLOW fails with (EMLINK on FreeBSD)."""

Written = dict[str, tuple[str, int]]
"""Each written file's path (relative to the folder) → its SHA-256 and size."""

_ENTRY = 40
"""Bytes a file takes in :class:`Hashes`: its SHA-256 (32) and its size (8, big-endian)."""


class Hashes(Mapping[str, tuple[str, int]]):
    """Path → SHA-256 (hex) and size of every file a build wrote, for its manifest, held
    compactly: a build of 40,000 places writes some 700,000 files, and a dict of strings and
    tuples costs about 400 bytes a file where this costs about 60. Files are grouped by folder:
    a folder's names (interned: every draft's files share them) and one ``bytes`` of its
    files' digests and sizes."""

    def __init__(self) -> None:
        self._folders: dict[str, tuple[tuple[str, ...], bytes]] = {}
        self._count = 0

    def update(self, written: Mapping[str, tuple[str, int]]) -> None:
        """Add (or replace) the files of ``written``."""
        grouped: dict[str, dict[str, tuple[str, int]]] = {}
        for path, entry in written.items():
            cut = path.rfind("/")
            grouped.setdefault(path[: max(cut, 0)], {})[path[cut + 1 :]] = entry
        for folder, files in grouped.items():
            if folder in self._folders:
                before = dict(self._entries(folder))
                self._count -= len(before)
                files = {**before, **files}
            names = tuple(sys.intern(name) for name in files)
            packed = b"".join(
                bytes.fromhex(digest) + size.to_bytes(8, "big") for digest, size in files.values()
            )
            self._folders[sys.intern(folder)] = (names, packed)
            self._count += len(names)

    def _entries(self, folder: str) -> Iterator[tuple[str, tuple[str, int]]]:
        names, packed = self._folders[folder]
        for i, name in enumerate(names):
            entry = packed[i * _ENTRY : (i + 1) * _ENTRY]
            yield name, (entry[:32].hex(), int.from_bytes(entry[32:], "big"))

    def __getitem__(self, path: str) -> tuple[str, int]:
        cut = path.rfind("/")
        found = self._folders.get(path[: max(cut, 0)])
        if found is None:
            raise KeyError(path)
        names, packed = found
        try:
            i = names.index(path[cut + 1 :])
        except ValueError:
            raise KeyError(path) from None
        entry = packed[i * _ENTRY : (i + 1) * _ENTRY]
        return entry[:32].hex(), int.from_bytes(entry[32:], "big")

    def __iter__(self) -> Iterator[str]:
        for folder in self._folders:
            for name in self._folders[folder][0]:
                yield f"{folder}/{name}" if folder else name

    def __len__(self) -> int:
        return self._count


def _plain_folder(head: str) -> bool:
    """Whether ``head`` (a path's folders with their trailing ``/``, or "") names folders
    below the build folder by name alone: relative, no ``.``, ``..`` or empty part, no NUL."""
    if not head:
        return True
    if "\0" in head or head.startswith("/") or _DRIVE.match(head):
        return False
    return all(part not in ("", ".", "..") for part in head[:-1].split("/"))


def _plain_leaf(head: str, leaf: str) -> bool:
    return (
        leaf not in ("", ".", "..") and "\0" not in leaf and not (not head and _DRIVE.match(leaf))
    )


def _write_checked(folder: Path, shown: str, data: str | bytes) -> tuple[Path, bytes]:
    """One file the file-by-file way: its whole path resolved and checked, its folder made."""
    path = inside(folder, shown)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(raw)
    return path, raw


def _write_new(path: str, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it is a symbolic link (then False, nothing written)."""
    try:
        fd = os.open(path, _FLAGS, 0o666)
    except OSError as err:
        if err.errno in _LINKED:
            return False
        raise
    with open(fd, "wb") as out:
        out.write(data)
    return True


class _Folder:
    """One folder of the tree, resolved and checked once, made before its first file: where
    its files go, and their names as :func:`write_tree` returns them (worked out after its
    first file is written, as the file-by-file way does, so an error comes at the same point)."""

    __slots__ = ("made", "path", "prefix", "text")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = os.fspath(path) + os.sep
        self.made = False
        self.prefix: str | None = None

    def make(self) -> None:
        if not self.made:
            self.path.mkdir(parents=True, exist_ok=True)
            self.made = True

    def key(self, folder: Path, leaf: str) -> str:
        if self.prefix is None:
            relative = self.path.relative_to(folder).as_posix()
            self.prefix = "" if relative == "." else relative + "/"
        return self.prefix + leaf


def _folder(folder: Path, base: Path, head: str) -> _Folder | None:
    """``head``'s folder resolved and checked; None when it is not plain or resolves to the
    build folder's own place or outside it (its files then go file by file, refused or not
    exactly as alone)."""
    if not _NOFOLLOW or not _plain_folder(head):
        return None
    if not head:
        return _Folder(base)
    try:
        return _Folder(inside(folder, head[:-1]))
    except OutsideFolder:
        return None


def write_tree(folder: Path, files: Mapping[str, str | bytes], under: str = "") -> Written:
    """Write ``files`` (path → content) into ``folder``, under its subfolder ``under`` when
    given; a path that would land outside ``folder`` is refused (names.OutsideFolder).
    Returns each written file's path (relative to ``folder``) → its SHA-256 and size."""
    written: Written = {}
    folders: dict[str, _Folder | None] = {}
    base: Path | None = None
    for name, content in files.items():
        shown = f"{under}/{name}" if under else name
        cut = shown.rfind("/") + 1
        head, leaf = shown[:cut], shown[cut:]
        if head not in folders:
            if base is None:
                base = folder.resolve()
            folders[head] = _folder(folder, base, head)
        place = folders[head]
        if place is not None and _plain_leaf(head, leaf):
            place.make()
            data = content.encode("utf-8") if isinstance(content, str) else content
            if _write_new(place.text + leaf, data):
                written[place.key(folder, leaf)] = (hashlib.sha256(data).hexdigest(), len(data))
                continue
        path, data = _write_checked(folder, shown, content)
        written[path.relative_to(folder).as_posix()] = (hashlib.sha256(data).hexdigest(), len(data))
    return written
