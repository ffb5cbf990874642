"""The editors' site in a real browser: Playwright driving Debian's headless Chromium.

One full build of the bundled story (with an embargo) and one browser serve the whole module.
The pages' Content-Security-Policy holds in the tests too: a check waits through a locator
(``expect``), never ``wait_for_function``, whose string the policy refuses to evaluate.
Pages are opened from disk (``file://``), as an editor opens them from the build folder, except
for the clipboard test, which needs a secure origin and is served from 127.0.0.1. Screenshots
of the index and of Hampshire's page are saved to ``out/test-artifacts/``.

The chart tests need the charts the build writes into each place's folder (``charts.json``).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ROOT, STORY
from playwright.sync_api import expect

from generator.checks.style import ILLUSTRATIVE
from generator.drafts.prepared import prepare
from generator.pipeline import build

pytestmark = pytest.mark.slow  # every test here builds whole stories or drives a browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
EMBARGO = "2020-10-23 00:01"
LINE = "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020"
ARTIFACTS = ROOT / "out" / "test-artifacts"
ROWS = "#places tbody tr"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``out/<story>/`` of a full build with an embargo, its site written."""
    out = tmp_path_factory.mktemp("site-browser")
    build(ROOT, STORY, out=out, embargo=EMBARGO)
    return out / STORY


