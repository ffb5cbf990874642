"""A draft's ninjs across builds: the version a newsroom system acts on, when it was made, and
the charts that go with it.

A CMS replaces a story it holds only when the same ``uri`` comes with a higher ``version``. So
as the build writes a draft, :func:`finish_ninjs` compares each of its ninjs items, and the
bytes of the charts its ``associations`` name, with two earlier states:

- what the previous build wrote in the same folder of ``out/<story>/`` (an item written
  before versions were stamped, with a ``version`` but no times, counts: it is compared too);
- what was last released (:mod:`generator.delivery.ledger`, ``releases/<story>.json``, which
  the unit commits), so a build on another machine or into a new folder never goes back to a
  version a newsroom already holds.

The version is the highest of ``engine.version``, the previous build's (one more when the
item changed since) and the released one (one more when it changed since). An item that
keeps a version keeps that version's ``firstcreated`` and ``versioncreated`` too, so a build
with nothing changed writes the same bytes. A new version keeps the earliest
``firstcreated`` known (this build's time for a new draft) and is made at this build's time,
or at the last version's when that is later: ``versioncreated`` never goes backwards and is
never before ``firstcreated``.

This build's time is not the clock, so two builds of the same inputs write the same bytes: it
is when the newest input file the build read was last saved (:func:`build_time`), in UK time.
An incremental build and a ``--fresh`` one compare with the same earlier states, so they give
the same versions. The previous build's files are untrusted text, read only as regular files
and only so far (:func:`generator.base.files.read_bounded`): anything else counts as no
previous version.

``associations`` list the draft's charts (its ``.svg`` and ``.png`` files, an outlet's copy
carrying its place's), each with its renditions (the file name as a relative address, which
resolves beside the item both in ``out/`` and in a pack, media type, size in pixels and
bytes), its title and the alt text ``charts.json`` gives it.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

try:
    import orjson
except ImportError:  # pragma: no cover - a dependency; json alone reads the same values
    orjson = None  # type: ignore[assignment]

from generator.base.files import read_bounded
from generator.base.names import is_url
from generator.outputs.image_sizes import png_size, svg_size
from generator.outputs.writers.ninjs_writer import dumps, ordered

EXTENSION = ".ninjs.json"
UK = ZoneInfo("Europe/London")
LIMIT = 8 * 1024 * 1024
"""Bytes of a previous build's file read at most."""
STAMPS = ("version", "firstcreated", "versioncreated")
"""What a build sets on an item rather than the writer."""
MEDIA = {".svg": "image/svg+xml", ".png": "image/png"}
_ENDINGS = tuple(MEDIA)
"""What a chart file's name ends with (a quick test before its suffix is worked out)."""
_SVG_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)

Files = Mapping[str, str | bytes]
Reader = Callable[[str], bytes | None]
"""A file beside an item, by the ``href`` the item gives it; ``None`` when there is none."""


@dataclass(frozen=True)
class Stamped:
    """An earlier version of an item: its number, when it was first and last made (``""``
    when not known) and :func:`content_digest` of what it said."""

    version: int
    firstcreated: str
    versioncreated: str
    digest: str


def build_time(root: Path, inputs: Iterable[str]) -> str:
    """When the newest of ``inputs`` (paths relative to ``root``; web addresses are skipped)
    was last saved, to the second, in UK time with its offset: ``2020-10-22T16:05:09+01:00``."""
    newest = 0.0
    for shown in inputs:
        if is_url(shown):
            continue
        try:
            newest = max(newest, (root / shown).lstat().st_mtime)
        except OSError:
            continue
    when = datetime.datetime.fromtimestamp(int(newest), datetime.timezone.utc)
    return when.astimezone(UK).isoformat(timespec="seconds")


