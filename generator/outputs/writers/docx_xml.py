"""WordprocessingML as text: runs, paragraphs and tables, every piece of text escaped.

The Word writer writes a draft's ``word/document.xml`` with these few functions rather than
building a python-docx tree per draft. Each writes what python-docx writes for the same call
(the same elements, in the same order, serialised as lxml serialises them), so a document
reads in Word exactly as one python-docx made: ``run("a\\tb")`` is ``<w:r><w:t>a</w:t>
<w:tab/><w:t>b</w:t></w:r>`` as ``paragraph.add_run("a\\tb")`` makes it.

Beyond python-docx's calls, :func:`table` sets each column's width (a fixed layout, so Word
and LibreOffice keep the widths given), its text size, cells across columns, and keeps every
row of a short table with the next, so it stays whole and with its heading; :func:`picture`
is an inline picture as python-docx's ``add_picture`` writes it, with alt text.

Text comes from templates, quotes and data, so it is untrusted: :func:`text` escapes ``&``,
``<`` and ``>`` and refuses, with a ValueError naming it, any character XML 1.0 cannot hold (a
control character such as the bell, a lone surrogate), as python-docx (lxml) refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPECIAL = re.compile("[&<>\r]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_BREAKS = re.compile("([\t\r\n])")
KEEP_WHOLE = 12
"""The most rows a table may have and still be kept on one page whole."""
_TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)


@dataclass(frozen=True)
class Span:
    """A table cell of ``text`` across ``columns`` columns (Word's grid span)."""

    text: str
    columns: int


Cell = str | Span
"""A table cell: text in one column, or a :class:`Span` across several."""


@dataclass
class Run:
    """A stretch of text in one weight and slant (a line break when ``text`` is "\\n")."""

    text: str
    bold: bool = False
    italic: bool = False


def text(value: str) -> str:
    """``value`` escaped for XML element text, as lxml writes it: ``text("R&D <1>")`` is
    ``"R&amp;D &lt;1&gt;"``. ValueError for a character XML cannot hold."""
    bad = _NOT_XML.search(value)
    if bad is not None:
        raise ValueError(
            f"the text has a control character XML cannot hold ({bad.group()!r} at "
            f"character {bad.start() + 1})"
        )
    if _SPECIAL.search(value) is None:
        return value
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], value)


def attribute(value: str) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _content(value: str) -> str:
    """A run's content for ``value``: ``<w:t>`` for text, ``<w:tab/>`` for a tab and
    ``<w:br/>`` for a new line or carriage return; space kept at either end."""
    if _BREAKS.search(value) is None:  # one piece of text (most runs)
        if len(value.strip()) < len(value):
            return f'<w:t xml:space="preserve">{text(value)}</w:t>'
        return f"<w:t>{text(value)}</w:t>" if value else ""
    pieces = _BREAKS.split(value)
    out = []
    for piece in pieces:
        if not piece:
            continue
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            out.append("<w:br/>")
        elif len(piece.strip()) < len(piece):
            out.append(f'<w:t xml:space="preserve">{text(piece)}</w:t>')
        else:
            out.append(f"<w:t>{text(piece)}</w:t>")
    return "".join(out)


def properties(
    *, bold: bool = False, italic: bool = False, color: str | None = None, size: int | None = None
) -> str:
    """A run's ``<w:rPr>``: bold, italic, a colour ("B00020") and a size in half points, in
    the schema's order; ``<w:rPr/>`` with none of them."""
    inner = "".join(
        (
            "<w:b/>" if bold else "",
            "<w:i/>" if italic else "",
            f'<w:color w:val="{attribute(color)}"/>' if color else "",
            f'<w:sz w:val="{size}"/>' if size else "",
        )
    )
    return f"<w:rPr>{inner}</w:rPr>" if inner else "<w:rPr/>"


def run(value: str, rpr: str = "") -> str:
    """One run of ``value`` with the properties ``rpr`` (from :func:`properties`, or "" for
    none, as ``paragraph.add_run(value)`` leaves it)."""
    content = _content(value) if value else ""
    return f"<w:r>{rpr}{content}</w:r>" if rpr or content else "<w:r/>"


def runs(items: Iterable[Run], *, bold: bool = False, size: int | None = None) -> str:
    """Runs as the Word writer adds a paragraph's body text: each with its properties set
    (an empty ``<w:rPr/>`` for plain text), a line break as a run of its own."""
    out = []
    line_break = f"<w:r>{properties(size=size)}<w:br/></w:r>" if size else "<w:r><w:br/></w:r>"
    for item in items:
        if item.text == "\n":
            out.append(line_break)
            continue
        rpr = properties(bold=item.bold or bold, italic=item.italic, size=size)
        out.append(run(item.text, rpr))
    return "".join(out)


