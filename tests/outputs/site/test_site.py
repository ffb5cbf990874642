"""The editors' site without a browser: files written, HTML structure, escaping, no external
addresses, headings in order, labelled controls, alt text, contrast, speed, determinism."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from conftest import ROOT, STORY, name_with_script

from generator.checks.style import ILLUSTRATIVE
from generator.drafts.listing import FLAG_LABELS, lead_label
from generator.drafts.prepared import prepare
from generator.inputs.places import Places
from generator.inputs.story import Output
from generator.language.present import capital
from generator.outputs.site import ASSETS, SITE, write_site
from generator.outputs.site.article import draft_html, without_notes
from generator.outputs.site.attachments import chart_sets, too_small
from generator.outputs.site.banners import PARTNERS_ONLY
from generator.outputs.site.gazetteer import gazetteer
from generator.outputs.site.safety import rewrite
from generator.pipeline import BuildResult, build

EMBARGO = "2020-10-23 00:01"
FLAG_KEYS = ("illustrative", "awaiting_response", "missing_figures")
LINE = "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020"


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG, grey."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def add_chart(place: Path, alt: str) -> None:
    """A charts.json with a bar chart (PNG and SVG) in a place's folder."""
    (place / "chart.png").write_bytes(png(40, 30))
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" viewBox="0 0 40 30"/>'
    (place / "chart.svg").write_text(svg)
    entry = {"png": "chart.png", "svg": "chart.svg", "alt": alt}
    (place / "charts.json").write_text(json.dumps({"chart": entry}))


