"""A Word document's body as it is written, in the styles Word names ("Title", "Quote"...).

:class:`Body` gathers a draft's paragraphs and tables as WordprocessingML text
(:mod:`.docx_xml`) and gives each style name the id python-docx would set for it, looked up
once a process in the prebuilt package (:mod:`.docx_package`), so a draft's body costs string
joins rather than a python-docx tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.outputs.writers import Picture
from generator.outputs.writers import docx_xml as xml
from generator.outputs.writers.docx_package import EMU_PER_TWIP, Package
from generator.outputs.writers.docx_xml import Run

RED = "B00020"
"""The colour of every warning an editor must see."""
CHAR = 120
"""Twips a character of table text may take (11 pt, bold headings included), to size columns."""
PAD = 240
"""Twips a cell adds to its text: its margins either side and a little room."""
PICTURE_HEIGHT = 0.6
"""The most of the page's height between the margins a picture may take."""


def column_widths(headings: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> list[int]:
    """Column widths in twips for a table ``total`` twips wide, set by what the columns hold:
    no column narrower than its longest word (so no word breaks), each as wide as its longest
    line where they all fit, the room left over to the first (label) column; otherwise the room
    beyond the longest words shared by how much more each column's longest line needs.
    ``column_widths(["Measure", "Count"], [["robbery", "6"]], 9000)`` is ``[8070, 930]``."""
    columns = [[h, *(row[i] for row in rows)] for i, h in enumerate(headings)]
    least = [max(len(w) for t in col for w in [*t.split(), ""]) * CHAR + PAD for col in columns]
    longest = [max(len(t) for t in col) * CHAR + PAD for col in columns]
    most = [max(long, low) for long, low in zip(longest, least, strict=True)]
    if sum(most) <= total:
        widths = list(most)
    elif sum(least) <= total:
        spare, wanted = total - sum(least), sum(most) - sum(least)
        pairs = zip(least, most, strict=True)
        widths = [low + spare * (high - low) // wanted for low, high in pairs]
    else:  # too many columns for the page: as narrow as the words allow, scaled to fit
        widths = [low * total // sum(least) for low in least]
    widths[0] += total - sum(widths)
    return widths


class Body:
    """The paragraphs and tables of one document, in order.

    ``Body(package).paragraph("Quote", "Text")`` adds what
    ``document.add_paragraph("Text", style="Quote")`` adds; :meth:`document` is the finished
    ``word/document.xml``. A style name the template lacks is a KeyError.
    """

    def __init__(self, package: Package) -> None:
        self.package = package
        self._parts: list[str] = []
        self.media: list[tuple[str, str, bytes]] = []
        """Each picture's relationship id, file name and bytes, for :meth:`Package.write`."""

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
        """A table in the table style ``style`` as wide as the text, its columns as wide as
        their content needs (:func:`column_widths`), with a repeating bold header row; every
        column after the first right-aligned."""
        style_id = self.package.style_id(style, "table")
        body = [list(row) for row in rows]
        widths = column_widths(headings, body, self.package.width)
        self._parts.append(xml.table(headings, body, style_id, widths))

    def picture(self, picture: Picture, style: str | None = None) -> None:
        """A paragraph in ``style`` holding ``picture``, as wide as the text unless that would
        make it taller than :data:`PICTURE_HEIGHT` of the page; its alt text as Word's
        description. A picture with no size (not a PNG) is left out."""
        width, height = picture.size
        if not width or not height:
            return
        number = len(self.media) + 1
        rel, name = f"rIdPicture{number}", f"picture{number}.png"
        self.media.append((rel, name, picture.png))
        page = self.package
        cx = page.width * EMU_PER_TWIP
        cy = cx * height // width
        tallest = int(page.height * PICTURE_HEIGHT) * EMU_PER_TWIP
        if cy > tallest:
            cx, cy = cx * tallest // cy, tallest
        drawing = xml.picture(rel, number, picture.name, picture.alt, cx, cy)
        self._parts.append(xml.paragraph(drawing, self._style(style)))

    def document(self) -> bytes:
        """The whole ``word/document.xml``."""
        return self.package.document("".join(self._parts))
