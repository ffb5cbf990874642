"""The preview server: the story's build served over HTTP, rebuilt when an input is saved.

A Starlette application run by uvicorn. At start it builds the story; then watchfiles watches
``templates/``, ``data/`` and ``quotes/`` (keeping only what the story reads: its own folders
and the shared files its last build read) and each save rebuilds, in a worker thread, while
the last good build goes on being served. Open pages hear of a finished rebuild over
Server-Sent Events and reload. A page and its banner come from one finished rebuild: the build
swaps its folder in before the rebuild has compared it with the last, so a page read from a
folder the rebuild has not yet published waits for it (:meth:`Server.page`).

What it serves is ``out/<story>/`` and nothing else: a path is resolved and refused when it
leads outside (``..``, an absolute path, a link pointing out) or names a hidden file; only GET
and HEAD are answered, request lines and headers are bounded, no request body is ever read,
and a Host header other than this machine's own names, the address bound and the names given
is refused (:func:`allowed_hosts`: a web page cannot reach the drafts through a name that
resolves to this machine). It binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from watchfiles import DefaultFilter, awatch

from generator.base.errors import DraftsError
from generator.base.names import OutsideFolder, inside
from generator.delivery.diff import change_dict
from generator.preview import client, pages
from generator.preview.rebuild import STORY_FOLDERS, Preview, Shown, folder_id

MAX_TARGET = 2048
"""The longest path and query a request may have, in characters."""
MAX_HEADERS = 16 * 1024
"""The most bytes of request line and headers uvicorn reads before refusing a request."""
MAX_CONNECTIONS = 64
"""Open connections (each open page keeps one for its events) before new ones are refused."""
KEEPALIVE = 15.0
"""Seconds between comments on an idle event stream, so proxies and browsers keep it open."""
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
SETTLE_TRIES = 3
"""Times a page is read again after waiting for a rebuild to publish what it swapped in."""
SETTLE_WAIT = 30.0
"""Seconds a request waits for a rebuild to publish before the page is served as it is."""


class Guard:
    """Security headers on every response; a request whose method or target is not one a
    browser viewing the site sends is refused before any route sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        refusal = None
        if scope["method"] not in ("GET", "HEAD"):
            refusal = Response("Only GET and HEAD.", 405, headers={"Allow": "GET, HEAD"})
        elif target > MAX_TARGET:
            refusal = Response("Request target too long.", 414)

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", pages.POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        if refusal is not None:
            await refusal(scope, receive, secured)
        else:
            await self.app(scope, receive, secured)


