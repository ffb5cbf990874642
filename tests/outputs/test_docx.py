"""Word output: every draft's .docx opens with its warnings, keeps the story's structure,
carries notes and a figures table an editor can check, is the same bytes every time, and
converts cleanly in LibreOffice."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOT, STORY
from docx.document import Document

from generator.checks.style import lede_of
from generator.delivery.archive import FIXED_TIME
from generator.delivery.newsroom import NewsroomMeta
from generator.drafts.fact_types import Flags, MeasureFacts, load, replace
from generator.outputs.writers import WRITERS, Draft, Writer
from generator.pipeline import BuildResult, build

pytestmark = pytest.mark.slow  # every test here builds whole stories or drives a browser

FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "facts"
LINE = "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020"
BAD = re.compile(r"\bnan\b|\bNone\b|\{\{|\{%")


@pytest.fixture(scope="module")
def embargoed(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, dict[str, Draft]]:
    """One embargoed build of the real story, with every Draft the docx writer was given."""
    real = WRITERS["docx"]
    drafts: dict[str, Draft] = {}

    def capture(draft: Draft) -> str | bytes:
        drafts[draft.meta.id] = draft
        return real.write(draft)

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(WRITERS, "docx", Writer("docx", "docx", capture))
        result = build(ROOT, STORY, out=tmp_path_factory.mktemp("docx"), embargo="2020-10-23 00:01")
    return result, drafts


@pytest.fixture(scope="module")
def documents(embargoed) -> dict[Path, bytes]:
    """Every .docx the build wrote (drafts and partner packs): path → bytes."""
    result, _ = embargoed
    return {p: p.read_bytes() for p in sorted(result.out_dir.rglob("*.docx"))}


@pytest.fixture(scope="module")
def distinct(documents: dict[Path, bytes]) -> dict[Path, bytes]:
    """One path per distinct content (packs hold byte-identical copies of the drafts)."""
    seen: dict[str, Path] = {}
    for path, data in documents.items():
        seen.setdefault(hashlib.sha256(data).hexdigest(), path)
    return {path: documents[path] for path in seen.values()}


def open_docx(path: Path) -> Document:
    return docx.Document(str(path))


def texts(document: Document) -> list[str]:
    """Every paragraph's and every table cell's text."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += [cell.text for row in table.rows for cell in row.cells]
    return found


def notes(document: Document) -> list[str]:
    """The paragraphs of the "Notes to editors" section."""
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Notes to editors")
    assert paragraphs[start].style.name == "Heading 2"
    section = []
    for p in paragraphs[start + 1 :]:
        if p.style.name.startswith("Heading"):
            break
        section.append(p.text)
    return section


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_writer_is_registered() -> None:
    writer = WRITERS["docx"]
    assert (writer.format, writer.extension) == ("docx", "docx")


def test_article_roundup_and_national_drafts_each_have_a_docx(embargoed) -> None:
    result, drafts = embargoed
    own = [p for p in result.out_dir.rglob("*.docx") if "packs" not in p.parts]
    assert len(own) == 43 + 16 + 1
    assert (result.out_dir / "hampshire/article.docx").is_file()
    assert (result.out_dir / "national/national.docx").is_file()
    assert (result.out_dir / "partners/yorkshire-post/roundup.docx").is_file()
    assert len(drafts) == len(own)


def test_the_same_draft_gives_the_same_bytes(embargoed) -> None:
    result, drafts = embargoed
    draft = drafts[f"{STORY}/hampshire/article"]
    first = WRITERS["docx"].write(draft)
    time.sleep(1.1)  # a clock anywhere in the file would show now
    assert WRITERS["docx"].write(draft) == first
    assert (result.out_dir / "hampshire/article.docx").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {FIXED_TIME}


def test_every_docx_opens_with_the_embargo(distinct: dict[Path, bytes]) -> None:
    assert len(distinct) >= 60
    for path in distinct:
        assert open_docx(path).paragraphs[0].text == LINE, path


