"""A draft's article as the build wrote it, read for its page: the HTML (or the Markdown or
text made into HTML), split from its notes to editors, and the text its copy button copies:
the article without the notes."""

from __future__ import annotations

import html
import re
from pathlib import Path

from generator.base.markup import markdown_html
from generator.inputs.story import Output
from generator.outputs.site.load import DraftFiles, OnDisk, file_name
from generator.outputs.writers.notes import split_notes

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_BANNER = re.compile(r'<p class="banner">.*?</p>\s*', re.S)


def split_draft(page: str) -> tuple[str, str]:
    """A draft's HTML page as (body without its warning banners, notes to editors)."""
    m = _BODY.search(page)
    return split_notes(_BANNER.sub("", m[1] if m else page))


def _written(files: DraftFiles, output: Output, fmt: str) -> str | None:
    """The text of the file of ``output`` in ``fmt`` among ``files``, when the story writes
    it and it is there."""
    name = file_name(output, fmt) if fmt in output.formats else None
    return files.text(name) if name is not None and files.is_file(name) else None


def _files(folder: Path | DraftFiles) -> DraftFiles:
    return OnDisk(folder) if isinstance(folder, Path) else folder


def draft_html(folder: Path | DraftFiles, output: Output) -> str | None:
    """The draft as an HTML page: its own ``.html``, else its Markdown or text made into one
    (``folder``: the draft's folder, or its files)."""
    files = _files(folder)
    page = _written(files, output, "html")
    if page is not None:
        return page
    md = _written(files, output, "md")
    if md is not None:
        lines = md.splitlines()
        start = next((i for i, line in enumerate(lines) if line.startswith("# ")), 0)
        return markdown_html(html.escape("\n".join(lines[start:]), quote=False))
    txt = _written(files, output, "txt")
    if txt is not None:
        paragraphs = [p.strip() for p in txt.split("\n\n")]
        return "".join(
            f"<p>{html.escape(p, quote=False)}</p>"
            for p in paragraphs
            if p and not p.isupper()  # the warning lines are shown as banners
        )
    return None


def without_notes(text: str) -> str:
    """A draft's text up to its notes to editors (a line reading "Notes for editors" or
    "Notes to editors", as a Markdown heading or not), ending in one newline."""
    article = split_notes(text)[0]
    return article.rstrip() + "\n" if article != text else text


def draft_text(folder: Path | DraftFiles, output: Output) -> str | None:
    """The text the copy button copies: the draft's plain text file, else its Markdown,
    without the notes to editors (the warning lines it opens with are kept: they come off
    when what they warn of is dealt with)."""
    files = _files(folder)
    for fmt in ("txt", "md"):
        text = _written(files, output, fmt)
        if text is not None:
            return without_notes(text)
    return None
