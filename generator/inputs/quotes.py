"""Curated quotes: ``quotes/<story>/*.yaml``, one file per source.

A file says who spoke (``speaker``, ``role``, ``organisation``, ``pronoun``), which places it
applies to (``places``: slugs or names) or ``national: true``, an optional reported line
(``said``: "said progress has been made"), the ``paragraphs`` quoted verbatim, and whether it is
``cleared`` for use.

Besides quotes, a file may carry ``reported``, paragraphs of reported speech in the unit's words
(a force's rebuttal: "The force says five of the cases were corrected..."), and ``context``,
paragraphs of context such as the inspectors' reasons. A context item is a string or a mapping
``{text: ..., about: <measure key>}`` so a template can put it beside that measure's sentence.
Both are cleared with the quote and printed as written.

Text is never reworded: templates print it as it is stored, except that straight quotation
marks and apostrophes are made curly when the file is read (:func:`curly`), so every format
prints “clear guidance” and it’s.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.base.errors import ProblemList, display_path, read_yaml
from generator.base.inert import has_control
from generator.base.limits import Limits
from generator.inputs.places import Places

FIELDS = {
    "speaker",
    "role",
    "organisation",
    "known_as",
    "pronoun",
    "places",
    "national",
    "said",
    "paragraphs",
    "reported",
    "context",
    "cleared",
    "order",
}
PRONOUNS = {"he": "He", "she": "She", "they": "They", "it": "It"}
MAX_ITEMS = 40
"""How many paragraphs one list of a quotes file (paragraphs, reported, context) may hold."""
MAX_CHARS = 3000
"""How long one paragraph of a quotes file may be, in characters."""

_OPEN_BEFORE = r"(?:(?<=^)|(?<=[\s(\[{—–/-]))"
_DOUBLE_OPEN = re.compile(_OPEN_BEFORE + r'"(?=\S)')
_SINGLE_OPEN = re.compile(_OPEN_BEFORE + r"'(?=[^\W\d_]|[“\"])")


def curly(text: str) -> str:
    """``text`` with straight quotation marks and apostrophes made typographic.

    A double quote at the start, or after a space, bracket, dash or slash and before a
    character, opens (“); any other closes (”). A single quote opening a word ('Yes') opens (‘);
    any other (it's, forces', '90s) is an apostrophe or a closing mark (’). Curly marks already
    there are kept, and nothing else changes: ``curly('said "clear guidance"')`` is
    ``'said “clear guidance”'``.
    """
    text = _DOUBLE_OPEN.sub("“", text).replace('"', "”")
    return _SINGLE_OPEN.sub("‘", text).replace("'", "’")


@dataclass(frozen=True)
class Note:
    """A context paragraph: ``text``, and ``about``, the key of the measure it explains (or
    ``None``)."""

    text: str
    about: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "about": self.about}


@dataclass(frozen=True)
class Quote:
    """One source's words. ``speaker`` may be empty when an organisation speaks as a body."""

    id: str
    file: str
    organisation: str
    known_as: str | None
    speaker: str | None
    role: str | None
    pronoun: str
    places: tuple[str, ...]
    national: bool
    said: str | None
    paragraphs: tuple[str, ...]
    cleared: bool
    order: int = 0
    reported: tuple[str, ...] = ()
    context: tuple[Note, ...] = ()

    @property
    def attribution(self) -> str:
        """First mention: "Hampshire Constabulary's force lead on ..., ACC Craig Dibdin,"."""
        if self.speaker and self.role:
            return f"{self.organisation}'s {self.role}, {self.speaker},"
        return self.speaker or self.known_as or self.organisation

    @property
    def pronoun_said(self) -> str:
        """Later mentions: "He said:"."""
        return f"{PRONOUNS[self.pronoun]} said:"

    @property
    def pronoun_added(self) -> str:
        """The quote after the attribution: "He added:"."""
        return f"{PRONOUNS[self.pronoun]} added:"

    def context_about(self, key: str | None) -> tuple[Note, ...]:
        """The context paragraphs about measure ``key`` (``None``: those about no measure)."""
        return tuple(n for n in self.context if n.about == key)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "file": self.file,
            "organisation": self.organisation,
            "speaker": self.speaker,
            "role": self.role,
            "said": self.said,
            "paragraphs": list(self.paragraphs),
            "reported": list(self.reported),
            "context": [n.as_dict() for n in self.context],
        }