def paragraph(
    content: str = "", style: str | None = None, *, right: bool = False, keep: bool = False
) -> str:
    """A paragraph of ``content`` (runs) in the style with id ``style`` (None: the default),
    right-aligned with ``right``, kept on the page of the next paragraph with ``keep``."""
    ppr = ""
    if style is not None or right or keep:
        pstyle = f'<w:pStyle w:val="{attribute(style)}"/>' if style is not None else ""
        keep_next = "<w:keepNext/>" if keep else ""
        jc = '<w:jc w:val="right"/>' if right else ""
        ppr = f"<w:pPr>{pstyle}{keep_next}{jc}</w:pPr>"
    return f"<w:p>{ppr}{content}</w:p>" if ppr or content else "<w:p/>"


def table_parts(
    headings: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    style: str | None,
    widths: Sequence[int],
    size: int | None = None,
) -> list[str]:
    """A table, in parts (a table of every place can be tens of megabytes of text: the
    document is deflated part by part, never joined), in the table style with id ``style``
    (None: the default), its columns ``widths`` twips wide, its text in ``size`` half points
    if given: a bold header row that repeats on every page, then ``rows``, every column after
    the first right-aligned (figures; a :class:`Span` across columns is left-aligned). No
    row splits across pages. A table of up to :data:`KEEP_WHOLE` rows keeps every row with
    the next, so it moves to the next page whole; a longer one may break across pages (rather
    than leave most of one empty), but never after its heading row or one of its first two
    rows, nor before one of its last two."""
    cols = len(headings)
    if len(widths) != cols:
        raise ValueError(f"{len(widths)} widths for a table of {cols} columns")
    body = [list(values) for values in rows]
    for values in body:
        spanned = sum(v.columns if isinstance(v, Span) else 1 for v in values)
        if spanned != cols:
            raise ValueError(f"a row of {spanned} cells in a table of {cols} columns")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    plain = properties(size=size) if size else ""
    bold = properties(bold=True, size=size)
    tbl_style = "" if style is None else f'<w:tblStyle w:val="{attribute(style)}"/>'
    out = [
        f'<w:tbl><w:tblPr>{tbl_style}<w:tblW w:type="dxa" w:w="{sum(widths)}"/>'
        f'<w:tblLayout w:type="fixed"/>{_TABLE_LOOK}</w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        '<w:tr><w:trPr><w:cantSplit/><w:tblHeader w:val="true"/></w:trPr>'
    ]
    keep = bool(body)
    out += [
        f"{_cell(w)}{paragraph(run(h, bold), keep=keep)}</w:tc>"
        for w, h in zip(widths, headings, strict=True)
    ]
    out.append("</w:tr>")
    count = len(body)
    # What every one-column cell of a row opens with, by column, kept or not: its properties
    # and its paragraph's (the first column left-aligned, the others right-aligned).
    opening = {
        kept: [
            _cell(w) + paragraph("\0", right=at > 0, keep=kept).split("\0")[0]
            for at, w in enumerate(widths)
        ]
        for kept in (False, True)
    }
    for number, values in enumerate(body, 1):
        keep = number < count and (count <= KEEP_WHOLE or number < 3 or number >= count - 2)
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        opens = opening[keep]
        at = 0
        for value in values:
            if isinstance(value, Span):
                span = value.columns
                cell = _cell(sum(widths[at : at + span]), span)
                out.append(f"{cell}{paragraph(run(value.text, plain), keep=keep)}</w:tc>")
            else:
                span = 1
                out.append(f"{opens[at]}{run(value, plain)}</w:p></w:tc>")
            at += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return out


def _cell(width: int, span: int = 1) -> str:
    """A table cell's opening and properties: ``width`` twips, across ``span`` columns."""
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{grid}</w:tcPr>'


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def picture(rel: str, number: int, name: str, alt: str, cx: int, cy: int) -> str:
    """An inline picture (a run of its own) showing the image of relationship ``rel``,
    ``cx`` by ``cy`` EMU, numbered ``number`` among the document's drawings, with the alt
    text ``alt`` (what a screen reader says, and what Word shows as its description)."""
    descr, named = attribute(alt), attribute(name)
    return (
        "<w:r><w:drawing>"
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{number}" name="Picture {number}" descr="{descr}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/>'
        "</wp:cNvGraphicFramePr>"
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}">'
        f'<pic:pic xmlns:pic="{_PIC}"><pic:nvPicPr>'
        f'<pic:cNvPr id="0" name="{named}" descr="{descr}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{attribute(rel)}"/><a:stretch><a:fillRect/></a:stretch>'
        "</pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