def test_no_docx_says_nan_none_or_template_marks(distinct: dict[Path, bytes]) -> None:
    for path in distinct:
        for text in texts(open_docx(path)):
            assert not BAD.search(text), (path, text)


def test_hampshire_docx(embargoed) -> None:
    result, drafts = embargoed
    document = open_docx(result.out_dir / "hampshire/article.docx")
    markdown = (result.out_dir / "hampshire/article.md").read_text(encoding="utf-8")
    headline = next(line[2:] for line in markdown.splitlines() if line.startswith("# "))
    paragraphs = document.paragraphs
    # the embargo, then the banner its stand-in comparisons earn, each bold, then the headline
    banners = drafts[f"{STORY}/hampshire/article"].banners
    assert len(banners) == 2 and banners[0] == LINE
    assert banners[1].startswith(
        "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: Hampshire Constabulary's own figures"
    )
    assert [p.text for p in paragraphs[:2]] == list(banners)
    assert all(run.bold for p in paragraphs[:2] for run in p.runs)
    assert paragraphs[2].text == headline
    assert paragraphs[2].style.name == "Title"
    assert [(p.style.name, p.text) for p in paragraphs[3:5]] == [
        ("Byline", "Analysis by the BBC Shared Data Unit"),
        ("Date", "00:01 Friday 23 October 2020"),
    ]
    standfirst = paragraphs[5]
    assert standfirst.text == lede_of(markdown)  # the lede, as the Markdown has it
    assert all(run.bold for run in standfirst.runs)
    dibdin = next(p for p in paragraphs if p.text.startswith("“The accurate recording of crime"))
    assert dibdin.style.name == "Quote"
    assert "Notes for editors" not in [p.text for p in paragraphs]
    assert any("small samples of cancelled records" in line for line in notes(document))
    figures = rows(document.tables[0])
    assert document.tables[0].style.name == "Table Grid"
    assert figures[0][:4] == ["Measure", "Count", "Sample", "Share"]
    sexual = next(row for row in figures if row[0] == "Sexual offences (not rape)")
    assert sexual[1:4] == ["9", "17", "53%"]
    assert sexual[4] == "1st of 43"
    assert sexual[5] == "13%"
    robbery = next(row for row in figures if row[0] == "Robbery")
    assert robbery[4] == "joint 1st of 43"
    victims = next(row for row in figures if row[0] == "Victims not told of a cancellation")
    assert victims[1:] == ["no figure"] * 4 + ["14%"]  # one cell across four columns
    said = notes(document)
    assert "Not available for this force: victims not told of a cancellation." in said
    assert not any(line.startswith("No figure for") for line in said)  # not said twice


def test_hampshire_docx_properties(embargoed) -> None:
    result, drafts = embargoed
    meta = drafts[f"{STORY}/hampshire/article"].meta
    props = open_docx(result.out_dir / "hampshire/article.docx").core_properties
    markdown = (result.out_dir / "hampshire/article.md").read_text(encoding="utf-8")
    assert props.title == next(line[2:] for line in markdown.splitlines() if line.startswith("# "))
    assert props.author == meta.credit == "analysis by the BBC Shared Data Unit"
    assert props.subject == meta.title
    assert props.language == "en-GB"
    day = datetime.datetime(2020, 10, 23, tzinfo=datetime.timezone.utc)
    assert props.created == props.modified == props.last_printed == day
    assert props.revision == 1


def pictures(path: Path) -> list[tuple[str, bytes]]:
    """Each inline picture's alt text and the bytes of the image part it shows."""
    document = open_docx(path)
    found = []
    for shape in document.inline_shapes:
        embed = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        found.append((shape._inline.docPr.get("descr"), document.part.related_parts[embed].blob))
    return found