@dataclass
class QuoteBook:
    """Every quote of a story, and the warnings met while loading (uncleared quotes)."""

    quotes: list[Quote]
    warnings: list[str]

    def for_place(self, slug: str) -> list[Quote]:
        return [q for q in self.quotes if slug in q.places]

    @property
    def national(self) -> list[Quote]:
        return [q for q in self.quotes if q.national]


def _text(value: object) -> str | None:
    return None if value is None else str(value).strip() or None


def _curly_or_none(text: str | None) -> str | None:
    return None if text is None else curly(text)


def _writable(value: object) -> bool:
    """Whether text can be written in every format: as UTF-8 (a YAML escape can make a lone
    surrogate) and with no control character."""
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not has_control(str(value))


def _paragraph_list(raw: dict, key: str, problems: ProblemList) -> list[str]:
    """``raw[key]`` as a list of paragraphs (strings), each problem added to ``problems``."""
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        problems.add(
            "must be a list of paragraphs",
            column=key,
            hint="Write each paragraph on its own line starting '- ', in quotation marks",
        )
        return []
    return _bounded(value, key, problems)


def _bounded(value: list, key: str, problems: ProblemList) -> list:
    """``value`` when it is within :data:`MAX_ITEMS` items of :data:`MAX_CHARS` characters."""
    if len(value) > MAX_ITEMS:
        problems.add(
            f"has {len(value)} paragraphs, more than {MAX_ITEMS}",
            column=key,
            hint="Keep what the draft needs and move the rest to a second file",
        )
        return []
    for index, item in enumerate(value, start=1):
        text = item.get("text", "") if isinstance(item, dict) else item
        text = text if isinstance(text, str) else ""
        if len(text) > MAX_CHARS:
            problems.add(
                f"paragraph {index} has {len(text)} characters, more than {MAX_CHARS}",
                column=key,
                value=text[:40] + "…",
                hint="Split it into shorter paragraphs",
            )
            return []
    return value


def _context(raw: dict, problems: ProblemList, measures: Iterable[str] | None) -> list[Note]:
    """The ``context`` list as notes; a bad item or an unknown ``about`` key is a problem."""
    value = raw.get("context") or []
    hint = "Write each item as a string, or as {text: ..., about: <measure key>}"
    if not isinstance(value, list):
        problems.add("must be a list of paragraphs", column="context", hint=hint)
        return []
    keys = list(measures) if measures is not None else None
    notes: list[Note] = []
    for index, item in enumerate(value, start=1):
        if isinstance(item, str):
            notes.append(Note(curly(item.strip())))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            problems.add(f"item {index} is not a paragraph", column="context", hint=hint)
            continue
        unknown = sorted(str(k) for k in set(item) - {"text", "about"})
        if unknown:
            problems.add(
                f"item {index} has an unknown field",
                column=f"context.{unknown[0]}",
                hint="Use text and about",
            )
            continue
        about = item.get("about")
        about = None if about is None else str(about).strip()
        if about is not None and keys is not None and about not in keys:
            close = difflib.get_close_matches(about, keys, n=1)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            problems.add(
                f"item {index} is about no measure of the story",
                column="context.about",
                value=about,
                hint=f"{hint}Use one of the measure keys: {', '.join(keys)}",
            )
            continue
        notes.append(Note(curly(item["text"].strip()), about))
    if len(_bounded(value, "context", problems)) != len(value):
        return []
    return notes


