"""The release ledger, ``releases/<story>.json``: what a release records, read back as the
floor of every later build's versions, and a damaged ledger as one clear error."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from generator.base.errors import InputError
from generator.delivery.ledger import (
    ledger_path,
    pack_items,
    read_ledger,
    record_release,
    write_ledger,
)
from generator.delivery.versions import Stamped, content_digest, files_reader
from generator.outputs.writers.ninjs_writer import dumps

STORY = "story"
T1 = "2020-10-22T16:05:09+01:00"
T2 = "2020-10-23T09:00:00+01:00"


def ninjs(uri: str, version: str, text: str = "Text.") -> dict:
    return {
        "uri": uri,
        "version": version,
        "firstcreated": T1,
        "versioncreated": T2,
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": text}],
        "associations": [
            {"name": "chart", "renditions": [{"href": "chart.svg", "contenttype": "image/svg+xml"}]}
        ],
    }


def pack(path: Path, items: dict[str, dict], chart: bytes = b"<svg/>") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, doc in items.items():
            archive.writestr(name, dumps(doc))
            archive.writestr(name.rsplit("/", 1)[0] + "/chart.svg", chart)
    return path


def test_a_release_records_each_sent_item_with_its_digest(tmp_path: Path) -> None:
    doc = ninjs("urn:x:story/kent/article", "2")
    zipped = pack(tmp_path / "p.zip", {"p/forces/kent/article.ninjs.json": doc})
    path = record_release(tmp_path, STORY, [zipped])
    assert path == tmp_path / "releases" / "story.json"
    found = read_ledger(tmp_path, STORY)
    digest = content_digest(doc, files_reader({"chart.svg": b"<svg/>"}))
    assert found == {"urn:x:story/kent/article": Stamped(2, T1, T2, digest)}
    assert json.loads(path.read_text())["drafts"][0]["version"] == "2"


def test_a_version_recorded_higher_is_kept(tmp_path: Path) -> None:
    uri = "urn:x:story/kent/article"
    record_release(tmp_path, STORY, [pack(tmp_path / "a.zip", {"a/x.ninjs.json": ninjs(uri, "3")})])
    older = pack(tmp_path / "b.zip", {"b/x.ninjs.json": ninjs(uri, "2", "Older.")})
    other = ninjs("urn:x:story/essex/article", "1")
    record_release(tmp_path, STORY, [older, pack(tmp_path / "c.zip", {"c/y.ninjs.json": other})])
    found = read_ledger(tmp_path, STORY)
    assert found[uri].version == 3 and found["urn:x:story/essex/article"].version == 1


def test_writing_a_ledger_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    entries = {
        "urn:b": Stamped(2, T1, T2, "sha256:" + "a" * 64),
        "urn:a": Stamped(1, T1, T1, "sha256:" + "b" * 64),
    }
    path = ledger_path(tmp_path, STORY)
    write_ledger(path, STORY, entries)
    first = path.read_bytes()
    write_ledger(path, STORY, read_ledger(tmp_path, STORY))
    assert path.read_bytes() == first
    assert first.index(b"urn:a") < first.index(b"urn:b")


def test_no_ledger_is_no_release(tmp_path: Path) -> None:
    assert read_ledger(tmp_path, STORY) == {}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{", "is not valid JSON"),
        ('{"story": "story", "drafts": {}}', 'a "drafts" list'),
        ('{"story": "other", "drafts": []}', "another story"),
        ('{"story": "story", "drafts": [{"uri": "u", "version": "two"}]}', "draft 1 has a version"),
        (
            '{"story": "story", "drafts": [{"uri": "u", "version": "2", "firstcreated": "2020",'
            ' "versioncreated": "x", "digest": "sha256:0"}]}',
            "draft 1 has a firstcreated",
        ),
    ],
)
def test_a_damaged_ledger_is_one_error_naming_it(tmp_path: Path, text: str, says: str) -> None:
    path = ledger_path(tmp_path, STORY)
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ledger(tmp_path, STORY)
    assert str(caught.value).startswith("releases/story.json")
    assert says in str(caught.value) and "git checkout" in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_ledger_that_is_a_pipe_is_refused_unread(tmp_path: Path) -> None:
    path = ledger_path(tmp_path, STORY)
    path.parent.mkdir()
    os.mkfifo(path)
    with pytest.raises(InputError, match="not a regular file"):
        read_ledger(tmp_path, STORY)


def test_a_pack_item_without_stamps_is_not_recorded(tmp_path: Path) -> None:
    doc = ninjs("urn:x:story/kent/article", "1")
    del doc["firstcreated"]
    assert list(pack_items(pack(tmp_path / "p.zip", {"p/a.ninjs.json": doc}))) == []
