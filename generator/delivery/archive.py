"""Zip files that are the same bytes every time they are made from the same content.

A zip stores each member's modification time, so two runs a second apart differ. Here every
member gets one fixed time and fixed permissions, and members go in the order given, so a pack
(or a Word file, which is a zip) depends only on what is in it.

Every entry name is checked first: an absolute name, a drive letter, a backslash or ``..``
would let the zip write outside the folder it is unzipped into ("zip-slip"), so it is refused.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from generator.base.names import OutsideFolder, zip_entry_problem

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def stable_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated zip of ``(name, content)`` pairs, in the order given, with fixed times;
    :class:`OutsideFolder` for an entry name that could unzip outside its folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            problem = zip_entry_problem(name)
            if problem is not None:
                raise OutsideFolder(
                    f"refusing zip entry {name!r}: it {problem}, so unzipping it could write "
                    "outside the folder. A name in the story's inputs makes it; fix it there"
                )
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
