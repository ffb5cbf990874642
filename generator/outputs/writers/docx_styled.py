"""A Word document's body as it is written, in the styles Word names ("Title", "Quote"...).

:class:`Body` gathers a draft's paragraphs and tables as WordprocessingML text
(:mod:`.docx_xml`) and gives each style name the id python-docx would set for it, looked up
once a process in the prebuilt package (:mod:`.docx_package`), so a draft's body costs string
joins rather than a python-docx tree.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from generator.outputs.writers import Picture
from generator.outputs.writers import docx_xml as xml
from generator.outputs.writers.docx_package import EMU_PER_TWIP, Package
from generator.outputs.writers.docx_xml import Cell, Run

RED = "B00020"
"""The colour of every warning an editor must see."""
FONT = Path(__file__).resolve().parents[1] / "charts" / "fonts" / "DejaVuSans-Bold.ttf"
"""The font table text is measured in: the bundled DejaVu Sans Bold, as wide as DejaVu Serif
Bold (what LibreOffice sets for Word's Cambria) and wider than Cambria or Calibri."""
ROOM = 1.06
"""How much wider than measured a column is made, for fonts a little wider than the one measured."""
PAD = 240
"""Twips a cell adds to its text: its margins either side (108 twips each) and a little room."""
TABLE_SIZES = (20, 18, 16)
"""Half points table text may be set in, largest first (10, 9, 8 pt): the largest at which
every column fits its longest word, and every figure column its longest figure whole."""
PICTURE_HEIGHT = 0.9
"""The most of the page's height between the margins a picture may take."""


@functools.lru_cache(maxsize=1)
def _font() -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), 1000, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=8192)
def _length(text: str) -> float:
    """``text``'s width in the measuring font at 1,000 units (whatever the size): what
    ``getlength`` gives, worked out from its characters (:func:`_advance`, :func:`_kerning`)
    up to :data:`_ADDED` characters."""
    if len(text) > _ADDED:
        return float(_font().getlength(text))
    total, before = 0, ""
    for char in text:
        total += _advance(char)
        if before:
            total += _kerning(before + char)
        before = char
    return total / 64


_ADDED = 200
"""The longest text measured a character at a time; longer ones are laid out whole."""


def _units(text: str) -> int:
    """``getlength(text)`` in 64ths, FreeType's units, which it counts in (a whole number)."""
    return round(_font().getlength(text) * 64)


@functools.lru_cache(maxsize=4096)
def _advance(char: str) -> int:
    """How far one character moves the pen, in 64ths.

    The basic layout (Pillow's ``text_layout_fallback``, which the measuring font uses) gives
    a text's length as the sum of each glyph's advance and of the kerning of each pair of
    neighbours, both whole 64ths, each depending on those glyphs alone; so the length of a
    text is the sum of its characters' advances and of each neighbouring pair's kerning,
    found by measuring the pair whole (:func:`_kerning`), exactly as ``getlength``."""
    return _units(char)


@functools.lru_cache(maxsize=16384)
def _kerning(pair: str) -> int:
    """What two neighbouring characters add to the sum of their advances, in 64ths."""
    return _units(pair) - _advance(pair[0]) - _advance(pair[1])


@functools.lru_cache(maxsize=8192)
def _measure(text: str) -> tuple[float, float]:
    """``text``'s longest word (0 with none) and its whole width, as :func:`_length` gives them."""
    return max((_length(word) for word in text.split()), default=0.0), _length(text)


def _twips(length: float, size: int) -> int:
    return math.ceil(length * size * 10 * ROOM / 1000)


def text_twips(text: str, size: int) -> int:
    """How many twips wide ``text`` is set in bold at ``size`` half points, with room to
    spare (:data:`ROOM`)."""
    return _twips(_length(text), size)


