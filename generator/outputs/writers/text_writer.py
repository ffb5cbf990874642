"""``txt``: plain text for pasting into a CMS: no Markdown marks, one blank line between
paragraphs, warnings first."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from generator.outputs.writers import Draft, register
from generator.outputs.writers.markdown_writer import with_banners

BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "li":
            self.current.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            text = " ".join("".join(self.current).split())
            if text:
                self.blocks.append(text)
            self.current = []

    def handle_data(self, data: str) -> None:
        self.current.append(data)


_TAG = re.compile(r"<([a-z][a-z0-9]*)( ?/)?>|</([a-z][a-z0-9]*)>")
BARE = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "br", "hr"}
    | {"em", "strong", "i", "b", "code", "pre"}
)
"""Tags Markdown writes without attributes; none holds raw text (as ``script`` does)."""

Event = tuple[str, str]
"""("data", text) with its references resolved, ("start", tag), ("end", tag) or
("startend", tag)."""


def bare_events(html_text: str) -> list[Event] | None:
    """What :class:`~html.parser.HTMLParser` (``convert_charrefs``) tells its handlers about
    ``html_text``, when that is text without "<" between bare tags of :data:`BARE` (no
    attributes, no comments), worked out without the parser: the text between two tags is
    one piece of data. ``None`` for anything else."""
    parts = _TAG.split(html_text)
    events: list[Event] = []
    for at in range(0, len(parts), 4):
        data = parts[at]
        if "<" in data:
            return None
        if data:
            events.append(("data", unescape(data)))
        if at + 1 == len(parts):
            break
        start, closed, end = parts[at + 1 : at + 4]
        tag = start or end
        if tag not in BARE:
            return None
        events.append(("end" if end else "startend" if closed else "start", tag))
    return events


def feed(parser: HTMLParser, html_text: str) -> None:
    """``parser.feed(html_text)`` then ``parser.close()``: the same calls to its handlers,
    made directly when the text is bare (:func:`bare_events`)."""
    events = bare_events(html_text)
    if events is None:
        parser.feed(html_text)
        parser.close()
        return
    for kind, value in events:
        if kind == "data":
            parser.handle_data(value)
        elif kind == "start":
            parser.handle_starttag(value, [])
        elif kind == "end":
            parser.handle_endtag(value)
        else:
            parser.handle_startendtag(value, [])


def plain(html_text: str) -> str:
    """HTML made from the draft's Markdown to plain paragraphs separated by blank lines."""
    parser = _Text()
    feed(parser, html_text)
    return "\n\n".join(parser.blocks)


@register("txt", "txt")
def write_text(draft: Draft) -> str:
    return with_banners(draft.banners, plain(draft.html_body))
