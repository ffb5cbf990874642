"""Word from a prebuilt package: the shared parts are made once, a draft adds only its body and
properties, and what it writes is what python-docx writes for the same calls, byte for byte,
so Word shows the same document. Text from the inputs is escaped, or refused when XML cannot
hold it. Fast: no story is built."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from generator.delivery.newsroom import NewsroomMeta
from generator.outputs.writers import Draft
from generator.outputs.writers import docx_xml as xml
from generator.outputs.writers.docx_package import (
    CORE,
    DOCUMENT,
    RELS,
    _house_styles,
    _set_language,
    _set_page,
    prebuilt,
)
from generator.outputs.writers.docx_properties import core_xml
from generator.outputs.writers.docx_reference import A4
from generator.outputs.writers.docx_styled import Body
from generator.outputs.writers.docx_writer import write_docx
from generator.outputs.writers.docx_xml import Run

TRICKY = "  R&D <b>“quoted”</b> > 'x' \"y\"\tafter a tab\r\nnext line \xa0 ✓ 𝄞 "
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MARKDOWN = "# Headline & <more>\n\nThe standfirst.\n\nA **bold** and *italic* line.\n"


def draft(markdown: str = MARKDOWN, **meta: object) -> Draft:
    fields = {"id": "s/place/article", "title": "A story", "credit": "the Unit", **meta}
    return Draft("article", markdown, markdown, ("BANNER",), None, NewsroomMeta(**fields))  # type: ignore[arg-type]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def fresh() -> Document:
    """python-docx's own document, the language set, the house styles added and the page
    made A4 as the Word writer does."""
    document = docx.Document()
    package = prebuilt("en-GB")
    _house_styles(document)
    _set_language(document, "en-GB")
    _set_page(document, A4)
    assert document.part.blob.startswith(package.head.encode())
    return document


def test_two_writes_are_the_same_bytes() -> None:
    assert write_docx(draft()) == write_docx(draft())


def test_only_the_drafts_own_parts_differ_between_two_drafts() -> None:
    first = write_docx(draft())
    second = write_docx(draft("# Another\n\nOther words.\n", title="Another story", kind="x"))
    a, b = members(first), members(second)
    assert list(a) == list(b)
    assert list(a)[0] == "[Content_Types].xml" and list(a)[-3:] == [RELS, CORE, DOCUMENT]
    assert {name for name in a if a[name] != b[name]} == {CORE, DOCUMENT}
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        shared = archive.getinfo(RELS).header_offset  # where the draft's own parts start
    assert shared > 20_000
    assert first[:shared] == second[:shared] == prebuilt("en-GB").base[:shared]


def test_every_part_but_the_drafts_own_is_python_docxs() -> None:
    document = fresh()
    ours = members(write_docx(draft()))
    stream = io.BytesIO()
    document.save(stream)
    theirs = members(stream.getvalue())
    assert set(ours) == set(theirs)
    assert {n for n in ours if ours[n] != theirs[n]} == {CORE, DOCUMENT, "[Content_Types].xml"}
    png = b'<Default Extension="png" ContentType="image/png"/>'
    assert ours["[Content_Types].xml"].replace(png, b"") == theirs["[Content_Types].xml"]


def test_the_body_is_python_docxs_byte_for_byte() -> None:
    document = fresh()
    body = Body(prebuilt("en-GB"))
    runs = [Run("A "), Run("bold", bold=True), Run("\n"), Run(" italic ", italic=True)]

    body.warning(None, "WARNING")
    run = document.add_paragraph().add_run("WARNING")
    run.bold = True
    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)

    for style in ("Title", "Heading 2", "Quote", "List Number 2", None):
        body.runs(style, runs)
        paragraph = document.add_paragraph(style=style)
        for item in runs:
            if item.text == "\n":
                paragraph.add_run().add_break()
                continue
            added = paragraph.add_run(item.text)
            added.bold = item.bold or None
            added.italic = item.italic or None

    body.runs(None, runs, bold=True, size=26)
    paragraph = document.add_paragraph()
    for item in runs:
        added = paragraph.add_run()
        if item.text == "\n":
            added.add_break()
        else:
            added.text = item.text
            added.bold = True
            added.italic = item.italic or None
        added.font.size = Pt(13)

    body.paragraph("List Bullet", TRICKY)
    document.add_paragraph(TRICKY, style="List Bullet")
    body.heading("Notes", level=2)
    document.add_heading("Notes", level=2)
    body.paragraph()
    document.add_paragraph()

    assert body.document() == document.part.blob


def test_a_table_reads_back_with_its_widths_header_and_alignment() -> None:
    """python-docx reads the table the Word writer writes: the header row repeats, figures
    are right-aligned, every row is kept with the next but the last, and the columns are
    the widths given, as wide as the text together."""
    body = Body(prebuilt("en-GB"))
    headings, rows = ["Measure", "", "Share"], [["a & b", "1", ""], ["<c>", "2", "50%"]]
    body.table(headings, rows, "Table Grid")
    core = core_xml(draft(), "Headline")
    document = docx.Document(io.BytesIO(prebuilt("en-GB").write(core, body.document())))
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [headings, *rows]
    assert table.rows[0]._tr.trPr.find(f"{{{W}}}tblHeader") is not None
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    keeps = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows]
    assert keeps == [True, True, None]
    assert sum(column.width.twips for column in table.columns) == prebuilt("en-GB").width


def test_a_long_table_may_break_across_pages_but_not_at_its_ends() -> None:
    """Fixed: the national story's 43-row table, every row kept with the next, moved whole to
    the next page and left most of a page empty; its text is also set smaller to fit."""
    body = Body(prebuilt("en-GB"))
    rows = [[f"Place {k}", "1 of 20 (5%)"] for k in range(43)]
    body.table(["Place", "Figure"], rows, "Table Grid")
    core = core_xml(draft(), "Headline")
    document = docx.Document(io.BytesIO(prebuilt("en-GB").write(core, body.document())))
    keeps = [
        bool(row.cells[0].paragraphs[0].paragraph_format.keep_with_next)
        for row in document.tables[0].rows
    ]
    assert keeps[:3] == [True, True, True] and keeps[-3:] == [True, True, False]
    assert not any(keeps[4:-4])
    sizes = {
        r.font.size for row in document.tables[0].rows for r in row.cells[1].paragraphs[0].runs
    }
    assert sizes == {Pt(10)}


def test_the_properties_are_python_docxs_byte_for_byte() -> None:
    meta = {"title": "Subject & <more>", "credit": "", "published": "2021-02-03", "kind": "place"}
    ours = core_xml(draft(**meta, subjects=("a", "b&c")), TRICKY)
    document = fresh()
    props = document.core_properties
    for name, value in (
        ("title", TRICKY),
        ("author", ""),
        ("last_modified_by", ""),
        ("subject", "Subject & <more>"),
        ("language", "en-GB"),
        ("identifier", "s/place/article"),
        ("keywords", "a; b&c"),
        ("category", "place"),
        ("comments", ""),
    ):
        setattr(props, name, value)
    props.created = props.modified = props.last_printed = datetime.datetime(2021, 2, 3)
    props.revision = 1
    stream = io.BytesIO()
    document.save(stream)
    assert ours == members(stream.getvalue())[CORE]


@given(st.text(max_size=40))
def test_any_text_is_written_as_lxml_writes_it_or_refused_as_lxml_refuses_it(value: str) -> None:
    element = etree.Element("t")
    try:
        element.text = value
        expected: str | None = etree.tostring(element, encoding="unicode")[3:-4]
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError, match="control character"):
            xml.text(value)
    elif value:
        assert xml.text(value) == expected


@pytest.mark.parametrize("bad", ["\x07", "\x00", "\x1b", "\ud800", "\ufffe"])
def test_a_character_xml_cannot_hold_is_refused_with_its_name(bad: str) -> None:
    quote = f"We are sorry{bad}."
    with pytest.raises(ValueError, match="control character") as err:
        write_docx(draft(f"# Title\n\n{quote}\n"))
    assert repr(bad) in str(err.value)
    with pytest.raises(ValueError, match="control character"):
        write_docx(draft(title=quote))


def test_special_characters_read_back_as_written() -> None:
    markdown = "# Fish &amp; chips &lt;today&gt;\n\n" + "Words <i>not a tag</i> &amp; more.\n"
    written = docx.Document(io.BytesIO(write_docx(draft(markdown, title="R&D <x>"))))
    texts = [p.text for p in written.paragraphs]
    assert texts[1] == "Fish & chips <today>"
    assert written.core_properties.subject == "R&D <x>"
    assert written.core_properties.title == "Fish & chips <today>"
    document_xml = members(write_docx(draft(markdown)))[DOCUMENT]
    etree.fromstring(document_xml)  # well-formed
    assert b"<today>" not in document_xml


def test_an_unknown_style_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="Fancy"):
        Body(prebuilt("en-GB")).paragraph("Fancy", "text")


def test_the_language_is_set_in_the_styles_and_packages_are_kept_per_language() -> None:
    welsh = members(write_docx(draft(language="cy")))
    assert b'w:lang w:val="cy"' in welsh["word/styles.xml"]
    assert prebuilt("cy") is prebuilt("cy")
    assert prebuilt("cy").base != prebuilt("en-GB").base
    assert docx.Document(io.BytesIO(write_docx(draft(language="cy")))).core_properties.language == (
        "cy"
    )


@pytest.mark.parametrize("pictures", [0, 1, 3])
@pytest.mark.parametrize("language", ["en-GB", "cy-GB"])
def test_the_zip_is_written_as_zipfile_appending_to_the_shared_parts_writes_it(
    pictures: int, language: str
) -> None:
    package = prebuilt(language)
    media = [(f"rIdPicture{n}", f"picture{n}.png", bytes([n]) * (500 * n)) for n in range(pictures)]
    body = "".join(xml.paragraph(xml.run(f"Paragraph {n} – é"), None) for n in range(200))
    document, core = package.document(body), b"<cp:coreProperties/>"
    written = package.write(core, document, media)
    assert written == package.write_zipfile(core, document, media)
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        assert archive.testzip() is None
        assert archive.read(DOCUMENT) == document
        assert archive.namelist()[-2:] == [CORE, DOCUMENT]


@given(
    st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300), max_size=40),
    st.lists(st.integers(min_value=1, max_value=5000), max_size=6),
)
def test_a_document_given_in_pieces_is_the_same_file_as_given_whole(
    texts: list[str], cuts: list[int]
) -> None:
    """Word's document part deflated piece by piece as the body gives it (a table of every
    place is never held as one text) is the same bytes as deflating it whole, wherever it is
    cut."""
    package = prebuilt("en-GB")
    body = Body(package)
    for text in texts:
        body.paragraph(text=text)
    body.table(
        ["Place", "Share"], [[t[:20] or "x", "53%"] for t in texts] or [["x", "1"]], "Table Grid"
    )
    whole = body.document()
    pieces = list(body.chunks())
    assert b"".join(pieces) == whole
    at, cut = 0, []
    for size in cuts:  # the same bytes cut anywhere, even inside a character
        cut.append(whole[at : at + size])
        at += size
    cut.append(whole[at:])
    core = b"<cp:coreProperties/>"
    expected = package.write(core, whole)
    assert package.write(core, body.chunks) == expected
    assert package.write(core, lambda: iter(cut)) == expected
    assert package.write(core, lambda: iter(cut), [("rIdPicture1", "p.png", b"png")]) == (
        package.write(core, whole, [("rIdPicture1", "p.png", b"png")])
    )


def test_a_table_of_thousands_of_rows_is_encoded_in_batches_to_the_same_bytes() -> None:
    package = prebuilt("en-GB")
    body = Body(package)
    rows = [[f"Place {n} – é", f"{n} of {n + 7}"] for n in range(3000)]
    body.table(["Place", "Late"], rows, "Table Grid")
    pieces = list(body.chunks())
    assert len(pieces) > 3  # more parts than one batch
    assert b"".join(pieces) == body.document()
    core = b"<cp:coreProperties/>"
    assert package.write(core, body.chunks) == package.write(core, body.document())