def _fit(least: list[int], tiers: Sequence[list[int]], total: int) -> list[int]:
    """Widths of at least ``least`` each (they fit in ``total``), grown towards each of
    ``tiers`` of wanted widths in turn: to it where it all fits, else by the room left shared
    by how much more each column wants; the room left at the end to the first column."""
    widths = list(least)
    for tier in tiers:
        most = [max(want, width) for want, width in zip(tier, widths, strict=True)]
        spare, wanted = total - sum(widths), sum(most) - sum(widths)
        if wanted <= spare:
            widths = most
            continue
        widths = [w + spare * (m - w) // wanted for w, m in zip(widths, most, strict=True)]
        break
    widths[0] += total - sum(widths)
    return widths


def column_widths(
    headings: Sequence[str], rows: Sequence[Sequence[Cell]], total: int
) -> tuple[list[int], int]:
    """Column widths in twips for a table ``total`` twips wide, and the size in half points
    its text is set in, measured (:func:`text_twips`): the largest of :data:`TABLE_SIZES` at
    which no word breaks and no figure (a cell after the first column, "19th of 42") wraps;
    else the smallest at which no word breaks; else (too many columns for the page) as narrow
    as the words allow, scaled to fit. A cell spanning columns (:class:`Span`) sets no width.
    The room left over goes to the first (label) column, up to its longest line, then to
    each column up to its longest line (a heading wraps at spaces until then).
    """
    columns: list[list[str]] = [[h] for h in headings]
    for row in rows:
        at = 0
        for cell in row:
            if isinstance(cell, str):
                columns[at].append(cell)
            at += cell.columns if isinstance(cell, xml.Span) else 1

    # Each column's longest word, longest cell and longest line, measured once: the widest
    # at every size, as a wider text is never set narrower.
    longest = []
    for col in columns:
        measured = [_measure(t) for t in col]
        longest.append(
            (
                max(word for word, _ in measured),
                max((line for _, line in measured[1:]), default=None),
                max(line for _, line in measured),
            )
        )

    def needs(size: int) -> tuple[list[int], list[int], list[list[int]]]:
        """Each column's longest word, its longest figure kept whole, and the widths
        wanted beyond: the label column's longest line, then every column's."""
        words = [_twips(word, size) + PAD for word, _, _ in longest]
        whole = [
            max(words[i], _twips(cell, size) + PAD) if i and cell is not None else words[i]
            for i, (_, cell, _) in enumerate(longest)
        ]
        lines = [_twips(line, size) + PAD for _, _, line in longest]
        return words, whole, [[lines[0], *whole[1:]], lines]

    for size in TABLE_SIZES:
        _, whole, tiers = needs(size)
        if sum(whole) <= total:
            return _fit(whole, tiers, total), size
    size = TABLE_SIZES[-1]
    words, whole, tiers = needs(size)
    if sum(words) <= total:
        return _fit(words, [whole, *tiers], total), size
    widths = [low * total // sum(words) for low in words]
    widths[0] += total - sum(widths)
    return widths, size


_BATCH = 4096
"""Parts of a document encoded at a time (:meth:`Body.chunks`)."""


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

    def paragraph(self, style: str | None = None, text: str = "", *, keep: bool = False) -> None:
        """A paragraph of plain ``text`` (none: an empty paragraph) in ``style``, kept on the
        page of the next with ``keep`` (a line introducing a table)."""
        content = xml.run(text) if text else ""
        self._parts.append(xml.paragraph(content, self._style(style), keep=keep))

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

    def table(self, headings: Sequence[str], rows: Iterable[Sequence[Cell]], style: str) -> None:
        """A table in the table style ``style`` as wide as the text, its columns as wide as
        their content needs and its text as large as they allow (:func:`column_widths`), with
        a repeating bold header row; every column after the first right-aligned."""
        style_id = self.package.style_id(style, "table")
        body = [list(row) for row in rows]
        widths, size = column_widths(headings, body, self.package.width)
        self._parts += xml.table_parts(headings, body, style_id, widths, size)

    def picture(self, picture: Picture, style: str | None = None) -> None:
        """A paragraph in ``style`` holding ``picture``, as wide as the text (so a chart 800
        pixels wide prints its 12-pixel text at about 7 pt on A4) unless that would make it
        taller than :data:`PICTURE_HEIGHT` of the page between the margins; its alt text as
        Word's description. A picture with no size (not a PNG) is left out."""
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

    def chunks(self) -> Iterator[bytes]:
        """:meth:`document` in pieces, UTF-8 encoded a batch of parts at a time (for
        :meth:`~generator.outputs.writers.docx_package.Package.write` to deflate as they
        come: a table of every place never held as one text)."""
        head, tail = self.package.document_ends()
        yield head
        parts = self._parts
        for at in range(0, len(parts), _BATCH):
            yield "".join(parts[at : at + _BATCH]).encode()
        yield tail
