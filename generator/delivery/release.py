"""Release: send each partner its pack, never before the embargo unless told to.

The partners are the outlets on the story's release: those whose ``releases:`` in the outlets
file names the story, and those with no ``releases:`` at all
(:func:`generator.inputs.outlets.release_lists`, read when the release is made, so a partner
can be added without a new build). Every other pack stays in the build, held.

Delivery is a folder for now, ``outbox/<story>/``: one zip per partner (the build's
``packs/<outlet>.zip``) and ``release.json`` listing what went to whom, the files in each zip,
and what was held. Before copying, every pack is checked against the build's manifest, so a
pack edited or damaged after the build is refused rather than sent. The outbox is written
beside itself and swapped in whole, like a build.
"""

from __future__ import annotations

import datetime
import difflib
import json
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.base.errors import DraftsError, display_path
from generator.base.names import inside, slug_problem, story_name_problem
from generator.delivery.embargo import UK
from generator.delivery.manifest import read_manifest, verify
from generator.delivery.outdir import locked, staging, swap_in
from generator.inputs.outlets import release_lists
from generator.inputs.story import load_story

ReleaseLists = Mapping[str, tuple[str, ...] | None]
"""Outlet slug -> the stories its ``releases:`` names (``None``: every story)."""


class ReleaseRefused(DraftsError):
    """Nothing was released: too early, a partial build, or a pack that fails its check."""


@dataclass(frozen=True)
class Delivery:
    """One outlet's pack: its slug, its name, the zip and the files in it; ``held`` says why
    it is not sent ("" when it is)."""

    slug: str
    name: str
    zip_path: Path
    files: list[str]
    size: int
    held: str = ""


def outlets_of(root: Path, story: str) -> tuple[str, ReleaseLists | None]:
    """The story's outlets file as shown to the user and its release lists, or ``("",
    None)`` for a story with no outlets file (then no pack is held)."""
    path = load_story(root, story).outlets_path
    if path is None:
        return "", None
    shown = display_path(path, root)
    return shown, release_lists(path, shown_as=shown)


def _held(story: str, slug: str, lists: ReleaseLists | None, source: str) -> str:
    if lists is None:
        return ""
    if slug not in lists:
        return f"the outlet is no longer in {source}"
    named = lists[slug]
    return "" if named is None or story in named else f"its releases: in {source} omits {story}"


def deliveries(
    build_dir: Path, manifest: dict, lists: ReleaseLists | None = None, source: str = ""
) -> list[Delivery]:
    """Every pack of a build, with what is in it; a pack whose outlet is not on the story's
    release (``lists``, read from the outlets file ``source``) is marked held."""
    story = str(manifest.get("story"))
    names = {d["folder"].rsplit("/", 1)[-1]: d["name"] for d in manifest.get("drafts", [])}
    found = []
    for slug in manifest.get("packs", []):
        problem = slug_problem(str(slug))
        if problem is not None:
            raise ReleaseRefused(
                f"{build_dir}/manifest.json names a pack {slug!r} that {problem}; "
                "run drafts build again before releasing"
            )
        zip_path = inside(build_dir, f"packs/{slug}.zip")
        files = pack_names(zip_path)
        size = zip_path.stat().st_size if zip_path.is_file() else 0
        held = _held(story, slug, lists, source or "the outlets file")
        found.append(Delivery(slug, names.get(slug, slug), zip_path, files, size, held))
    return found


def pack_names(zip_path: Path) -> list[str]:
    """The files in a pack's zip (paths inside the pack), sorted as the manifest sorts paths;
    none when the zip is missing or damaged (the manifest check then refuses the release)."""
    prefix = f"{zip_path.stem}/"
    try:
        with zipfile.ZipFile(zip_path) as archive:
            names = [n[len(prefix) :] for n in archive.namelist() if n.startswith(prefix)]
    except (OSError, zipfile.BadZipFile):
        return []
    return sorted((n for n in names if n and not n.endswith("/")), key=PurePosixPath)