def test_every_docx_is_a4_with_its_credit_and_date(distinct: dict[Path, bytes]) -> None:
    for path in distinct:
        document = open_docx(path)
        section = document.sections[-1]
        assert (section.page_width.twips, section.page_height.twips) == (11906, 16838), path
        styled = {p.style.name: p.text for p in document.paragraphs}
        assert styled["Byline"] == "Analysis by the BBC Shared Data Unit", path
        assert styled["Date"] == "00:01 Friday 23 October 2020", path


def test_a_place_and_the_national_docx_show_their_chart(embargoed) -> None:
    result, _ = embargoed
    out = result.out_dir
    charts = json.loads((out / "hampshire/charts.json").read_text(encoding="utf-8"))
    ((alt, image),) = pictures(out / "hampshire/article.docx")
    assert alt == charts["chart"]["alt"] and "Hampshire Constabulary is highlighted" in alt
    assert image == (out / "hampshire/chart.png").read_bytes()
    assert pictures(out / "partners/hampshire-chronicle/article.docx") == [(alt, image)]
    national = json.loads((out / "national/charts.json").read_text(encoding="utf-8"))
    first = national["charts"][0]["chart"]
    assert pictures(out / "national/national.docx") == [
        (first["alt"], (out / "national" / first["png"]).read_bytes())
    ]
    assert pictures(out / "partners/yorkshire-post/roundup.docx") == []  # no round-up chart
    # The outlet's copy carries its place's chart files (its ninjs associations name them).
    assert (out / "partners/hampshire-chronicle/chart.png").read_bytes() == image


def test_an_illustrative_draft_says_so_in_its_notes(embargoed) -> None:
    result, _ = embargoed
    document = open_docx(result.out_dir / "cheshire/article.docx")
    banners = [p.text for p in document.paragraphs[:3]]
    assert banners[1].startswith("ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: ")
    assert "rape (nine of 21)" in banners[1]
    assert banners[2].startswith("EDITOR: NO RESPONSE FROM CHESHIRE CONSTABULARY YET")
    assert all(p.runs[0].bold for p in document.paragraphs[:3])
    said = notes(document)
    assert any(line.startswith("Illustrative figures (sexual offences") for line in said)
    assert "No response yet from Cheshire Constabulary: check before publication." in said


def test_a_draft_with_a_missing_figure_names_it(embargoed) -> None:
    result, drafts = embargoed
    facts = drafts[f"{STORY}/greater-manchester/article"].facts
    assert facts is not None and facts.flags.missing_figures
    said = notes(open_docx(result.out_dir / "greater-manchester/article.docx"))
    wanted = "Not available for this force: rape, violent offences and victims not told of a"
    assert any(line.startswith(wanted) for line in said), said
    assert not any(line.startswith("No figure for") for line in said)  # the notes say it


def test_a_roundup_has_totals_and_one_row_per_place(embargoed) -> None:
    result, _ = embargoed
    document = open_docx(result.out_dir / "partners/yorkshire-post/roundup.docx")
    assert [p.style.name for p in document.paragraphs].count("List Bullet") >= 4
    totals, places = (rows(t) for t in document.tables)
    sexual = next(row for row in totals if row[0] == "Sexual offences (not rape)")
    assert sexual[1:4] == ["13", "80", "16%"]
    assert sexual[5] == "13%"
    assert [row[0] for row in places[1:]] == [
        "Humberside Police",
        "North Yorkshire Police",
        "South Yorkshire Police",
        "West Yorkshire Police",
    ]
    assert places[1][1] == "8 of 20 (40%)"
    assert any(
        line.startswith("Illustrative figures – not for publication") for line in notes(document)
    )


def test_the_national_docx_notes_places_without_figures(embargoed) -> None:
    result, _ = embargoed
    document = open_docx(result.out_dir / "national/national.docx")
    said = notes(document)
    assert "No figure for rape from: Greater Manchester Police." in said
    assert not any(line.startswith("No response yet") for line in said)
    places = rows(document.tables[1])
    manchester = next(row for row in places if row[0] == "Greater Manchester Police")
    assert manchester[2] == "no figure"
    assert len(places) == 1 + 43


