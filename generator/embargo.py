"""Embargo: the time before which nothing may be published, stamped on every output.

Times are UK local time as the unit writes them ("2020-10-23 00:01"); the line is the same on
every output: "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020".
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from .errors import InputError, Problem

UK = ZoneInfo("Europe/London")


def parse_embargo(text: str, source: str) -> datetime.datetime:
    """Read "YYYY-MM-DD HH:MM" (UK time, GMT or BST as the date has it) as an aware time;
    ``source`` names where the text came from."""
    try:
        when = datetime.datetime.strptime(str(text).strip(), "%Y-%m-%d %H:%M")
        return when.replace(tzinfo=UK)
    except ValueError:
        raise InputError(
            Problem(
                source,
                "is not an embargo time",
                value=str(text),
                hint='Write it as "2020-10-23 00:01" (UK time)',
            )
        ) from None


def embargo_line(when: datetime.datetime) -> str:
    """``EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020``."""
    return f"EMBARGOED UNTIL {when:%H:%M} {when:%A} {when.day} {when:%B %Y}".upper()
