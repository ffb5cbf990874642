"""Reading untrusted files: regular files only, never followed through a link, never waited
on (a FIFO), never read past the bound; the one helper a previous build's ninjs, the release
ledger and drafts.toml are read through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.base.errors import InputError
from generator.base.files import read_bounded
from generator.inputs.project import MAX_BYTES, read_project

fifo_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def test_a_regular_file_is_read_to_one_byte_past_the_bound(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"0123456789")
    assert read_bounded(path, 100) == b"0123456789"
    assert read_bounded(path, 4) == b"01234"  # the caller sees it is over 4 bytes


def test_what_is_not_a_regular_file_is_no_file(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"x")
    os.symlink(tmp_path / "real", tmp_path / "link")
    (tmp_path / "folder").mkdir()
    assert read_bounded(tmp_path / "missing", 10) is None
    assert read_bounded(tmp_path / "link", 10) is None
    assert read_bounded(tmp_path / "folder", 10) is None
    assert read_bounded(tmp_path / "missing" / "below", 10) is None


@fifo_only
def test_a_fifo_is_no_file_and_is_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")  # reading it would wait for a writer for ever
    assert read_bounded(tmp_path / "pipe", 10) is None


@fifo_only
def test_a_drafts_toml_that_is_a_pipe_is_refused_unread(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "drafts.toml")
    with pytest.raises(InputError, match="drafts.toml: is not a plain file"):
        read_project(tmp_path)


def test_a_large_drafts_toml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "drafts.toml").write_text("#" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="larger than"):
        read_project(tmp_path)


def test_no_drafts_toml_is_no_settings(tmp_path: Path) -> None:
    assert read_project(tmp_path).story is None
