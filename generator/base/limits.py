"""Bounds on the work one build may do, so a runaway template, a slow web address or a YAML
bomb ends in a clear error instead of hanging the embargo-day batch.

Defaults fit the bundled stories with wide margins (their largest draft renders in
milliseconds and is under 20 KB); a story raises any of them in its manifest::

    limits:
      render_seconds: 30
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields, replace
from typing import Any

from generator.base.errors import ProblemList


@dataclass(frozen=True)
class Limits:
    """Every bound, with its default.

    - ``render_seconds``: one template render (a draft, a round-up or one radio script).
    - ``draft_bytes``: the text one render may produce (UTF-8 bytes).
    - ``download_seconds``: reading the data from a web address, from connecting to the last
      byte.
    - ``download_bytes``: the size of that download.
    - ``data_bytes``: the size of a local data file.
    - ``yaml_bytes``: the size of one YAML file (manifest, quotes, outlets).
    - ``yaml_aliases``: how many aliases (``*name``) one YAML file may use.
    """

    render_seconds: float = 10.0
    draft_bytes: int = 1_000_000
    download_seconds: float = 60.0
    download_bytes: int = 50_000_000
    data_bytes: int = 200_000_000
    yaml_bytes: int = 2_000_000
    yaml_aliases: int = 100


DEFAULT = Limits()
NAMES = tuple(f.name for f in fields(Limits))


def read_limits(raw: Any, problems: ProblemList) -> Limits:
    """The manifest's ``limits`` section over the defaults; an unknown key or a value that is
    not a positive number is a problem (the closest key is suggested)."""
    if raw is None:
        return DEFAULT
    if not isinstance(raw, dict):
        problems.add(
            "must be a mapping", column="limits", hint="Write 'limits: {render_seconds: 30}'"
        )
        return DEFAULT
    chosen: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in NAMES:
            close = difflib.get_close_matches(str(key), NAMES, n=1)
            hint = f"Did you mean {close[0]}?" if close else f"Use one of: {', '.join(NAMES)}"
            problems.add("unknown limit", column=f"limits.{key}", hint=hint)
            continue
        whole = key not in ("render_seconds", "download_seconds")
        ok = isinstance(value, int) if whole else isinstance(value, int | float)
        if isinstance(value, bool) or not ok or value <= 0:
            kind = "a whole number" if whole else "a number of seconds"
            problems.add(
                f"must be {kind} above zero",
                column=f"limits.{key}",
                value=str(value),
                hint=f"The default is {getattr(DEFAULT, key)}",
            )
            continue
        chosen[key] = value
    return replace(DEFAULT, **chosen)