def finish_ninjs(
    files: Files,
    before: Path,
    when: str,
    released: Mapping[str, Stamped] | None = None,
) -> dict[str, str | bytes]:
    """``files`` (a draft's, by name) with each ninjs item given its charts, version and
    times against the previous build's folder ``before`` and the ``released`` versions (by
    ``uri``); the other files as they are."""
    finished = dict(files)
    for name, content in files.items():
        if name.endswith(EXTENSION) and isinstance(content, str):
            item = _loads(content)
            earlier = (released or {}).get(item["uri"])
            finished[name] = dumps(_finish(item, files, before / name, when, earlier))
    return finished


def _loads(content: str) -> Any:
    """``json.loads(content)``: by orjson (a few times sooner) when it reads the text to
    values without a float, which are then the same values; else by ``json`` (orjson refuses
    NaN, infinities and lone surrogates, and reads a whole number past 64 bits as a float)."""
    if orjson is not None:
        try:
            value = orjson.loads(content)
        except ValueError:
            return json.loads(content)
        if not _has_float(value):
            return value
    return json.loads(content)


def _has_float(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)
        elif type(item) is float:
            return True
    return False


def _finish(
    item: dict[str, Any], files: Files, previous: Path, when: str, released: Stamped | None
) -> dict[str, Any]:
    charts = associations(item["uri"], files)
    if charts:
        item["associations"] = charts
    digest = content_digest(item, files_reader(files))
    old = previous_version(previous)
    version = int(item["version"])
    for earlier in (old, released):
        if earlier is not None:
            version = max(version, earlier.version + (earlier.digest != digest))
    kept = next(
        (
            e
            for e in (old, released)
            if e is not None
            and e.version == version
            and e.digest == digest
            and e.firstcreated
            and e.versioncreated
        ),
        None,
    )
    if kept is not None:
        first, made = kept.firstcreated, kept.versioncreated
    else:
        known = [e for e in (old, released) if e is not None]
        first = min((e.firstcreated for e in known if e.firstcreated), key=_time, default=when)
        made = max([when, first, *(e.versioncreated for e in known if e.versioncreated)], key=_time)
    stamps = {"version": str(version), "firstcreated": first, "versioncreated": made}
    return ordered({**item, **stamps})


