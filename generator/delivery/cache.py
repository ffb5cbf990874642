"""Incremental builds: what the last build of a story was made from, so the next one redoes
only what changed.

After each full build, ``out/.<story>.state.json`` records the engine's fingerprint (a hash of
the ``generator`` package's files and the Python version), the build's options, every input
file's SHA-256, the manifest's SHA-256 and, for each draft, the digest of everything it was
made from (:mod:`generator.drafts.digest`) with what the build listed about it.

- **Nothing changed** (:func:`unchanged`): the engine, options and every input file hash as
  recorded, no file was added to the story's folders and the build's manifest is the one the
  state names. The build is left as it is, manifest and all; this check reads only the input
  files and needs none of the engine's heavier modules.
- **Something changed**: the story is prepared again, and each draft's digest is compared with
  the last build's. Every draft hashes the story's own inputs (templates, manifest, data,
  places, outlets) and the engine; its quotes reach it through its template variables. A data
  change therefore remakes every draft (ranks, charts and traces read every row), while a new
  quote remakes only the drafts that carry it. A draft whose digest is unchanged keeps its
  files, linked from the last build after their bytes are checked against its manifest.

The state is plain JSON; nothing in it is run. It is written after the build is swapped in
and names the SHA-256 of that build's manifest, so a state that does not describe the build in
``out/<story>`` (a partial build replaced it, or a build failed before writing its state) is
never used. A partial build (``--force``) removes it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import sys
import zlib
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.base.names import is_url
from generator.delivery.outdir import left_behind

FORMAT = 1
"""The state file's layout; a state of another layout is ignored."""
DISTRIBUTION = "local-drafts"
"""The engine's distribution name (its dependencies are part of its fingerprint)."""


def state_path(out_dir: Path) -> Path:
    """Where the state of the build at ``out_dir`` (``out/<story>``) is kept."""
    return out_dir.with_name(f".{out_dir.name}.state.json")


@cache
def engine_fingerprint() -> str:
    """A hash of every file of the installed ``generator`` package, the Python version, the
    installed versions of the engine's dependencies and zlib's: any change to what makes the
    bytes of a draft (the engine's code, its own templates, Jinja2, Pillow, python-docx, the
    compressor) makes every draft again. Two machines with the same fingerprint make the same
    bytes from the same inputs."""
    package = Path(__file__).resolve().parents[1]
    total = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    total.update(f"zlib={zlib.ZLIB_RUNTIME_VERSION}\0".encode())
    for name, version in _dependencies():
        total.update(f"{name}={version}\0".encode())
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        total.update(path.relative_to(package).as_posix().encode() + b"\0")
        total.update(hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


def _dependencies() -> list[tuple[str, str]]:
    """The engine's declared dependencies with their installed versions, sorted."""
    try:
        required = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in sorted(required):
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            found.append((name, "missing"))
    return found


def story_folders(slug: str) -> tuple[str, ...]:
    """The folders a build copies whole (a file added to one is a change)."""
    return (f"templates/{slug}/", f"quotes/{slug}/")


def build_key(slug: str, inputs: dict[str, str], options: dict[str, Any]) -> str:
    """The digest every draft of the build starts from: the engine, the options and every
    input but the quotes (which reach a draft through its template variables)."""
    quotes = f"quotes/{slug}/"
    total = hashlib.sha256(engine_fingerprint().encode())
    total.update(json.dumps(options, sort_keys=True).encode())
    for path, digest in sorted(inputs.items()):
        if not path.startswith(quotes):
            total.update(f"{path}\0{digest}\0".encode())
    return total.hexdigest()


@dataclass
class BuildState:
    """What the last full build of a story was made from, and what it made."""

    engine: str
    options: dict[str, Any]
    inputs: dict[str, str]
    """Input path (relative to the project) → SHA-256."""
    manifest: str = ""
    """The SHA-256 of the build's ``manifest.json``."""
    summary: str = ""
    """The run summary the build printed."""
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Draft folder → its digest (``key``) and what the build listed about it."""
    unit: str = "place"
    warnings: list[str] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)
    chance: list[str] = field(default_factory=list)
    primary: str = ""
    """The name of the story's first output (``article``): what ``drafts show`` prints."""
    format: int = FORMAT

    def keys(self) -> dict[str, str]:
        """Draft folder → digest."""
        return {folder: entry["key"] for folder, entry in self.drafts.items()}


def save_state(out_dir: Path, state: BuildState) -> None:
    """Write the state beside the build (replacing the last one in one rename)."""
    path = state_path(out_dir)
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(asdict(state), indent=1), encoding="utf-8")
    os.replace(partial, path)


def forget_state(out_dir: Path) -> None:
    """Remove the state (after a partial build, or when a build failed halfway)."""
    state_path(out_dir).unlink(missing_ok=True)


def load_state(out_dir: Path, options: dict[str, Any]) -> BuildState | None:
    """The last build's state when it was made by this engine with the same options and the
    build at ``out_dir`` is still the one it describes (its manifest's SHA-256)."""
    path = state_path(out_dir)
    if path.is_symlink() or not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        state = BuildState(**raw)
    except (OSError, ValueError, TypeError):
        return None
    if state.format != FORMAT or state.engine != engine_fingerprint():
        return None
    if state.options != options:
        return None
    if _sha256(out_dir / "manifest.json") != state.manifest:
        return None  # the build there is not the one the state describes
    return state


def _sha256(path: Path) -> str | None:
    try:
        if path.is_symlink():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(root: Path, slug: str, out_dir: Path, options: dict[str, Any]) -> BuildState | None:
    """The last build's state when nothing it was made from has changed and its manifest is
    still the one it wrote; ``None`` when the story must be built."""
    if left_behind(out_dir):
        return None  # a killed build left folders to clear: the build takes its lock first
    state = load_state(out_dir, options)
    if state is None or not state.inputs or any(is_url(path) for path in state.inputs):
        return None  # data read from a web address is only known by downloading it again
    if any(_sha256(root / path) != digest for path, digest in state.inputs.items()):
        return None
    for folder in story_folders(slug):
        present = {
            p.relative_to(root).as_posix()
            for p in (root / folder).rglob("*")
            if p.is_file() or p.is_symlink()
        }
        if present != {p for p in state.inputs if p.startswith(folder)}:
            return None
    return state


def built_file(root: Path, story: str, slug: str, fmt: str) -> str | None:
    """Place ``slug``'s draft in format ``fmt`` (``md``, ``txt``, ``html``; ``json`` for its
    facts) from the last full build in ``root/out``, when nothing it read has changed since;
    ``None`` when it must be rendered."""
    out_dir = root / "out" / story
    state = unchanged(root, story, out_dir, {"embargo": None})
    entry = state.drafts.get(slug) if state is not None else None
    if state is None or entry is None or entry.get("kind") != "place" or not state.primary:
        return None
    name = "facts.json" if fmt == "json" else f"{state.primary}.{fmt}"
    path = out_dir / slug / name
    if name not in entry.get("names", ()) or path.is_symlink():
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    listed = hashlib.sha256(data).hexdigest()
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    if {"path": f"{slug}/{name}", "sha256": listed, "bytes": len(data)} not in manifest["outputs"]:
        return None  # changed by hand since the build
    return data.decode("utf-8")
