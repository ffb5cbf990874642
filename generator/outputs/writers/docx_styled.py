"""A python-docx document whose styles are each looked up by name once (for the Word writer).

Speed: python-docx looks a style up by name on every assignment, scanning every style of the
document for the default each time; :class:`Styled` resolves each name once per document and sets
the style id itself.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph


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
