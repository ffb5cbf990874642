"""Table text is measured a character at a time (advances and each neighbouring pair's
kerning), which must give exactly what the font's own ``getlength`` gives for the whole text;
and a table's cells, written from pieces made once a table, are what the cell functions write."""

from __future__ import annotations

import random
import string

from generator.outputs.writers import docx_styled, docx_xml
from generator.outputs.writers.docx_package import _deflate, _deflated

CHARS = string.printable[:-5] + "£€–—“”‘’éèàçöüñ…%·½ \u00a0\u2009"


def whole(text: str) -> float:
    return float(docx_styled._font().getlength(text))


def test_every_pair_measures_as_the_font_lays_it_out() -> None:
    for a in CHARS:
        for b in CHARS:
            assert docx_styled._length.__wrapped__(a + b) == whole(a + b), repr(a + b)


def test_texts_measure_as_the_font_lays_them_out() -> None:
    rnd = random.Random(16)
    texts = ["", " ", "1,234", "joint 1st of 43", "Thornleybridge Council", "53.2%"]
    texts += ["".join(rnd.choice(CHARS) for _ in range(rnd.randint(1, 60))) for _ in range(3000)]
    texts.append("W" * (docx_styled._ADDED + 5))  # laid out whole
    for text in texts:
        assert docx_styled._length.__wrapped__(text) == whole(text), repr(text)


def test_a_measure_is_its_longest_word_and_its_length() -> None:
    assert docx_styled._measure("up 25 points") == (whole("points"), whole("up 25 points"))
    assert docx_styled._measure("   ") == (0.0, whole("   "))


def _cells_one_by_one(widths: list[int], row: list[str], keep: bool, size: int) -> str:
    plain = docx_xml.properties(size=size)
    out = []
    for at, value in enumerate(row):
        content = docx_xml.paragraph(docx_xml.run(value, plain), right=at > 0, keep=keep)
        out.append(f"{docx_xml._cell(widths[at])}{content}</w:tc>")
    return "".join(out)


def test_table_cells_are_what_the_cell_functions_write() -> None:
    widths = [3000, 1200, 1400]
    rows = [["Burglary", "1,234", " 5 "], ["R&D <x>", "a\tb", ""], ["x", "y\nz", "-"]]
    for count in (3, 20):  # kept whole, and long enough to break across pages
        body = (rows * 7)[:count]
        written = "".join(
            docx_xml.table_parts(["M", "Count", "Share"], body, "TableGrid", widths, 18)
        )
        for number, row in enumerate(body, 1):
            keep = number < count and (count <= 12 or number < 3 or number >= count - 2)
            assert _cells_one_by_one(widths, row, keep, 18) in written


def test_a_run_of_one_piece_is_written_as_before() -> None:
    assert docx_xml.run("a b") == "<w:r><w:t>a b</w:t></w:r>"
    assert docx_xml.run(" a") == '<w:r><w:t xml:space="preserve"> a</w:t></w:r>'
    assert docx_xml.run("a\u00a0") == '<w:r><w:t xml:space="preserve">a\u00a0</w:t></w:r>'
    assert docx_xml.run("R&D") == "<w:r><w:t>R&amp;D</w:t></w:r>"
    assert docx_xml.run("") == "<w:r/>"


def test_a_shared_member_is_deflated_as_any_other() -> None:
    data = b"<Relationships>" + b"<Relationship/>" * 40 + b"</Relationships>"
    assert _deflated(data) == _deflate(data)
    assert _deflated(data) is _deflated(bytes(data))  # kept
