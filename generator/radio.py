"""Radio scripts: a cue and a copy story at each length, fitted to time at three words a second.

A radio template is rendered once for each script with one extra name, ``script`` (a
:class:`ScriptSpec`: ``script.part`` is "cue" or "copy", ``script.seconds`` 20 or 40,
``script.words`` the target). It writes one sentence a line. A line starting with ``+ `` is
optional: the fitter keeps every plain line, then adds optional lines in order while the script
stays within 10 per cent of its target, skipping any that would overshoot. A script that still
falls outside the range fails the build, naming the script.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import CheckFailed

WORDS_PER_SECOND = 3
TOLERANCE = 0.10
PARTS = ("cue", "copy")
LENGTHS = (20, 40)


@dataclass(frozen=True)
class ScriptSpec:
    """Which script a radio template is writing: ``part``, ``seconds`` and target ``words``."""

    part: str
    seconds: int

    @property
    def words(self) -> int:
        return self.seconds * WORDS_PER_SECOND

    @property
    def bounds(self) -> tuple[int, int]:
        return round(self.words * (1 - TOLERANCE)), int(self.words * (1 + TOLERANCE))


@dataclass(frozen=True)
class Script:
    """A finished script and its length, as producers see it."""

    part: str
    seconds: int
    text: str

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def duration(self) -> int:
        """Estimated seconds read aloud, rounded half up."""
        return (2 * self.words + WORDS_PER_SECOND) // (2 * WORDS_PER_SECOND)

    @property
    def label(self) -> str:
        return (
            f"{self.part.upper()} ({self.seconds} seconds): {self.words} words, "
            f"about {self.duration} seconds"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "part": self.part,
            "target_seconds": self.seconds,
            "words": self.words,
            "estimated_seconds": self.duration,
            "text": self.text,
        }


def count_words(text: str) -> int:
    """Words as read aloud: whitespace-separated tokens ("nine out of 17" is four)."""
    return len(text.split())


def fit(rendered: str, spec: ScriptSpec, where: str) -> str:
    """Choose the lines of ``rendered`` that bring the script within its length (module doc)."""
    low, high = spec.bounds
    kept: list[tuple[int, str]] = []
    optional: list[tuple[int, str]] = []
    for index, raw in enumerate(rendered.splitlines()):
        line = raw.strip()
        if line.startswith("+ "):
            optional.append((index, line[2:].strip()))
        elif line:
            kept.append((index, line))
    total = sum(count_words(text) for _, text in kept)
    for index, text in optional:
        if total + count_words(text) <= high:
            kept.append((index, text))
            total += count_words(text)
    if not low <= total <= high:
        raise CheckFailed(
            f"{where}: the {spec.part} for {spec.seconds} seconds has {total} "
            f"words; it needs {low} to {high}. Add optional lines ('+ ') to the "
            "radio template or shorten its fixed ones"
        )
    return " ".join(text for _, text in sorted(kept))