@pytest.fixture(scope="module")
def folder(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's build of the bundled story, with its site written; Hampshire
    has a chart of our own and Cheshire none, whatever the build wrote."""
    copy = tmp_path_factory.mktemp("site") / STORY
    shutil.copytree(built.out_dir, copy)
    add_chart(copy / "hampshire", "Bar chart: Hampshire Constabulary is highlighted.")
    (copy / "cheshire" / "charts.json").unlink(missing_ok=True)
    prepared = prepare(ROOT, STORY)
    write_site(copy, prepared.story, prepared.outlets, prepared.dataset.places, built.drafts)
    return copy


@pytest.fixture(scope="module")
def pages(folder: Path) -> dict[str, lxml.html.HtmlElement]:
    """Every page of the site, parsed, by path inside ``site/``."""
    site = folder / SITE
    return {
        p.relative_to(site).as_posix(): lxml.html.fromstring(p.read_bytes())
        for p in sorted(site.rglob("*.html"))
    }


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def place_slugs(folder: Path) -> list[str]:
    return sorted(
        p.parent.name
        for p in folder.glob("*/facts.json")
        if "place" in json.loads(p.read_text(encoding="utf-8"))
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- files -----------------------------------------------------------------------------------


def test_a_page_for_every_place_outlet_and_station(folder: Path, pages: dict) -> None:
    slugs = place_slugs(folder)
    assert len(slugs) == 43
    assert {f"{s}.html" for s in slugs} <= set(pages)
    partners = sorted(p.name for p in (folder / "partners").iterdir())
    stations = sorted(p.name for p in (folder / "radio").iterdir())
    assert sorted(p for p in pages if p.startswith("partners/")) == [
        f"partners/{s}.html" for s in partners
    ]
    assert sorted(p for p in pages if p.startswith("radio/")) == [
        f"radio/{s}.html" for s in stations
    ]
    assert "index.html" in pages and "national.html" in pages
    assert len(pages) == 1 + 43 + len(partners) + len(stations) + 1
    assert (folder / SITE / "site.css").read_bytes() == (ASSETS / "site.css").read_bytes()
    assert (folder / SITE / "site.js").read_bytes() == (ASSETS / "site.js").read_bytes()


def test_the_same_build_gives_the_same_bytes_and_the_paths_written(
    built: BuildResult, folder: Path, tmp_path: Path
) -> None:
    copy = tmp_path / STORY
    shutil.copytree(folder, copy)
    shutil.rmtree(copy / SITE)
    (copy / SITE).mkdir()
    (copy / SITE / "stale.html").write_text("left from an older build")
    prepared = prepare(ROOT, STORY)
    places = prepared.dataset.places
    written = write_site(copy, prepared.story, prepared.outlets, places, built.drafts)
    assert written == sorted(p for p in (copy / SITE).rglob("*") if p.is_file())
    assert snapshot(copy / SITE) == snapshot(folder / SITE)


def test_no_address_outside_the_site_anywhere(folder: Path, pages: dict) -> None:
    for path in sorted((folder / SITE).rglob("*")):
        if path.is_file():
            assert not re.search(r"https?://", path.read_text(encoding="utf-8"), re.I), path
    for name, page in pages.items():
        for _, _, link, _ in page.iterlinks():
            assert not urlsplit(link).scheme and not urlsplit(link).netloc, (name, link)
        assert [s.get("src") for s in page.xpath("//script")] == [
            "../" * name.count("/") + "site.js"
        ]
        assert page.xpath("//style") == [] and page.xpath("//*[@style]") == []


def test_every_link_and_image_leads_somewhere(folder: Path, pages: dict) -> None:
    site = folder / SITE
    for name, page in pages.items():
        ids = set(page.xpath("//@id"))
        for _, _, link, _ in page.iterlinks():
            path, _, fragment = link.partition("#")
            if not path:
                assert fragment in ids, (name, link)
                continue
            target = (site / name).parent / unquote(path)
            assert target.resolve().is_file(), (name, link)
            assert target.resolve().is_relative_to(folder.resolve()), (name, link)


# --- warnings --------------------------------------------------------------------------------


def test_every_page_opens_with_the_partners_only_marking(pages: dict) -> None:
    for name, page in pages.items():
        first = page.xpath("//body/*[1]")[0]
        assert first.tag == "header", name
        banners = [text(p) for p in first.xpath("./p[contains(@class, 'banner')]")]
        assert banners[0] == PARTNERS_ONLY, name  # no embargo on this build


def test_the_illustrative_warning_where_figures_are_illustrative(folder: Path, pages: dict) -> None:
    def facts(slug: str) -> dict:
        return json.loads((folder / slug / "facts.json").read_text(encoding="utf-8"))

    assert facts("cheshire")["flags"]["illustrative"]
    for slug in place_slugs(folder):
        banners = [text(p) for p in pages[f"{slug}.html"].xpath("//header/p")]
        flagged = any(b.startswith(ILLUSTRATIVE) for b in banners)  # then its stand-ins
        assert flagged is bool(facts(slug)["flags"]["illustrative"]), slug
        row = pages["index.html"].xpath(f"//tbody/tr[@data-slug='{slug}']")[0]
        flagged = "Illustrative figures" in [text(f) for f in row.xpath(".//span[@class]")]
        assert flagged is bool(facts(slug)["flags"]["illustrative"]), slug
        assert ("illustrative" in row.get("data-flags").split()) is flagged
    assert ILLUSTRATIVE in text(pages["index.html"].xpath("//header")[0])
    n = len(place_slugs(folder))
    assert f"{ILLUSTRATIVE} in all {n} forces' drafts" in text(pages["index.html"])
    # a warning that says NOT FOR PUBLICATION keeps which figures in view on a phone
    folded = pages["hampshire.html"].xpath("//details[contains(@class, 'banner-illustrative')]")
    summary = text(folded[0].xpath("./summary")[0])
    assert summary.startswith(f"{ILLUSTRATIVE}: ") and "41 other forces" in summary


# --- accessibility ---------------------------------------------------------------------------


def test_one_h1_and_headings_in_order(pages: dict) -> None:
    for name, page in pages.items():
        levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and levels.count(1) == 1, name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (name, levels)


def test_every_control_is_labelled_and_every_image_described(pages: dict) -> None:
    for name, page in pages.items():
        labels = {label.get("for"): text(label) for label in page.xpath("//label")}
        for control in page.xpath("//input | //select | //textarea"):
            assert labels.get(control.get("id")), (name, control.get("id"))
        for button in page.xpath("//button"):
            assert button.get("type") == "button" or button.get("type") == "reset", name
            assert text(button), name
        for image in page.xpath("//img"):
            assert (image.get("alt") or "").strip(), name
        assert page.xpath("//a[@class='skip']/@href") == ["#main"]
        assert page.xpath("//main/@id") == ["main"]
        assert page.xpath("//*[@role='status' and @aria-live='polite']"), name
        assert page.get("lang") == "en-GB"


def test_sort_controls_are_buttons_in_the_column_headings(pages: dict) -> None:
    index = pages["index.html"]
    headings = index.xpath("//table[@id='places']/thead/tr/th")
    assert [h.get("aria-sort") for h in headings].count("ascending") == 1
    sortable = [h for h in headings if h.xpath("./button")]
    assert len(sortable) == len(headings) - 1  # all but the flags
    assert all(h.xpath("./button[@type='button' and @class='sort']") for h in sortable)


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_colours_contrast_at_least_4_5_to_1() -> None:
    css = (ASSETS / "site.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    checked = 0
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        colour = re.search(r"(?<![-\w])color\s*:\s*(#[0-9a-f]{6})", body, re.I)
        background = re.search(r"background(?:-color)?\s*:\s*(#[0-9a-f]{6}|transparent)", body)
        if background and background[1] != "transparent":
            assert colour, f"{selector.strip()} sets a background but not its text colour"
            pair = (colour[1], background[1])
        elif colour:
            pair = (colour[1], "#ffffff")  # on the page's background
        else:
            continue
        assert contrast(*pair) >= 4.5, (selector.strip(), pair, contrast(*pair))
        checked += 1
    assert checked > 15
    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid", css)


# --- the index -------------------------------------------------------------------------------


def test_the_index_lists_every_place_with_its_outlets_and_stations(
    folder: Path, pages: dict
) -> None:
    index = pages["index.html"]
    rows = index.xpath("//table[@id='places']/tbody/tr")
    assert sorted(r.get("data-slug") for r in rows) == place_slugs(folder)
    names = [text(r.xpath("./th")[0]) for r in rows]
    assert names == sorted(names, key=str.casefold)
    outlets = prepare(ROOT, STORY).outlets
    assert outlets is not None
    hampshire = index.xpath("//tbody/tr[@data-slug='hampshire']")[0]
    covering = outlets.for_place("hampshire")
    assert sorted(hampshire.get("data-outlets").split()) == sorted(
        o.slug for o in covering if not o.is_broadcast
    )
    assert sorted(hampshire.get("data-stations").split()) == sorted(
        o.slug for o in covering if o.is_broadcast
    )
    assert hampshire.get("data-region") == "South East"
    cells = [text(c) for c in hampshire.xpath("./td")]
    assert cells[:4] == [
        "South East",
        "Sexual offences (not rape)the worst in England and Wales",  # the claim is a block
        "9 of 17 (53%)",
        "worst of 43",  # which way the rank runs
    ]
    # a lead on a measure with no rank claim says what kind of lead it is, as ``drafts list``
    # does ("close to the overall rate"); a lead on no measure ("Clean record") is its kind
    for row in rows:
        finding = row.xpath("./td[@data-label='Lead finding']")[0]
        if text(row.xpath("./td[@data-label='Rank']")[0]) != "–":
            assert finding.xpath("./span[@class='claim']"), row.get("data-slug")
    ranks = [text(r.xpath("./td[@data-label='Rank']")[0]) for r in rows]
    assert all(r == "–" or re.fullmatch(r"(joint )?(\d+\w\w )?worst of \d+", r) for r in ranks)
    # an outlet covering every place is not a wall of names on a phone
    covers = {text(li.xpath("./a")[0]): text(li) for li in index.xpath("//ul[@class='outlets']/li")}
    assert covers["The Telegraph"] == f"The Telegraph: all {len(rows)} forces"
    selects = {s.get("id"): len(s.xpath("./option")) - 1 for s in index.xpath("//select")}
    assert selects["filter-outlet"] == len([o for o in outlets if not o.is_broadcast])
    assert selects["filter-station"] == sum(o.is_broadcast for o in outlets)
    assert selects["filter-region"] == 10
    assert index.xpath("//form[@id='filters']/@hidden") == [""]  # shown by the script


# --- draft pages -----------------------------------------------------------------------------


def test_a_place_page_highlights_and_links_each_figure(pages: dict) -> None:
    page = pages["hampshire.html"]
    linked = {
        (text(a), a.get("href")) for a in page.xpath("//div[@class='article']//a[@class='fig']")
    }
    assert ("Nine", "#fact-sexual-count") in linked
    assert ("17", "#fact-sexual-base") in linked
    assert ("53 per cent", "#fact-sexual-percent") in linked
    assert ("sixth", "#fact-rape-rank") in linked
    assert ("13 per cent", "#fact-sexual-pooled") in linked
    assert all(a.xpath("./mark") for a in page.xpath("//a[@class='fig']"))
    assert text(page.xpath("//tr[@id='fact-sexual-count']/td")[0]).startswith("9")
    assert text(page.xpath("//tr[@id='fact-sexual-rank']/td")[0]).startswith("1st of 43")
    quoted = text(page.xpath("//section[h2[@id='quotes-heading']]")[0])
    article = text(page.xpath("//div[@class='article']")[0])
    assert "Dibdin" in quoted and "Dibdin" in article
    assert "2018, we have made" in quoted
    marked = [text(a) for a in page.xpath("//a[@class='fig']")]
    assert marked.count("2018") == 1  # the inspection year, not the year inside the quote
    notes = text(page.xpath("//section[h2[@id='notes-heading']]")[0])
    assert "Please credit the BBC Shared Data Unit" in notes
    assert "Notes for editors" not in article


def test_copy_buttons_copy_the_text_files(folder: Path, pages: dict) -> None:
    page = pages["hampshire.html"]
    article = page.xpath("//pre[@id='text-article']")[0]
    # A browser drops the newline that opens a <pre> (lxml keeps it): the text follows it.
    assert article.text_content().startswith("\n")
    copied = article.text_content().removeprefix("\n")
    whole = (folder / "hampshire/article.txt").read_text("utf-8")
    body, notes = whole.split("\nNotes for editors\n")
    assert copied == body.rstrip() + "\n"  # the article, not the notes to editors
    assert "Please credit" in notes and "Please credit" not in copied
    assert any(p.startswith("Hampshire police have worst") for p in copied.split("\n\n")[:2])
    assert page.xpath("//button[@data-copy='text-article']")
    scripts = json.loads((folder / "hampshire/radio.json").read_text("utf-8"))["scripts"]
    shown = [text(p) for p in page.xpath("//p[@class='script']")]
    assert shown == [s["text"] for s in scripts]
    for p in page.xpath("//p[@class='script']"):
        assert page.xpath(f"//button[@data-copy='{p.get('id')}']")


def test_downloads_link_the_builds_own_files(pages: dict) -> None:
    links = pages["hampshire.html"].xpath("//section[h2[@id='downloads-heading']]//a/@href")
    for name in ("article.docx", "article.txt", "article.ninjs.json", "radio.txt", "facts.json"):
        assert f"../hampshire/{name}" in links
    station = pages["radio/bbc-radio-solent.html"]
    assert "../../packs/bbc-radio-solent.zip" in station.xpath("//a/@href")


def test_the_chart_from_charts_json_and_nothing_without_it(folder: Path, pages: dict) -> None:
    page = pages["hampshire.html"]
    (image,) = page.xpath("//figure[@id='chart-chart']//img")
    assert image.get("src") == "../hampshire/chart.svg"  # sharp at any width
    assert image.get("alt") == "Bar chart: Hampshire Constabulary is highlighted."
    assert (image.get("width"), image.get("height")) == ("40", "30")  # from the SVG
    links = page.xpath("//figure[@id='chart-chart']/figcaption/a")
    assert [a.get("href") for a in links] == ["../hampshire/chart.png", "../hampshire/chart.svg"]
    assert [a.get("download") for a in links] == [
        "hampshire-cancelled-crimes-chart.png",
        "hampshire-cancelled-crimes-chart.svg",
    ]
    assert pages["cheshire.html"].xpath("//img") == []
    assert pages["cheshire.html"].xpath("//section[h2[@id='charts-heading']]") == []
    # An outlet with one place shows its own charts, else that place's.
    own = (folder / "partners" / "southern-daily-echo" / "charts.json").is_file()
    shown = pages["partners/southern-daily-echo.html"].xpath("//img/@src")
    assert shown[0] == f"../../{'partners/southern-daily-echo' if own else 'hampshire'}/chart.svg"


def test_a_chart_without_an_svg_is_shown_from_its_png(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / STORY
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(SITE))
    entry = {"png": "chart.png", "alt": "Bar chart"}
    (copy / "hampshire" / "charts.json").write_text(json.dumps({"chart": entry}))
    prepared = prepare(ROOT, STORY)
    write_site(copy, prepared.story, prepared.outlets)
    page = lxml.html.fromstring((copy / SITE / "hampshire.html").read_bytes())
    (image,) = page.xpath("//img")
    assert (image.get("src"), image.get("width"), image.get("height")) == (
        "../hampshire/chart.png",
        "40",
        "30",
    )


def test_charts_json_of_a_place_and_of_a_draft_with_several_measures() -> None:
    one = {"measure": "late", "chart": {"png": "c.png"}, "funnel": {"png": "f.png"}}
    assert [(key, measure) for key, measure, _ in chart_sets(one)] == [
        ("chart", "late"),
        ("funnel", "late"),
    ]
    several = {"charts": [one, {**one, "measure": "lost"}]}
    assert [key for key, _, _ in chart_sets(several)] == [
        "chart-late",
        "funnel-late",
        "chart-lost",
        "funnel-lost",
    ]
    assert chart_sets({"chart": {"png": "c.png"}})[0][2] == {"kind": "chart", "png": "c.png"}


def test_a_broken_charts_json_shows_no_image(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / STORY
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(SITE))
    (copy / "hampshire" / "charts.json").write_text(
        json.dumps({"chart": {"png": "../cheshire/x.png", "alt": "x"}, "funnel": "nonsense"})
    )
    prepared = prepare(ROOT, STORY)
    write_site(copy, prepared.story, prepared.outlets)
    page = lxml.html.fromstring((copy / SITE / "hampshire.html").read_bytes())
    assert page.xpath("//img") == []


def test_a_round_up_links_its_figures_to_each_places_row(pages: dict) -> None:
    page = pages["partners/yorkshire-post.html"]
    targets = {a.get("href") for a in page.xpath("//div[@class='article']//a[@class='fig']")}
    assert "#fact-sexual-total" in targets
    assert any(re.fullmatch(r"#fact-\w+-p\d", t) for t in targets)
    assert len(pages["national.html"].xpath("//a[@class='fig']")) > 5


def test_a_draft_without_html_is_made_from_its_markdown_or_text(tmp_path: Path) -> None:
    output = Output("draft", "draft.md.j2", ("md", "txt"))
    (tmp_path / "draft.txt").write_text(f"{ILLUSTRATIVE}\n\nHeadline\n\nFive of 10 & <b>.\n")
    assert draft_html(tmp_path, output) == "<p>Headline</p><p>Five of 10 &amp; &lt;b&gt;.</p>"
    (tmp_path / "draft.md").write_text(f"{ILLUSTRATIVE}\n\n# Headline\n\nFive & <b>.\n")
    assert draft_html(tmp_path, output) == "<h1>Headline</h1>\n<p>Five &amp; &lt;b&gt;.</p>"


def test_rewriting_a_draft_drops_anything_that_runs(tmp_path: Path) -> None:
    def mark(text: str, inside_link: bool = False) -> str:
        return text.replace("<", "&lt;")

    fragment = (
        '<h1 id="x" onclick="go()">A</h1><script>alert(1)</script>'
        '<p><a href="javascript:go()">b</a> <a href="../x.html">c</a><br></p>'
    )
    assert rewrite(fragment, mark, 2) == ('<h3>A</h3><p><a>b</a> <a href="../x.html">c</a><br></p>')


def test_without_the_outlets_file_the_folders_say_who_covers_what(
    folder: Path, tmp_path: Path
) -> None:
    copy = tmp_path / STORY
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(SITE))
    write_site(copy, prepare(ROOT, STORY).story)
    site = copy / SITE
    h1 = {
        name: text(lxml.html.fromstring((site / name).read_bytes()).xpath("//h1")[0])
        for name in ("partners/yorkshire-post.html", "radio/bbc-radio-solent.html")
    }
    assert h1 == {
        "partners/yorkshire-post.html": "Yorkshire Post",
        "radio/bbc-radio-solent.html": "BBC Radio Solent",
    }
    index = lxml.html.fromstring((site / "index.html").read_bytes())
    row = index.xpath("//tbody/tr[@data-slug='hampshire']")[0]
    assert "southern-daily-echo" in row.get("data-outlets").split()
    assert "bbc-radio-solent" in row.get("data-stations").split()


def test_outlet_and_station_pages_link_the_places_they_cover(pages: dict) -> None:
    page = pages["partners/yorkshire-post.html"]
    covers = page.xpath("//main/p[starts-with(normalize-space(), 'Covers:')]/a/@href")
    assert covers == [
        "../north-yorkshire.html",
        "../west-yorkshire.html",
        "../south-yorkshire.html",
        "../humberside.html",
    ]
    assert page.xpath("//h2[@id='article-heading']/text()") == ["Round-up"]
    assert page.xpath("//pre[@id='text-article']")
    station = pages["radio/bbc-radio-solent.html"]
    assert len(station.xpath("//p[@class='script']")) == 4
    hampshire = pages["hampshire.html"].xpath("//section[h2[@id='covered-heading']]//a/@href")
    assert "radio/bbc-radio-solent.html" in hampshire
    assert "partners/southern-daily-echo.html" in hampshire


# --- any story -------------------------------------------------------------------------------


@pytest.fixture
def tiny_site(tiny: Path, tmp_path: Path) -> Iterator[Path]:
    name_with_script(tiny)
    build(tiny, "tiny", out=tmp_path / "out", embargo=EMBARGO)
    folder = tmp_path / "out" / "tiny"
    prepared = prepare(tiny, "tiny", EMBARGO)
    write_site(folder, prepared.story, prepared.outlets)
    yield folder


@pytest.mark.slow
def test_the_tiny_story_with_its_own_words_and_a_name_to_escape(tiny_site: Path) -> None:
    site = tiny_site / SITE
    assert sorted(p.name for p in site.iterdir()) == sorted(
        [f"{s}.html" for s in ("eastshire", "midshire", "northshire", "southshire", "westshire")]
        + ["index.html", "site.css", "site.js"]
    )
    for path in site.glob("*.html"):
        content = path.read_text(encoding="utf-8")
        assert "<script>alert" not in content, path.name
        assert len(re.findall(r"<script\b", content)) == 1, path.name
        page = lxml.html.fromstring(content)
        banners = [text(p) for p in page.xpath("//header/p")]
        assert banners[:2] == [LINE, PARTNERS_ONLY], path.name
        assert f'<p class="banner">{LINE}</p>' in content  # as the build's HTML drafts have it
    index = lxml.html.fromstring((site / "index.html").read_bytes())
    assert len(index.xpath("//tbody/tr")) == 5
    assert text(index.xpath("//thead//th")[0]) == "Area"
    assert index.xpath("//h2[@id='places-heading']/text()") == ["Areas"]
    assert index.xpath("//select[@id='filter-outlet']") == []
    assert "Eastshire <script>alert(1)</script>" in text(index)
    east = (site / "eastshire.html").read_text(encoding="utf-8")
    assert "<h1>Eastshire &lt;script&gt;alert(1)&lt;/script&gt;</h1>" in east
    assert ILLUSTRATIVE in east
    quote = (site / "northshire.html").read_text(encoding="utf-8")
    assert "We are &lt;b&gt;sorry&lt;/b&gt; &amp; we" in quote


# --- the build -------------------------------------------------------------------------------


def test_the_build_writes_the_site_and_lists_it_in_the_manifest(built: BuildResult) -> None:
    """Needs the call to write_site in build() (generator/pipeline.py)."""
    assert (built.out_dir / SITE / "index.html").is_file()
    manifest = json.loads((built.out_dir / "manifest.json").read_text(encoding="utf-8"))
    paths = {entry["path"] for entry in manifest["outputs"]}
    assert {"site/index.html", "site/hampshire.html", "site/site.js"} <= paths


# --- phones, towns, packs and steps ----------------------------------------------------------

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


def test_every_page_carries_the_content_security_policy(pages: dict) -> None:
    for name, page in pages.items():
        policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy == [CSP], name


def test_a_town_or_district_finds_the_place_that_covers_it(pages: dict) -> None:
    index = pages["index.html"]
    hampshire = index.xpath("//tbody/tr[@data-slug='hampshire']")[0]
    assert "southampton" in hampshire.get("data-search")
    assert "Southampton" in hampshire.get("data-places").split(";")
    rows = index.xpath("//tbody/tr[contains(@data-search, 'southampton')]")
    assert [r.get("data-slug") for r in rows] == ["hampshire"]
    summary = dict(
        zip(
            [text(d) for d in pages["hampshire.html"].xpath("//dl[@class='summary']/dt")],
            [text(d) for d in pages["hampshire.html"].xpath("//dl[@class='summary']/dd")],
            strict=True,
        )
    )
    assert "Southampton" in summary["Areas covered"].split(", ")
    assert "Hampshire" not in summary["Areas covered"].split(", ")  # its own name


def test_a_places_file_without_a_gazetteer_gives_no_towns(tmp_path: Path) -> None:
    places = prepare(ROOT, STORY).dataset.places
    assert gazetteer(places)["hampshire"][:4] == (
        "Isle of Wight",
        "Portsmouth",
        "Southampton",
        "Basingstoke and Deane",
    )
    header = "code,name,short_name,slug,nation,region\n"
    (tmp_path / "places.csv").write_text(header + "E1,Avon Police,Avon,avon,England,West\n")
    assert gazetteer(Places.load(tmp_path / "places.csv")) == {}
    assert gazetteer(None) == {}


def test_the_site_finds_towns_in_the_places_it_is_given_and_reads_no_file(
    folder: Path, tmp_path: Path
) -> None:
    """The site stage takes the places the build loaded: it never reads the places file."""
    prepared = prepare(ROOT, STORY)
    story = dataclasses.replace(
        prepared.story, unit=dataclasses.replace(prepared.story.unit, places="gone.csv")
    )
    copy = tmp_path / STORY
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(SITE))
    write_site(copy, story, prepared.outlets, prepared.dataset.places)
    index = lxml.html.fromstring((copy / SITE / "index.html").read_bytes())
    row = index.xpath("//tbody/tr[@data-slug='hampshire']")[0]
    assert "Southampton" in row.get("data-places").split(";")


def test_downloads_are_named_for_the_place_and_story(pages: dict) -> None:
    links = pages["hampshire.html"].xpath("//section[h2[@id='downloads-heading']]//a")
    named = {a.get("href"): a.get("download") for a in links}
    assert named["../hampshire/article.docx"] == "hampshire-cancelled-crimes.docx"
    assert named["../hampshire/article.ninjs.json"] == "hampshire-cancelled-crimes.ninjs.json"
    assert named["../hampshire/radio.txt"] == "hampshire-cancelled-crimes-radio.txt"
    assert named["../hampshire/facts.json"] == "hampshire-cancelled-crimes-facts.json"
    post = pages["partners/yorkshire-post.html"].xpath("//a[@download]/@download")
    assert "yorkshire-post-cancelled-crimes.docx" in post
    assert "yorkshire-post-cancelled-crimes.zip" in post


def test_a_force_page_offers_each_covering_outlets_pack(pages: dict) -> None:
    section = pages["hampshire.html"].xpath("//section[h2[@id='covered-heading']]")[0]
    packs = {a.get("href"): a.get("download") for a in section.xpath(".//a[@download]")}
    assert packs["../packs/southern-daily-echo.zip"] == "southern-daily-echo-cancelled-crimes.zip"
    assert packs["../packs/bbc-radio-solent.zip"] == "bbc-radio-solent-cancelled-crimes.zip"


def test_facts_are_in_words_not_codes(pages: dict) -> None:
    for name, page in pages.items():
        shown = text(page)
        assert not re.search(r"\b(above|below)-(95|99\.8)\b", shown), name
    row = pages["hampshire.html"].xpath("//tr[@id='fact-sexual-funnel']")[0]
    assert text(row.xpath("./td")[0]) == (
        "Above the 99.8 per cent limitsignificantly higher"  # the note is a block
    )


def test_every_draft_page_says_what_to_check_before_publishing(folder: Path, pages: dict) -> None:
    for name, page in pages.items():
        if name.startswith("index"):
            continue
        steps = [text(li) for li in page.xpath("//section[h2[@id='checklist-heading']]//li")]
        assert steps, name
        assert "Check each highlighted figure against its entry in the facts below." in steps
    cheshire = [
        text(li) for li in pages["cheshire.html"].xpath("//section[@class='checklist']//li")
    ]
    assert any(s.startswith(ILLUSTRATIVE) for s in cheshire)
    assert "No response from Cheshire Constabulary yet – check before publication." in cheshire
    assert "Take the warning lines off the top of the copied text once each is dealt with." in (
        cheshire
    )
    for slug in place_slugs(folder):  # the step only where the text opens with warnings
        marked = json.loads((folder / slug / "facts.json").read_bytes()).get("banners")
        steps = pages[f"{slug}.html"].xpath("//section[@class='checklist']//li")
        assert any("warning lines" in text(s) for s in steps) is bool(marked), slug


def test_the_copied_text_stops_before_the_notes() -> None:
    draft = "WARNING\n\nHeadline\n\nBody.\n\nNotes for editors\n\nSource: x.\n"
    assert without_notes(draft) == "WARNING\n\nHeadline\n\nBody.\n"
    assert without_notes("# H\n\nBody.\n\n## Notes to editors\n\nx\n") == "# H\n\nBody.\n"
    assert without_notes("Body only.\n") == "Body only.\n"


def test_the_index_tags_each_warning_in_a_few_words_and_the_page_has_the_detail(
    pages: dict,
) -> None:
    index = pages["index.html"]
    tags = {text(t) for t in index.xpath("//tbody//span[contains(@class, 'flag')]")}
    assert "Illustrative figures" in tags and "Awaiting response" in tags
    assert tags <= {capital(label) for label in FLAG_LABELS.values()}
    options = index.xpath("//select[@id='filter-flag']/option/text()")
    assert options == ["Any", *(capital(FLAG_LABELS[k]) for k in FLAG_KEYS), "No flags"]
    cheshire = pages["cheshire.html"]
    (folded,) = cheshire.xpath("//header/details[contains(@class, 'banner-illustrative')]")
    # the summary keeps which figures (the detail's first part) in view; the rest folds
    summary, rest = text(folded.xpath("./summary")[0]), text(folded.xpath("./p")[0])
    assert summary.startswith(f"{ILLUSTRATIVE}: ") and "nine of 21" in summary
    detail = f"{summary.removeprefix(ILLUSTRATIVE + ': ')}; {rest[:1].lower()}{rest[1:]}"
    (whole,) = cheshire.xpath("//header/p[contains(@class, 'banner-illustrative')]")
    assert text(whole) == f"{ILLUSTRATIVE}: {detail}"
    steps = cheshire.xpath("//section[h2[@id='checklist-heading']]//li")
    assert not any(detail in text(step) for step in steps)  # pointed to, not repeated
    assert any(text(step).startswith(f"{ILLUSTRATIVE}: the warning at the top") for step in steps)


def test_a_lead_on_no_one_measure_is_named_as_drafts_list_names_it(
    folder: Path, pages: dict
) -> None:
    facts = json.loads((folder / "cumbria" / "facts.json").read_text(encoding="utf-8"))
    assert facts["lead"]["kind"] == "clean" and facts["lead"]["measure"] is None
    row = pages["index.html"].xpath("//tbody/tr[@data-slug='cumbria']")[0]
    lead = text(row.xpath("./td")[1])
    assert lead == capital(lead_label("clean"))
    draft = (folder / "cumbria" / "article.txt").read_text(encoding="utf-8")
    assert lead.casefold() in draft.casefold()  # "clean record": the draft's own words
    summary = pages["cumbria.html"].xpath("//dl[@class='summary']/dd")
    assert lead in [text(d) for d in summary]


def test_find_your_outlet_starts_on_a_prompt(pages: dict) -> None:
    choice = pages["index.html"].xpath("//select[@id='find-outlet-choice']")[0]
    first = choice.xpath(".//option")[0]
    assert (first.get("value"), text(first)) == ("", "Choose your outlet…")


def test_a_chart_too_small_to_read_on_a_phone_links_to_itself_full_size(
    folder: Path, tmp_path: Path, pages: dict
) -> None:
    # The fixture's own 40-pixel chart fits any phone: no link.
    assert pages["hampshire.html"].xpath("//figure//*[contains(@class, 'enlarge')]") == []
    copy = tmp_path / STORY
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(SITE))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">'
        '<text style="font-size: 12px">a</text><text font-size="17">b</text></svg>'
    )
    (copy / "hampshire" / "chart.svg").write_text(svg)
    prepared = prepare(ROOT, STORY)
    write_site(copy, prepared.story, prepared.outlets)
    page = lxml.html.fromstring((copy / SITE / "hampshire.html").read_bytes())
    (link,) = page.xpath("//figure[@id='chart-chart']//*[contains(@class, 'enlarge')]/a")
    assert link.get("href") == "../hampshire/chart.svg"
    assert text(link) == "Tap to enlarge the chart"


@pytest.mark.parametrize(
    ("width", "smallest", "enlarge"),
    [
        (800, 12.0, True),  # 12 px labels shrink to 5 px on a 360-pixel phone
        (800, 21.5, True),  # 8.98 px: just under
        (800, 22.0, False),  # 9.19 px: readable
        (334, 6.0, False),  # no wider than the phone: never scaled down
        (800, None, True),  # a PNG: its labels' size unknown
        (None, 12.0, False),  # no size known: shown as it comes
    ],
)
def test_too_small_to_read_on_a_phone(
    width: int | None, smallest: float | None, enlarge: bool
) -> None:
    assert too_small(width, smallest) is enlarge
