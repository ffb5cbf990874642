"""Drafts an incremental build keeps: their files linked from the last build into the new one.

When a draft's digest is the one it had in the last full build (:mod:`generator.delivery.cache`),
the build does not render it again: :class:`Kept` links each of its files from the last build
(``out/<story>/``) into the staging folder, after checking its bytes against the last build's
manifest, so a file changed by hand since is never carried into a new build: the draft is
rendered afresh instead. A hard link writes nothing; where links are not possible the file is
copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from generator.base.names import inside
from generator.delivery.cache import BuildState
from generator.delivery.tree import Hashes
from generator.drafts.jobs import DraftResult


class Kept:
    """Links the files of unchanged drafts from the last build at ``out_dir`` into ``folder``."""

    def __init__(self, out_dir: Path, folder: Path, state: BuildState | None) -> None:
        self.out_dir = out_dir
        self.folder = folder
        self.state = state
        self.written = Hashes()
        """Every file written or linked into ``folder``: path → SHA-256 and size."""
        self._hashes: dict[str, str] | None = None

    def _listed(self) -> dict[str, str]:
        """The last build's outputs as its manifest lists them: path → SHA-256."""
        if self._hashes is None:
            try:
                manifest = json.loads((self.out_dir / "manifest.json").read_text("utf-8"))
                self._hashes = {e["path"]: e["sha256"] for e in manifest.get("outputs", [])}
            except (OSError, ValueError, KeyError, TypeError):
                self._hashes = {}
        return self._hashes

    def keep(self, draft: DraftResult) -> DraftResult | None:
        """The last build's result for ``draft``, its files linked into the new build; ``None``
        when they cannot be kept (gone, or changed since), so the draft must be rendered."""
        entry = self.state.drafts.get(draft.folder) if self.state else None
        if entry is None or entry.get("key") != draft.key:
            return None
        before = DraftResult.from_record(entry)
        listed = self._listed()
        linked: dict[str, tuple[str, int]] = {}
        for name in before.file_names:
            shown = f"{draft.folder}/{name}"
            source = inside(self.out_dir, shown)
            try:
                if source.is_symlink():
                    return None
                data = source.read_bytes()
            except OSError:
                return None
            digest = hashlib.sha256(data).hexdigest()
            if listed.get(shown) != digest:
                return None
            linked[shown] = (digest, len(data))
        for shown in linked:
            target = inside(self.folder, shown)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(inside(self.out_dir, shown), target)
            except OSError:
                shutil.copyfile(inside(self.out_dir, shown), target)
        self.written.update(linked)
        return before
