"""Word in house style: A4, a credit line and the date under the headline, the chart as an
inline picture with alt text, one style for a whole quotation, a figures table whose columns
fit their words, and a newsroom's reference.docx whose styles and page replace the default,
refused with the file named when it is unreadable. Fast: no story is built."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, Twips

from generator.base.errors import InputError
from generator.delivery.newsroom import NewsroomMeta
from generator.outputs.writers import Draft, Picture
from generator.outputs.writers.docx_reference import (
    MAX_PART,
    load_references,
    read_reference,
)
from generator.outputs.writers.docx_styled import PAD, TABLE_SIZES, column_widths, text_twips
from generator.outputs.writers.docx_writer import date_line, opens_quotation, write_docx

MARKDOWN = (
    "# A headline\n\nThe standfirst.\n\nA body line.\n\n"
    "He added: “The first part of a quote.\n\n“The second part.”\n\n"
    "“A quote,” she said.\n\nThe force said it was “clear”.\n"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def png(width: int = 800, height: int = 1000) -> bytes:
    from PIL import Image

    stream = io.BytesIO()
    Image.new("P", (width, height)).save(stream, "PNG")
    return stream.getvalue()


def draft(**extra: object) -> Draft:
    meta = NewsroomMeta(
        id="s/place/article",
        credit="analysis by the BBC Shared Data Unit",
        embargoed="2020-10-23T00:01:00+01:00",
        published="2020-10-23",
    )
    return Draft("article", MARKDOWN, MARKDOWN, (), None, meta, **extra)  # type: ignore[arg-type]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_page_is_a4_with_inch_margins() -> None:
    section = docx.Document(io.BytesIO(write_docx(draft()))).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert {section.left_margin.twips, section.right_margin.twips} == {1440}


def test_the_credit_and_date_follow_the_headline() -> None:
    paragraphs = docx.Document(io.BytesIO(write_docx(draft()))).paragraphs
    assert [(p.style.name, p.text) for p in paragraphs[:3]] == [
        ("Title", "A headline"),
        ("Byline", "Analysis by the BBC Shared Data Unit"),
        ("Date", "00:01 Friday 23 October 2020"),
    ]


@pytest.mark.parametrize(
    ("embargoed", "published", "line"),
    [
        ("2020-10-23T00:01:00+01:00", None, "00:01 Friday 23 October 2020"),
        ("2020-10-25T01:30:00+00:00", None, "01:30 GMT Sunday 25 October 2020"),
        ("2020-10-25T00:30:00+00:00", None, "01:30 BST Sunday 25 October 2020"),
        (None, "2021-02-03", "Wednesday 3 February 2021"),
        (None, None, ""),
    ],
)
def test_the_date_is_uk_time_with_the_day_named(
    embargoed: str | None, published: str | None, line: str
) -> None:
    assert date_line(NewsroomMeta(embargoed=embargoed, published=published)) == line


def test_a_quotation_and_its_attribution_are_one_style() -> None:
    paragraphs = docx.Document(io.BytesIO(write_docx(draft()))).paragraphs
    styles = {p.text: p.style.name for p in paragraphs}
    assert styles["He added: “The first part of a quote."] == "Quote"
    assert styles["“The second part.”"] == "Quote"
    assert styles["“A quote,” she said."] == "Quote"
    assert styles["The force said it was “clear”."] == "Normal"
    assert styles["A body line."] == "Normal"


def test_the_chart_is_an_inline_picture_of_a_part_that_exists_with_its_alt_text() -> None:
    chart = Picture("chart.png", png(800, 1000), "Bar chart: 43 forces, Hampshire highlighted.")
    data = write_docx(draft(pictures=(chart,)))
    parts = members(data)
    document = docx.Document(io.BytesIO(data))
    (shape,) = document.inline_shapes
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    target = document.part.related_parts[blip.embed]
    assert target.blob == chart.png
    assert parts[f"word/{document.part.rels[blip.embed].target_ref}"] == chart.png
    assert shape._inline.docPr.get("descr") == chart.alt
    assert abs(shape.width.emu * 1000 - shape.height.emu * 800) < 1000  # its shape kept
    assert shape.width.twips <= 11906 - 2 * 1440
    assert b'Extension="png"' in parts["[Content_Types].xml"]


def test_a_tall_chart_is_scaled_to_fit_the_page() -> None:
    tall = Picture("chart.png", png(400, 4000), "A tall chart.")
    (shape,) = docx.Document(io.BytesIO(write_docx(draft(pictures=(tall,))))).inline_shapes
    assert shape.height.twips <= (16838 - 2 * 1440) * 0.9 + 1


def test_a_chart_takes_the_text_width_so_its_smallest_text_is_near_7_pt() -> None:
    """Fixed: a 43-bar chart (800 by 960 pixels, its ticks and source 12 pixels high) was cut
    to 60% of the page's height, printing its text at about 5 pt."""
    chart = Picture("chart.png", png(800, 960), "Bar chart.")
    (shape,) = docx.Document(io.BytesIO(write_docx(draft(pictures=(chart,))))).inline_shapes
    assert shape.width.twips == 11906 - 2 * 1440
    assert 12 * shape.width.pt / 800 >= 6.7