class Server:
    """The application for one :class:`Preview`, with its watcher and its event streams."""

    def __init__(self, preview: Preview, say: Callable[[str], None]) -> None:
        self.preview = preview
        self.say = say
        self.rebuilt = asyncio.Condition()
        self.closing = False

    def app(self, hosts: list[str]) -> Starlette:
        routes = [
            Route("/", self.home),
            Route(f"{pages.PREFIX}/reload.js", self.script),
            Route(f"{pages.PREFIX}/preview.css", self.stylesheet),
            Route(f"{pages.PREFIX}/events", self.events),
            Route(f"{pages.PREFIX}/changes", self.changes),
            Route(f"{pages.PREFIX}/changes.json", self.changes_json),
            Route("/{path:path}", self.file),
        ]
        return Starlette(
            routes=routes,
            lifespan=self.lifespan,
            middleware=[Middleware(Guard), Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
        )

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.say(f"building {self.preview.story}…")
        await anyio.to_thread.run_sync(self.preview.rebuild)
        self.say(self.preview.summary)
        self.say("watching the story's templates, data and quotes; save a file to rebuild")
        stop = anyio.Event()
        watcher = asyncio.create_task(self.watch(stop))
        try:
            yield
        finally:
            stop.set()
            self.closing = True
            async with self.rebuilt:
                self.rebuilt.notify_all()
            await watcher

    async def watch(self, stop: anyio.Event) -> None:
        """Rebuild on every save of something the story reads, until ``stop``."""
        root = self.preview.root
        folders = [root / f for f in STORY_FOLDERS if (root / f).is_dir()]
        ignored = DefaultFilter()

        def wanted(change: Any, path: str) -> bool:
            return ignored(change, path) and self.preview.watched(Path(path))

        async for saved in awatch(*folders, watch_filter=wanted, stop_event=stop):
            paths = sorted({Path(p) for _, p in saved})
            kept = [p for p in paths if p.exists()] or paths  # not an editor's passing file
            names = ", ".join(_shown(p, root) for p in kept)
            self.say(f"saved {names}: rebuilding")
            await anyio.to_thread.run_sync(self.preview.rebuild)
            async with self.rebuilt:  # pages to reload, and requests waiting for the rebuild
                self.rebuilt.notify_all()
            summary = self.preview.summary  # an error in full; of a build, its first line
            self.say(summary if self.preview.shown.error else summary.partition("\n")[0])

    async def events(self, request: Request) -> Response:
        """Server-Sent Events: the build generation, whenever it is not the one the page
        was served at."""
        served = request.query_params.get("since", "")

        async def stream() -> AsyncIterator[str]:
            yield "retry: 1000\n\n"
            seen = served
            while not self.closing:
                now = str(self.preview.shown.generation)
                if now != seen:
                    seen = now
                    yield f"data: {now}\n\n"
                    continue
                async with self.rebuilt:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(self.rebuilt.wait(), KEEPALIVE)
                yield ": waiting\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream")

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/site/index.html")

    async def script(self, request: Request) -> Response:
        return Response(client.RELOAD_JS, media_type="text/javascript")

    async def stylesheet(self, request: Request) -> Response:
        return Response(client.PREVIEW_CSS, media_type="text/css")

    async def changes(self, request: Request) -> Response:
        shown = self.preview.shown
        return HTMLResponse(pages.changes_page(shown, self.preview.build_dir))

    async def changes_json(self, request: Request) -> Response:
        shown = self.preview.shown
        return JSONResponse(
            {
                "generation": shown.generation,
                "error": shown.error,
                "changes": [change_dict(c) for c in shown.changes],
            }
        )

    async def file(self, request: Request) -> Response:
        """A file of the build; a site page with the preview's banner put in."""
        relative = request.path_params["path"]
        if any(part.startswith(".") for part in relative.split("/")):
            return _not_found()
        found = await self.page(relative)
        if found is None:
            return _not_found()
        path, page, shown = found
        if page is None:
            return FileResponse(path)
        folder = pages.page_folder(path.relative_to(self.preview.build_dir.resolve()).as_posix())
        return HTMLResponse(pages.inject(page, shown, folder))

    async def page(self, relative: str) -> tuple[Path, str | None, Shown] | None:
        """The file at ``relative`` in the build (``None`` when there is none), the text of
        a page (``None`` for any other file) and what to show with it, both of one finished
        rebuild: a page read from a folder that a running rebuild swapped in (or while the
        folder is missing, between the swap's renames) is read again once the rebuild has
        published its changes."""
        build_dir = self.preview.build_dir
        for attempt in range(SETTLE_TRIES):
            if attempt:
                async with self.rebuilt:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(
                            self.rebuilt.wait_for(lambda: not self.preview.busy), SETTLE_WAIT
                        )
            busy, shown = self.preview.busy, self.preview.shown  # in this order (rebuild.py)
            before = folder_id(build_dir)
            found = _read(build_dir, relative)
            if not busy or before == folder_id(build_dir) == shown.build:
                break
        return None if found is None else (*found, shown)


