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

Speed: python-docx looks a style up by name on every assignment, scanning every style of the
document for the default each time; :class:`Styled` resolves each name once per document and sets
the style id itself.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import docx
import inflect
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.delivery.archive import stable_zip
from generator.outputs.writers import Draft, register
from generator.outputs.writers.text_writer import BLOCKS

RED = RGBColor(0xB0, 0x00, 0x20)
NO_FIGURE = "no figure"
NOTES_HEADINGS = {"notes for editors", "notes to editors"}
FALLBACK_DATE = datetime.datetime(2000, 1, 1)
QUOTE_MARKS = ("“", '"')
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
INLINE = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic"}
_SPACE = re.compile(r"\s+")


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


class Styled:
    """A python-docx document whose styles are each looked up by name once.

    ``Styled(document).paragraph("Quote")`` adds a paragraph as
    ``document.add_paragraph(style="Quote")`` does, setting the same style id (none for the
    default style) without python-docx's search of every style on each assignment.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self._ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}

    def style_id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The id python-docx sets for the style ``name`` of ``kind``: None for the default.

        KeyError for a name the document has no style for, ValueError for another kind.
        """
        key = (name, kind)
        if key not in self._ids:
            styles = self.document.styles
            style = styles[name]
            if style.type != kind:
                raise ValueError(f"the style {name!r} is of type {style.type}, not {kind}")
            # Only a style marked as a default can be the default: no scan for the others.
            default = style.element.default and style == styles.default(kind)
            self._ids[key] = None if default else style.style_id
        return self._ids[key]

    def paragraph(self, style: str | None = None, text: str = "") -> Paragraph:
        """A new paragraph at the end of the document, in ``style`` (None: the default)."""
        paragraph = self.document.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        """A heading as ``document.add_heading`` makes it (level 0 is the Title)."""
        return self.paragraph("Title" if level == 0 else f"Heading {level}", text)

    def table(self, rows: int, cols: int, style: str) -> Table:
        """A new table at the end of the document, in the table style ``style``."""
        table = self.document.add_table(rows=rows, cols=cols)
        table._tbl.tblStyle_val = self.style_id(style, WD_STYLE_TYPE.TABLE)
        return table


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


def _fmt_int(n: Any) -> str:
    return f"{n:,}" if isinstance(n, int) and not isinstance(n, bool) else NO_FIGURE


def _fmt_percent(figure: dict[str, Any] | None) -> str:
    if not figure or not isinstance(figure.get("percent"), int):
        return NO_FIGURE
    return f"{figure['percent']}%"


_INFLECT = inflect.engine()


def ordinal(n: int) -> str:
    """1 -> "1st", 12 -> "12th", 22 -> "22nd" (tables use figures throughout)."""
    return _INFLECT.ordinal(n)


def rank_text(rank: dict[str, Any] | None) -> str:
    """A place's rank as a table shows it: "1st of 43", "joint 1st of 43 (4 tied)"."""
    if not rank or not isinstance(rank.get("position"), int):
        return "not ranked"
    of = rank.get("base") or rank.get("total")
    text = ordinal(rank["position"]) + (f" of {of}" if of else "")
    tied = rank.get("tied") or 1
    return f"joint {text} ({tied} tied)" if tied > 1 else text


def _area(draft: Draft) -> str:
    area = draft.meta.get("area")
    return f"{area} (pooled)" if area else "All places (pooled)"


