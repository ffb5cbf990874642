"""``drafts serve``: a local preview of a story's site for template authors and editors.

The story is built, its site served on 127.0.0.1, and every save of a template, data file or
quote rebuilds the drafts it affects; the open page reloads, with a banner linking to the
sentences that changed across all places. A bad edit shows its error in the browser while the
last good build stays served. The server and watcher are in ``server.py``, the build and its
changes in ``rebuild.py``, the HTML it adds in ``pages.py``, the browser's side in
``client.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def run(
    root: Path,
    story: str,
    out: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    names: Sequence[str] = (),
) -> None:
    """Build ``story`` into ``out/<story>/`` (default: ``out/`` in the project ``root``), serve
    its site at ``http://HOST:PORT/`` (also by the Host ``names`` when bound to another address
    than this machine's) and rebuild on every save, until interrupted."""
    from generator.preview.server import run as serve

    serve(root, story, out, host, port, names)


__all__ = ["run"]
