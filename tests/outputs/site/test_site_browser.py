"""The editors' site in a real browser: Playwright driving Debian's headless Chromium.

One full build of the bundled story (with an embargo) and one browser serve the whole module.
Pages are opened from disk (``file://``), as an editor opens them from the build folder, except
for the clipboard test, which needs a secure origin and is served from 127.0.0.1. Screenshots
of the index and of Hampshire's page are saved to ``out/test-artifacts/``.

The chart tests need the charts the build writes into each place's folder (``charts.json``).
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ROOT, STORY

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
    page.wait_for_function("document.querySelectorAll('#places tbody tr[hidden]').length === 0")


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
    assert any(b.startswith(ILLUSTRATIVE + ": ") and "rape: nine of 21" in b for b in banners)
    assert page.locator(".banner-illustrative").is_visible()
    page.goto(url(folder, "index.html"))
    row = page.locator(f"{ROWS}[data-slug=cheshire]")
    assert ILLUSTRATIVE in row.inner_text()


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
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Copied')")
    article = (folder / "hampshire" / "article.txt").read_text(encoding="utf-8")
    assert page.evaluate("navigator.clipboard.readText()") == article
    scripts = json.loads((folder / "hampshire" / "radio.json").read_text(encoding="utf-8"))
    page.evaluate("document.getElementById('status').textContent = ''")
    page.get_by_role("button", name="Copy cue (20 seconds)").click()
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Copied')")
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
