"""A draft's ninjs version across builds (issue 17 fix round): an item written before versions
were stamped still counts as a version, the released ledger is the floor, times never go
backwards, and a previous build's file is read only when it is a regular file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.delivery.versions import (
    Stamped,
    content_digest,
    files_reader,
    finish_ninjs,
)
from generator.outputs.writers.ninjs_writer import dumps

URI = "urn:local-drafts:story/kent/article"
WHEN = "2020-10-22T16:05:09+01:00"
EARLY = "2020-10-01T09:00:00+01:00"
LATE = "2020-11-30T12:00:00+00:00"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><title>Rates</title></svg>'


def item(text: str = "Kent is first.", **stamps: str) -> dict[str, Any]:
    return {
        "uri": URI,
        "version": "1",
        **stamps,
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": text}],
    }


def draft(text: str = "Kent is first.", chart: bytes | None = None) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"article.ninjs.json": dumps(item(text))}
    if chart is not None:
        files["chart.svg"] = chart
    return files


def finished(files: dict[str, str | bytes], before: Path, **kwargs: Any) -> dict[str, Any]:
    out = finish_ninjs(files, before, WHEN, **kwargs)["article.ninjs.json"]
    assert isinstance(out, str)
    return json.loads(out)


def write_previous(folder: Path, doc: dict[str, Any], chart: bytes | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.ninjs.json").write_text(dumps(doc), encoding="utf-8")
    if chart is not None:
        (folder / "chart.svg").write_bytes(chart)


def stamped(files: dict[str, str | bytes], version: int, first: str, made: str) -> Stamped:
    """What the ledger records for ``files``'s item, as the build finishes it."""
    doc = finished(files, Path("/nonexistent"))
    return Stamped(version, first, made, content_digest(doc, files_reader(files)))


def test_a_new_draft_is_version_one_made_now(tmp_path: Path) -> None:
    doc = finished(draft(), tmp_path)
    assert (doc["version"], doc["firstcreated"], doc["versioncreated"]) == ("1", WHEN, WHEN)


def test_an_item_written_before_stamps_counts_as_the_previous_version(tmp_path: Path) -> None:
    write_previous(tmp_path, item("Kent was first."))  # no firstcreated, no versioncreated
    doc = finished(draft(), tmp_path)
    assert doc["version"] == "2"  # changed since: a CMS holding version 1 takes it
    assert doc["firstcreated"] == doc["versioncreated"] == WHEN


def test_an_unchanged_item_from_before_stamps_keeps_its_version(tmp_path: Path) -> None:
    write_previous(tmp_path, {**item(), "version": "3"})
    doc = finished(draft(), tmp_path)
    assert doc["version"] == "3"


def test_an_unchanged_stamped_item_is_kept_byte_for_byte(tmp_path: Path) -> None:
    write_previous(tmp_path, item(version="4", firstcreated=EARLY, versioncreated=EARLY))
    out = finish_ninjs(draft(), tmp_path, WHEN)["article.ninjs.json"]
    assert out == (tmp_path / "article.ninjs.json").read_text(encoding="utf-8")


def test_versioncreated_never_goes_backwards(tmp_path: Path) -> None:
    """Inputs restored with older times (cp -p) give a build time before the last version."""
    write_previous(tmp_path, item("Old.", version="2", firstcreated=EARLY, versioncreated=LATE))
    doc = finished(draft(), tmp_path)
    assert doc["version"] == "3"
    assert (doc["firstcreated"], doc["versioncreated"]) == (EARLY, LATE)


def test_versioncreated_is_never_before_firstcreated(tmp_path: Path) -> None:
    write_previous(tmp_path, item("Old.", version="1", firstcreated=LATE, versioncreated=LATE))
    doc = finished(draft(), tmp_path)
    assert doc["firstcreated"] == LATE and doc["versioncreated"] == LATE


def test_a_chart_alone_changing_raises_the_version(tmp_path: Path) -> None:
    write_previous(tmp_path, finished(draft(chart=SVG), tmp_path / "none"), chart=SVG)
    assert finished(draft(chart=SVG), tmp_path)["version"] == "1"
    redrawn = SVG.replace(b"Rates", b"Rates ")
    doc = finished(draft(chart=redrawn), tmp_path)
    assert doc["version"] == "2"
    assert doc["associations"][0]["renditions"][0]["href"] == "chart.svg"


def test_the_released_version_is_the_floor_in_an_empty_folder(tmp_path: Path) -> None:
    """A build into a new folder (another machine, out/ deleted) after version 2 was sent."""
    files = draft()
    released = {URI: stamped(files, 2, EARLY, LATE)}
    doc = finished(files, tmp_path / "new", released=released)
    assert (doc["version"], doc["firstcreated"], doc["versioncreated"]) == ("2", EARLY, LATE)
    changed = finished(draft("Kent is second."), tmp_path / "new", released=released)
    assert changed["version"] == "3"
    assert changed["firstcreated"] == EARLY and changed["versioncreated"] == LATE


def test_the_higher_of_the_ledger_and_the_previous_build_wins(tmp_path: Path) -> None:
    files = draft()
    write_previous(tmp_path, item(version="5", firstcreated=EARLY, versioncreated=EARLY))
    released = {URI: stamped(files, 2, EARLY, EARLY)}
    assert finished(files, tmp_path, released=released)["version"] == "5"
    older = {URI: stamped(draft("Released text."), 7, EARLY, EARLY)}
    assert finished(files, tmp_path, released=older)["version"] == "8"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_previous_build_is_no_version(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "article.ninjs.json")  # reading it would wait for ever
    assert finished(draft(), tmp_path)["version"] == "1"


def test_a_link_in_the_previous_build_is_no_version(tmp_path: Path) -> None:
    write_previous(tmp_path / "elsewhere", item("Old.", version="9"))
    os.symlink(tmp_path / "elsewhere" / "article.ninjs.json", tmp_path / "article.ninjs.json")
    assert finished(draft(), tmp_path)["version"] == "1"


@pytest.mark.parametrize(
    "text",
    [
        '{"uri": "urn:x", "version": "1", "a": [1, -0, "\\u00e9\\t", null, true]}',
        '{"big": 123456789012345678901234567890, "n": [1.5, 0.1, -0.0]}',
        '{"nan": NaN, "inf": Infinity}',
        '{"lone": "\\ud800", "k": 1, "k": 2}',
        "[18446744073709551616, 1e400]",
    ],
)
def test_an_item_is_read_as_json_reads_it(text: str) -> None:
    from generator.delivery.versions import _loads

    read, expected = _loads(text), json.loads(text)
    assert repr(read) == repr(expected)
    assert json.dumps(read) == json.dumps(expected)