def content_digest(item: Mapping[str, Any], read: Reader) -> str:
    """What a version is compared on, as one SHA-256: the item but for its :data:`STAMPS`,
    and the bytes of every file its ``associations`` name (by ``href``, through ``read``)."""
    total = hashlib.sha256()
    said = {k: v for k, v in item.items() if k not in STAMPS}
    total.update(json.dumps(said, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for href in sorted(set(hrefs(item))):
        data = read(href)
        total.update(b"\0" + href.encode("utf-8") + b"\0")
        total.update(hashlib.sha256(data).digest() if data is not None else b"-")
    return "sha256:" + total.hexdigest()


def hrefs(item: Mapping[str, Any]) -> list[str]:
    """The ``href`` of every rendition of the item's ``associations`` (an untrusted item's
    anything else skipped)."""
    found = []
    groups = item.get("associations")
    for group in groups if isinstance(groups, list) else []:
        renditions = group.get("renditions") if isinstance(group, dict) else None
        for rendition in renditions if isinstance(renditions, list) else []:
            href = rendition.get("href") if isinstance(rendition, dict) else None
            if isinstance(href, str):
                found.append(href)
    return found


def plain_name(href: str) -> bool:
    """Whether ``href`` is a file name beside the item (no folder, no address, no dot-file)."""
    return bool(href) and PurePosixPath(href).name == href and not href.startswith(".")


def files_reader(files: Files) -> Reader:
    """A draft's own files (in memory) by ``href``."""

    def read(href: str) -> bytes | None:
        data = files.get(href) if plain_name(href) else None
        return data.encode("utf-8") if isinstance(data, str) else data

    return read


def folder_reader(folder: Path) -> Reader:
    """A previous build's files beside an item by ``href``: regular files only, bounded."""

    def read(href: str) -> bytes | None:
        return _read(folder / href) if plain_name(href) else None

    return read


def _read(path: Path) -> bytes | None:
    """A previous build's file, or ``None`` (missing, not a regular file, or too large)."""
    try:
        data = read_bounded(path, LIMIT)
    except OSError:
        return None
    return data if data is not None and len(data) <= LIMIT else None


def previous_version(path: Path) -> Stamped | None:
    """The previous build's item at ``path``, when it is a ninjs item with a digit-only
    ``version`` (its times ``""`` when it has none, as items written before they were
    stamped), with the digest of what it said and the charts beside it."""
    data = _read(path)
    if data is None:
        return None
    try:
        item = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(item, dict):
        return None
    version = item.get("version")
    if not (isinstance(version, str) and version.isdigit() and len(version) < 10):
        return None
    first, made = (str(item.get(key)) for key in STAMPS[1:])
    if not (is_time(first) and is_time(made)) or _time(made) < _time(first):
        first = made = ""
    digest = content_digest(item, folder_reader(path.parent))
    return Stamped(int(version), first, made, digest)


def is_time(value: object) -> bool:
    """Whether ``value`` is an ISO 8601 time with its offset, as ninjs times are."""
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        return datetime.datetime.fromisoformat(value).utcoffset() is not None
    except ValueError:
        return False


def _time(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


# --- the charts ------------------------------------------------------------------------------


def chart_names(files: Files) -> list[str]:
    """The draft's chart files, sorted."""
    return sorted(
        n for n in files if n.endswith(_ENDINGS) and "/" not in n and Path(n).suffix in MEDIA
    )


def associations(uri: str, files: Files) -> list[dict[str, Any]]:
    """One association per chart (files of the same name but for the extension are one
    chart's renditions, SVG first), in name order."""
    alts = _alt_texts(files)
    charts: dict[str, list[str]] = {}
    for name in chart_names(files):
        charts.setdefault(Path(name).stem, []).append(name)
    found = []
    for stem, names in charts.items():
        names.sort(key=lambda n: list(MEDIA).index(Path(n).suffix))
        chart: dict[str, Any] = {"name": stem, "uri": f"{uri}/{stem}", "type": "graphic"}
        title = next((t for n in names if (t := _svg_title(files[n]))), "")
        if title:
            chart["headlines"] = [{"role": "main", "contenttype": "text/plain", "value": title}]
        alt = next((alts[n] for n in names if n in alts), "")
        if alt:
            chart["descriptions"] = [{"role": "alt", "contenttype": "text/plain", "value": alt}]
        chart["renditions"] = [_rendition(n, files[n]) for n in names]
        found.append(chart)
    return found


def _rendition(name: str, content: str | bytes) -> dict[str, Any]:
    data = content.encode("utf-8") if isinstance(content, str) else content
    rendition: dict[str, Any] = {
        "name": Path(name).suffix[1:],
        "href": name,
        "contenttype": MEDIA[Path(name).suffix],
    }
    size = png_size(data) if name.endswith(".png") else svg_size(data)
    if size is not None:
        rendition["width"], rendition["height"] = size
    rendition["sizeinbytes"] = len(data)
    return rendition


def _svg_title(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not data.lstrip().startswith((b"<?xml", b"<svg")):
        return ""
    found = _SVG_TITLE.search(data[:8192])
    return html.unescape(found[1].decode("utf-8", "replace")).strip() if found else ""


def _alt_texts(files: Files) -> dict[str, str]:
    """Each chart file's alt text, from the entries of ``charts.json`` that name it."""
    content = files.get("charts.json")
    if content is None:
        return {}
    try:
        data = json.loads(content)
    except ValueError:
        return {}
    found: dict[str, str] = {}

    def walk(value: object) -> None:
        if isinstance(value, dict):
            alt = value.get("alt")
            if isinstance(alt, str):
                for key in MEDIA:
                    name = value.get(key[1:])
                    if isinstance(name, str):
                        found[name] = alt
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(data)
    return found
