"""The release ledger, ``releases/<story>.json`` in the project: the ninjs version of every
draft a partner was sent, so a build anywhere (another machine, a new or emptied ``out/``)
never goes back to a version a newsroom system already holds.

``drafts release`` (not ``--dry-run``) records, for each ninjs item in the packs it sent, its
``uri``, ``version``, ``firstcreated``, ``versioncreated`` and the digest of what the version
is compared on (:func:`generator.delivery.versions.content_digest`: the item but for those
stamps, and its charts' bytes). A version already recorded higher is kept, and a draft not in
this release keeps its line. The unit commits the file with the story, as it does the
templates; a build reads it as the floor of each draft's version
(:func:`generator.delivery.versions.finish_ninjs`).

```json
{
  "story": "cancelled-crimes",
  "drafts": [
    {"uri": "urn:local-drafts:cancelled-crimes/hampshire/article", "version": "2",
     "firstcreated": "2020-10-22T16:05:09+01:00", "versioncreated": "2020-10-23T09:12:00+01:00",
     "digest": "sha256:..."}
  ]
}
```

The file is read as untrusted text: a regular file of at most :data:`LIMIT` bytes; anything
else is one clear error naming it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from generator.base.errors import InputError, Problem, display_path
from generator.base.files import read_bounded
from generator.base.names import inside
from generator.delivery.versions import (
    EXTENSION,
    STAMPS,
    Reader,
    Stamped,
    content_digest,
    is_time,
    plain_name,
)

FOLDER = "releases"
LIMIT = 16 * 1024 * 1024
"""Bytes of a ledger read at most."""
ITEM_LIMIT = 8 * 1024 * 1024
"""Bytes of one file of a pack read at most."""
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
HINT = (
    "It is written by drafts release and kept in version control: restore it from there "
    "(git checkout -- {path}) rather than editing it"
)


def ledger_path(root: Path, story: str) -> Path:
    """Where story ``story``'s ledger lives in the project at ``root``."""
    return inside(root, f"{FOLDER}/{story}.json")


