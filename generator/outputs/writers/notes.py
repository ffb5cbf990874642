"""Where a draft's notes to editors begin: one split for every writer and the site.

A draft ends with notes for the receiving newsroom under a heading reading "Notes for editors"
(or "Notes to editors"). Everything from that heading on is the notes: the Word writer sets
them apart, ninjs puts them in ``ednote``, and the site's copy button leaves them out.
"""

from __future__ import annotations

import html
import re

NOTES_HEADINGS = frozenset({"notes for editors", "notes to editors"})
"""What a notes heading reads, case aside."""
_CANDIDATE = re.compile(
    r"<h([1-6])\b[^>]*>(?P<html>.*?)</h\1\s*>|^(?P<line>[^\n<]*)$", re.S | re.I | re.M
)
"""An HTML heading element, or a line of text (a Markdown heading or not) with no tag."""
_TAGS = re.compile(r"<[^>]+>")


def split_notes(page: str) -> tuple[str, str]:
    """A draft as (the article, its notes to editors), split at the first heading that reads
    "Notes for editors" or "Notes to editors", case aside: an HTML heading element
    (``<h2>Notes for editors</h2>``), or in text or Markdown a line of its own (``## Notes to
    editors``). The heading itself is in neither part; with none, the notes are "".
    ``split_notes("<p>A</p><h2>Notes for editors</h2><p>B</p>")`` is ``("<p>A</p>",
    "<p>B</p>")``."""
    for found in _CANDIDATE.finditer(page):
        text = found["html"] if found["html"] is not None else found["line"]
        text = html.unescape(_TAGS.sub("", text)).strip().lstrip("#").strip().casefold()
        if text in NOTES_HEADINGS:
            return page[: found.start()], page[found.end() :]
    return page, ""
