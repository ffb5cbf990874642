"""Reading a file that may be untrusted (a previous build's, a project setting): a regular
file only, never followed through a link, never waited on, and never read past a bound.

A path that names a link, a folder, a FIFO or a device is "no file": a FIFO would otherwise
block the read forever, and a device could be read for ever. The file is opened without
following a link (``O_NOFOLLOW``) or waiting (``O_NONBLOCK``) and checked again once open, so
it cannot be swapped for something else between the check and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file at ``path``, at most ``limit + 1`` of them (so a caller
    tells a file over ``limit`` by its length without reading it all); ``None`` when there is
    no regular file there (missing, a link, a folder, a FIFO, a device). Any other failure to
    read (permissions, a disk error) raises :class:`OSError`."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        descriptor = os.open(path, _FLAGS)
    except OSError as err:
        if err.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):  # gone, or now a link
            return None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # swapped since the check
            return None
        return handle.read(limit + 1)