def test_a_draft_without_charts_has_no_picture() -> None:
    assert not docx.Document(io.BytesIO(write_docx(draft()))).inline_shapes


HAMPSHIRE_HEADINGS = ["Measure", "Count", "Sample", "Share", "Rank", "England and Wales (pooled)"]
HAMPSHIRE_ROWS = [
    ["Sexual offences (not rape)", "9", "17", "53%", "1st of 43", "13%"],
    ["Violent offences", "2", "19", "11%", "19th of 42", "14%"],
    ["Robbery", "6", "18", "33%", "joint 1st of 43", "13%"],
]


def test_columns_fit_their_longest_word_measured_and_figures_do_not_wrap() -> None:
    """Fixed: widths from a count of characters broke "Sampl e" and "Cou nt" and wrapped
    "19th of 42": each column now fits its longest word as the font sets it, and each figure
    whole."""
    widths, size = column_widths(HAMPSHIRE_HEADINGS, HAMPSHIRE_ROWS, 9026)
    assert sum(widths) == 9026 and size in TABLE_SIZES
    assert widths[0] == max(widths)
    for i, width in enumerate(widths):
        cells = [HAMPSHIRE_HEADINGS[i], *(r[i] for r in HAMPSHIRE_ROWS)]
        words = [w for text in cells for w in text.split()]
        assert width >= max(text_twips(w, size) for w in words) + PAD, (i, width)
        if i:
            assert width >= max(text_twips(t, size) for t in cells[1:]) + PAD, (i, width)
    assert text_twips("Sample", 22) > len("Sample") * 120  # more than the old allowance


def test_a_table_too_wide_for_its_size_shrinks_its_text_before_breaking_figures() -> None:
    wide = ["A", *(f"Column{k}" for k in range(6))]
    rows = [["label", *("joint 19th of 43" for _ in range(6))]]
    roomy, large = column_widths(wide, rows, 20_000)
    tight, small = column_widths(wide, rows, 9026)
    assert large == TABLE_SIZES[0] and small < large
    assert sum(roomy) == 20_000 and sum(tight) == 9026


def test_short_columns_leave_the_room_to_the_label() -> None:
    widths, _ = column_widths(["Measure", "Count"], [["robbery", "6"]], 9000)
    assert widths[1] < 1000 and widths[0] == 9000 - widths[1]


@pytest.mark.parametrize(
    ("text", "quotation"),
    [
        ("He added: “It affirms our officers.”", True),
        ('He added: "It affirms our officers."', True),
        ("He added: “It affirms our officers", True),
        ("“A quote,” she said.", True),
        ('"A quote," she said.', True),
        ('The force was rated: "requires improvement" in 2018, a year after the last.', False),
        ("Inspectors said: “good” and the force agreed with most of it.", False),
        ("The force said it was “clear”.", False),
        ("Ratio 3:1 in 2018.", False),
    ],
)
def test_a_quotation_is_a_paragraph_that_opens_one(text: str, quotation: bool) -> None:
    """Fixed: any paragraph holding ': "' was a Quote."""
    assert opens_quotation(text) is quotation