@pytest.fixture(scope="module")
def places(folder: Path) -> dict[str, dict]:
    """Each place's facts.json, by slug."""
    found = {}
    for path in sorted(folder.glob("*/facts.json")):
        facts = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(facts.get("place"), dict):
            found[facts["place"]["slug"]] = facts
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: the site's browser tests need it. "
            "Install it with `apt-get install chromium` (.ci/run does)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == [], f"errors in the page: {errors}"


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[str]:
    """The build folder served on 127.0.0.1 (a secure origin, for the clipboard)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def url(folder: Path, name: str) -> str:
    return (folder / "site" / name).as_uri()


def visible_slugs(page) -> list[str]:
    return page.eval_on_selector_all(
        ROWS, "rows => rows.filter(r => !r.hidden).map(r => r.dataset.slug)"
    )


def lead_rate(facts: dict) -> Fraction | None:
    key = facts["lead"].get("measure")
    for entry in facts["measures"]:
        figure = entry.get("figure") or {}
        if entry.get("measure") == key and figure.get("base"):
            return Fraction(figure["count"], figure["base"])
    return None


# --- the index ---------------------------------------------------------------------------


def test_index_from_disk_shows_every_place_and_asks_nothing_of_the_network(
    browser, folder: Path, places: dict
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url(folder, "index.html"))
    page.wait_for_load_state("load")
    assert page.locator(ROWS).count() == len(places) == 43
    assert len(visible_slugs(page)) == 43
    assert page.locator("#row-count").inner_text() == "Showing 43 of 43 forces"
    assert page.locator("#filters").is_visible()  # shown by the script
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    context.close()
    assert any(r.endswith("/site/site.js") for r in requests)
    assert any(r.endswith("/site/site.css") for r in requests)
    assert [r for r in requests if not r.startswith("file://")] == []


def test_without_javascript_the_whole_table_shows(browser, folder: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(folder, "index.html"))
    assert page.locator(f"{ROWS}:visible").count() == 43
    assert not page.locator("#filters").is_visible()  # nothing that would not work
    page.goto(url(folder, "hampshire.html"))
    assert page.locator(".article").is_visible()
    assert not page.locator("button[data-copy]").first.is_visible()
    context.close()


def test_the_embargo_comes_first_then_partners_only(page, folder: Path) -> None:
    page.goto(url(folder, "index.html"))
    banners = page.locator("header .banner").all_inner_texts()
    assert banners[:2] == [LINE, "FOR PARTNERS ONLY – NOT FOR PUBLICATION"]
    assert page.locator("body").inner_text().startswith(LINE)


def test_filter_by_region(page, folder: Path, places: dict) -> None:
    page.goto(url(folder, "index.html"))
    expected = sorted(s for s, f in places.items() if f["place"]["region"] == "South East")
    page.select_option("#filter-region", "South East")
    assert sorted(visible_slugs(page)) == expected
    assert 1 < len(expected) < 43
    assert page.locator("#row-count").inner_text() == f"Showing {len(expected)} of 43 forces"


def test_filter_by_outlet_and_station(page, folder: Path) -> None:
    outlets = prepare(ROOT, STORY).outlets
    assert outlets is not None
    page.goto(url(folder, "index.html"))
    page.select_option("#filter-outlet", "yorkshire-post")
    assert sorted(visible_slugs(page)) == sorted(outlets.by_slug("yorkshire-post").places)
    page.select_option("#filter-outlet", "")
    page.select_option("#filter-station", "bbc-radio-solent")
    assert sorted(visible_slugs(page)) == sorted(outlets.by_slug("bbc-radio-solent").places)
    page.click("button[type=reset]")
    expect(page.locator(f"{ROWS}[hidden]")).to_have_count(0)


def test_search_narrows_the_rows(page, folder: Path, places: dict) -> None:
    page.goto(url(folder, "index.html"))
    page.fill("#filter-search", "Constabulary")
    expected = sorted(s for s, f in places.items() if "constabulary" in f["place"]["name"].lower())
    assert sorted(visible_slugs(page)) == expected
    assert 1 < len(expected) < 43
    page.fill("#filter-search", "no such place anywhere")
    assert visible_slugs(page) == []
    assert page.locator("#row-count").inner_text() == "Showing 0 of 43 forces"


def test_sorting_by_name_and_by_lead_figure(page, folder: Path, places: dict) -> None:
    page.goto(url(folder, "index.html"))
    names = sorted((f["place"]["name"] for f in places.values()), key=str.casefold)
    first_column = page.locator("#places thead th").nth(0)
    assert first_column.get_attribute("aria-sort") == "ascending"
    first_column.locator("button").click()
    assert first_column.get_attribute("aria-sort") == "descending"
    shown = page.locator(f"{ROWS} th[scope=row]").all_inner_texts()
    assert (shown[0], shown[-1]) == (names[-1], names[0])

    lead = page.locator("#places thead th", has_text="Lead figure")
    lead.locator("button").click()  # numbers sort highest first
    assert lead.get_attribute("aria-sort") == "descending"
    assert first_column.get_attribute("aria-sort") is None
    rates = {s: r for s, f in places.items() if (r := lead_rate(f)) is not None}
    order = visible_slugs(page)
    assert rates[order[0]] == max(rates.values())
    ranked = [s for s in order if s in rates]
    assert rates[ranked[-1]] == min(rates.values())
    assert [rates[s] for s in ranked] == sorted(rates.values(), reverse=True)
    lead.locator("button").click()
    assert lead.get_attribute("aria-sort") == "ascending"
    assert rates[visible_slugs(page)[0]] == min(rates.values())


def test_keyboard_skip_link_and_sort_buttons(page, folder: Path, places: dict) -> None:
    page.goto(url(folder, "index.html"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator("a.skip").bounding_box()["width"] > 0  # visible when focused
    region = page.locator("#places thead th").nth(1)
    region.locator("button").focus()
    page.keyboard.press("Enter")
    assert region.get_attribute("aria-sort") == "ascending"
    regions = page.locator(f"{ROWS} td:nth-of-type(1)").all_inner_texts()
    assert regions == sorted(regions, key=str.casefold)


# --- place pages ---------------------------------------------------------------------------


def test_hampshire_shows_its_chart_and_the_dibdin_quote(page, folder: Path) -> None:
    page.goto(url(folder, "hampshire.html"))
    page.wait_for_load_state("load")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hampshire.png"), full_page=True)
    assert page.locator("h1").inner_text() == "Hampshire Constabulary"
    assert "Dibdin" in page.locator("section:has(#quotes-heading)").inner_text()
    listed = folder / "hampshire" / "charts.json"
    assert listed.is_file(), "the build wrote no charts.json for Hampshire (charts not wired in)"
    charts = json.loads(listed.read_text(encoding="utf-8"))
    chart = page.locator("#chart-chart img")
    assert chart.is_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    alt = chart.get_attribute("alt")
    assert alt == charts["chart"]["alt"]
    assert "Hampshire" in alt


def test_cheshire_shows_the_illustrative_warning(page, folder: Path) -> None:
    page.goto(url(folder, "cheshire.html"))
    banners = page.locator("header .banner").all_inner_texts()
    assert banners[0] == LINE
    assert any(b.startswith(ILLUSTRATIVE + ": ") and "rape (nine of 21)" in b for b in banners)
    assert page.locator("p.banner-illustrative").is_visible()  # whole on a desktop
    assert not page.locator("details.banner-illustrative").is_visible()
    page.goto(url(folder, "index.html"))
    row = page.locator(f"{ROWS}[data-slug=cheshire]")
    assert "Illustrative figures" in row.locator(".flag").all_inner_texts()


def test_figures_link_to_their_facts(page, folder: Path) -> None:
    page.goto(url(folder, "hampshire.html"))
    link = page.locator(".article a.fig", has_text="nine").first
    assert link.get_attribute("href") == "#fact-sexual-count"
    link.click()
    assert page.evaluate("location.hash") == "#fact-sexual-count"
    assert page.locator("#fact-sexual-count").is_visible()
    assert "9" in page.locator("#fact-sexual-count td").inner_text()


def test_copy_buttons_put_the_text_on_the_clipboard(browser, folder: Path, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server}/site/hampshire.html")
    page.get_by_role("button", name="Copy article text").click()
    expect(page.locator("#status")).to_have_text(re.compile("^Copied"))
    whole = (folder / "hampshire" / "article.txt").read_text(encoding="utf-8")
    article, notes = whole.split("\nNotes for editors\n")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == article.rstrip() + "\n"  # the article only: not the notes to editors
    assert "Please credit" in notes and "Please credit" not in copied
    assert "Notes for editors" not in copied
    scripts = json.loads((folder / "hampshire" / "radio.json").read_text(encoding="utf-8"))
    page.evaluate("document.getElementById('status').textContent = ''")
    page.get_by_role("button", name="Copy cue (20 seconds)").click()
    expect(page.locator("#status")).to_have_text(re.compile("^Copied"))
    assert page.evaluate("navigator.clipboard.readText()") == scripts["scripts"][0]["text"]
    context.close()


def test_station_page_links_its_places_and_offers_its_scripts(page, folder: Path) -> None:
    page.goto(url(folder, "radio/bbc-radio-solent.html"))
    assert page.locator("h1").inner_text() == "BBC Radio Solent"
    covers = page.locator("main p", has_text="Covers:").locator("a")
    assert covers.all_inner_texts() == ["Hampshire Constabulary", "Dorset Police"]
    assert page.locator("button[data-copy^=script]").count() == 4
    assert page.locator("button[data-copy^=script]").first.is_visible()
    covers.first.click()
    assert page.url.endswith("/site/hampshire.html")


# --- phones and desktops ---------------------------------------------------------------------

WIDTHS = (360, 390, 1280)
PAGES = ("index.html", "hampshire.html", "partners/yorkshire-post.html", "national.html")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(browser, folder: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for name in PAGES:
        page.goto(url(folder, name))
        page.wait_for_load_state("load")
        wide, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert wide <= inner, (name, width, wide)
    context.close()


def test_on_a_phone_the_index_is_cards_and_on_a_desktop_a_table(browser, folder: Path) -> None:
    shown = {}
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(url(folder, "index.html"))
        row = page.locator(f"{ROWS}[data-slug=hampshire]")
        shown[width] = row.evaluate("r => getComputedStyle(r).display")
        box = row.bounding_box()
        assert box is not None and box["width"] <= width
        context.close()
    assert shown == {390: "block", 1280: "table-row"}


@pytest.mark.parametrize("width", (390, 1280))
def test_searching_a_town_finds_the_force_that_covers_it(browser, folder: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(url(folder, "index.html"))
    page.fill("#filter-search", "Southampton")
    assert visible_slugs(page) == ["hampshire"]
    note = page.locator(f"{ROWS}[data-slug=hampshire] .match")
    assert note.is_visible() and note.inner_text() == "Covers Southampton"
    page.fill("#filter-search", "Basingstoke")
    assert visible_slugs(page) == ["hampshire"]
    page.fill("#filter-search", "Hampshire")  # found by its name: no note
    assert "hampshire" in visible_slugs(page)
    assert not note.is_visible()
    context.close()


def test_find_your_outlet_opens_its_page_with_its_pack(page, folder: Path) -> None:
    page.goto(url(folder, "index.html"))
    heading = page.locator("main h2").first
    assert heading.inner_text() == "Find your outlet"
    page.select_option("#find-outlet-choice", label="Southern Daily Echo")
    page.get_by_role("button", name="Open its page").click()
    page.wait_for_url("**/site/partners/southern-daily-echo.html")
    pack = page.locator("a[download='southern-daily-echo-cancelled-crimes.zip']")
    assert pack.get_attribute("href") == "../../packs/southern-daily-echo.zip"


def test_the_force_page_offers_each_outlets_pack_and_named_downloads(page, folder: Path) -> None:
    page.goto(url(folder, "hampshire.html"))
    partners = page.locator("section:has(#covered-heading)")
    pack = partners.get_by_role("link", name="pack for Southern Daily Echo")
    assert pack.get_attribute("href") == "../packs/southern-daily-echo.zip"
    assert pack.get_attribute("download") == "southern-daily-echo-cancelled-crimes.zip"
    word = page.get_by_role("link", name="Article: Word document (DOCX)")
    assert word.get_attribute("download") == "hampshire-cancelled-crimes.docx"
    steps = page.locator("section:has(#checklist-heading) li").all_inner_texts()
    assert steps[0] == f"Publish nothing before the embargo lifts ({LINE})."
    chart = page.locator("#chart-chart img")
    assert chart.get_attribute("src") == "../hampshire/chart.svg"
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")


def test_the_content_security_policy_stops_inline_script(browser, folder: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto(url(folder, "hampshire.html"))
    assert page.locator("button[data-copy]").first.is_visible()  # site.js runs
    ran = page.evaluate(
        """() => {
            window.ran = false;
            const s = document.createElement('script');
            s.textContent = 'window.ran = true';
            document.body.appendChild(s);
            return window.ran;
        }"""
    )
    assert ran is False
    assert any("Content Security Policy" in m for m in refused)
    context.close()


@pytest.mark.parametrize("width", (390, 1280))
def test_axe_finds_no_serious_violations(browser, folder: Path, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    axe = Axe()
    for name in (*PAGES, "radio/bbc-radio-solent.html"):
        page.goto(url(folder, name))
        page.wait_for_load_state("load")
        results = axe.run(page)
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], (name, width, serious)
    context.close()


@pytest.mark.parametrize("width", (390, 1280))
def test_every_chart_fits_the_screen_and_a_phone_offers_it_full_size(
    browser, folder: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for name in ("hampshire.html", "national.html", "partners/bbc-news-online.html"):
        page.goto(url(folder, name))
        page.wait_for_load_state("load")
        charts = page.locator("figure.chart")
        assert charts.count() > 0, name
        for i in range(charts.count()):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            box = chart.locator("img").bounding_box()
            assert box is not None and box["x"] >= 0, (name, i)
            assert box["x"] + box["width"] <= width, (name, i, box)
            natural = chart.locator("img").evaluate("img => img.naturalWidth")
            enlarge = chart.locator(".enlarge a")
            if width == 390:  # scaled down: its 12-pixel labels too small, so a link
                assert box["width"] < natural
                assert enlarge.is_visible(), (name, i)
                src = chart.locator("img").get_attribute("src")
                assert enlarge.get_attribute("href") == src and src.endswith(".svg")
            else:  # as drawn, never stretched
                assert box["width"] == pytest.approx(natural, abs=2)
                assert not enlarge.is_visible()
    context.close()


def test_on_a_phone_a_long_banner_folds_all_but_which_figures(browser, folder: Path) -> None:
    """A warning that says NOT FOR PUBLICATION keeps the first part of its detail (which
    figures) in view on a phone, folding only the rest."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(url(folder, "hampshire.html"))
    folded = page.locator("details.banner-illustrative")
    assert folded.is_visible()
    assert not page.locator("p.banner-illustrative").is_visible()
    summary = folded.locator("summary").inner_text()
    assert summary.startswith(f"{ILLUSTRATIVE}: ") and "41 other forces" in summary
    detail = folded.locator("p")
    assert not detail.is_visible()
    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < 800 * 0.6  # the page shows below it
    folded.locator("summary").click()
    assert detail.is_visible() and "published release" in detail.inner_text()
    context.close()


def test_on_a_phone_each_index_card_tags_its_warnings_in_a_few_words(browser, folder: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(url(folder, "index.html"))
    flags = page.locator(f"{ROWS} td:last-child:not(.none)")
    assert flags.count() > 0
    heights = flags.evaluate_all("cells => cells.map(c => c.getBoundingClientRect().height)")
    line = page.locator(f"{ROWS} td").first.evaluate("c => c.getBoundingClientRect().height")
    assert max(heights) <= 3 * line  # a tag or two, not the detail
    context.close()


def test_find_your_outlet_asks_for_a_choice_first(page, folder: Path) -> None:
    page.goto(url(folder, "index.html"))
    choice = page.locator("#find-outlet-choice")
    assert choice.input_value() == ""
    assert choice.locator("option").first.inner_text() == "Choose your outlet…"
    page.get_by_role("button", name="Open its page").click()
    expect(page.locator("#status")).to_have_text("Choose your outlet or station first")
    assert page.url.endswith("/site/index.html")
