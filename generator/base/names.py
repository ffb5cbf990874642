"""Names that become paths, and the one check that a path stays inside its folder.

Every name an input gives that the build turns into a file or folder (a story slug, a place or
outlet slug, the unit's plural as the packs' folder, an output's name) is checked here when it
is loaded, so a name such as ``../../etc`` or ``packs`` never reaches the disk. Every file the
build writes goes through :func:`inside`, and every zip entry through :func:`zip_entry_problem`,
as a second line of defence.

Names beginning with a character that a spreadsheet runs as a formula (see :data:`FORMULA`)
are refused as place and outlet names: such a cell in a pack's ``data.csv`` is neutralised
anyway (:func:`generator.delivery.packs.safe_cell`), but a place cannot be named by one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from generator.base.errors import DraftsError

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A slug: lowercase letters and digits, words joined by single hyphens."""

RESERVED = frozenset({"site", "packs", "national", "partners", "radio"})
"""Folders of every build (``out/<story>/site/``...), so never a place's or an outlet's slug."""

OUTPUT_NAME = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
"""An output's name (``article``, ``radio-roundup``): a file name without its extension."""

OUTPUT_CLASH = frozenset({"facts", "method"})
"""Output names whose files would overwrite ``facts.json`` or a pack's ``method.md``."""

FOLDER_WORD = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")
"""The unit's plural as a folder (``forces``, ``health-boards``): letters, digits, hyphens."""

FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel or Google Sheets run a cell as a formula (OWASP)."""

MAX_NAME = 100
"""The longest name that becomes a path (well inside every file system's limit)."""


class OutsideFolder(DraftsError):
    """A path the build was about to write (or a zip entry) would land outside its folder."""


def slug_problem(value: str, *, reserved: bool = True) -> str | None:
    """Why ``value`` cannot be a slug (a folder of the build), or ``None`` when it can."""
    if not SLUG.fullmatch(value):
        return "is not a slug: use lowercase letters, digits and single hyphens"
    if len(value) > MAX_NAME:
        return f"is longer than {MAX_NAME} characters: use a shorter slug"
    if reserved and value in RESERVED:
        return (
            "is a reserved name (every build has folders named "
            f"{', '.join(sorted(RESERVED))}): choose another slug"
        )
    return None


def story_name_problem(value: str) -> str | None:
    """Why ``value`` cannot name a story (its folder in templates/, data/, quotes/, out/)."""
    return slug_problem(value, reserved=False)


def suggest_slug(value: str) -> str:
    """A slug close to ``value``: ``suggest_slug("Health Boards!")`` is ``"health-boards"``."""
    words = "".join(c if c.isalnum() else " " for c in value.lower()).split()
    suggestion = "-".join(words)
    return suggestion if SLUG.fullmatch(suggestion or "-") else ""


def slug_example(name: str) -> str:
    """``"; use one like 'north-shire'"`` made from a place's or outlet's ``name``, or "" when
    the name gives no usable slug: a hint that speaks of the file at hand, not of any story."""
    suggestion = suggest_slug(name)
    if not suggestion or slug_problem(suggestion) is not None:
        return ""
    return f"; use one like '{suggestion}'"


def output_name_problem(value: str) -> str | None:
    """Why ``value`` cannot name an output (its files are ``<name>.<ext>``), or ``None``."""
    if not OUTPUT_NAME.fullmatch(value) or len(value) > MAX_NAME:
        return (
            "is not a usable output name: use letters, digits, hyphens and underscores "
            "(it names the output's files, such as article.md)"
        )
    if value.lower() in OUTPUT_CLASH:
        return f"would overwrite the build's own {value.lower()} file: choose another name"
    return None


def folder_word_problem(value: str) -> str | None:
    """Why ``value`` (the unit's plural, spaces as hyphens) cannot be a folder, or ``None``."""
    if not FOLDER_WORD.fullmatch(value) or len(value) > MAX_NAME:
        return (
            "cannot be a folder name (it names the folder of each pack that holds the "
            "places' drafts): use letters, digits, spaces and hyphens only"
        )
    return None


def formula_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name because a spreadsheet would run it, or ``None``."""
    if value.startswith(FORMULA):
        shown = {"\t": "a tab", "\r": "a carriage return"}.get(value[0], repr(value[0]))
        return (
            f"begins with {shown}, which spreadsheets run as a formula, so it cannot name "
            "a place or an outlet"
        )
    return None


def zip_entry_problem(name: str) -> str | None:
    """Why ``name`` is not a safe zip entry (one that unzips inside the folder unzipped
    into), or ``None``: absolute, a drive letter, a backslash, ``..`` or an empty part."""
    if not name:
        return "is empty"
    if "\\" in name:
        return "holds a backslash"
    if "\0" in name:
        return "holds a NUL character"
    if name.startswith("/"):
        return "is an absolute path"
    if re.match(r"[A-Za-z]:", name):
        return "starts with a drive letter"
    parts = name.split("/")
    if any(part in ("..", ".") for part in parts):
        return "holds '..' or '.'"
    if any(not part for part in parts[:-1]):
        return "holds an empty folder name"
    return None


def relative_problem(relative: str) -> str | None:
    """Why ``relative`` cannot be joined to a folder at all, or ``None``."""
    if not relative or "\0" in relative:
        return "is empty or holds a NUL character"
    if PurePosixPath(relative).is_absolute() or re.match(r"[A-Za-z]:", relative):
        return "is an absolute path"
    return None


def inside(folder: Path, relative: str | os.PathLike[str]) -> Path:
    """``folder / relative``, resolved (symbolic links followed), refusing with
    :class:`OutsideFolder` anything that lands outside ``folder``: an absolute path, ``..``,
    or a link pointing out."""
    text = os.fspath(relative)
    problem = relative_problem(text)
    base = folder.resolve()
    path = (base / text).resolve() if problem is None else base
    if problem is None and path != base and base not in path.parents:
        problem = f"leads outside {folder}"
    if problem is None and path == base:
        problem = f"is {folder} itself, not a file in it"
    if problem is not None:
        raise OutsideFolder(
            f"refusing {text!r}: it {problem}. A name in the story's inputs points outside "
            "its folder; fix it there"
        )
    return path


def is_inside(folder: Path, relative: str) -> bool:
    """Whether the input path ``relative`` (from story.yaml) lies inside ``folder``."""
    try:
        inside(folder, relative)
    except OutsideFolder:
        return False
    return True


def is_url(name: str) -> bool:
    """Whether a data file's name is a web address (read by downloading it)."""
    return name.startswith(("http://", "https://"))


def story_slugs(root: Path) -> list[str]:
    """Every story under ``templates/`` (a folder holding a ``story.yaml``), sorted."""
    return sorted(p.parent.name for p in (root / "templates").glob("*/story.yaml"))
