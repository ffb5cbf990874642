"""Release: send each partner its pack, never before the embargo unless told to.

Delivery is a folder for now, ``outbox/<story>/``: one zip per outlet and ``release.json``
listing what went to whom. Before copying, every pack is checked against the build's
manifest, so a pack edited or damaged after the build is refused rather than sent. The outbox
is written beside itself and swapped in whole, like a build.
"""

from __future__ import annotations

import datetime
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.base.errors import DraftsError
from generator.base.names import inside, slug_problem, story_name_problem
from generator.delivery.embargo import UK
from generator.delivery.manifest import read_manifest, verify
from generator.delivery.outdir import locked, staging, swap_in


class ReleaseRefused(DraftsError):
    """Nothing was released: too early, a partial build, or a pack that fails its check."""


@dataclass(frozen=True)
class Delivery:
    """One outlet's pack: its slug, its name, the zip and the files in it."""

    slug: str
    name: str
    zip_path: Path
    files: list[str]
    size: int


def deliveries(build_dir: Path, manifest: dict) -> list[Delivery]:
    """Every pack of a build, with what is in it."""
    names = {d["folder"].rsplit("/", 1)[-1]: d["name"] for d in manifest.get("drafts", [])}
    found = []
    for slug in manifest.get("packs", []):
        problem = slug_problem(str(slug))
        if problem is not None:
            raise ReleaseRefused(
                f"{build_dir}/manifest.json names a pack {slug!r} that {problem}; "
                "run drafts build again before releasing"
            )
        prefix = f"packs/{slug}/"
        files = [
            e["path"][len(prefix) :] for e in manifest["outputs"] if e["path"].startswith(prefix)
        ]
        zip_path = inside(build_dir, f"packs/{slug}.zip")
        size = zip_path.stat().st_size if zip_path.is_file() else 0
        found.append(Delivery(slug, names.get(slug, slug), zip_path, files, size))
    return found


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


def release(build_dir: Path, outbox: Path, *, force: bool = False) -> list[Delivery]:
    """Copy every pack of the build at ``build_dir`` to ``outbox/<story>/``."""
    manifest = read_manifest(build_dir)
    early = check_release(build_dir, manifest, force=force)
    sent = deliveries(build_dir, manifest)
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
        }
        (folder / "release.json").write_text(
            json.dumps(listing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        swap_in(folder, target)
    return sent
