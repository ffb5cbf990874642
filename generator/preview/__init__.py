"""``drafts serve``: a local preview of a story's site for template authors and editors.

The story is built, its site served on 127.0.0.1, and every save of a template, data file or
quote rebuilds the drafts it affects; the open page reloads, with a banner linking to the
sentences that changed across all places. A bad edit shows its error in the browser while the
last good build stays served. The server and watcher are in ``server.py``, the build and its
changes in ``rebuild.py``, the HTML it adds in ``pages.py``, the browser's side in
``client.py``.
"""

from __future__ import annotations

# ``drafts serve`` calls ``generator.preview.server.run``; importing this package alone loads
# neither the server nor the watcher.
