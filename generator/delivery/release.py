"""Release: send each partner its pack, never before the embargo unless told to.

The partners are the outlets on the story's release: those whose ``releases:`` in the outlets
file names the story, and those with no ``releases:`` at all
(:func:`generator.inputs.outlets.release_lists`, read when the release is made, so a partner
can be added without a new build). Every other pack stays in the build, held.

Delivery is a folder for now, ``outbox/<story>/``: one zip per partner (the build's
``packs/<outlet>.zip``) and ``release.json`` listing what went to whom, the files in each
zip, each pack's flagged drafts (:func:`flags_of`), and what was held. Before copying, every
pack is checked against the build's manifest, so a pack edited or damaged after the build is
refused rather than sent. The outbox is written beside itself and swapped in whole, like a
build.

The checks run once each, in the order a journalist needs them (:func:`release`): the
embargo first (``before_embargo`` overrides it), then a whole build with its packs as the
manifest recorded them, a partner on the release, and the drafts flagged for checking. A pack
holding a draft with illustrative figures or one awaiting a place's response is refused, every
such pack named, unless ``include_flagged``.
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
from typing import Any

from generator.base.errors import DraftsError, display_path
from generator.base.names import inside, slug_problem, story_name_problem
from generator.delivery.embargo import UK
from generator.delivery.ledger import record_release
from generator.delivery.manifest import read_manifest, verify
from generator.delivery.outdir import locked, staging, swap_in
from generator.inputs.outlets import release_lists
from generator.inputs.story import load_story
from generator.language.present import count, number

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
        return f"no longer in {source}"
    named = lists[slug]
    return "" if named is None or story in named else f"not signed up for this story ({source})"


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


def check_embargo(
    manifest: dict, *, before_embargo: bool, now: datetime.datetime | None = None
) -> bool:
    """Raise :class:`ReleaseRefused` when the embargo has not lifted, unless
    ``before_embargo``; say whether the release goes before its embargo."""
    when = embargo_time(manifest)
    now = now or datetime.datetime.now(UK)
    early = when is not None and now < when
    if early and not before_embargo:
        raise ReleaseRefused(
            f"the embargo has not lifted: {manifest['embargo']['line']} (UK time); it is now "
            f"{now.astimezone(UK):%H:%M on %d %B %Y}. Nothing was released. "
            "Use --before-embargo to send the packs to partners under embargo"
        )
    return early


def check_build(build_dir: Path, manifest: dict) -> None:
    """Raise :class:`ReleaseRefused` unless the build is whole, names a story that can be a
    folder, and has every pack as the manifest recorded it."""
    problem = story_name_problem(str(manifest.get("story")))
    if problem is not None:
        raise ReleaseRefused(
            f"{build_dir}/manifest.json names the story {manifest.get('story')!r}, which "
            f"{problem}; run drafts build again before releasing"
        )
    if manifest.get("partial"):
        raise ReleaseRefused(
            f"{build_dir} holds a partial build (drafts build --place); "
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


def flags_of(manifest: dict, delivery: Delivery) -> dict[str, Any]:
    """What an editor must check in a pack, from the build's manifest: ``illustrative``,
    whether any draft in it uses illustrative figures, and ``awaiting_response``, the names of
    the places whose response its drafts await (each place's draft the pack carries in
    ``<places>/<slug>/``; the outlet's own name when only its own draft is flagged)."""
    warnings = manifest.get("warnings") or {}
    names = {d["folder"]: d["name"] for d in manifest.get("drafts", [])}
    own = [f for f in names if "/" in f and f.rsplit("/", 1)[-1] == delivery.slug]
    places = sorted({parts[1] for f in delivery.files if len(parts := f.split("/")) == 3})
    carried = [p for p in places if p in names]
    illustrative = set(warnings.get("illustrative") or ())
    awaiting = set(warnings.get("awaiting_response") or ())
    waited = [names[p] for p in carried if p in awaiting]
    if not waited and any(f in awaiting for f in own):
        waited = [delivery.name]
    return {
        "illustrative": any(f in illustrative for f in [*own, *carried]),
        "awaiting_response": waited,
    }


def check_flagged(manifest: dict, found: list[Delivery], *, include_flagged: bool) -> None:
    """Raise :class:`ReleaseRefused`, naming every pack to be sent that holds a draft with
    illustrative figures or one awaiting a response, unless ``include_flagged``."""
    if include_flagged:
        return
    lines = []
    for delivery in found:
        if delivery.held:
            continue
        why = flag_words(flags_of(manifest, delivery))
        if why:
            lines.append(f"  - {delivery.name}: {why}")
    if lines:
        noun = "pack holds" if len(lines) == 1 else "packs hold"
        raise ReleaseRefused(
            f"{len(lines)} {noun} drafts flagged for checking; nothing was released:\n"
            + "\n".join(lines)
            + "\nCheck them (the warning lines at the top of each draft say what), then use "
            "--include-flagged to send them as they are"
        )


def release(
    root: Path,
    build_dir: Path,
    outbox: Path,
    *,
    before_embargo: bool = False,
    include_flagged: bool = False,
    dry_run: bool = False,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Copy the pack of every partner on the story's release (read from the story's outlets
    file in the project ``root`` once the embargo check has passed; every pack when it has
    none) to ``outbox/<story>/``, and return what was done (:func:`release_plan`). Each check
    runs once, in order, and a failed one sends nothing: the embargo (unless
    ``before_embargo``), a whole build, a partner on the release, no pack holding a flagged
    draft (unless ``include_flagged``). ``dry_run`` sends nothing and checks all but the
    embargo and the flags, which its plan reports instead."""
    manifest = read_manifest(build_dir)
    now = now or datetime.datetime.now(UK)
    early = check_embargo(manifest, before_embargo=before_embargo or dry_run, now=now)
    check_build(build_dir, manifest)
    story = str(manifest.get("story"))
    source, lists = outlets_of(root, story)
    found = deliveries(build_dir, manifest, lists, source)
    check_partners(story, found, lists, source)
    if dry_run:
        return release_plan(manifest, found, outbox=None, now=now)
    check_flagged(manifest, found, include_flagged=include_flagged)
    _deliver(manifest, found, outbox / story, under_embargo=early)
    record_release(root, story, [outbox / story / d.zip_path.name for d in found if not d.held])
    return release_plan(manifest, found, outbox=outbox / story, now=now)


def _deliver(manifest: dict, found: list[Delivery], target: Path, *, under_embargo: bool) -> None:
    """Swap in ``target`` holding each pack not held and ``release.json`` listing them."""
    sent = [d for d in found if not d.held]
    with locked(target), staging(target) as folder:
        for delivery in sent:
            shutil.copyfile(delivery.zip_path, inside(folder, delivery.zip_path.name))
        hashes = {e["path"]: e["sha256"] for e in manifest["outputs"]}
        listing = {
            "story": manifest["story"],
            "embargo": manifest.get("embargo"),
            "under_embargo": under_embargo,
            "packs": [
                {
                    "outlet": d.name,
                    "slug": d.slug,
                    "zip": d.zip_path.name,
                    "sha256": hashes.get(f"packs/{d.zip_path.name}"),
                    "files": d.files,
                    "flags": flags_of(manifest, d),
                }
                for d in sent
            ],
            "held": [{"outlet": d.name, "slug": d.slug, "why": d.held} for d in found if d.held],
        }
        (folder / "release.json").write_text(
            json.dumps(listing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        swap_in(folder, target)


def release_plan(
    manifest: dict,
    found: list[Delivery],
    *,
    outbox: Path | None,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """What ``drafts release`` reports (``--json`` prints it; keys in docs/commands.md): the
    story, its embargo and whether it has lifted, the outbox the packs went to (``None`` for a
    dry run) and every pack with its size, why it is held (``None`` when it goes) and its
    flagged drafts (:func:`flags_of`)."""
    when = embargo_time(manifest)
    packs = [
        {
            "outlet": d.name,
            "slug": d.slug,
            "zip": d.zip_path.name,
            "files": len(d.files),
            "bytes": d.size,
            "held": d.held or None,
            "flags": flags_of(manifest, d),
        }
        for d in found
    ]
    return {
        "story": manifest.get("story"),
        "embargo": manifest.get("embargo"),
        "under_embargo": when is not None and (now or datetime.datetime.now(UK)) < when,
        "dry_run": outbox is None,
        "outbox": None if outbox is None else str(outbox),
        "packs": packs,
    }


def plan_text(plan: dict[str, Any]) -> str:
    """The release as lines for the terminal: one a pack, then what was done (or, in a dry
    run, what would go now and what a release needs)."""
    lines = []
    for pack in plan["packs"]:
        if pack["held"]:
            lines.append(f"{pack['outlet']}: held, {pack['held']}")
            continue
        why = flag_words(pack["flags"])
        lines.append(
            f"{pack['outlet']}: {pack['zip']} ({count(pack['files'], 'file')}, "
            f"{pack['bytes'] // 1024 or 1} KB)" + (f" [flagged: {why}]" if why else "")
        )
    held = sum(1 for p in plan["packs"] if p["held"])
    going = len(plan["packs"]) - held
    tail = f"; {count(held, 'pack')} held" if held else ""
    if not plan["dry_run"]:
        lines.append(f"{count(going, 'pack')} released to {plan['outbox']}{tail}")
        return "\n".join(lines) + "\n"
    flagged = sum(1 for p in plan["packs"] if not p["held"] and flag_words(p["flags"]))
    now = f"{count(going - flagged, 'pack')} would go now"
    if flagged:
        which = (
            f"{number(flagged)} more"
            if flagged < going
            else ("all " * (flagged > 1)) + number(flagged)
        )
        now += (
            f"; {which} {'holds' if flagged == 1 else 'hold'} flagged drafts and "
            f"{'needs' if flagged == 1 else 'need'} --include-flagged"
        )
    lines.append(f"Dry run, nothing sent: {now}{tail}.")
    if plan["under_embargo"]:
        lines.append(
            f"The embargo has not lifted ({plan['embargo']['line']}, UK time): a release now "
            "needs --before-embargo."
        )
    return "\n".join(lines) + "\n"


def flag_words(flags: dict[str, Any]) -> str:
    """What an editor must check in a pack, from its :func:`flags_of`: "illustrative
    figures; awaiting a response from Hampshire Constabulary"; "" when nothing."""
    why = ["illustrative figures"] if flags["illustrative"] else []
    if flags["awaiting_response"]:
        why.append(f"awaiting a response from {', '.join(flags['awaiting_response'])}")
    return "; ".join(why)
