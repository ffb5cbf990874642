"""A draft's ninjs across builds: the version a newsroom system acts on, when it was made, and
the charts that go with it.

A CMS replaces a story it holds only when the same ``uri`` comes with a higher ``version``. So
as the build writes a draft, :func:`finish_ninjs` compares each of its ninjs items, and the
bytes of the charts beside it, with what the previous build wrote in the same folder of
``out/<story>/``:

- the same: the item keeps the previous ``version``, ``firstcreated`` and ``versioncreated``,
  so its bytes are the previous build's;
- changed, or new: ``version`` is one more than before (never less than ``engine.version``),
  ``firstcreated`` is kept (this build's time for a new draft) and ``versioncreated`` is this
  build's time.

This build's time is not the clock, so two builds of the same inputs write the same bytes: it
is when the newest input file the build read was last saved (:func:`build_time`), in UK time.
An incremental build and a ``--fresh`` one compare with the same previous build, so they give
the same versions. The previous build's files are untrusted text: a file that is not a ninjs
item this engine wrote (or is too large, or a link) counts as no previous version.

``associations`` list the draft's charts (its ``.svg`` and ``.png`` files), each with its
renditions (the file name as a relative address, media type, size in pixels and bytes), its
title and the alt text ``charts.json`` gives it.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator.base.names import is_url
from generator.outputs.writers.ninjs_writer import dumps, ordered

EXTENSION = ".ninjs.json"
UK = ZoneInfo("Europe/London")
LIMIT = 8 * 1024 * 1024
"""Bytes of a previous build's file read at most."""
STAMPS = ("version", "firstcreated", "versioncreated")
"""What a build sets on an item rather than the writer."""
MEDIA = {".svg": "image/svg+xml", ".png": "image/png"}
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S)
_SVG_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)
_NUMBER = r"\s*=\s*[\"']\s*([0-9.]+)(?:px)?\s*[\"']"

Files = Mapping[str, str | bytes]


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


def finish_ninjs(files: Files, before: Path, when: str) -> dict[str, str | bytes]:
    """``files`` (a draft's, by name) with each ninjs item given its charts, version and
    times against the previous build's folder ``before``; the other files as they are."""
    finished = dict(files)
    for name, content in files.items():
        if name.endswith(EXTENSION) and isinstance(content, str):
            finished[name] = dumps(_finish(json.loads(content), files, before / name, when))
    return finished


def _finish(item: dict[str, Any], files: Files, previous: Path, when: str) -> dict[str, Any]:
    charts = associations(item["uri"], files)
    if charts:
        item["associations"] = charts
    old = _read_item(previous)
    floor = int(item["version"])
    if (
        old is not None
        and int(old["version"]) >= floor
        and _same(item, old, files, previous.parent)
    ):
        stamps = {key: old[key] for key in STAMPS}
    elif old is not None:
        version = max(floor, int(old["version"]) + 1)
        stamps = {"version": str(version), "firstcreated": old["firstcreated"]}
        stamps["versioncreated"] = when
    else:
        stamps = {"version": str(floor), "firstcreated": when, "versioncreated": when}
    return ordered({**item, **stamps})


def _same(item: dict[str, Any], old: dict[str, Any], files: Files, folder: Path) -> bool:
    """Whether ``item`` says what ``old`` said, and the charts it names have the bytes the
    previous build's had."""
    if {k: v for k, v in item.items() if k not in STAMPS} != {
        k: v for k, v in old.items() if k not in STAMPS
    }:
        return False
    for name in chart_names(files):
        data = files[name]
        mine = hashlib.sha256(data.encode() if isinstance(data, str) else data).digest()
        theirs = _read(folder / name)
        if theirs is None or hashlib.sha256(theirs).digest() != mine:
            return False
    return True


def _read(path: Path) -> bytes | None:
    """A previous build's file, or ``None`` (missing, a link, or too large)."""
    try:
        if path.is_symlink() or path.stat().st_size > LIMIT:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _read_item(path: Path) -> dict[str, Any] | None:
    """The previous build's item, when it is one this engine stamped."""
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
    if not all(_is_time(item.get(key)) for key in STAMPS[1:]):
        return None
    return item


def _is_time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.datetime.fromisoformat(value).utcoffset() is not None
    except ValueError:
        return False


# --- the charts ------------------------------------------------------------------------------


def chart_names(files: Files) -> list[str]:
    """The draft's chart files, sorted."""
    return sorted(n for n in files if "/" not in n and Path(n).suffix in MEDIA)


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


def png_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's width and height from its header, or ``None`` when it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def svg_size(data: bytes) -> tuple[int | float, int | float] | None:
    """An SVG's width and height from its root element (its ``width`` and ``height``, else
    its ``viewBox``), or ``None`` when it gives neither."""
    tag = _SVG_TAG.search(data[:4096])
    if tag is None:
        return None
    text = tag[0].decode("utf-8", "replace")
    width = re.search(r"\swidth" + _NUMBER, text)
    height = re.search(r"\sheight" + _NUMBER, text)
    if width and height:
        return _number(width[1]), _number(height[1])
    box = re.search(
        r"\sviewBox\s*=\s*[\"']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)", text
    )
    return (_number(box[1]), _number(box[2])) if box else None


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


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
