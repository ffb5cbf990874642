"""A Word document's body as it is written, in the styles Word names ("Title", "Quote"...).

:class:`Body` gathers a draft's paragraphs and tables as WordprocessingML text
(:mod:`.docx_xml`) and gives each style name the id python-docx would set for it, looked up
once a process in the prebuilt package (:mod:`.docx_package`), so a draft's body costs string
joins rather than a python-docx tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.outputs.writers import docx_xml as xml
from generator.outputs.writers.docx_package import Package
from generator.outputs.writers.docx_xml import Run

RED = "B00020"
"""The colour of every warning an editor must see."""


class Body:
    """The paragraphs and tables of one document, in order.

    ``Body(package).paragraph("Quote", "Text")`` adds what
    ``document.add_paragraph("Text", style="Quote")`` adds; :meth:`document` is the finished
    ``word/document.xml``. A style name the template lacks is a KeyError.
    """

    def __init__(self, package: Package) -> None:
        self.package = package
        self._parts: list[str] = []

    def _style(self, name: str | None) -> str | None:
        return None if name is None else self.package.style_id(name)

    def paragraph(self, style: str | None = None, text: str = "") -> None:
        """A paragraph of plain ``text`` (none: an empty paragraph) in ``style``."""
        self._parts.append(xml.paragraph(xml.run(text) if text else "", self._style(style)))

    def runs(
        self, style: str | None, runs: Iterable[Run], *, bold: bool = False, size: int = 0
    ) -> None:
        """A paragraph of body text in ``style``: bold and italic runs, line breaks; every run
        bold with ``bold``, in ``size`` half points if given."""
        content = xml.runs(runs, bold=bold, size=size or None)
        self._parts.append(xml.paragraph(content, self._style(style)))

    def warning(self, style: str | None, text: str) -> None:
        """A paragraph in ``style`` of one bold red run: a banner or a warning in the notes."""
        run = xml.run(text, xml.properties(bold=True, color=RED))
        self._parts.append(xml.paragraph(run, self._style(style)))

    def heading(self, text: str, level: int) -> None:
        """A heading as ``document.add_heading`` makes it (level 0 is the Title)."""
        self.paragraph("Title" if level == 0 else f"Heading {level}", text)

    def table(self, headings: Sequence[str], rows: Iterable[Sequence[str]], style: str) -> None:
        """A table in the table style ``style`` with a repeating bold header row; every column
        after the first right-aligned."""
        style_id = self.package.style_id(style, "table")
        width = self.package.column_width(len(headings))
        self._parts.append(xml.table(headings, rows, style_id, width))

    def document(self) -> bytes:
        """The whole ``word/document.xml``."""
        return self.package.document("".join(self._parts))
