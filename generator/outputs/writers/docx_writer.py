"""``docx``: the draft as a Word document for editors who work in Word.

The warning lines open the document in bold red, then the headline (Title), the standfirst
(bold, larger), the body (quotations in the "Quote" style, lists as list paragraphs), a
"Notes to editors" section gathering the draft's own notes, its source and credit and every
warning in its facts, and a table of the figures behind it.

The body comes from the same HTML as the page and text writers (``draft.html_body``), read
with an HTML parser in the manner of :mod:`.text_writer` but keeping bold and italic runs.
Dates in the document properties are fixed and the package is zipped once, by
:func:`delivery.archive.stable_zip` (fixed times, members in python-docx's order), so the same
draft always gives the same bytes.

The table of figures and the warnings in the notes are made in :mod:`.docx_tables`, the
document's styles looked up once in :mod:`.docx_styled`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import docx
from docx.document import Document
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from generator.delivery.archive import stable_zip
from generator.delivery.newsroom import NewsroomMeta
from generator.outputs.writers import Draft, register
from generator.outputs.writers.docx_styled import Styled
from generator.outputs.writers.docx_tables import add_figures, editor_warnings
from generator.outputs.writers.text_writer import BLOCKS

RED = RGBColor(0xB0, 0x00, 0x20)
NOTES_HEADINGS = {"notes for editors", "notes to editors"}
FALLBACK_DATE = datetime.datetime(2000, 1, 1)
QUOTE_MARKS = ("“", '"')
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
INLINE = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic"}
_SPACE = re.compile(r"\s+")
PROPERTY_LIMIT = 255
"""Characters a Word document property may hold (OOXML core properties; python-docx refuses
more)."""


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """One paragraph of the body: ``kind`` is h1..h4, p, quote, ul or ol (a list item);
    ``level`` is a list item's depth (1 at the top)."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    level: int = 1

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class _Blocks(HTMLParser):
    """Paragraphs of the draft's HTML, as :class:`Block` with bold and italic runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.open: list[str] = []
        self.lists: list[str] = []
        self.style = {"bold": 0, "italic": 0}

    def _kind(self) -> str:
        for tag in reversed(self.open):
            if tag == "li":
                return self.lists[-1] if self.lists else "ul"
            if tag == "blockquote":
                return "quote"
            if tag in HEADINGS:
                return tag
        return "p"

    def _flush(self) -> None:
        runs = _tidy(self.runs)
        self.runs = []
        if runs:
            self.blocks.append(Block(self._kind(), runs, max(len(self.lists), 1)))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCKS or tag in ("ul", "ol"):
            self._flush()
            if tag in ("ul", "ol"):
                self.lists.append(tag)
            else:
                self.open.append(tag)
        elif tag in INLINE:
            self.style[INLINE[tag]] += 1
        elif tag == "br":
            self.runs.append(Run("\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS or tag in ("ul", "ol"):
            self._flush()
            stack = self.lists if tag in ("ul", "ol") else self.open
            if tag in stack:
                del stack[len(stack) - 1 - stack[::-1].index(tag) :]
        elif tag in INLINE:
            self.style[INLINE[tag]] = max(self.style[INLINE[tag]] - 1, 0)

    def handle_data(self, data: str) -> None:
        self.runs.append(Run(data, self.style["bold"] > 0, self.style["italic"] > 0))


def _tidy(runs: list[Run]) -> list[Run]:
    """Runs with white space collapsed as a browser would: one space, none at either end."""
    tidied: list[Run] = []
    after_space = True
    for run in runs:
        if run.text == "\n":
            tidied.append(run)
            after_space = True
            continue
        text = _SPACE.sub(" ", run.text)
        if after_space:
            text = text.lstrip(" ")
        if not text:
            continue
        tidied.append(Run(text, run.bold, run.italic))
        after_space = text.endswith(" ")
    while tidied and not tidied[-1].text.strip():
        tidied.pop()
    if tidied:
        last = tidied[-1]
        tidied[-1] = Run(last.text.rstrip(" "), last.bold, last.italic)
    return tidied


def body_blocks(html_text: str) -> list[Block]:
    """The paragraphs of a draft's HTML body, in order."""
    parser = _Blocks()
    parser.feed(html_text)
    parser.close()
    parser._flush()
    return parser.blocks


def _add_runs(paragraph: Any, runs: Iterable[Run], *, bold: bool = False) -> None:
    for run in runs:
        if run.text == "\n":
            paragraph.add_run().add_break()
            continue
        added = paragraph.add_run(run.text)
        added.bold = run.bold or bold or None
        added.italic = run.italic or None


def _list_style(kind: str, level: int) -> str:
    name = "List Bullet" if kind == "ul" else "List Number"
    return name if level <= 1 else f"{name} {min(level, 3)}"


