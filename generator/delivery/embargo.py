"""Embargo: the time before which nothing may be published, stamped on every output.

Times are UK local time as the unit writes them ("2020-10-23 00:01"); the line is the same on
every output: "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020".

A time must mean one moment. An empty value is refused (it never means "no embargo": leave
the option out for that). On the night the clocks go back (the last Sunday of October) the
hour from 01:00 to 01:59 happens twice, first in BST and then in GMT: such a time must say
which, "2020-10-25 01:30 GMT". On the night the clocks go forward (the last Sunday of March)
01:00 to 01:59 never happens, and is refused.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from generator.base.errors import InputError, Problem

UK = ZoneInfo("Europe/London")
UTC = datetime.timezone.utc
FORMAT = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2})(?: +(GMT|BST))?$", re.IGNORECASE)
SHAPE = 'Write it as "2020-10-23 00:01" (UK time)'


def _refuse(source: str, text: str, message: str, hint: str) -> InputError:
    return InputError(Problem(source, message, value=text, hint=hint))


def _reading(when: datetime.datetime) -> str:
    """``01:30 BST (00:30 GMT)`` or ``01:30 GMT``."""
    zone = when.tzname()
    if zone == "GMT":
        return f"{when:%H:%M} GMT"
    return f"{when:%H:%M} {zone} ({when.astimezone(UTC):%H:%M} GMT)"


def parse_embargo(text: str | None, source: str) -> datetime.datetime:
    """Read "YYYY-MM-DD HH:MM" (UK time, GMT or BST as the date has it) as an aware time;
    ``source`` names where the text came from.

    "YYYY-MM-DD HH:MM GMT" (or BST) says which of the two readings of an hour that happens
    twice is meant. Empty text, a time that happens twice without saying which, and a time
    that never happens are refused, naming the readings."""
    written = "" if text is None else str(text).strip()
    if not written:
        raise _refuse(
            source,
            "" if text is None else str(text),
            "is empty, which is not an embargo time",
            f"{SHAPE}, or leave the embargo out if there is none",
        )
    match = FORMAT.match(written)
    try:
        if match is None:
            raise ValueError(written)
        wall = datetime.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M")
        first = wall.replace(tzinfo=UK, fold=0)
        second = wall.replace(tzinfo=UK, fold=1)
        # A wall time that never happens does not survive the trip through UTC.
        back = first.astimezone(UTC).astimezone(UK).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise _refuse(source, str(text), "is not an embargo time", SHAPE) from None
    day = f"{wall:%A} {wall.day} {wall:%B %Y}"
    if back != wall:
        raise _refuse(
            source,
            str(text),
            f"never happens in the UK: the clocks go forward from 01:00 GMT to 02:00 BST on {day}",
            f'Choose a time outside that hour, such as "{wall:%Y-%m-%d} 02:{wall:%M}" (BST)',
        )
    zone = match.group(2).upper() if match.group(2) else None
    readings = {when.tzname(): when for when in (first, second)}
    if zone is not None:
        if zone not in readings:
            only = next(iter(readings))
            raise _refuse(
                source,
                str(text),
                f"says {zone}, but UK time on {day} is {only}",
                f'Leave out the zone: "{wall:%Y-%m-%d %H:%M}" is {_reading(readings[only])}',
            )
        return readings[zone]
    if first.utcoffset() != second.utcoffset():
        raise _refuse(
            source,
            str(text),
            f"happens twice in the UK, as the clocks go back on {day}: "
            f"{_reading(first)} or {_reading(second)}",
            f'Say which: "{wall:%Y-%m-%d %H:%M} BST" or "{wall:%Y-%m-%d %H:%M} GMT"',
        )
    return first


def embargo_line(when: datetime.datetime) -> str:
    """``EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020``; the zone is named (``01:30 GMT``)
    when the time happens twice that night."""
    wall = when.replace(tzinfo=None)
    twice = (
        wall.replace(tzinfo=UK, fold=0).utcoffset() != wall.replace(tzinfo=UK, fold=1).utcoffset()
    )
    zone = f" {when.tzname()}" if twice else ""
    return f"EMBARGOED UNTIL {when:%H:%M}{zone} {when:%A} {when.day} {when:%B %Y}".upper()
