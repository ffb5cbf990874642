"""``docx``: the draft as a Word document for editors who work in Word.

The warning lines open the document in bold red, then the headline (Title), the credit line
("Byline": the manifest's ``engine.credit``, "Analysis by the BBC Shared Data Unit") and the
date ("Date": the embargo's time and day, else the day of publication, "00:01 Friday 23
October 2020"), the standfirst (bold, larger), the body (lists as list paragraphs; every
paragraph of a quotation, its attribution included, in the "Quote" style), the draft's charts
(inline pictures with their alt text), the table of the figures behind it, and a "Notes to
editors" section gathering the draft's own notes, its source and credit and every warning in
its facts. The page is A4 unless a newsroom's ``reference.docx`` sets its own page and styles
(:mod:`.docx_reference`).

The body comes from the same HTML as the page and text writers (``draft.html_body``), read
with an HTML parser in the manner of :mod:`.text_writer` but keeping bold and italic runs.

Speed: only the draft's own parts are written per draft. The styles, theme, settings and the
rest of the package are made once a process by python-docx (:mod:`.docx_package`); the body
is written as WordprocessingML text (:mod:`.docx_styled`, :mod:`.docx_xml`), the properties
by :mod:`.docx_properties`, with fixed dates and fixed zip times, so the same draft always
gives the same bytes.

The table of figures and the warnings in the notes are made in :mod:`.docx_tables`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from generator.delivery.embargo import UK
from generator.delivery.newsroom import NewsroomMeta
from generator.outputs.writers import Draft, register
from generator.outputs.writers.docx_package import prebuilt
from generator.outputs.writers.docx_properties import (
    PROPERTY_LIMIT,
    core_xml,
    fit_keywords,
    fit_text,
    language,
)
from generator.outputs.writers.docx_styled import Body
from generator.outputs.writers.docx_tables import add_figures, editor_warnings
from generator.outputs.writers.docx_xml import Run
from generator.outputs.writers.notes import split_notes
from generator.outputs.writers.text_writer import BLOCKS, feed

__all__ = ["PROPERTY_LIMIT", "Block", "Run", "body_blocks", "fit_keywords", "fit_text"]

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'
INTRODUCED = re.compile(r':\s*[“"]')
"""A quotation introduced with a colon: "He added: “It affirms ..."."""
_AFTER_CLOSE = " .,;:!?)"
"""What may follow a quotation's closing mark at the end of a paragraph that is a quotation."""
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
INLINE = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic"}
STANDFIRST_SIZE = 26
"""The standfirst's size in half points (13 pt)."""
_SPACE = re.compile(r"\s+")


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
    feed(parser, html_text)
    parser._flush()
    return parser.blocks


def _list_style(kind: str, level: int) -> str:
    name = "List Bullet" if kind == "ul" else "List Number"
    return name if level <= 1 else f"{name} {min(level, 3)}"


def add_notes(doc: Body, draft: Draft, notes: list[Block]) -> None:
    """The draft's own notes, then source and credit if they are not said, then warnings."""
    said = " ".join(b.text for b in notes).casefold()
    extra = []
    source = draft.meta.source.strip()
    credit = draft.meta.credit.strip()
    if source and source.casefold() not in said:
        extra.append(f"Source: {source}.")
    if credit and credit.casefold() not in said:
        extra.append(f"Credit: {credit}.")
    flagged = editor_warnings(draft.facts, said)
    if not (notes or extra or flagged):
        return
    doc.heading("Notes to editors", level=2)
    for block in notes:
        style: str | None
        if block.kind in ("ul", "ol"):
            style = _list_style(block.kind, block.level)
        else:
            style = "Quote" if block.kind == "quote" else None
        doc.runs(style, block.runs)
    for line in extra:
        doc.paragraph("List Bullet", line)
    for line in flagged:
        doc.warning("List Bullet", line)


def credit_line(meta: NewsroomMeta) -> str:
    """The credit under the headline: the manifest's credit as a line of its own,
    "Analysis by the BBC Shared Data Unit"; "" with none."""
    credit = meta.credit.strip()
    return credit[:1].upper() + credit[1:]