def test_a_quotation_in_straight_marks_continues_into_the_next_paragraph() -> None:
    """Fixed: a paragraph left open with a straight mark did not carry the Quote style on."""
    markdown = (
        "# A headline\n\nThe standfirst.\n\n"
        'He added: "The first part of a quote.\n\n"The second part."\n\n'
        "After the quote.\n\n"
        'It was rated: "requires improvement" in 2018, the report said.\n'
    )
    document = docx.Document(io.BytesIO(write_docx(Draft("a", markdown, markdown, (), None))))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles['He added: "The first part of a quote.'] == "Quote"
    assert styles['"The second part."'] == "Quote"
    assert styles["After the quote."] == "Normal"
    assert styles['It was rated: "requires improvement" in 2018, the report said.'] == "Normal"


def reference(tmp_path: Path, name: str = "reference.docx") -> Path:
    """A newsroom template: Letter, Georgia titles, no "Quote" style of its own."""
    document = docx.Document()
    title = document.styles["Title"]
    title.font.name = "Georgia"
    title.font.size = Pt(30)
    quote = document.styles["Quote"]
    quote.element.getparent().remove(quote.element)
    assert "Quote" not in [s.name for s in document.styles]
    section = document.sections[0]
    section.page_width, section.page_height = Twips(12240), Twips(15840)
    section.left_margin = section.right_margin = Twips(1800)
    document.add_paragraph("Text of the template is never copied.")
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_a_reference_docx_gives_its_styles_and_page(tmp_path: Path) -> None:
    house = read_reference(reference(tmp_path), "templates/s/reference.docx")
    data = write_docx(draft(reference=house))
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (section.page_width.twips, section.left_margin.twips) == (12240, 1800)
    title = document.styles["Title"]
    assert (title.font.name, title.font.size) == ("Georgia", Pt(30))
    assert document.styles["Quote"].type == WD_STYLE_TYPE.PARAGRAPH  # filled in
    assert "Quote" in {p.style.name for p in document.paragraphs}
    assert all("never copied" not in p.text for p in document.paragraphs)
    assert data != write_docx(draft())
    default = docx.Document(io.BytesIO(write_docx(draft()))).styles["Title"]
    assert default.font.name != "Georgia"


def test_an_outlets_reference_wins_over_the_storys(tmp_path: Path) -> None:
    reference(tmp_path)
    reference(tmp_path, "reference/the-echo.docx")
    found = load_references(tmp_path, "templates/s", ["the-echo", "the-post"])
    assert found.story is not None and found.for_outlet("the-post") is found.story
    assert found.for_outlet("the-echo") is found.outlets["the-echo"]
    assert found.for_outlet("the-echo").name == "templates/s/reference/the-echo.docx"  # type: ignore[union-attr]
    assert load_references(tmp_path / "none", "templates/x").for_outlet("the-echo") is None


