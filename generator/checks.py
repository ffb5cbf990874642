"""House rules checked on every rendered draft before anything is written.

A draft that breaks one fails the build with the sentence shown: "nan", "None" or "0 of 0"
in text, raw template syntax, or a sentence or headline that opens with a figure.
"""

from __future__ import annotations

import re

from .errors import CheckFailed

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
