"""What the preview server knows of its story: the last good build, the sentences the last
rebuild changed, and the error of a bad edit.

The server shows one :class:`Shown` at a time: a finished rebuild's changes and error with the
build folder they describe, published whole when the rebuild ends, before :attr:`Preview.busy`
is cleared. The build swaps its new folder in before the changes are compared, so while a
rebuild is busy a folder other than :attr:`Shown.build` holds pages the changes do not yet
speak of (the server waits: :meth:`generator.preview.server.Server.page`).

A rebuild is an ordinary incremental build (:func:`generator.pipeline.build`), so only the
drafts whose inputs changed are made again and a failed build leaves the last good one in
place. The sentences that changed come from comparing the build with the one it replaced
(``out/.<story>.previous``) the way ``drafts diff --since`` does
(:func:`generator.delivery.diff.compare`). An error never leaves this module as an exception:
it becomes :attr:`Preview.error`, shown in the browser, and the server keeps serving.
"""

from __future__ import annotations

import datetime
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.base.errors import DraftsError
from generator.base.faults import fault_message
from generator.delivery.diff import Change, compare
from generator.delivery.manifest import read_manifest
from generator.delivery.outdir import previous_of
from generator.inputs.snapshot import StaleInputs

if TYPE_CHECKING:
    from generator.pipeline import BuildResult

STALE_TRIES = 5
"""Builds started in a row before giving up while files keep changing under them."""
STORY_FOLDERS = ("templates", "data", "quotes")
"""The project folders holding a story's inputs, each with a folder per story."""


FolderId = tuple[int, int]
"""A folder's device and inode: ``out/<story>/`` gets a new one each time a build swaps in."""


def folder_id(folder: Path) -> FolderId | None:
    """``folder``'s :data:`FolderId`, ``None`` while it is missing (between a swap's renames)."""
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return found.st_dev, found.st_ino


@dataclass(frozen=True)
class Shown:
    """What one finished rebuild left to show, replaced whole: ``generation`` rises whenever
    an open page should reload (a rebuild changed the build, or an error appeared or went
    away; the page is told it over Server-Sent Events); ``build`` is the build folder the
    ``changes`` describe (:func:`folder_id`)."""

    story: str
    generation: int = 0
    changes: tuple[Change, ...] = ()
    error: str | None = None
    built_at: str = ""
    build: FolderId | None = None


@dataclass
class Preview:
    """One story being previewed: where it is built, what the last rebuild left to show
    (:attr:`shown`) and whether a rebuild is running (:attr:`busy`)."""

    root: Path
    story: str
    out: Path
    shown: Shown = field(init=False)
    busy: bool = False
    summary: str = ""
    extra: set[Path] = field(default_factory=set)
    """The files outside the story's own folders that the last build read."""

    def __post_init__(self) -> None:
        self.shown = Shown(self.story)

    @property
    def build_dir(self) -> Path:
        """``out/<story>/``: the folder served."""
        return self.out / self.story

    def inputs(self) -> set[Path]:
        """Every file the last build read (the places file, ``data/outlets.yaml`` and the
        story's own), from its manifest."""
        try:
            entries = read_manifest(self.build_dir).get("inputs", [])
        except (OSError, ValueError, DraftsError):
            return set()
        return {
            (self.root / entry["path"]).resolve()
            for entry in entries
            if isinstance(entry, dict) and isinstance(entry.get("path"), str)
        }

    def watched(self, path: Path) -> bool:
        """Whether a saved file at ``path`` is something the story's build reads."""
        path = path.resolve()
        for folder in STORY_FOLDERS:
            own = (self.root / folder / self.story).resolve()
            if path == own or own in path.parents:
                return True
        return path in self.extra

    def rebuild(self) -> bool:
        """Build the story again and publish what to show (then, and only then, no longer
        busy); whether open pages should reload."""
        self.busy = True
        try:
            return self._rebuild()
        finally:
            self.extra = self.inputs()
            self.busy = False

    def _build(self) -> BuildResult | None:
        """One build, started again when a file is saved while it runs (the build stops
        rather than swap in what it read before the save); ``None`` if they keep changing."""
        from generator.pipeline import build  # the engine, loaded once in the server

        for _ in range(STALE_TRIES):
            try:
                return build(self.root, self.story, out=self.out)
            except StaleInputs:
                continue
        return None

    def _rebuild(self) -> bool:
        had_error = self.shown.error is not None
        try:
            result = self._build()
            if result is None:
                return self._failed("the story's files kept changing during the build; save again")
        except DraftsError as err:
            return self._failed(str(err))
        except Exception as err:  # a bad edit must never stop the server
            message = fault_message(err)
            if message is None:
                traceback.print_exc(file=sys.stderr)
                message = f"unexpected error ({type(err).__name__}: {err}); see the terminal"
            return self._failed(message)
        self.summary = result.summary()
        if result.unchanged:
            self._publish(error=None, reload=had_error)
            return had_error
        self._publish(error=None, reload=True, changes=self._compare())
        return True

    def _publish(
        self, *, error: str | None, reload: bool, changes: list[Change] | None = None
    ) -> None:
        """Show what this rebuild left, with the build folder it left, in one assignment;
        ``changes`` only when the build changed (then it is stamped with the time)."""
        shown = self.shown
        self.shown = Shown(
            self.story,
            generation=shown.generation + reload,
            changes=shown.changes if changes is None else tuple(changes),
            error=error,
            built_at=shown.built_at if changes is None else _now(),
            build=folder_id(self.build_dir),
        )

    def _compare(self) -> list[Change]:
        previous = previous_of(self.build_dir)
        if not previous.is_dir():
            return []
        try:
            return compare(previous, self.build_dir).changed
        except (OSError, ValueError, KeyError, DraftsError) as err:
            print(f"could not compare with the previous build: {err}", file=sys.stderr)
            return []

    def _failed(self, message: str) -> bool:
        changed = message != self.shown.error
        self.summary = f"Error: {message}; still serving the last good build"
        self._publish(error=message, reload=changed)
        return changed


def _now() -> str:
    return datetime.datetime.now().strftime("%H:%M:%S")
