"""Corrections: which drafts changed between two builds, and the sentences that changed.

A draft is a folder of a build holding Markdown (a place's draft, a partner's, a station's
scripts, the national story). Its words are what a partner publishes, so a draft has changed
when the text of any of its Markdown files has; the other formats are made from the same text.
Drafts whose facts or other files changed with no change to the text are counted apart, so
the correction note speaks only of what readers would see. Packs are not drafts: a pack
changed when any of its bytes did (its zip, as the manifests record it), and every such pack
is named, those whose text changed (a Markdown file in the zip: a draft, or its method note)
apart from those whose charts, facts or other files alone changed.
"""

from __future__ import annotations

import difflib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.checks.style import sentences
from generator.delivery.manifest import read_manifest, sha256


@dataclass(frozen=True)
class Change:
    """One changed draft: its folder, name, and per file the sentences removed and added."""

    folder: str
    name: str
    status: str  # "changed", "added" or "removed"
    sentences: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)


@dataclass
class Comparison:
    """What differs between an old and a new build."""

    changed: list[Change]
    other_files: list[str]
    unchanged: int
    packs: list[str]  # outlets whose pack holds a draft whose text changed
    other_packs: list[str] = field(default_factory=list)
    """Outlets whose pack's bytes changed with no change to its text (charts, facts)."""

    @property
    def folders(self) -> list[str]:
        return [c.folder for c in self.changed]


def _drafts(build_dir: Path) -> dict[str, dict]:
    manifest = read_manifest(build_dir)
    return {d["folder"]: d for d in manifest.get("drafts", [])}


def _hashes(build_dir: Path) -> dict[str, str]:
    manifest = read_manifest(build_dir)
    return {e["path"]: e["sha256"] for e in manifest.get("outputs", [])}


def _text_sentences(path: Path) -> list[str]:
    if not path.is_file():
        return []
    found = []
    for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
        found += sentences(" ".join(paragraph.split()))
    return found


def changed_sentences(old: Path, new: Path) -> tuple[list[str], list[str]]:
    """Sentences only in the old file, and sentences only in the new one, in order."""
    before, after = _text_sentences(old), _text_sentences(new)
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            removed += before[a1:a2]
            added += after[b1:b2]
    # A sentence repeated (scripts at several lengths) is shown once; one that only moved, not.
    gone = [s for s in dict.fromkeys(removed) if s not in added]
    fresh = [s for s in dict.fromkeys(added) if s not in removed]
    return gone, fresh


def compare(old_dir: Path, new_dir: Path) -> Comparison:
    """Compare two finished builds (folders holding a manifest.json)."""
    old_drafts, new_drafts = _drafts(old_dir), _drafts(new_dir)
    old_hashes, new_hashes = _hashes(old_dir), _hashes(new_dir)
    changed: list[Change] = []
    other: list[str] = []
    unchanged = 0
    for folder in [*new_drafts, *(f for f in old_drafts if f not in new_drafts)]:
        draft = new_drafts.get(folder) or old_drafts[folder]
        if folder not in old_drafts or folder not in new_drafts:
            status = "added" if folder in new_drafts else "removed"
            changed.append(Change(folder, draft["name"], status))
            continue
        names = sorted(set(old_drafts[folder]["files"]) | set(new_drafts[folder]["files"]))
        paths = [f"{folder}/{n}" for n in names]
        texts = [p for p in paths if p.endswith(".md")]
        moved = [p for p in texts if old_hashes.get(p) != new_hashes.get(p)]
        if moved:
            found = {
                p.rsplit("/", 1)[-1]: changed_sentences(old_dir / p, new_dir / p) for p in moved
            }
            changed.append(Change(folder, draft["name"], "changed", found))
        elif any(old_hashes.get(p) != new_hashes.get(p) for p in paths):
            other.append(folder)
        else:
            unchanged += 1
    old_texts, new_texts = pack_texts(old_dir, old_hashes), pack_texts(new_dir, new_hashes)
    packs = sorted(
        {
            p.split("/")[1]
            for p in set(old_texts) | set(new_texts)
            if old_texts.get(p) != new_texts.get(p)
        }
    )
    old_packs, new_packs = pack_bytes(old_hashes), pack_bytes(new_hashes)
    rewritten = {s for s in {*old_packs, *new_packs} if old_packs.get(s) != new_packs.get(s)}
    return Comparison(changed, other, unchanged, packs, sorted(rewritten - set(packs)))


