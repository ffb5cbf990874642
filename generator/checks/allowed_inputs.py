"""What the story's inputs besides the facts allow a draft to say (for
:func:`~generator.checks.allowed.allowed_values`): the embargo line, the free ``settings:``
text and the ``engine:`` values a story wrote."""

from __future__ import annotations

import contextlib
import datetime
import math
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from generator.checks.numerals import MONTHS
from generator.inputs.settings import ENGINE_KEYS, EngineSettings

if TYPE_CHECKING:
    from generator.checks.allowed import Allowed

_EMBARGO = re.compile(
    r"(?P<h>\d{1,2}):(?P<m>\d{2})\s+(?:\w+\s+)?(?P<d>\d{1,2})\s+(?P<mon>[a-z]+)\s+(?P<y>\d{4})",
    re.IGNORECASE,
)


def embargo(allowed: Allowed, line: Any, source: str) -> None:
    if not isinstance(line, str):
        return
    allowed.add_text(line, source)
    m = _EMBARGO.search(line)
    if m is None:
        return
    try:
        month = MONTHS.index(m["mon"].lower()) + 1
        day = datetime.date(int(m["y"]), month, int(m["d"]))
    except ValueError:
        return
    allowed.add_date(day, source)
    allowed.add("time", (int(m["h"]), int(m["m"])), source)


def _value(allowed: Allowed, value: object, where: str) -> None:
    """A manifest value: a date, a number, or text printed word for word; in a list or a
    mapping, each item the same way at any depth (``settings: {periods: {start: 2012}}``
    lets a template print 2012, as ``settings.periods.start``)."""
    if isinstance(value, datetime.date):
        allowed.add_date(value, where)
    elif isinstance(value, str):
        try:
            allowed.add_date(datetime.date.fromisoformat(value), where)
        except ValueError:
            allowed.add_text(value, where)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        allowed.add("count", value, where)
    elif isinstance(value, float) and math.isfinite(value):
        allowed.add("count", Fraction(repr(value)), where)  # 2.5 as printed: "2.5"
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            if isinstance(item, str):
                allowed.add_text(item, where)  # text in a list is printed as it is
            else:
                _value(allowed, item, f"{where}[{i}]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _value(allowed, item, f"{where}.{key}")


def settings_text(allowed: Allowed, settings: Mapping[str, Any]) -> None:
    """The manifest's free ``settings:`` text (the engine's own values come from ``engine``)."""
    for key, value in settings.items():
        if key not in ENGINE_KEYS:
            _value(allowed, value, f"settings.{key}")


DEFAULT_ENGINE = EngineSettings()


def engine_values(allowed: Allowed, engine: EngineSettings) -> None:
    """The ``engine:`` values a story wrote (a value left at its default says nothing)."""
    default = DEFAULT_ENGINE
    for name in ENGINE_KEYS:
        value = getattr(engine, name)
        if value == getattr(default, name):
            continue
        where = f"engine.{name}"
        if name == "embargo" and isinstance(value, str):
            m = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})\s*", value)
            if m:
                with contextlib.suppress(ValueError):
                    allowed.add_date(datetime.date.fromisoformat(m[1]), where)
                allowed.add("time", (int(m[2]), int(m[3])), where)
        else:
            _value(allowed, value, where)
