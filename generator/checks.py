"""House rules checked on every rendered draft before anything is written.

A draft that breaks one fails the build with the sentence shown: "nan", "None" or "0 of 0"
in text, raw template syntax, or a sentence or headline that opens with a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import CheckFailed

ILLUSTRATIVE = "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION"
"""The warning that opens every output using a figure the data marks illustrative."""

FORBIDDEN = [
    (re.compile(r"\bnan\b", re.IGNORECASE), "'nan' (a missing figure printed)"),
    (re.compile(r"\bNone\b"), "'None' (a missing value printed)"),
    (re.compile(r"\b0 of 0\b"), "'0 of 0' (a rate of an empty sample)"),
    (re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"), "raw template syntax"),
]
SENTENCE_END = re.compile(r"(?<=[.!?:])[\"”’']?\s+|\n+")
OPENERS = "#*-_>“\"‘'( \t"


def sentences(text: str) -> list[str]:
    """Split text into sentences and headlines (roughly; enough for the opening rule)."""
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def check_draft(text: str, where: str) -> None:
    """Raise :class:`CheckFailed` naming ``where`` and the sentence if a house rule is broken."""
    problems = []
    for pattern, what in FORBIDDEN:
        match = pattern.search(text)
        if match:
            line = text[: match.start()].count("\n") + 1
            context = text.splitlines()[line - 1].strip()
            problems.append(f"{where}, line {line}: {what} in: {context[:160]}")
    for sentence in sentences(text):
        opening = sentence.lstrip(OPENERS)
        if opening[:1].isdigit():
            problems.append(f"{where}: a sentence opens with a figure: {sentence[:160]}")
    if problems:
        raise CheckFailed(
            "\n".join(
                [
                    "the draft breaks house style; nothing was written:",
                    *(f"  - {p}" for p in problems),
                ]
            )
        )


def check_spoken(
    text: str, where: str, *, avoid: Iterable[str] = (), names: Iterable[str] = ()
) -> None:
    """Radio rules: no brackets or "%", no word the story says to avoid on air (abbreviations
    such as "HMICFRS"), no sentence opening with a figure, no script opening on a name."""
    problems = []
    for mark in "()[]%":
        if mark in text:
            problems.append(f"'{mark}' cannot be read aloud")
    for word in avoid:
        if re.search(rf"\b{re.escape(word)}\b", text):
            problems.append(f"'{word}' is an abbreviation listeners may not know")
    for sentence in sentences(text):
        if sentence.lstrip(OPENERS)[:1].isdigit():
            problems.append(f"a sentence opens with a figure: {sentence[:120]}")
    opening = text.lstrip(OPENERS)
    for name in names:
        if name and opening.startswith(name):
            problems.append(f"the script opens on a name: {opening[:80]}")
    if problems:
        raise CheckFailed(
            "\n".join([f"{where} is not ready to read aloud:", *(f"  - {p}" for p in problems)])
        )
