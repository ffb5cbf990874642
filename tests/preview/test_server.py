"""`drafts serve` end to end: a real server on a free port over a copy of the tiny story.

Waits are bounded polls (a deadline, then a clear failure), never timed assertions.
"""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.preview.rebuild import Preview
from generator.preview.server import BadHost, allowed_hosts, make_server

pytestmark = pytest.mark.slow  # each test builds the tiny story and starts a server

DEADLINE = 60.0
"""Seconds a poll waits for the server before failing the test."""
OLD = "Southshire Council has been approached for comment."
NEW = "Southshire Council was asked to comment on the figures."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """A running preview server: its address and the lines it printed."""

    def __init__(self, project: Path, port: int, lines: list[str]) -> None:
        self.project = project
        self.port = port
        self.lines = lines

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as r:
            return r.read().decode("utf-8")

    def raw(self, path: str, method: str = "GET", host: str | None = None) -> tuple[int, str]:
        """Send ``path`` exactly as given (no client-side clean-up of ``..``)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_host=host is not None, skip_accept_encoding=True)
            if host is not None:
                conn.putheader("Host", host)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def wait_for(self, path: str, needle: str) -> str:
        """The page at ``path`` once it holds ``needle``; fails after :data:`DEADLINE`."""
        deadline = time.monotonic() + DEADLINE
        while True:
            page = self.get(path)
            if needle in page:
                return page
            if time.monotonic() > deadline:
                pytest.fail(f"{path} never showed {needle!r}; server said: {self.lines}")
            time.sleep(0.1)


@pytest.fixture
def served(tiny: Path) -> Iterator[Served]:
    lines: list[str] = []
    port = free_port()
    server = make_server(tiny, "tiny", port=port, say=lines.append)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + DEADLINE
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail(f"the preview server did not start: {lines}")
        time.sleep(0.05)
    try:
        yield Served(tiny, port, lines)
    finally:
        server.should_exit = True
        thread.join(timeout=DEADLINE)


def _article(page: str) -> str:
    """The page without the preview's banner."""
    return re.sub(r'<div id="drafts-preview".*?</div>\n', "", page, flags=re.S)


def _next_generation(served: Served, since: str, ready: threading.Event) -> list[str]:
    """Read the event stream until it names a generation other than ``since``."""
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=DEADLINE)
    conn.request("GET", f"/__drafts__/events?since={since}")
    response = conn.getresponse()
    ready.set()
    seen = []
    while True:
        line = response.fp.readline().decode("utf-8")
        if not line:
            return seen
        if line.startswith("data: "):
            seen.append(line.removeprefix("data: ").strip())
            conn.close()
            return seen


def test_editing_a_template_changes_the_served_page(served: Served) -> None:
    page = served.get("/site/southshire.html")
    assert OLD in _article(page)
    generation = re.search(r'data-generation="(\d+)"', page)
    assert generation, "the banner carries the build generation"
    assert '<script src="/__drafts__/reload.js" defer></script>' in page
    assert 'href="/__drafts__/changes"' in page

    heard: list[str] = []
    ready = threading.Event()
    listener = threading.Thread(
        target=lambda: heard.extend(_next_generation(served, generation[1], ready)), daemon=True
    )
    listener.start()
    assert ready.wait(DEADLINE)

    template = served.project / "templates/tiny/draft.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "has been approached for comment", "was asked to comment on the figures"
        ),
        encoding="utf-8",
    )

    page = served.wait_for("/site/southshire.html", NEW)
    assert OLD not in _article(page)
    # the built site on disk has no preview banner: only the served copy does
    on_disk = (served.project / "out/tiny/site/southshire.html").read_text(encoding="utf-8")
    assert NEW in on_disk and "drafts-preview" not in on_disk
    # the page lists its new sentence for the script to mark
    assert f'<ul id="drafts-new" hidden><li>{NEW}</li></ul>' in page

    changes = served.get("/__drafts__/changes")
    assert f"<del>{OLD}</del>" in changes
    assert f"<ins>{NEW}</ins>" in changes
    assert '<a href="/site/southshire.html">Southshire Council</a>' in changes
    # Northshire has a quote, so its draft never said it was approached: not listed
    assert "Northshire" not in changes

    listener.join(DEADLINE)
    assert heard and heard[0] != generation[1], "the open page was told to reload"