def date_line(meta: NewsroomMeta) -> str:
    """The draft's date in house style: the embargo's UK time and day, "00:01 Friday 23
    October 2020" (the zone named in the hour the clocks go back, "01:30 GMT ..."), else the
    day of publication, "Friday 23 October 2020"; "" with neither."""
    if meta.embargoed:
        when = datetime.datetime.fromisoformat(meta.embargoed).astimezone(UK)
        wall = when.replace(tzinfo=None)
        twice = (
            wall.replace(tzinfo=UK, fold=0).utcoffset()
            != wall.replace(tzinfo=UK, fold=1).utcoffset()
        )
        zone = f" {when.tzname()}" if twice else ""
        return f"{when:%H:%M}{zone} {when:%A} {when.day} {when:%B %Y}"
    try:
        day = datetime.date.fromisoformat((meta.published or "")[:10])
    except ValueError:
        return ""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _leaves_open(text: str) -> bool:
    """Whether a paragraph ends inside a quotation (continued in the next paragraph): after
    its last curly opening mark there is no closing one, or it has an odd number of straight
    marks (each opens or closes)."""
    opened = False
    for char in text:
        if char == OPENING:
            opened = True
        elif char == CLOSING:
            opened = False
        elif char == STRAIGHT:
            opened = not opened
    return opened


def opens_quotation(text: str) -> bool:
    """Whether a paragraph is a quotation: it opens with a quote mark (“A quote,” she said.),
    or a colon introduces a quotation that runs to its end (He added: “It affirms...”), not
    one quoted word or phrase in a sentence that goes on (Rated: "good" in 2018, it...)."""
    if text.lstrip().startswith((OPENING, STRAIGHT)):
        return True
    for found in INTRODUCED.finditer(text):
        rest = text[found.end() :]
        ends = [at for at in (rest.find(CLOSING), rest.find(STRAIGHT)) if at >= 0]
        if not ends or not rest[min(ends) + 1 :].strip(_AFTER_CLOSE):
            return True
    return False


def add_body(doc: Body, blocks: list[Block], meta: NewsroomMeta | None = None) -> None:
    """Headline, credit and date, standfirst and body (the article, without its notes) into
    ``doc``. A quotation is one style throughout: a paragraph that opens one
    (:func:`opens_quotation`) and each paragraph it continues into are all "Quote"."""
    titled = standfirst = quoting = False
    for block in blocks:
        level = HEADINGS.get(block.kind)
        if block.kind == "h1" and not titled:
            titled = True
            doc.runs("Title", block.runs)
            if meta is not None:
                add_credit(doc, meta)
        elif level is not None:
            doc.runs(f"Heading {level}", block.runs)
        elif block.kind in ("ul", "ol"):
            doc.runs(_list_style(block.kind, block.level), block.runs)
        elif block.kind == "p" and not standfirst:
            standfirst = True
            doc.runs(None, block.runs, bold=True, size=STANDFIRST_SIZE)
        elif block.kind == "quote" or quoting or opens_quotation(block.text):
            doc.runs("Quote", block.runs)
            quoting = block.kind == "p" and _leaves_open(block.text)
            continue
        else:
            doc.runs(None, block.runs)
        quoting = False


def add_credit(doc: Body, meta: NewsroomMeta) -> None:
    """The credit line and the date, each when known."""
    credit, date = credit_line(meta), date_line(meta)
    if credit:
        doc.paragraph("Byline", credit)
    if date:
        doc.paragraph("Date", date)


@register("docx", "docx")
def write_docx(draft: Draft) -> bytes:
    """The draft as a .docx: banners, body, notes and figures into the shared package."""
    package = prebuilt(language(draft.meta), draft.reference)
    doc = Body(package)
    for line in draft.banners:
        doc.warning(None, line)
    article, notes = split_notes(draft.html_body)
    blocks = body_blocks(article)
    titled = any(b.kind == "h1" for b in blocks)
    if not titled:
        add_credit(doc, draft.meta)
    add_body(doc, blocks, draft.meta)
    for picture in draft.pictures:
        doc.picture(picture)
    add_figures(doc, draft)
    add_notes(doc, draft, body_blocks(notes))
    h1 = next((b.text for b in blocks if b.kind == "h1"), "")
    headline = draft.headline or h1 or draft.meta.title
    return package.write(core_xml(draft, headline or draft.name), doc.chunks, doc.media)
