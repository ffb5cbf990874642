"""Curated quotes: ``quotes/<story>/*.yaml``, one file per source.

A file says who spoke (``speaker``, ``role``, ``organisation``, ``pronoun``), which places it
applies to (``places``: slugs or names) or ``national: true``, an optional reported line
(``said``: "said progress has been made"), the ``paragraphs`` quoted verbatim, and whether it is
``cleared`` for use. Text is never edited: templates print it as it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ProblemList, display_path, read_yaml
from .inert import has_control
from .limits import Limits
from .places import Places

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
    "cleared",
    "order",
}
PRONOUNS = {"he": "He", "she": "She", "they": "They", "it": "It"}


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

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "file": self.file,
            "organisation": self.organisation,
            "speaker": self.speaker,
            "role": self.role,
            "said": self.said,
            "paragraphs": list(self.paragraphs),
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


def _writable(value: object) -> bool:
    """Whether text can be written in every format: as UTF-8 (a YAML escape can make a lone
    surrogate) and with no control character."""
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not has_control(str(value))


def load_quotes(
    folder: Path, places: Places, root: Path, limits: Limits | None = None
) -> QuoteBook:
    """Load and check every ``*.yaml`` in ``folder``; uncleared quotes are left out, with a
    warning."""
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
            if not all(_writable(t) for t in texts):
                problems.add(
                    "has a character that cannot be written (a lone surrogate or a control "
                    "character)",
                    column=str(key),
                    hint="Retype the text, or save the file again as UTF-8",
                )
        paragraphs = raw.get("paragraphs") or []
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
            problems.add("must be a list of quoted paragraphs", column="paragraphs")
            paragraphs = []
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
                said=_text(raw.get("said")),
                paragraphs=tuple(paragraphs),
                cleared=True,
                order=order,
            )
        )
    quotes.sort(key=lambda q: (q.order, q.id))
    return QuoteBook(quotes, warnings)
