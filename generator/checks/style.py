"""House rules checked on every rendered draft before anything is written.

A draft that breaks one fails the build with the sentence shown: "nan", "None" or "0 of 0"
in text, raw template syntax, or a sentence or headline that opens with a figure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from generator.base.errors import CheckFailed

ILLUSTRATIVE = "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION"
"""The warning that opens every output using a figure the data marks illustrative."""

FORBIDDEN = [
    (re.compile(r"\bnan\b", re.IGNORECASE), "'nan' (a missing figure printed)"),
    (re.compile(r"\bNone\b"), "'None' (a missing value printed)"),
    (re.compile(r"\b0 of 0\b"), "'0 of 0' (a rate of an empty sample)"),
    (re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"), "raw template syntax"),
]
_NEEDLES = ("nan", "None", "0 of 0", "")
"""What each of :data:`FORBIDDEN` needs in the text before it can match ("nan" in the text
lower-cased, as no character outside ASCII lower-cases to or is matched as "n" or "a")."""
SENTENCE_END = re.compile(r"(?<=[.!?:])[\"”’']?\s+|\n+")
"""Where a sentence ends: the break between two (:func:`sentence_breaks` finds them)."""
_BREAK = re.compile(r"[.!?:\n](?:(?<=\n)\n*|(?<!\n)[\"”’']?\s+)")
""":data:`SENTENCE_END` with its full stop taken in rather than looked behind for: the same
breaks (a break holds only quotes and spaces, never a stop, so no stop is taken twice), found
faster (the pattern opens with one of five characters, which ``re`` skips to)."""
OPENERS = "#*-_>“\"‘'( \t"


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """Where :data:`SENTENCE_END` matches in ``text``, in order: (start, end) of each break."""
    return [
        (m.start() if text[m.start()] == "\n" else m.start() + 1, m.end())
        for m in _BREAK.finditer(text)
    ]


def sentences(text: str) -> list[str]:
    """Split text into sentences and headlines (roughly; enough for the opening rule)."""
    found = []
    previous = 0
    for start, end in sentence_breaks(text):
        if part := text[previous:start].strip():
            found.append(part)
        previous = end
    if part := text[previous:].strip():
        found.append(part)
    return found


def check_draft(text: str, where: str) -> None:
    """Raise :class:`CheckFailed` naming ``where`` and the sentence if a house rule is broken."""
    problems = []
    lowered = text.lower()
    for (pattern, what), needle in zip(FORBIDDEN, _NEEDLES, strict=True):
        if needle and needle not in (lowered if needle == "nan" else text):
            continue  # the pattern cannot match: the words it needs are not there
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


@functools.lru_cache(maxsize=256)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}\b")


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
        if word in text and _whole_word(word).search(text):
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


# House style for prose drafts: the lengths a sub-editor holds a draft to (STYLE.md, "News
# judgement"). Breaking one is a warning in the run summary and the manifest, not a failed
# build: the draft is still accurate, and an editor can trim it.
HEADLINE_CHARS = 70
SHORT_HEADLINE_CHARS = 40
LEDE_WORDS = 35
SHORT_HEADLINE = "- Short headline:"
"""A notes line that gives the draft's short headline (for web and social)."""


def short_headline_of(markdown: str) -> str:
    """The short headline a draft gives in its notes (``- Short headline: ...``), or ""."""
    for line in markdown.splitlines():
        if line.startswith(SHORT_HEADLINE):
            return line[len(SHORT_HEADLINE) :].strip()
    return ""


def lede_of(markdown: str) -> str:
    """The draft's first paragraph after its headline (its lines joined), or ""."""
    lines = markdown.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if start is None:
        return ""
    paragraph: list[str] = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith("#"):
            paragraph.append(line.strip())
        elif paragraph:
            break
    return " ".join(paragraph)


def house_style(markdown: str, where: str) -> list[str]:
    """Warnings for a headline over 70 characters, a short headline over 40 (or none) and a
    lede over 35 words, each naming the draft and quoting the text."""
    warnings = []
    headline = next((ln[2:].strip() for ln in markdown.splitlines() if ln.startswith("# ")), "")
    if len(headline) > HEADLINE_CHARS:
        warnings.append(
            f"{where}: the headline has {len(headline)} characters (at most "
            f"{HEADLINE_CHARS}): {headline}"
        )
    short = short_headline_of(markdown)
    if not short:
        warnings.append(f"{where}: no short headline (a notes line '{SHORT_HEADLINE} ...')")
    elif len(short) > SHORT_HEADLINE_CHARS:
        warnings.append(
            f"{where}: the short headline has {len(short)} characters (at most "
            f"{SHORT_HEADLINE_CHARS}): {short}"
        )
    words = len(lede_of(markdown).split())
    if words > LEDE_WORDS:
        warnings.append(
            f"{where}: the lede has {words} words (at most {LEDE_WORDS}): {lede_of(markdown)}"
        )
    return warnings