def load_quotes(
    folder: Path,
    places: Places,
    root: Path,
    limits: Limits | None = None,
    measures: Iterable[str] | None = None,
) -> QuoteBook:
    """Load and check every ``*.yaml`` in ``folder``; uncleared quotes are left out, with a
    warning. ``measures`` are the story's measure keys, which a context item's ``about`` must
    name (unchecked when ``None``)."""
    quotes: list[Quote] = []
    warnings: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        shown = display_path(path, root)
        problems = ProblemList(shown)
        raw = read_yaml(path, problems, "Check quotation marks and indentation", limits)
        if not isinstance(raw, dict):
            problems.add("must be a mapping of fields", hint=f"Use: {', '.join(sorted(FIELDS))}")
            problems.raise_if_any()
        for key in sorted(str(k) for k in set(raw) - FIELDS):
            problems.add("unknown field", column=key, hint=f"Use: {', '.join(sorted(FIELDS))}")
        if not _text(raw.get("organisation")):
            problems.add("the organisation is missing", column="organisation", hint="Add it")
        if raw.get("role") and not _text(raw.get("speaker")):
            problems.add("a role is given but no speaker", column="speaker", hint="Add the name")
        pronoun = str(raw.get("pronoun", "it")).strip().lower()
        if pronoun not in PRONOUNS:
            problems.add(
                "unknown pronoun",
                column="pronoun",
                value=pronoun,
                hint=f"Use one of: {', '.join(PRONOUNS)}",
            )
        for key, value in raw.items():
            texts = value if isinstance(value, list) else [value]
            texts = [t.get("text", "") if isinstance(t, dict) else t for t in texts]
            if not all(_writable(t) for t in texts):
                problems.add(
                    "has a character that cannot be written (a lone surrogate or a control "
                    "character)",
                    column=str(key),
                    hint="Retype the text, or save the file again as UTF-8",
                )
        paragraphs = _paragraph_list(raw, "paragraphs", problems)
        reported = _paragraph_list(raw, "reported", problems)
        context = _context(raw, problems, measures)
        if not paragraphs and not _text(raw.get("said")):
            problems.add("nothing to quote", column="paragraphs", hint="Add paragraphs or 'said'")
        slugs = []
        listed = raw.get("places") or []
        if not isinstance(listed, list):
            listed = [listed]
        for name in listed:
            place = places.match(str(name))
            if place is None:
                suggestions = ", ".join(places.suggest(str(name))) or "none"
                problems.add(
                    "no such place",
                    column="places",
                    value=str(name),
                    hint=f"Closest: {suggestions}",
                )
            else:
                slugs.append(place.slug)
        national = bool(raw.get("national", False))
        order = raw.get("order", 0)
        if isinstance(order, bool) or not isinstance(order, int):
            problems.add("must be a whole number", column="order", value=str(order))
        if not raw.get("places") and not national:
            problems.add(
                "applies to nothing",
                column="places",
                hint="List places (slugs or names) or set national: true",
            )
        problems.raise_if_any()
        if raw.get("cleared") is not True:
            warnings.append(f"{shown}: not cleared for use, left out")
            continue
        quotes.append(
            Quote(
                id=path.stem,
                file=shown,
                organisation=_text(raw["organisation"]) or "",
                known_as=_text(raw.get("known_as")),
                speaker=_text(raw.get("speaker")),
                role=_text(raw.get("role")),
                pronoun=pronoun,
                places=tuple(slugs),
                national=national,
                said=_curly_or_none(_text(raw.get("said"))),
                paragraphs=tuple(curly(p.strip()) for p in paragraphs),
                cleared=True,
                order=order,
                reported=tuple(curly(p.strip()) for p in reported if p.strip()),
                context=tuple(n for n in context if n.text),
            )
        )
    quotes.sort(key=lambda q: (q.order, q.id))
    return QuoteBook(quotes, warnings)
