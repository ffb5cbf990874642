"""Engine settings: the ``engine:`` section of ``story.yaml``, typed and checked.

A manifest has two sections of values. ``settings:`` is free text for templates
(``story.settings.inspectorate``); the engine never reads it. ``engine:`` holds the few values
the engine itself reads (the credit and source of newsroom metadata, the embargo, the words
radio must avoid...), each typed and checked here: an unknown key is an error naming the
closest valid one, and a value of the wrong type says what to write. Templates still see the
engine values written in the manifest under ``story.settings`` by the same names
(``story.settings.source``), so one value is written once.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from generator.base.errors import ProblemList

MEDIA_TOPIC = re.compile(r"medtop:\d{8}")
"""An IPTC Media Topic code as a qcode: ``medtop:`` and eight digits."""


@dataclass(frozen=True)
class MediaTopic:
    """One IPTC Media Topic (https://cv.iptc.org/newscodes/mediatopic/): its qcode and name."""

    code: str
    """``medtop:20000129``."""
    name: str
    """IPTC's English name, "law enforcement"."""

    @property
    def uri(self) -> str:
        """The topic's web address in IPTC's vocabulary."""
        return "http://cv.iptc.org/newscodes/mediatopic/" + self.code.removeprefix("medtop:")


@dataclass(frozen=True)
class EngineSettings:
    """The values of ``engine:`` the engine reads, each with its default."""

    credit: str = ""
    """Who made the analysis: newsroom metadata and the pack's ``method.md``."""
    source: str = ""
    """Where the figures come from: newsroom metadata, ``method.md`` and the charts."""
    published: datetime.date | None = None
    """The day of publication: newsroom metadata, and a date the fact check accepts."""
    embargo: str | None = None
    """UK time, "2020-10-23 00:01": every output opens with the embargo line (``--embargo``
    overrides); ``None`` when there is none ("" is an error when the build reads it)."""
    version: int = 1
    """The drafts' version for newsroom systems (ninjs)."""
    language: str = "en-GB"
    """The drafts' language for newsroom systems and the site."""
    radio_avoid: tuple[str, ...] = ()
    """Words radio scripts must not say, such as abbreviations listeners may not know."""
    standing_text: tuple[str, ...] = ()
    """Fixed template phrases whose number is not data; the fact check accepts them."""
    subjects: tuple[MediaTopic, ...] = ()
    """The IPTC Media Topics the story is about, for newsroom systems (ninjs)."""
    usage_terms: str = ""
    """How partners may use the drafts, for newsroom systems; "" says only the credit."""
    copyright_holder: str = ""
    """Who holds the copyright in the drafts, for newsroom systems; "" leaves it unsaid."""


ENGINE_KEYS = tuple(f.name for f in fields(EngineSettings))
CLOSE = 0.85
"""How close (difflib's ratio) a ``settings:`` key must be to an engine key to be refused as
a likely misspelling of it (``radio_aviod``)."""


class Wrong(ValueError):
    """A value of the wrong type; the message says what to write."""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise Wrong("Write it as text, in quotes if it looks like a number or a date")
    return value


def _language(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Wrong("Write a language tag such as en-GB or cy")
    return value


def _day(value: object) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Wrong("Write the day as 2020-10-23")


def _embargo(value: object) -> str:
    if value is None:  # "embargo:" with nothing after it: empty, which the build refuses
        return ""
    if not isinstance(value, str):
        raise Wrong('Write it in quotes as "2020-10-23 00:01" (UK time)')
    return value


def _version(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Wrong("Write a whole number, 1 or more")
    return value


def _topics(value: object) -> tuple[MediaTopic, ...]:
    shape = (
        "Write a list of IPTC Media Topics, each as {code: medtop:20000129, name: law "
        "enforcement} (codes at https://cv.iptc.org/newscodes/mediatopic/)"
    )
    if not isinstance(value, list):
        raise Wrong(shape)
    topics = []
    for number, entry in enumerate(value, 1):
        at = f"Entry {number} ({_shown(entry)}): "
        if not isinstance(entry, dict) or set(entry) != {"code", "name"}:
            raise Wrong(at + shape)
        code, name = entry["code"], entry["name"]
        if not isinstance(code, str) or not MEDIA_TOPIC.fullmatch(code.strip()):
            raise Wrong(f"{at}{code!r} is not a Media Topic code: write medtop: and eight digits")
        if not isinstance(name, str) or not name.strip():
            raise Wrong(f"{at}give {code} its name, as IPTC writes it")
        topics.append(MediaTopic(code.strip(), name.strip()))
    return tuple(topics)


def _shown(entry: object) -> str:
    """A list entry as the story's YAML has it, shortened: ``{code: medtop:1, name: x}``."""
    if isinstance(entry, dict):
        text = "{" + ", ".join(f"{k}: {v}" for k, v in entry.items()) + "}"
    else:
        text = str(entry)
    return text if len(text) <= 80 else text[:77] + "..."


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise Wrong("Write a list of text, such as [HMICFRS, CCTV]")
    return tuple(value)


READERS: dict[str, Callable[[object], Any]] = {
    "credit": _text,
    "source": _text,
    "published": _day,
    "embargo": _embargo,
    "version": _version,
    "language": _language,
    "radio_avoid": _texts,
    "standing_text": _texts,
    "subjects": _topics,
    "usage_terms": _text,
    "copyright_holder": _text,
}
"""How each engine key is read: the typed value, or :class:`Wrong` saying what to write."""

assert set(READERS) == set(ENGINE_KEYS)


def _closest(key: str, cutoff: float = 0.6) -> str | None:
    found = difflib.get_close_matches(key, ENGINE_KEYS, n=1, cutoff=cutoff)
    return found[0] if found else None


def read_engine(raw: object, problems: ProblemList) -> EngineSettings:
    """The ``engine:`` section as :class:`EngineSettings`; each unknown key (with the closest
    valid name) and each value of the wrong type is added to ``problems``."""
    if raw is None:
        return EngineSettings()
    if not isinstance(raw, Mapping):
        problems.add(
            "must be a mapping of engine settings",
            column="engine",
            hint="Write each on its own line under engine:, such as 'credit: analysis by ...'",
        )
        return EngineSettings()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key)
        if name not in READERS:
            use = f"The engine reads: {', '.join(ENGINE_KEYS)}"
            problems.unknown_key(name, ENGINE_KEYS, f"engine.{name}", "engine setting", use)
            continue
        try:
            values[name] = READERS[name](value)
        except Wrong as wrong:
            problems.add(
                f"is not a valid {name}", column=f"engine.{name}", value=str(value), hint=str(wrong)
            )
    return EngineSettings(**values)


def check_free_settings(raw: Mapping[str, Any], problems: ProblemList) -> None:
    """Refuse a ``settings:`` key that is an engine key, or close to one: the engine would
    never read it there, so ``radio_avoid`` under ``settings:`` would be silently ignored."""
    for key in raw:
        name = str(key)
        close = _closest(name, CLOSE)
        if close is None:
            continue
        if close == name:
            message = "is read by the engine, so it belongs under engine:"
            hint = f"Move it under engine: (templates still read it as story.settings.{name})"
        else:
            message = f"is close to the engine setting {close}"
            hint = (
                f"If it is {close}, write it under engine: as {close}; if it is text for "
                "templates, give it a name further from the engine's"
            )
        problems.add(message, column=f"settings.{name}", hint=hint)


def written(raw: object) -> dict[str, Any]:
    """The engine values written in the manifest, as written: what templates see of them
    under ``story.settings``."""
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): v for k, v in raw.items() if k in READERS}