def _read(build_dir: Path, relative: str) -> tuple[Path, str | None] | None:
    """The file at ``relative`` inside ``build_dir`` (a folder's ``index.html``) and, for a
    page, its text; ``None`` when there is no such file inside the build."""
    try:
        path = inside(build_dir, relative)
        if path.is_dir():
            path = inside(build_dir, f"{relative.rstrip('/')}/index.html")
    except OutsideFolder:
        return None
    if not path.is_file():
        return None
    if path.suffix != ".html":
        return path, None
    try:
        return path, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _shown(path: Path, root: Path) -> str:
    """``path`` from the project folder, as the build's messages name files."""
    return path.relative_to(root).as_posix() if root in path.parents else str(path)


def _not_found() -> Response:
    return HTMLResponse(pages.error_page(404, "There is no such file in this build."), 404)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class BadHost(DraftsError):
    """A name given with ``--allow-host`` that cannot be a Host, or given for a local bind."""


HOST_NAME = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
"""A machine's name (``drafts.newsroom.local``) or IPv4 address: letters, digits, hyphens, dots."""


def _as_host(name: str) -> str:
    """``name`` as a Host header carries it, lower case: an IPv6 address in brackets."""
    try:
        return f"[{ipaddress.IPv6Address(name.strip('[]'))}]"
    except ValueError:
        return name.lower()


def allowed_hosts(host: str, names: Sequence[str] = ()) -> list[str]:
    """The Host names a request may carry (any other is refused, so a page elsewhere cannot
    reach the server through a name that resolves to this machine: DNS rebinding): this
    machine's own names, the address bound, and, for a server bound to another address than
    this machine's, the ``names`` given (``--allow-host``), by which other machines reach it."""
    if names and host in LOCAL_HOSTS:
        raise BadHost(
            f"--allow-host is for a server other machines reach (--host); bound to {host} it "
            "answers only this machine, as localhost or 127.0.0.1"
        )
    for name in names:
        if _as_host(name).startswith("[") or HOST_NAME.fullmatch(name.lower()):
            continue
        raise BadHost(
            f"--allow-host {name!r} is not a machine's name or address; give the name other "
            "machines use to reach this one, e.g. --allow-host drafts.newsroom.local"
        )
    local = ["127.0.0.1", "localhost", "[::1]"]
    return list(dict.fromkeys([*local, _as_host(host), *map(_as_host, names)]))


def make_server(
    root: Path,
    story: str,
    out: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    say: Callable[[str], None] = _say,
    names: Sequence[str] = (),
) -> uvicorn.Server:
    """The uvicorn server previewing ``story`` (not yet started: call ``run()``, or set
    ``should_exit`` to stop it), answering requests that name a host of
    :func:`allowed_hosts`."""
    root = root.resolve()
    out = (out or root / "out").resolve()
    preview = Preview(root, story, out)
    config = uvicorn.Config(
        Server(preview, say).app(allowed_hosts(host, names)),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        limit_concurrency=MAX_CONNECTIONS,
        h11_max_incomplete_event_size=MAX_HEADERS,
        timeout_graceful_shutdown=1,
        server_header=False,
    )
    return uvicorn.Server(config)


def run(
    root: Path,
    story: str,
    out: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    names: Sequence[str] = (),
) -> None:
    """Build ``story``, serve its site at ``http://HOST:PORT/`` and rebuild on every save,
    until interrupted (Ctrl-C). An unknown story is refused before anything starts."""
    from generator.inputs.story import load_story, story_slugs

    if story not in story_slugs(root):
        load_story(root, story)  # the clear "no such story" error
    server = make_server(root, story, out, host, port, names=names)
    if host not in LOCAL_HOSTS:
        reach = ", ".join(names) or "none given: add --allow-host NAME"
        _say(
            f"warning: serving on {host}: anyone who can reach this machine can read the "
            f"drafts, embargoed or not. Names other machines may use: {reach}"
        )
    shown = f"[{host}]" if ":" in host else host
    _say(f"preview of {story} at http://{shown}:{port}/ (Ctrl-C to stop)")
    server.run()
