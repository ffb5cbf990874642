"""The output folder ``out/<story>/``: one build at a time, written beside it, swapped in whole.

A build holds ``out/.<story>.lock`` while it runs, writes every file into a staging folder
``out/.<story>.build-XXXX`` and only then swaps it in: the old build becomes
``out/.<story>.previous`` (kept for ``drafts diff --since``) and the staging folder becomes
``out/<story>``. A marker file spans the two renames, so a build killed between them is put
right by the next run; staging folders left by a killed build are removed the same way.
Partners therefore only ever see a whole build, old or new.

Only a build is ever moved aside or deleted: every build carries the file
:data:`BUILD_MARKER` (written into each staging folder when it is made, so the manifest lists
it), and a build refuses to touch an existing ``<story>`` or ``.<story>.previous`` folder
without it, so ``--out quotes`` cannot move the story's quotes away. A folder made before the
marker existed counts as a build when it holds a ``manifest.json`` (or, in an outbox, a
``release.json``) naming the story. A symbolic link in place of the build folder, the previous
build or the lock file is refused, never followed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from generator.base.errors import DraftsError

BUILD_MARKER = ".drafts-build"
"""The file that marks a folder as a build (or an outbox) written by drafts."""

LEGACY_LISTINGS = ("manifest.json", "release.json")
"""What a build (or outbox) written before :data:`BUILD_MARKER` holds: a listing naming it."""


class BuildBusy(DraftsError):
    """Another build of the same story is writing to the same output folder."""


class NotABuild(DraftsError):
    """The output folder holds something that is not a build, or a symbolic link: left alone."""


def _regular_file(path: Path) -> bool:
    """Whether ``path`` is a file and not a symbolic link (nothing is followed)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def is_build(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a link) holding a build written by drafts:
    one with :data:`BUILD_MARKER`, or from before it, a ``manifest.json`` or ``release.json``
    whose ``story`` is the folder's name."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False
    except OSError:
        return False
    if _regular_file(folder / BUILD_MARKER):
        return True
    for name in LEGACY_LISTINGS:
        if _regular_file(folder / name):
            try:
                listing = json.loads((folder / name).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(listing, dict) and listing.get("story") == folder.name:
                return True
    return False


def _link_refused(path: Path, what: str) -> NotABuild:
    return NotABuild(
        f"{path} ({what}) is a symbolic link, so it was not followed and nothing was "
        "written. Remove the link, or choose another --out folder"
    )


def check_target(target: Path) -> None:
    """Refuse (:class:`NotABuild`) to build into ``target`` when it, its previous build or its
    lock file is a symbolic link, or when ``target`` or its previous build exists and is not a
    build: moving it aside would lose someone's files."""
    lock = _lock_of(target)
    previous = previous_of(target)
    for path, what in ((target, "the build folder"), (previous, "the previous build")):
        if path.is_symlink():
            raise _link_refused(path, what)
        if os.path.lexists(path) and not is_build(path):
            raise NotABuild(
                f"{path} is not a build made by drafts (it has no {BUILD_MARKER} file), so "
                "it was left alone and nothing was written. Choose another --out folder, "
                "or move that folder away first"
            )
    if lock.is_symlink():
        raise _link_refused(lock, "the lock file")


def _lock_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def _touch(path: Path) -> None:
    """Create ``path`` (empty) without following a symbolic link in its place."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644))


def previous_of(target: Path) -> Path:
    """Where the build before ``target``'s current one is kept."""
    return target.with_name(f".{target.name}.previous")


def _marker(target: Path) -> Path:
    return target.with_name(f".{target.name}.swapping")


def _abandoned(target: Path) -> Iterator[Path]:
    """Staging folders a build left beside ``target`` (killed, or failed to clean up): only
    what a build made, carrying the marker from its first moment (or still empty)."""
    for stale in target.parent.glob(f".{target.name}.build-*"):
        if stale.is_symlink() or not stale.is_dir():
            continue
        if _regular_file(stale / BUILD_MARKER) or not any(stale.iterdir()):
            yield stale


def left_behind(target: Path) -> bool:
    """Whether a killed build left something for :func:`recover` to put right."""
    return _marker(target).exists() or any(True for _ in _abandoned(target))


def recover(target: Path) -> None:
    """Finish what a killed build left: restore a build caught between the two renames of a
    swap, and remove abandoned staging folders. Call only while holding the lock."""
    marker = _marker(target)
    if marker.exists():
        previous = previous_of(target)
        if not target.exists() and previous.exists():
            previous.rename(target)
        marker.unlink()
    # Only what a build left (see _abandoned); anything else of that name is not ours.
    for stale in list(_abandoned(target)):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def locked(target: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the story's build lock (released by the system even if the process is killed),
    waiting up to ``wait`` seconds for another build to finish before giving up. Refuses
    (:class:`NotABuild`) before writing anything when ``target`` is not a build."""
    check_target(target)
    made = not target.parent.exists()
    lock_path = _lock_of(target)
    deadline = time.monotonic() + wait
    while True:
        handle = _open_lock(lock_path, target, deadline)
        # The build that held the lock removes its file as it ends: lock the file that is at
        # the path now, or try again.
        try:
            held = os.fstat(handle.fileno())
            now = os.lstat(lock_path)
            if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                break
        except FileNotFoundError:
            pass
        handle.close()
    try:
        recover(target)
        yield
    finally:
        # Removed while still held, so nobody can lock the old file once this build is over.
        lock_path.unlink(missing_ok=True)
        if made:
            with contextlib.suppress(OSError):
                target.parent.rmdir()  # only when the build left it empty (it failed)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _open_lock(lock_path: Path, target: Path, deadline: float) -> IO[str]:
    """Open the lock file (never through a link) and take the lock, waiting until
    ``deadline`` for another build to release it."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as err:
        if lock_path.is_symlink():
            raise _link_refused(lock_path, "the lock file") from None
        raise NotABuild(f"cannot open the lock file {lock_path}: {err.strerror}") from None
    handle = os.fdopen(descriptor, "w")
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.close()
                raise BuildBusy(
                    f"another build is writing {target} (it holds {lock_path}). "
                    "Wait for it to finish, then run this again"
                ) from None
            time.sleep(0.1)


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``target``, marked as a build from the start (so the
    manifest lists the marker); removed unless it was swapped in."""
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        _touch(folder / BUILD_MARKER)
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def swap_in(folder: Path, target: Path) -> None:
    """Make ``folder`` the build at ``target``; the old build becomes the previous one.
    ``folder`` gets the :data:`BUILD_MARKER`; :class:`NotABuild` when what it would replace
    is not a build."""
    check_target(target)
    os.chmod(folder, 0o755)
    _touch(folder / BUILD_MARKER)
    previous = previous_of(target)
    marker = _marker(target)
    if os.path.lexists(previous):
        shutil.rmtree(previous)
    _touch(marker)
    if target.exists():
        target.rename(previous)
    folder.rename(target)
    marker.unlink()