def test_a_reference_named_after_no_outlet_is_refused(tmp_path: Path) -> None:
    reference(tmp_path, "reference/the-eco.docx")
    with pytest.raises(InputError) as err:
        load_references(tmp_path, "templates/s", ["the-echo"])
    message = str(err.value)
    assert "templates/s/reference/the-eco.docx" in message and "the-echo" in message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"not a zip at all", "is not a Word document"),
        (b"", "is not a Word document"),
    ],
)
def test_an_unreadable_reference_names_the_file_and_what_to_do(
    tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "reference.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_reference(path, "templates/s/reference.docx")
    message = str(err.value)
    assert message.startswith("templates/s/reference.docx") and said in message
    assert ".docx (Word Document" in message


def test_a_zip_that_is_not_word_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reference.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(InputError, match="cannot be read as a Word document"):
        read_reference(path, "templates/s/reference.docx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "reference.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/styles.xml", b"\0" * (MAX_PART + 1))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(InputError, match="has a word/styles.xml of more than"):
        read_reference(path, "templates/s/reference.docx")


def test_a_page_with_no_room_for_text_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Twips(5000)
    path = tmp_path / "reference.docx"
    document.save(str(path))
    with pytest.raises(InputError, match="between the margins"):
        read_reference(path, "templates/s/reference.docx")


def test_a_page_with_no_height_for_text_is_refused(tmp_path: Path) -> None:
    """Fixed: margins meeting top to bottom passed, and a chart was given a negative size."""
    document = docx.Document()
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Twips(8000)
    path = tmp_path / "reference.docx"
    document.save(str(path))
    with pytest.raises(InputError, match="between the margins"):
        read_reference(path, "templates/s/reference.docx")


def with_part(source: Path, target: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of the Word file ``source`` with its part ``name`` changed by ``edit``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, edit(data) if info.filename == name else data)
    return target


ENTITY = b'<!DOCTYPE w:styles [<!ENTITY f "Georgia">]>'


@pytest.mark.parametrize("name", ["word/styles.xml", "word/document.xml"])
def test_a_part_declaring_a_doctype_is_refused_naming_the_file(tmp_path: Path, name: str) -> None:
    """Fixed: a styles.xml using an entity of its own DTD passed the check, then every Word
    draft died with lxml's XMLSyntaxError."""
    root = name.split("/")[1].removesuffix(".xml")
    doctype = ENTITY.replace(b"w:styles", f"w:{root}".encode())

    def edit(data: bytes) -> bytes:
        head, rest = data.split(b"?>", 1)
        close = f"</w:{root}>".encode()
        inner = b"<w:x>&f;</w:x>" if root == "styles" else b""
        return head + b"?>" + doctype + rest.replace(close, inner + close)

    path = with_part(reference(tmp_path), tmp_path / "entity.docx", name, edit)
    with pytest.raises(InputError) as err:
        read_reference(path, "templates/s/reference.docx")
    message = str(err.value)
    assert message.startswith("templates/s/reference.docx") and "DOCTYPE" in message
    assert ".docx (Word Document" in message


def test_a_part_that_is_not_xml_is_refused(tmp_path: Path) -> None:
    path = with_part(
        reference(tmp_path), tmp_path / "bad.docx", "word/numbering.xml", lambda d: d[:-20]
    )
    with pytest.raises(InputError, match="numbering.xml is not valid XML"):
        read_reference(path, "templates/s/reference.docx")


def test_only_the_three_parts_are_read(tmp_path: Path) -> None:
    """Fixed: every part was unpacked and parsed (up to 100 MB) to take three: a large part
    the drafts never take, such as a picture, is not read."""
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(reference(tmp_path)) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info.filename))
        new.writestr("word/media/big.bin", b"\0" * (MAX_PART * 30), zipfile.ZIP_DEFLATED, 1)
    found = read_reference(path, "templates/s/reference.docx")
    assert found.page.width == 12240 and b"Georgia" in found.styles


def test_a_story_reads_its_word_template_only_when_a_command_writes_word(tiny: Path) -> None:
    """Fixed: `show`, `list` and `snippets` read reference.docx (and loaded python-docx) when
    the story was prepared; now it is read on first use, by a command that writes Word."""
    from generator.drafts.prepared import prepare

    (tiny / "templates" / "tiny" / "reference.docx").write_bytes(b"not a zip")
    prepared = prepare(tiny, "tiny")  # no error yet: nothing has asked for Word
    with pytest.raises(InputError, match=r"templates/tiny/reference\.docx: is not a Word"):
        prepared.word  # noqa: B018


@pytest.mark.slow
def test_a_build_with_a_broken_word_template_stops_naming_it(tiny: Path) -> None:
    from conftest import run

    (tiny / "templates" / "tiny" / "reference.docx").write_bytes(b"not a zip")
    result = run(tiny, "build", "--story", "tiny")
    assert result.exit_code != 0
    assert "templates/tiny/reference.docx: is not a Word document" in result.output
    assert "Traceback" not in result.output