def test_a_bare_draft_still_writes() -> None:
    markdown = "Just one paragraph with **bold** and *italic* words.\n\n- one\n- two\n"
    draft = Draft("bare", markdown, markdown, (), None, NewsroomMeta())
    document = docx.Document(io.BytesIO(WRITERS["docx"].write(draft)))
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs] == [
        "Just one paragraph with bold and italic words.",
        "one",
        "two",
    ]
    assert [p.style.name for p in paragraphs[1:]] == ["List Bullet", "List Bullet"]
    assert not document.tables
    assert document.core_properties.created == datetime.datetime(
        2000, 1, 1, tzinfo=datetime.timezone.utc
    )


def test_inline_marks_quotes_and_the_drafts_own_notes() -> None:
    markdown = (
        "# A headline\n\nThe standfirst.\n\nA line with **bold** and *italic*.\n\n"
        "“A quotation,” she said.\n\n> A block quote.\n\n## Background\n\nMore.\n\n"
        "## Notes for editors\n\n- A note of the draft's own.\n"
    )
    facts = replace(
        load(FACTS / "police-misconduct-north-wales.json"),
        headline="",
        flags=Flags(False, (), False, (), False),
        measures=(MeasureFacts("x", "x", False),),
    )
    meta = NewsroomMeta(source="The Source", credit="the Unit", published="2021-02-03")
    draft = Draft("article", markdown, markdown, ("FIRST",), facts, meta)
    document = docx.Document(io.BytesIO(WRITERS["docx"].write(draft)))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[:5] == [
        ("Normal", "FIRST"),
        ("Title", "A headline"),
        ("Byline", "The Unit"),
        ("Date", "Wednesday 3 February 2021"),
        ("Normal", "The standfirst."),
    ]
    line = document.paragraphs[5]
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in line.runs] == [
        ("A line with ", False, False),
        ("bold", True, False),
        (" and ", False, False),
        ("italic", False, True),
        (".", False, False),
    ]
    assert ("Quote", "“A quotation,” she said.") in styled
    assert ("Quote", "A block quote.") in styled
    assert ("Heading 2", "Background") in styled
    assert ("Heading 2", "Notes for editors") not in styled
    assert notes(document) == [
        "A note of the draft's own.",
        "Source: The Source.",
        "Credit: the Unit.",
    ]
    assert rows(document.tables[0])[1] == ["X"] + ["no figure"] * 5  # four merged, no pooled
    assert document.core_properties.title == "A headline"
    assert document.core_properties.created.date() == datetime.date(2021, 2, 3)


def test_libreoffice_converts_every_docx(
    distinct: dict[Path, bytes], documents: dict[Path, bytes], embargoed, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    result, _ = embargoed
    # Packs hold byte-identical copies, so converting each distinct file covers every file.
    assert {hashlib.sha256(d).digest() for d in documents.values()} == {
        hashlib.sha256(d).digest() for d in distinct.values()
    }
    sources = tmp_path / "docx"
    sources.mkdir()
    names = []
    for path, data in distinct.items():
        name = "__".join(path.relative_to(result.out_dir).with_suffix("").parts)
        (sources / f"{name}.docx").write_bytes(data)
        names.append(name)
    pdfs = tmp_path / "pdf"
    home = tmp_path / "home"
    home.mkdir()
    started = time.perf_counter()
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(pdfs)]
        + [str(sources / f"{n}.docx") for n in names],
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        timeout=300,
        check=True,
    )
    print(f"LibreOffice converted {len(names)} files in {time.perf_counter() - started:.1f}s")
    for name in names:
        pdf = pdfs / f"{name}.pdf"
        assert pdf.is_file(), name
        assert pdf.read_bytes().startswith(b"%PDF"), name