def check_partners(
    story: str, found: list[Delivery], lists: ReleaseLists | None, source: str = ""
) -> None:
    """Raise :class:`ReleaseRefused` when every pack is held: no outlet is on the release."""
    if not found or any(not d.held for d in found):
        return
    named = sorted({s for stories in (lists or {}).values() for s in stories or ()})
    close = difflib.get_close_matches(story, named, n=1)
    hint = f"Did you mean {close[0]}? " if close else ""
    raise ReleaseRefused(
        f"no pack of {story} would go to a partner: no outlet in "
        f"{source or 'the outlets file'} has {story} in its releases:. {hint}Add {story} to "
        "the releases: of each outlet that should get its pack (an outlet without releases: "
        "gets every story's). Nothing was released"
    )


def embargo_time(manifest: dict) -> datetime.datetime | None:
    at = (manifest.get("embargo") or {}).get("at")
    return datetime.datetime.fromisoformat(at) if at else None


def check_release(
    build_dir: Path, manifest: dict, *, force: bool, now: datetime.datetime | None = None
) -> bool:
    """Raise :class:`ReleaseRefused` unless the build may go to partners now; say whether it
    goes before its embargo (allowed only with ``force``)."""
    if manifest.get("partial"):
        raise ReleaseRefused(
            f"{build_dir} holds a partial build (drafts build --force); "
            "run a full drafts build before releasing"
        )
    if not manifest.get("packs"):
        raise ReleaseRefused(f"{build_dir} has no partner packs; the story names no outlets")
    bad = verify(build_dir, manifest, "packs/")
    if bad:
        shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise ReleaseRefused(
            f"{len(bad)} pack files differ from the build's manifest ({shown}); "
            "run drafts build again before releasing"
        )
    when = embargo_time(manifest)
    now = now or datetime.datetime.now(UK)
    early = when is not None and now < when
    if early and not force:
        raise ReleaseRefused(
            f"the embargo has not lifted: {manifest['embargo']['line']} (UK time); it is now "
            f"{now.astimezone(UK):%H:%M on %d %B %Y}. Nothing was released. "
            "Use --force to send the packs to partners under embargo"
        )
    return early


def release(
    build_dir: Path,
    outbox: Path,
    *,
    force: bool = False,
    lists: ReleaseLists | None = None,
    source: str = "",
) -> list[Delivery]:
    """Copy the pack of every partner on the story's release (``lists``, read from the
    outlets file ``source``; every pack when ``None``) to ``outbox/<story>/``; return every
    pack, sent or held."""
    manifest = read_manifest(build_dir)
    early = check_release(build_dir, manifest, force=force)
    found = deliveries(build_dir, manifest, lists, source)
    check_partners(str(manifest.get("story")), found, lists, source)
    sent = [d for d in found if not d.held]
    problem = story_name_problem(str(manifest.get("story")))
    if problem is not None:
        raise ReleaseRefused(
            f"{build_dir}/manifest.json names the story {manifest.get('story')!r}, which "
            f"{problem}; run drafts build again before releasing"
        )
    target = outbox / manifest["story"]
    with locked(target), staging(target) as folder:
        for delivery in sent:
            shutil.copyfile(delivery.zip_path, inside(folder, delivery.zip_path.name))
        hashes = {e["path"]: e["sha256"] for e in manifest["outputs"]}
        listing = {
            "story": manifest["story"],
            "embargo": manifest.get("embargo"),
            "under_embargo": early,
            "packs": [
                {
                    "outlet": d.name,
                    "slug": d.slug,
                    "zip": d.zip_path.name,
                    "sha256": hashes.get(f"packs/{d.zip_path.name}"),
                    "files": d.files,
                }
                for d in sent
            ],
            "held": [{"outlet": d.name, "slug": d.slug, "why": d.held} for d in found if d.held],
        }
        (folder / "release.json").write_text(
            json.dumps(listing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        swap_in(folder, target)
    return found
