"""Zip files that are the same bytes every time they are made from the same content.

A zip stores each member's modification time, so two runs a second apart differ. Here every
member gets one fixed time and fixed permissions, and members go in the order given, so a pack
(or a Word file, which is a zip) depends only on what is in it.

Every entry name is checked first: an absolute name, a drive letter, a backslash or ``..``
would let the zip write outside the folder it is unzipped into ("zip-slip"), so it is refused.

:func:`stable_zip` makes a zip in memory from bytes (a Word file); :func:`write_stable_zip`
writes one to disk from files, a member at a time, so a pack of thousands of files never sits
in memory. It stores files that are compressed already (PNG, Word, zip) as they are: deflating
them again costs time and saves nothing.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

from generator.base.names import OutsideFolder, zip_entry_problem

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".docx", ".xlsx", ".zip", ".gz")
"""Files compressed already: :func:`write_stable_zip` stores them rather than deflate them."""


def _info(name: str, compress_type: int) -> zipfile.ZipInfo:
    """The entry ``name`` with the fixed time and permissions; :class:`OutsideFolder` for a
    name that could unzip outside its folder."""
    problem = zip_entry_problem(name)
    if problem is not None:
        raise OutsideFolder(
            f"refusing zip entry {name!r}: it {problem}, so unzipping it could write "
            "outside the folder. A name in the story's inputs makes it; fix it there"
        )
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16
    return info


def stable_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated zip of ``(name, content)`` pairs, in the order given, with fixed times;
    :class:`OutsideFolder` for an entry name that could unzip outside its folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(_info(name, zipfile.ZIP_DEFLATED), content)
    return buffer.getvalue()


def compression(name: str) -> int:
    """How :func:`write_stable_zip` keeps a member: stored when it is compressed already,
    deflated when it is text."""
    return zipfile.ZIP_STORED if name.lower().endswith(COMPRESSED) else zipfile.ZIP_DEFLATED


def write_stable_zip(target: Path, members: Iterable[tuple[str, Path | bytes]]) -> int:
    """Write a zip of ``(name, file or content)`` pairs to ``target``, in the order given,
    with fixed times, each file copied in a piece at a time; return the zip's size in bytes.
    :class:`OutsideFolder` for an entry name that could unzip outside its folder."""
    with zipfile.ZipFile(target, "w") as archive:
        for name, source in members:
            info = _info(name, compression(name))
            if isinstance(source, bytes):
                archive.writestr(info, source)
                continue
            info.file_size = source.stat().st_size  # decides whether the entry needs zip64
            with source.open("rb") as read, archive.open(info, "w") as write:
                shutil.copyfileobj(read, write, 1 << 20)
    return target.stat().st_size