def add_notes(doc: Styled, draft: Draft, notes: list[Block]) -> None:
    """The draft's own notes, then source and credit if they are not said, then warnings."""
    said = " ".join(b.text for b in notes).casefold()
    extra = []
    source = draft.meta.source.strip()
    credit = draft.meta.credit.strip()
    if source and source.casefold() not in said:
        extra.append(f"Source: {source}.")
    if credit and credit.casefold() not in said:
        extra.append(f"Credit: {credit}.")
    flagged = editor_warnings(draft.facts)
    if not (notes or extra or flagged):
        return
    doc.heading("Notes to editors", level=2)
    for block in notes:
        style: str | None
        if block.kind in ("ul", "ol"):
            style = _list_style(block.kind, block.level)
        else:
            style = "Quote" if block.kind == "quote" else None
        _add_runs(doc.paragraph(style), block.runs)
    for line in extra:
        doc.paragraph("List Bullet", line)
    for line in flagged:
        run = doc.paragraph("List Bullet").add_run(line)
        run.bold = True
        run.font.color.rgb = RED


def add_body(doc: Styled, blocks: list[Block]) -> list[Block]:
    """Headline, standfirst and body into ``doc``; returns the notes it set aside."""
    notes: list[Block] = []
    in_notes = False
    titled = standfirst = False
    for block in blocks:
        level = HEADINGS.get(block.kind)
        if level is not None and level <= 2:
            in_notes = level == 2 and block.text.strip().casefold() in NOTES_HEADINGS
            if in_notes:
                continue
        if in_notes:
            notes.append(block)
            continue
        if block.kind == "h1" and not titled:
            titled = True
            _add_runs(doc.paragraph("Title"), block.runs)
        elif level is not None:
            _add_runs(doc.paragraph(f"Heading {level}"), block.runs)
        elif block.kind in ("ul", "ol"):
            _add_runs(doc.paragraph(_list_style(block.kind, block.level)), block.runs)
        elif block.kind == "p" and not standfirst:
            standfirst = True
            paragraph = doc.paragraph()
            _add_runs(paragraph, block.runs, bold=True)
            for run in paragraph.runs:
                run.font.size = Pt(13)
        elif block.kind == "quote" or block.text.startswith(QUOTE_MARKS):
            _add_runs(doc.paragraph("Quote"), block.runs)
        else:
            _add_runs(doc.paragraph(), block.runs)
    return notes


def _when(meta: NewsroomMeta) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat((meta.published or "")[:10])
    except ValueError:
        return FALLBACK_DATE
    return datetime.datetime(day.year, day.month, day.day)


def fit_text(text: str, limit: int = PROPERTY_LIMIT) -> str:
    """``text`` if it fits in ``limit`` characters, else cut after its last whole word that
    leaves room for an ellipsis: ``fit_text("one two three", 10)`` is ``"one two…"``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ;,") + "…"


def fit_keywords(keywords: Iterable[str], limit: int = PROPERTY_LIMIT) -> str:
    """The keywords joined with "; ", as many whole ones as fit in ``limit`` characters, in
    order; a first keyword longer than the limit is cut by :func:`fit_text`.
    ``fit_keywords(["crime", "police", "courts"], 15)`` is ``"crime; police"``."""
    kept: list[str] = []
    for word in keywords:
        if len("; ".join([*kept, word])) > limit:
            return "; ".join(kept) if kept else fit_text(word, limit)
        kept.append(word)
    return "; ".join(kept)


def set_properties(document: Document, draft: Draft, headline: str) -> None:
    """Title, author, subject, language, fixed dates and revision 1 (no clock). Text that
    would pass Word's 255-character limit is cut at a whole word (keywords at a whole
    keyword) rather than refused."""
    meta = draft.meta
    props = document.core_properties
    when = _when(meta)
    props.title = fit_text(headline)
    props.author = fit_text(meta.credit)
    props.last_modified_by = fit_text(meta.credit)
    props.subject = fit_text(meta.title)
    props.language = fit_text(meta.language or "en-GB")
    props.identifier = fit_text(meta.id or draft.name)
    props.keywords = fit_keywords(meta.subjects)
    props.category = fit_text(meta.kind)
    props.comments = ""
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = None if defaults is None else defaults.find(f".//{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:val"), props.language)


def package_members(document: Document) -> Iterator[tuple[str, bytes]]:
    """The files of the document's package, named and in the order python-docx's ``save``
    writes them: content types, the package's relationships, then each part (and its
    relationships, if it has any).

    For :func:`stable_zip`: ``save`` stamps every member with the clock's time, and zipping its
    output again with fixed times cost as much as the first zip.
    """
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    yield CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob
    yield PACKAGE_URI.rels_uri.membername, package.rels.xml
    for part in parts:
        yield part.partname.membername, part.blob
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml


@register("docx", "docx")
def write_docx(draft: Draft) -> bytes:
    document = docx.Document()
    doc = Styled(document)
    for line in draft.banners:
        run = doc.paragraph().add_run(line)
        run.bold = True
        run.font.color.rgb = RED
    blocks = body_blocks(draft.html_body)
    notes = add_body(doc, blocks)
    add_notes(doc, draft, notes)
    add_figures(doc, draft)
    h1 = next((b.text for b in blocks if b.kind == "h1"), "")
    headline = draft.headline or h1 or draft.meta.title
    set_properties(document, draft, headline or draft.name)
    return stable_zip(package_members(document))
