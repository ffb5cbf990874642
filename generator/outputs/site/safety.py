"""A draft's HTML made safe to show inside a page: only the tags and attributes
Python-Markdown writes are kept, anything executable is dropped with its content, a link keeps
its address only for http(s)/mailto or within the site and an image only from the site's own
folder (the rules of :mod:`generator.base.markup`); text is escaped and its figures marked."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from generator.base.markup import image_allowed, link_allowed, scheme_of
from generator.outputs.site.highlight import Highlight

# Dropped with everything inside them.
_DROP = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
# Kept; any other tag is left out (its text kept).
_KEEP = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code"}
_KEEP |= {"hr", "br", "em", "strong", "b", "i", "a", "img"}
# Kept on the tags kept; any other attribute is dropped.
_ATTRIBUTES = {"href", "src", "alt", "title"}
_VOID = {"br", "hr", "img", "wbr"}


class _Rewrite(HTMLParser):
    """Re-emit a draft's HTML: headings moved down ``shift`` levels, text escaped and its
    figures marked, anything executable dropped."""

    def __init__(self, mark: Highlight, shift: int) -> None:
        super().__init__(convert_charrefs=True)
        self.mark, self.shift = mark, shift
        self.out: list[str] = []
        self.dropping = 0
        self.links = 0

    def _tag(self, tag: str) -> str:
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            return f"h{min(6, int(tag[1]) + self.shift)}"
        return tag

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> str:
        kept = [
            (k, v)
            for k, v in attrs
            if k in _ATTRIBUTES
            and (k != "href" or link_allowed(v or "") or scheme_of(v or "") is None)
            and (k != "src" or image_allowed(v or ""))
        ]
        return "".join(
            f' {k}="{html.escape(v or "", quote=True)}"' if v is not None else f" {k}"
            for k, v in kept
        )

    def _kept(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag == "img":
            return image_allowed(dict(attrs).get("src") or "")
        return tag in _KEEP

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.dropping += 1
        elif not self.dropping and self._kept(tag, attrs):
            if tag == "a":
                self.links += 1
            self.out.append(f"<{self._tag(tag)}{self._attrs(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.dropping and tag not in _DROP and self._kept(tag, attrs):
            self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.dropping = max(0, self.dropping - 1)
        elif not self.dropping and tag not in _VOID and tag in _KEEP:
            if tag == "a":
                self.links = max(0, self.links - 1)
            self.out.append(f"</{self._tag(tag)}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(self.mark(data, self.links > 0))


# The HTML Python-Markdown writes, which :func:`_simple` reads without the parser: text
# without "<", and tags of the kept kinds whose attributes are double-quoted and plain.
_TOKEN = re.compile(
    r"(?P<text>[^<]+)|<(?P<end>/)?(?P<tag>[a-z][a-z0-9]*)"
    r'(?P<attrs>(?: [a-z]+="[^"<>]*")*)(?P<close> ?/)?>'
)
_ATTR = re.compile(r' ([a-z]+)="([^"]*)"')


def _simple(parser: _Rewrite, fragment: str) -> bool:
    """Feed ``parser`` the handler calls :class:`~html.parser.HTMLParser` makes of
    ``fragment``, when the fragment is simple HTML (:data:`_TOKEN`: each run of text between
    tags is one call, its character references resolved; each tag one call, its attributes'
    references resolved), without the parser's general (slow) reading; ``False``, having
    called nothing, when it is not simple."""
    tokens = []
    at = 0
    for m in _TOKEN.finditer(fragment):
        if m.start() != at:
            return False
        at = m.end()
        tag = m["tag"]
        if tag is not None and (tag not in _KEEP or (m["end"] and (m["attrs"] or m["close"]))):
            return False
        tokens.append(m)
    if at != len(fragment):
        return False
    for m in tokens:
        tag = m["tag"]
        if tag is None:
            parser.handle_data(html.unescape(m["text"]))
        elif m["end"]:
            parser.handle_endtag(tag)
        else:
            attrs: list[tuple[str, str | None]] = [
                (name, html.unescape(value) if value else value)
                for name, value in _ATTR.findall(m["attrs"])
            ]
            if m["close"]:
                parser.handle_startendtag(tag, attrs)
            else:
                parser.handle_starttag(tag, attrs)
    return True


def texts_of(fragment: str) -> list[str]:
    """The runs of text :func:`rewrite` asks its ``mark`` to mark in ``fragment``, in order."""
    found: list[str] = []

    def collect(text: str, inside_link: bool = False) -> str:
        found.append(text)
        return ""

    rewrite(fragment, collect, 0)
    return found


def rewrite(fragment: str, mark: Highlight, shift: int) -> str:
    """``fragment`` made safe, its headings moved down ``shift`` levels, its figures marked."""
    parser = _Rewrite(mark, shift)
    if not _simple(parser, fragment):
        parser.feed(fragment)
        parser.close()
    return "".join(parser.out).strip()