def read_ledger(root: Path, story: str) -> dict[str, Stamped]:
    """The released versions of ``story``'s drafts, by ``uri``; empty when nothing was
    released. A ledger that cannot be read as one is an :class:`InputError` naming it."""
    path = ledger_path(root, story)
    shown = display_path(path, root)
    if not path.exists() and not path.is_symlink():
        return {}

    def problem(message: str, value: str | None = None) -> InputError:
        hint = HINT.format(path=shown)
        return InputError(Problem(shown, message, hint, value=value))

    try:
        data = read_bounded(path, LIMIT)
    except OSError as err:
        raise problem(f"cannot be read ({err.strerror or err})") from None
    if data is None:
        raise problem("is not a regular file (a link, folder or pipe)")
    if len(data) > LIMIT:
        raise problem(f"is larger than {LIMIT // (1024 * 1024)} MB")
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise problem("is not UTF-8 text") from None
    except ValueError as err:
        raise problem(f"is not valid JSON ({err})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("drafts"), list):
        raise problem('is not a release ledger: an object with a "drafts" list')
    if raw.get("story") != story:
        raise problem(f"is the ledger of another story, not {story}", str(raw.get("story"))[:80])
    found: dict[str, Stamped] = {}
    for number, entry in enumerate(raw["drafts"], start=1):
        bad = _entry_problem(entry)
        if bad is not None:
            raise problem(f"draft {number} {bad}", json.dumps(entry, ensure_ascii=False)[:120])
        found[entry["uri"]] = Stamped(
            int(entry["version"]), entry["firstcreated"], entry["versioncreated"], entry["digest"]
        )
    return found


def _entry_problem(entry: Any) -> str | None:
    """What is wrong with one line of a ledger, or ``None``."""
    bad = _stamp_problem(entry)
    if bad is not None:
        return bad
    digest = entry.get("digest")
    if not isinstance(digest, str) or not DIGEST.fullmatch(digest):
        return "has a digest that is not sha256: and 64 hexadecimal digits"
    return None


def _stamp_problem(entry: Any) -> str | None:
    """What is wrong with an item's ``uri`` and stamps, or ``None``."""
    if not isinstance(entry, dict):
        return "is not an object"
    uri = entry.get("uri")
    if not isinstance(uri, str) or not uri or len(uri) > 2000:
        return "has no uri"
    version = entry.get("version")
    if not (isinstance(version, str) and version.isdigit() and len(version) < 10):
        return "has a version that is not a whole number in quotes"
    if not all(is_time(entry.get(key)) for key in STAMPS[1:]):
        return "has a firstcreated or versioncreated that is not a time with its UTC offset"
    return None


def pack_items(zip_path: Path) -> Iterator[tuple[str, Stamped]]:
    """Each ninjs item in a pack's zip as (``uri``, its version, times and digest, its charts
    read beside it in the zip); a file that is not a stamped item is skipped."""
    with zipfile.ZipFile(zip_path) as archive:
        members = {i.filename: i for i in archive.infolist() if not i.is_dir()}

        def read(name: str) -> bytes | None:
            info = members.get(name)
            return archive.read(info) if info and info.file_size <= ITEM_LIMIT else None

        for name in sorted(members):
            if not name.endswith(EXTENSION):
                continue
            try:
                item = json.loads((read(name) or b"").decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                continue
            if _stamp_problem(item) is not None:
                continue
            digest = content_digest(item, _beside(PurePosixPath(name).parent, read))
            stamped = Stamped(
                int(item["version"]), item["firstcreated"], item["versioncreated"], digest
            )
            yield item["uri"], stamped


def _beside(folder: PurePosixPath, read: Reader) -> Reader:
    def beside(href: str) -> bytes | None:
        return read((folder / href).as_posix()) if plain_name(href) else None

    return beside


def record_release(root: Path, story: str, zips: Iterable[Path]) -> Path:
    """Add the ninjs items of the packs ``zips`` (as sent) to ``story``'s ledger, keeping a
    version already recorded higher; return the ledger's path."""
    entries = dict(read_ledger(root, story))
    for zip_path in zips:
        for uri, stamped in pack_items(zip_path):
            known = entries.get(uri)
            if known is None or stamped.version >= known.version:
                entries[uri] = stamped
    path = ledger_path(root, story)
    write_ledger(path, story, entries)
    return path


def ledger_text(story: str, entries: Mapping[str, Stamped]) -> str:
    """A ledger as its file holds it: one line a draft, by ``uri``, so a commit's diff shows
    which drafts went out at which version."""
    lines = [
        json.dumps(
            {
                "uri": uri,
                "version": str(e.version),
                "firstcreated": e.firstcreated,
                "versioncreated": e.versioncreated,
                "digest": e.digest,
            },
            ensure_ascii=False,
        )
        for uri, e in sorted(entries.items())
    ]
    drafts = "[\n    " + ",\n    ".join(lines) + "\n  ]" if lines else "[]"
    return f'{{\n  "story": {json.dumps(story)},\n  "drafts": {drafts}\n}}\n'


def write_ledger(path: Path, story: str, entries: Mapping[str, Stamped]) -> None:
    """Write the ledger whole or not at all (a new file swapped in)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(ledger_text(story, entries))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def ledger_key(story: str, entries: Mapping[str, Stamped]) -> dict[str, str]:
    """The ledger as one more input of the build's key (path → SHA-256 of what it says),
    so a build after a release, or after the ledger came from elsewhere, stamps its drafts
    again; nothing when no draft was released."""
    if not entries:
        return {}
    text = ledger_text(story, entries).encode("utf-8")
    return {f"{FOLDER}/{story}.json": hashlib.sha256(text).hexdigest()}
