"""How names of places are read: the key a spelling is matched on, and council wording.

:func:`normalise` is the key every spelling is compared on: case, accents, apostrophes,
punctuation, "&" and a leading "the" do not count ("Ynys Mon" is "Ynys Môn", "Kings Lynn" is
"King's Lynn").

Councils are written many ways, and the rules below read them generically, never one name at a
time. They apply only to places that have an ``organisation`` (a council), so a police force
never matches "Hampshire County Council":

- :func:`council_cores`: what a name from a data file means once its council wording is taken
  away: "Westminster City Council", "London Borough of Camden", "Royal Borough of Greenwich",
  "Cyngor Caerdydd", "Hull, City of" and "Hartlepool UA" read as "Westminster", "Camden",
  "Greenwich", "Caerdydd", "Hull" and "Hartlepool";
- :func:`shortened`: the shorter forms a council's own name is known by: "Isle of Anglesey" as
  "Anglesey", "County Durham" as "Durham", "Glasgow City" as "Glasgow", "City of Edinburgh" as
  "Edinburgh". :class:`generator.inputs.places.Places` drops a shortened form that reads the same
  as another place's spelling, as a region or county of the file ("City of London" is never
  "London"), or as another place's shortened form (then neither gets it).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PREFIXES = (
    "london borough of ",
    "royal borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city and county of ",
    "city of ",
    "county of ",
    "district of ",
    "council of the ",
    "council of ",
    "cyngor bwrdeistref sirol ",
    "cyngor dinas a sir ",
    "cyngor sir ",
    "cyngor dinas ",
    "cyngor ",
    "dinas a sir ",
    "comhairle ",
)
"""Council wording before a name (English, Welsh and Gaelic), longest first."""

SUFFIXES = (
    " metropolitan borough council",
    " metropolitan district council",
    " county borough council",
    " borough council",
    " district council",
    " city council",
    " county council",
    " council",
    " city of",
    " county of",
    " unitary authority",
    " ua",
)
"""Council wording after a name ("X, City of" is ONS's inverted form), longest first."""

SHORTENED = re.compile(r"^(?:isles? of |county |city of )(.+)$|^(.+) city$")
"""The shorter forms of a council's own name ("isle of anglesey" -> "anglesey")."""

_WORDING = re.compile(
    r"\b(?:council|borough|city|county|district|cyngor|dinas|comhairle|ua|authority)\b"
)
"""A word without which no name has council wording (a quick test before the full one)."""


_APOSTROPHE = re.compile(r"['’]")
_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The key a name is matched on: ``normalise("The Devon & Cornwall-Police")`` is
    ``"devon and cornwall police"``; ``normalise("Ynys Môn")`` is ``"ynys mon"``."""
    text = name.casefold().replace("&", " and ")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_WORD.sub(" ", _APOSTROPHE.sub("", text)).strip()
    return text.removeprefix("the ")


def council_cores(key: str) -> list[str]:
    """The readings of a normalised name without its council wording, most stripped last:
    ``council_cores("london borough of camden")`` is ``["camden"]``; a name with no council
    wording has none."""
    found: list[str] = []
    if not _WORDING.search(key):
        return found
    todo = [key]
    while todo:
        text = todo.pop(0)
        for prefix in PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                todo.append(text[len(prefix) :])
                break
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                todo.append(text[: -len(suffix)])
                break
        if text != key and text not in found:
            found.append(text)
    return found


def shortened(key: str) -> list[str]:
    """The shorter forms of a council's normalised name: ``shortened("county durham")`` is
    ``["durham"]``."""
    m = SHORTENED.match(key)
    return [m.group(1) or m.group(2)] if m else []
