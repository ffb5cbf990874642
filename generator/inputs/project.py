"""The project's own settings, ``drafts.toml`` in the project folder: for now only the story
the commands use when none is named.

```toml
story = "cancelled-crimes"
```

Every command takes ``--story``; without it, the story is this one, or the only story under
``templates/`` when there is one. The file is optional, small (:data:`MAX_BYTES`), and any
other key, a value that is not a story's slug, or text that is not TOML is one clear error.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.base.errors import InputError, Problem
from generator.base.files import read_bounded
from generator.base.names import story_slugs

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, as a package
    import tomli as tomllib  # type: ignore[import-not-found]

FILE = "drafts.toml"
MAX_BYTES = 64 * 1024
KEYS = ("story",)


@dataclass(frozen=True)
class ProjectSettings:
    """What ``drafts.toml`` sets: ``story``, the default story (``None``: not set)."""

    story: str | None = None


def _problem(message: str, hint: str, *, value: str | None = None) -> InputError:
    return InputError(Problem(FILE, message, hint, value=value))


def read_project(root: Path) -> ProjectSettings:
    """``root/drafts.toml`` read and checked; empty settings when there is no such file."""
    path = root / FILE
    try:
        data = read_bounded(path, MAX_BYTES)
    except OSError as err:
        raise _problem(f"cannot be read ({err.strerror or err})", "Check the file") from None
    if data is None and (path.exists() or path.is_symlink()):
        raise _problem("is not a plain file (a link, a folder or a pipe)", "Make it a file")
    if data is None:
        return ProjectSettings()
    if len(data) > MAX_BYTES:
        raise _problem(
            f"is larger than {MAX_BYTES // 1024} KB",
            'It holds one line such as story = "cancelled-crimes"',
        )
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise _problem("is not UTF-8 text", "Save it as UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        raise _problem(
            f"is not valid TOML ({err})", 'Write one line such as story = "cancelled-crimes"'
        ) from None
    for key in raw:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            raise _problem(
                "is not a setting", f"{hint}The settings are: {', '.join(KEYS)}", value=key[:80]
            )
    story = raw.get("story")
    if story is None:
        return ProjectSettings()
    stories = story_slugs(root)
    if not isinstance(story, str) or story not in stories:
        close = difflib.get_close_matches(str(story), stories, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        raise _problem(
            "is not a story under templates/ (the setting story)",
            f"{hint}Use one of: {', '.join(stories) or 'none yet (drafts new STORY)'}",
            value=str(story)[:80],
        )
    return ProjectSettings(story=story)


def default_story(root: Path) -> str | None:
    """The story a command uses when none is named: ``drafts.toml``'s, else the only one."""
    chosen = read_project(root).story
    if chosen is not None:
        return chosen
    stories = story_slugs(root)
    return stories[0] if len(stories) == 1 else None