def _header(table: Table, headings: list[str]) -> None:
    row = table.rows[0]
    for cell, heading in zip(row.cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _table(doc: Styled, headings: list[str], rows: list[list[str]]) -> Table:
    """A grid table with a bold, repeating header row; figures right-aligned."""
    table = doc.table(1, len(headings), "Table Grid")
    _header(table, headings)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(value)
            if i > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _place_rows(measures: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for m in measures:
        label = str(m.get("label") or m.get("measure") or "")
        figure = m.get("figure") if m.get("available") else None
        if not figure:
            rows.append([label, NO_FIGURE, NO_FIGURE, NO_FIGURE, NO_FIGURE, NO_FIGURE])
            continue
        rows.append(
            [
                label,
                _fmt_int(figure.get("count")),
                _fmt_int(figure.get("base")),
                _fmt_percent(figure),
                rank_text(m.get("rank")),
                _fmt_percent(m.get("pooled")),
            ]
        )
    return rows


def _group_rows(measures: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for m in measures:
        total = m.get("total") or {}
        with_figures = m.get("places_with_figures")
        rows.append(
            [
                str(m.get("label") or m.get("measure") or ""),
                _fmt_int(total.get("count")),
                _fmt_int(total.get("base")),
                _fmt_percent(total),
                _fmt_int(with_figures) if with_figures is not None else NO_FIGURE,
                _fmt_percent(m.get("pooled")),
            ]
        )
    return rows


def _by_place(facts: dict[str, Any], measures: list[dict[str, Any]]) -> list[list[str]]:
    """One row per place of a group: each measure's figure as "9 of 17 (53%)"."""
    summed = {m.get("measure"): {s.get("place"): s for s in m.get("summed", [])} for m in measures}
    rows = []
    for place in facts.get("places", []):
        row = [str(place)]
        for m in measures:
            figure = summed[m.get("measure")].get(place)
            if not figure or not isinstance(figure.get("count"), int):
                row.append(NO_FIGURE)
            else:
                row.append(
                    f"{_fmt_int(figure['count'])} of {_fmt_int(figure.get('base'))} "
                    f"({_fmt_percent(figure)})"
                )
        rows.append(row)
    return rows


def add_figures(doc: Styled, draft: Draft) -> None:
    """The table of figures behind the draft (nothing when the facts hold no measures)."""
    facts = draft.facts or {}
    measures = [m for m in facts.get("measures") or [] if isinstance(m, dict)]
    if not measures:
        return
    doc.heading("The figures", level=2)
    area = _area(draft)
    if "group" in facts:
        headings = ["Measure", "Count", "Sample", "Share", "Places with figures", area]
        _table(doc, headings, _group_rows(measures))
        if len(facts.get("places", [])) > 1:
            doc.paragraph(text="By place (the figures summed into the totals):")
            labels = [str(m.get("label") or m.get("measure")) for m in measures]
            _table(doc, ["Place", *labels], _by_place(facts, measures))
    else:
        headings = ["Measure", "Count", "Sample", "Share", "Rank", area]
        _table(doc, headings, _place_rows(measures))


def _labels(facts: dict[str, Any]) -> dict[str, str]:
    return {
        str(m.get("measure")): str(m.get("label") or m.get("measure"))
        for m in facts.get("measures") or []
        if isinstance(m, dict)
    }


def _join(names: Iterable[Any]) -> str:
    return ", ".join(str(n) for n in names)


def _illustrative_columns(facts: dict[str, Any], columns: list[str]) -> list[str]:
    """Illustrative data columns named by the measures they feed, in the measures' order."""
    named: list[str] = []
    covered: set[str] = set()
    for m in facts.get("measures") or []:
        cells = ((m.get("figure") or {}).get("cells") or []) if isinstance(m, dict) else []
        used = {c.get("column") for c in cells if isinstance(c, dict)} & set(columns)
        if used:
            named.append(str(m.get("label") or m.get("measure")))
            covered |= used
    return named + [c for c in columns if c not in covered]


def editor_warnings(facts: dict[str, Any]) -> list[str]:
    """Every warning an editor must see before publishing, from the draft's facts flags."""
    flags = facts.get("flags") or {}
    lines: list[str] = []
    if "group" in facts:
        places = flags.get("illustrative_places") or []
        if places:
            lines.append(
                f"Illustrative figures – not for publication – for: {_join(places)}. "
                "Check them against the published source before publication."
            )
        elif flags.get("illustrative"):
            lines.append("Some figures in this draft are illustrative – not for publication.")
        for m in facts.get("measures") or []:
            without = (m.get("places_without") or []) if isinstance(m, dict) else []
            if without:
                label = m.get("label") or m.get("measure")
                lines.append(f"No figure for {label} from: {_join(without)}.")
        awaiting = flags.get("awaiting_response") or []
        if awaiting and not facts.get("national"):  # as its banners: no force owes a reply
            lines.append(f"No response yet from {_join(awaiting)}: check before publication.")
        return lines
    if flags.get("illustrative"):
        columns = _illustrative_columns(facts, list(flags.get("illustrative_columns") or []))
        which = f" ({_join(columns)})" if columns else ""
        lines.append(
            f"Illustrative figures{which} – not for publication. Check them against the "
            "published source before publication."
        )
    missing = flags.get("missing_figures") or []
    if missing:
        labels = _labels(facts)
        lines.append(f"No figure for: {_join(labels.get(k, k) for k in missing)}.")
    if flags.get("awaiting_response"):
        name = (facts.get("place") or {}).get("name") or "this place"
        lines.append(f"No response yet from {name}: check before publication.")
    return lines


def add_notes(doc: Styled, draft: Draft, notes: list[Block]) -> None:
    """The draft's own notes, then source and credit if they are not said, then warnings."""
    said = " ".join(b.text for b in notes).casefold()
    extra = []
    source = str(draft.meta.get("source") or "").strip()
    credit = str(draft.meta.get("credit") or "").strip()
    if source and source.casefold() not in said:
        extra.append(f"Source: {source}.")
    if credit and credit.casefold() not in said:
        extra.append(f"Credit: {credit}.")
    flagged = editor_warnings(draft.facts or {})
    if not (notes or extra or flagged):
        return
    doc.heading("Notes to editors", level=2)
    for block in notes:
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


def _when(meta: dict[str, Any]) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat(str(meta.get("published") or "")[:10])
    except ValueError:
        return FALLBACK_DATE
    return datetime.datetime(day.year, day.month, day.day)


def set_properties(document: Document, draft: Draft, headline: str) -> None:
    """Title, author, subject, language, fixed dates and revision 1 (no clock)."""
    meta = draft.meta or {}
    props = document.core_properties
    credit = str(meta.get("credit") or "")
    when = _when(meta)
    props.title = headline
    props.author = credit
    props.last_modified_by = credit
    props.subject = str(meta.get("title") or "")
    props.language = str(meta.get("language") or "en-GB")
    props.identifier = str(meta.get("id") or draft.name)
    props.keywords = "; ".join(str(s) for s in meta.get("subjects") or [])
    props.category = str(meta.get("kind") or "")
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
    headline = draft.headline or h1 or str(draft.meta.get("title") or "")
    set_properties(document, draft, headline or draft.name)
    return stable_zip(package_members(document))
