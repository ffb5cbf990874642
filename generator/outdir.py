"""The output folder ``out/<story>/``: one build at a time, written beside it, swapped in whole.

A build holds ``out/.<story>.lock`` while it runs, writes every file into a staging folder
``out/.<story>.build-XXXX`` and only then swaps it in: the old build becomes
``out/.<story>.previous`` (kept for ``drafts diff --since``) and the staging folder becomes
``out/<story>``. A marker file spans the two renames, so a build killed between them is put
right by the next run; staging folders left by a killed build are removed the same way.
Partners therefore only ever see a whole build, old or new.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DraftsError


class BuildBusy(DraftsError):
    """Another build of the same story is writing to the same output folder."""


def previous_of(target: Path) -> Path:
    """Where the build before ``target``'s current one is kept."""
    return target.with_name(f".{target.name}.previous")


def _marker(target: Path) -> Path:
    return target.with_name(f".{target.name}.swapping")


def recover(target: Path) -> None:
    """Finish what a killed build left: restore a build caught between the two renames of a
    swap, and remove abandoned staging folders. Call only while holding the lock."""
    marker = _marker(target)
    if marker.exists():
        previous = previous_of(target)
        if not target.exists() and previous.exists():
            previous.rename(target)
        marker.unlink()
    for stale in target.parent.glob(f".{target.name}.build-*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the story's build lock (released by the system even if the process is killed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.with_name(f".{target.name}.lock")
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildBusy(
                f"another build is writing {target} (it holds {lock_path}). "
                "Wait for it to finish, then run this again"
            ) from None
        try:
            recover(target)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``target``; removed unless it was swapped in."""
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def swap_in(folder: Path, target: Path) -> None:
    """Make ``folder`` the build at ``target``; the old build becomes the previous one."""
    os.chmod(folder, 0o755)
    previous = previous_of(target)
    marker = _marker(target)
    if previous.exists():
        shutil.rmtree(previous)
    marker.touch()
    if target.exists():
        target.rename(previous)
    folder.rename(target)
    marker.unlink()