def test_a_page_asked_for_mid_rebuild_comes_with_that_rebuilds_changes(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build swaps its new folder in before the rebuild compares it with the last: a page
    asked for in between waits for the comparison rather than show the new text without the
    list of its new sentences."""
    comparing, go_on = threading.Event(), threading.Event()
    compare = Preview._compare

    def held(preview: Preview) -> object:
        comparing.set()
        go_on.wait(DEADLINE)
        return compare(preview)

    monkeypatch.setattr(Preview, "_compare", held)
    template = served.project / "templates/tiny/draft.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "has been approached for comment", "was asked to comment on the figures"
        ),
        encoding="utf-8",
    )
    assert comparing.wait(DEADLINE), f"no rebuild compared; server said: {served.lines}"
    on_disk = (served.project / "out/tiny/site/southshire.html").read_text(encoding="utf-8")
    assert NEW in on_disk  # the new build is in place; its changes are not yet known
    pages: list[str] = []
    fetch = threading.Thread(target=lambda: pages.append(served.get("/site/southshire.html")))
    fetch.start()
    fetch.join(0.5)  # time for the request to reach the server (no assertion rests on it)
    go_on.set()
    fetch.join(DEADLINE)
    assert pages, "the page was served once the rebuild finished"
    assert NEW in _article(pages[0])
    assert f'<ul id="drafts-new" hidden><li>{NEW}</li></ul>' in pages[0]


def test_a_bad_edit_shows_the_error_and_keeps_the_last_good_build(served: Served) -> None:
    template = served.project / "templates/tiny/draft.md.j2"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{{ place.name }}:", "{{ place.name }:", 1), encoding="utf-8")

    page = served.wait_for("/site/southshire.html", "The last edit did not build")
    assert "templates/tiny/draft.md.j2, line 1" in page
    assert OLD in _article(page), "the last good build is still served"

    template.write_text(good.replace("has been approached", "has been asked"), encoding="utf-8")
    page = served.wait_for("/site/southshire.html", "Southshire Council has been asked")
    assert "The last edit did not build" not in page


def test_only_files_of_the_build_are_served(served: Served) -> None:
    secret = served.project / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    site = served.project / "out/tiny/site"
    (site / "leak.txt").symlink_to(secret)
    (site / "folder").mkdir()
    (site / "folder/index.html").symlink_to(secret)  # a folder's page is checked like any file
    for path in (
        "/../secret.txt",
        "/site/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/site/%2e%2e/%2e%2e/secret.txt",
        "/site/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/site/leak.txt",
        "/.drafts-build",
        "/manifest.json/../../secret.txt",
        "/site/folder",
        "/site/folder/",
    ):
        status, body = served.raw(path)
        assert status in (400, 404), path
        assert "TOP SECRET" not in body and "root:" not in body, path

    assert served.raw("/site/index.html")[0] == 200
    assert served.raw("/southshire/draft.md")[0] == 200  # a file the site links to
    assert served.raw("/site/index.html", method="POST")[0] == 405
    assert served.raw("/site/" + "a" * 5000)[0] in (414, 431, 400)
    assert served.raw("/site/index.html", host="attacker.example")[0] == 400
    assert served.raw("/site/index.html", host=f"localhost:{served.port}")[0] == 200
    assert served.raw("/site/index.html", host=f"[::1]:{served.port}")[0] == 200


def test_only_this_machines_names_the_address_bound_and_the_names_given_are_answered() -> None:
    local = ["127.0.0.1", "localhost", "[::1]"]
    assert allowed_hosts("127.0.0.1") == local
    assert allowed_hosts("0.0.0.0") == [*local, "0.0.0.0"]  # no "*": DNS rebinding refused
    assert allowed_hosts("192.168.1.5", ["Drafts.Newsroom.local", "fe80::1"]) == [
        *local,
        "192.168.1.5",
        "drafts.newsroom.local",
        "[fe80::1]",
    ]
    with pytest.raises(BadHost, match="--allow-host is for a server other machines reach"):
        allowed_hosts("127.0.0.1", ["drafts.newsroom.local"])
    for bad in ("*", "*.example.com", "a b", "x/y", ""):
        with pytest.raises(BadHost, match="is not a machine's name or address"):
            allowed_hosts("0.0.0.0", [bad])


CHROMIUM = Path("/usr/bin/chromium")


def test_the_open_page_reloads_and_marks_the_new_sentence_in_a_browser(served: Served) -> None:
    """Chromium keeps the page open while the template is saved: the page reloads by itself
    under the site's policy (no script error, nothing blocked) and outlines the new sentence."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            page = browser.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.on(
                "console",
                lambda m: problems.append(m.text) if "Security Policy" in m.text else None,
            )
            page.goto(f"http://127.0.0.1:{served.port}/site/southshire.html")
            page.wait_for_selector("#drafts-preview")
            # saved at once: the stream names the generation the page was served at, so a
            # rebuild that ends before the page listens still reloads it
            template = served.project / "templates/tiny/draft.md.j2"
            template.write_text(
                template.read_text(encoding="utf-8").replace(
                    "has been approached for comment", "was asked to comment on the figures"
                ),
                encoding="utf-8",
            )
            marked = page.wait_for_selector(".drafts-changed", timeout=DEADLINE * 1000)
            assert marked is not None
            assert marked.text_content() == NEW
            assert problems == []
        finally:
            browser.close()
