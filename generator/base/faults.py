"""Faults of the machine rather than of the inputs (a full disk, a read-only folder, too
little memory, a number too large to handle), each as one line a journalist can act on:
:func:`fault_message`. The CLI prints it instead of a traceback."""

from __future__ import annotations

import errno
import os

OS_FAULTS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "Free some space and run again"),
    errno.EDQUOT: ("the disk quota is used up", "Free some space and run again"),
    errno.EROFS: ("the disk is read-only", "Choose a folder you can write to and run again"),
    errno.EACCES: ("permission was denied", "Choose a folder you can write to and run again"),
    errno.EPERM: ("permission was denied", "Choose a folder you can write to and run again"),
    errno.ENAMETOOLONG: (
        "a file name is too long",
        "Use shorter names (story, places, outlets) or a shorter --out folder",
    ),
    errno.EMFILE: ("too many files are open", "Close other programs and run again"),
    errno.ENFILE: ("too many files are open", "Close other programs and run again"),
    errno.ENOMEM: ("the machine ran out of memory", "Close other programs and run again"),
    errno.EIO: ("the disk reported a read or write error", "Check the disk and run again"),
    errno.ENOENT: ("a file or folder is missing", "Check the path and run again"),
    errno.ENOTDIR: ("a file stands where a folder should be", "Check the path and run again"),
    errno.EISDIR: ("a folder stands where a file should be", "Check the path and run again"),
}
WRITING = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)  # faults that only come from writing


def fault_message(err: BaseException) -> str | None:
    """One line for a fault of the machine rather than of the inputs (disk full, read-only
    folder, out of memory, a number too large to handle), or ``None`` for any other error."""
    if isinstance(err, MemoryError):
        return (
            "the machine ran out of memory. Close other programs, or build with --jobs 1, "
            "and run again"
        )
    if isinstance(err, RecursionError):
        return (
            "something nests too deeply to handle (Python's recursion limit). Check the latest "
            "changes to the templates and YAML files"
        )
    if isinstance(err, OverflowError) or (
        isinstance(err, ValueError) and "integer string conversion" in str(err)
    ):
        return (
            f"a number is too large to handle ({err}). Check the figures and settings for a "
            "very large number"
        )
    if isinstance(err, OSError):
        what, todo = OS_FAULTS.get(
            err.errno or 0, (err.strerror or str(err), "Check the path and run again")
        )
        if err.filename is not None:
            where = "while writing" if err.errno in WRITING else "at"
            what += f" {where} {os.fsdecode(err.filename)}"
        return f"{what}. {todo}"
    return None