def pack_bytes(hashes: dict[str, str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each pack's recorded bytes by outlet slug: its zip's hash (``packs/<slug>.zip``), or
    every file's of a build whose packs were unpacked folders (``packs/<slug>/...``)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path, digest in hashes.items():
        if path.startswith("packs/"):
            name = path.split("/")[1]
            slug = name.removesuffix(".zip") if path.count("/") == 1 else name
            found.setdefault(slug, []).append((path, digest))
    return {slug: tuple(sorted(entries)) for slug, entries in found.items()}


def pack_texts(build_dir: Path, hashes: dict[str, str]) -> dict[str, str]:
    """The SHA-256 of each Markdown file in the build's packs, by ``packs/<slug>/<path>``:
    read from inside each ``packs/<slug>.zip``, or from the manifest for a build whose packs
    were also unpacked folders. A zip that cannot be read counts as changed."""
    texts = {
        p: digest
        for p, digest in hashes.items()
        if p.startswith("packs/") and p.count("/") > 1 and p.endswith(".md")
    }
    for path, digest in hashes.items():
        if not (path.startswith("packs/") and path.count("/") == 1 and path.endswith(".zip")):
            continue
        try:
            with zipfile.ZipFile(build_dir / path) as archive:
                for name in archive.namelist():
                    if name.endswith(".md"):
                        texts[f"packs/{name}"] = sha256(archive.read(name))
        except (OSError, zipfile.BadZipFile):
            texts[path.removesuffix(".zip") + "/"] = f"unreadable {digest}"
    return texts


def change_dict(change: Change) -> dict[str, Any]:
    """One changed draft as JSON shows it (``drafts diff --json``, the preview's
    ``changes.json``): ``folder``, ``name``, ``status`` and ``files``, each file's ``removed``
    and ``added`` sentences."""
    return {
        "folder": change.folder,
        "name": change.name,
        "status": change.status,
        "files": {
            name: {"removed": removed, "added": added}
            for name, (removed, added) in change.sentences.items()
        },
    }


def as_dict(comparison: Comparison, old_name: str, new_name: str) -> dict[str, Any]:
    """The comparison as ``drafts diff --json`` prints it (keys in docs/commands.md)."""
    return {
        "old": old_name,
        "new": new_name,
        "changed": [change_dict(c) for c in comparison.changed],
        "other_files_changed": comparison.other_files,
        "unchanged": comparison.unchanged,
        "packs_text_changed": comparison.packs,
        "packs_other_changed": comparison.other_packs,
    }


def report(comparison: Comparison, old_name: str, new_name: str) -> str:
    """The comparison as a correction note for the unit."""
    count = len(comparison.changed)
    if not count:
        lines = [f"No draft's text changed between {old_name} and {new_name}."]
    else:
        noun = "draft" if count == 1 else "drafts"
        lines = [f"{count} {noun} changed between {old_name} and {new_name}:", ""]
        for change in comparison.changed:
            lines.append(f"{change.folder} ({change.name}): {change.status}")
            for name, (removed, added) in change.sentences.items():
                lines.append(f"  {name}")
                lines += [f"    - {s}" for s in removed]
                lines += [f"    + {s}" for s in added]
            lines.append("")
    if comparison.packs:
        lines.append(f"Packs to send again (text changed): {', '.join(comparison.packs)}")
    if comparison.other_packs:
        lines.append(
            "Packs to send again (charts, facts or other files changed, not the text): "
            + ", ".join(comparison.other_packs)
        )
    if comparison.other_files:
        lines.append(
            f"Facts or other formats changed but not the text: {len(comparison.other_files)} "
            "drafts (totals across every place in facts.json, for instance)"
        )
    lines.append(f"Unchanged: {comparison.unchanged}")
    return "\n".join(lines).rstrip() + "\n"
