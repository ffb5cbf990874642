"""WordprocessingML as text: runs, paragraphs and tables, every piece of text escaped.

The Word writer writes a draft's ``word/document.xml`` with these few functions rather than
building a python-docx tree per draft. Each writes what python-docx writes for the same call
(the same elements, in the same order, serialised as lxml serialises them), so a document
reads in Word exactly as one python-docx made: ``run("a\\tb")`` is ``<w:r><w:t>a</w:t>
<w:tab/><w:t>b</w:t></w:r>`` as ``paragraph.add_run("a\\tb")`` makes it.

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
_TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)


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
    pieces = [value] if _BREAKS.search(value) is None else _BREAKS.split(value)
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


def paragraph(content: str = "", style: str | None = None, *, right: bool = False) -> str:
    """A paragraph of ``content`` (runs) in the style with id ``style`` (None: the default),
    right-aligned with ``right``."""
    ppr = ""
    if style is not None or right:
        pstyle = f'<w:pStyle w:val="{attribute(style)}"/>' if style is not None else ""
        jc = '<w:jc w:val="right"/>' if right else ""
        ppr = f"<w:pPr>{pstyle}{jc}</w:pPr>"
    return f"<w:p>{ppr}{content}</w:p>" if ppr or content else "<w:p/>"


def table(
    headings: Sequence[str], rows: Iterable[Sequence[str]], style: str | None, width: int
) -> str:
    """A table in the table style with id ``style`` (None: the default), each column
    ``width`` twips wide: a bold header row that repeats on every page, then ``rows``, every
    column after the first right-aligned (figures)."""
    cols = len(headings)
    grid = f'<w:gridCol w:w="{width}"/>' * cols
    cell = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
    bold = properties(bold=True)
    tbl_style = "" if style is None else f'<w:tblStyle w:val="{attribute(style)}"/>'
    out = [
        f'<w:tbl><w:tblPr>{tbl_style}<w:tblW w:type="auto" w:w="0"/>{_TABLE_LOOK}</w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>'
    ]
    out += [f"{cell}{paragraph(run(h, bold))}</w:tc>" for h in headings]
    out.append("</w:tr>")
    for values in rows:
        if len(values) != cols:
            raise ValueError(f"a row of {len(values)} cells in a table of {cols} columns")
        out.append("<w:tr>")
        out += [f"{cell}{paragraph(run(v), right=i > 0)}</w:tc>" for i, v in enumerate(values)]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
