"""One build, one snapshot: every input file is read once, at the start, into a private copy.

A build copies its story's inputs (the templates folder with its manifest, the data file, the
quotes folder, the places file and the outlets file) into a temporary folder, hashes each file
as it copies it, and then reads only that copy. Drafts, packs and the manifest therefore come
from the same bytes, and the manifest's input hashes are the hashes of what the drafts were
made from, even if a journalist saves a file halfway through the build.

Before the build is swapped in, the files in the project are hashed again: if one changed
while the build ran, the build is stale and stops (nothing is written), so an older build can
never replace one made from corrected figures.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base.errors import DraftsError, InputError, Problem
from generator.base.names import is_url
from generator.inputs.steps import Join
from generator.inputs.story import Story, load_story, story_slugs


class StaleInputs(DraftsError):
    """An input file changed while the build was running."""


@dataclass
class Snapshot:
    """A private copy of a story's inputs under ``root``, with what each file hashed to.

    ``entries`` map a path relative to the project (``data/<story>/figures.csv``) to its
    SHA-256 and size when it was copied."""

    source: Path
    root: Path
    entries: dict[str, tuple[str, int]] = field(default_factory=dict)

    def copy(self, relative: Path, cap: int | None = None) -> None:
        """Copy one file or every file of one folder from the project into the snapshot. A
        file longer than ``cap`` bytes is copied only to ``cap + 1`` bytes, enough for its
        reader to refuse it by its limit without the whole file being read."""
        origin = self.source / relative
        if origin.is_dir() and not origin.is_symlink():
            for path in sorted(origin.rglob("*")):
                if path.is_file() or path.is_symlink():
                    self._copy_file(path.relative_to(self.source), cap)
        elif origin.exists() or origin.is_symlink():
            self._copy_file(relative, cap)

    def _copy_file(self, relative: Path, cap: int | None) -> None:
        origin = self.source / relative
        shown = relative.as_posix()
        if origin.is_symlink():
            target = origin.resolve()
            if not target.is_relative_to(self.source.resolve()):
                raise InputError(
                    Problem(
                        shown,
                        f"is a link to {target}, outside the project",
                        hint="Copy the file into the project instead of linking to it",
                    )
                )
        if not origin.is_file():
            return
        with open(origin, "rb") as handle:
            data = handle.read(-1 if cap is None else cap + 1)
        copy = self.root / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(data)
        self.entries[shown] = (hashlib.sha256(data).hexdigest(), len(data))

    def manifest_entries(self) -> list[dict[str, Any]]:
        """The inputs as the manifest lists them: path, SHA-256 and size, sorted by path."""
        return [
            {"path": path, "sha256": digest, "bytes": size}
            for path, (digest, size) in sorted(self.entries.items())
        ]

    def changed(self) -> list[str]:
        """Input files whose bytes in the project differ from the snapshot (or are gone)."""
        changed = []
        for path, (digest, _) in sorted(self.entries.items()):
            origin = self.source / path
            try:
                now = hashlib.sha256(origin.read_bytes()).hexdigest()
            except OSError:
                now = None
            if now != digest:
                changed.append(path)
        return changed

    def check_unchanged(self) -> None:
        """Stop a stale build: raise :class:`StaleInputs` naming every file that changed."""
        changed = self.changed()
        if changed:
            raise StaleInputs(
                f"{', '.join(changed)} changed while the build was running, so its drafts "
                "would not match the files; nothing was written. Run the build again"
            )


def _inputs(story: Story) -> list[tuple[Path, int | None]]:
    """The story's input paths relative to the project, besides its templates folder, each
    with the size its reader refuses beyond."""
    limits = story.limits
    paths = [(Path("quotes") / story.slug, limits.yaml_bytes), (Path(story.unit.places), None)]
    if not is_url(story.data_file):
        paths.append((Path("data") / story.slug / story.data_file, limits.data_bytes))
    for step in story.steps:  # a join step reads another file of the story's data folder
        if isinstance(step, Join) and not is_url(step.file):
            paths.append((Path("data") / story.slug / step.file, limits.data_bytes))
    if story.outlets:
        paths.append((Path(story.outlets), limits.yaml_bytes))
    return paths


@contextmanager
def snapshot(root: Path, slug: str) -> Iterator[Snapshot]:
    """Copy story ``slug``'s inputs under project ``root`` into a temporary folder, removed
    afterwards; the story is validated from the copy of its manifest."""
    if slug not in story_slugs(root):
        load_story(root, slug)  # raises the clear "no such story" error
    with tempfile.TemporaryDirectory(prefix="drafts-inputs-") as folder:
        snap = Snapshot(root.resolve(), Path(folder))
        snap.copy(Path("templates") / slug)
        story = load_story(snap.root, slug)
        for path, cap in _inputs(story):
            snap.copy(path, cap)
        yield snap
