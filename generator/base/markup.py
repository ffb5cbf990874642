"""Markdown made inert: input text escaped for the Markdown and HTML renders
(:func:`escape_markdown`, :func:`escape_html_markdown`), and a whole draft's Markdown turned
into HTML (:func:`markdown_html`), plain text (:func:`markdown_text`) or Markdown
(:func:`inert_markdown`) with nothing live but http(s)/mailto links and local images, whatever
wrote it. The inert :class:`~generator.base.inert.Text` value that templates see is in
:mod:`generator.base.inert`.
"""

from __future__ import annotations

import html
import re
import threading
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
import markdown.extensions
import markdown.treeprocessors
import markdown.util
import markupsafe

# Characters Markdown reads as markup inside a line: backslash escapes for most; angle
# brackets become entities (Python-Markdown has no backslash escape for "<").
_BACKSLASHED = re.compile(r"([\\`*\[\]])|(?<!\w)_|_(?!\w)")
_ANGLES = {"<": "&lt;", ">": "&gt;"}


def escape_markdown(text: str) -> str:
    """``text`` with Markdown's inline markup escaped, for a Markdown draft.

    >>> escape_markdown("[x](javascript:alert(1)) <b>")
    '\\\\[x\\\\](javascript:alert(1)) &lt;b&gt;'
    """
    escaped = _BACKSLASHED.sub(lambda m: "\\" + m.group(0), str.__str__(text))
    return (
        "".join(_ANGLES.get(c, c) for c in escaped)
        if ("<" in escaped or ">" in escaped)
        else escaped
    )


def escape_html_markdown(text: str) -> str:
    """``text`` escaped for the HTML render: Markdown's markup, then HTML's (``<``, ``&``,
    quotes, as Jinja's autoescape writes them), so the Markdown converter passes it through as
    text."""
    escaped = _BACKSLASHED.sub(lambda m: "\\" + m.group(0), str.__str__(text))
    return str(markupsafe.escape(escaped))


# --- the second layer: whatever its origin, Markdown becomes inert HTML and inert Markdown ----

#: The only schemes a link in any output may have (a template's own links included).
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers drop ASCII tab and newline anywhere in an address and C0 controls and spaces at its
# ends; invisible format characters are dropped too, so none of them can hide a scheme.
_IGNORED = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
_PLACEHOLDER = re.compile("\x02(\\d+)\x03")  # Python-Markdown's stand-in for an escaped char


def _address(url: str) -> str:
    """``url`` as a browser reads it: entities decoded, ignored characters dropped, ``\\`` as
    ``/`` (browsers read ``\\\\host`` as ``//host``)."""
    url = _PLACEHOLDER.sub(lambda m: chr(int(m.group(1))), url)
    url = url.replace(markdown.util.AMP_SUBSTITUTE, "&")
    return _IGNORED.sub("", html.unescape(url)).replace("\\", "/")


def scheme_of(url: str) -> str | None:
    """The scheme of ``url`` in lower case, as a browser would find it; None for none.

    >>> scheme_of(" JaVa&#x53;cript:alert(1)")
    'javascript'
    """
    found = _SCHEME.match(_address(url))
    return found.group(1).lower() if found else None


def link_allowed(url: str) -> bool:
    """True for a link whose scheme is http, https or mailto; any other (or none) is refused."""
    return scheme_of(url) in LINK_SCHEMES


def image_allowed(src: str) -> bool:
    """True for an image in the same place as the page: no scheme and not ``//host``."""
    return scheme_of(src) is None and not _address(src).startswith("//")


def _unwrap(parent: ElementTree.Element, child: ElementTree.Element, text: str) -> None:
    """Put ``text``, then ``child``'s children, in ``child``'s place in ``parent``."""
    index = list(parent).index(child)
    parent.remove(child)
    before = parent[index - 1] if index else None
    if before is None:
        parent.text = (parent.text or "") + text
    else:
        before.tail = (before.tail or "") + text
    children = list(child)
    for offset, grandchild in enumerate(children):
        parent.insert(index + offset, grandchild)
    tail = child.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif before is None:
        parent.text = (parent.text or "") + tail
    else:
        before.tail = (before.tail or "") + tail


class _InertTree(markdown.treeprocessors.Treeprocessor):
    """Images from elsewhere become their alt text; links other than http(s)/mailto their text."""

    def run(self, root: ElementTree.Element) -> None:
        for tag, attribute, allowed, text in (
            ("img", "src", image_allowed, lambda el: el.get("alt") or ""),
            ("a", "href", link_allowed, lambda el: el.text or ""),
        ):
            found = [
                (parent, child)
                for parent in root.iter()
                for child in parent
                if child.tag == tag and not allowed(child.get(attribute) or "")
            ]
            for parent, child in found:
                _unwrap(parent, child, text(child))


class InertExtension(markdown.extensions.Extension):
    """Python-Markdown with no raw HTML (a ``<script>`` in the source is text) and with
    :class:`_InertTree`'s links and images."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_InertTree(md), "inert", -10)  # after "unescape"


# --- plain Markdown, written without the converter --------------------------------------------

_ENTITY = r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);"
_TEXT = rf"(?:[^\\`*_\[\]<>&#\s\x00-\x1f\x7f\ud800-\udfff]|{_ENTITY}| (?![ \n]|$))"
"""A character of plain text: none that starts emphasis, code, a link, an escape, HTML or a
heading, and no white space but single spaces between words; an entity (``&#39;``) whole."""
_LINE = rf"(?:[^\W\d_]|\d(?!\d*\.[ ])|[“‘\"'(£]){_TEXT}*"
"""A line Markdown reads as nothing but text, wherever it is: it opens with a letter, a digit
(not a numbered list's ``1. ``), a quote, a bracket or a pound sign."""
_PARAGRAPH = re.compile(rf"{_LINE}(?:\n{_LINE})*")
_HEADING = re.compile(rf"(#{{1,6}}) ((?! ){_TEXT}+)")
_LIST = re.compile(rf"- {_LINE}(?:\n- {_LINE})*")


def plain_html(text: str) -> str | None:
    """What :func:`markdown_html` makes of ``text``, written without Python-Markdown when every
    block is plain: a paragraph of plain lines, a heading line (``## Notes``) or a list of
    plain ``- `` items (not straight after another list, which Markdown would join to it);
    blocks one blank line apart. Else ``None`` (the converter is needed).

    >>> plain_html("# Kent&#39;s\\n\\nA line\\nanother.\\n\\n- One\\n- Two\\n")
    '<h1>Kent&#39;s</h1>\\n<p>A line\\nanother.</p>\\n<ul>\\n<li>One</li>\\n<li>Two</li>\\n</ul>'
    """
    text = text.strip("\n")
    if not text or "\n\n\n" in text:
        return None
    out: list[str] = []
    listed = False
    for block in text.split("\n\n"):
        if _PARAGRAPH.fullmatch(block):
            out.append(f"<p>{block}</p>")
            listed = False
        elif (found := _HEADING.fullmatch(block)) is not None:
            level = len(found[1])
            out.append(f"<h{level}>{found[2]}</h{level}>")
            listed = False
        elif not listed and _LIST.fullmatch(block):
            items = "".join(f"<li>{line[2:]}</li>\n" for line in block.split("\n"))
            out.append(f"<ul>\n{items}</ul>")
            listed = True
        else:
            return None
    return "\n".join(out)


def markdown_html(text: str) -> str:
    """Markdown to HTML with nothing live from the source but http(s)/mailto links and local
    images: raw HTML prints as text, other links as their text, remote images as alt text.
    Plain text skips the converter (:func:`plain_html`), with the same result.

    >>> markdown_html("<b>[x](javascript:alert(1))</b> ![a](//evil.example/p.png)")
    '<p>&lt;b&gt;x&lt;/b&gt; a</p>'
    """
    plain = plain_html(text)
    if plain is not None:
        return plain
    converter = getattr(_CONVERTERS, "html", None)
    if converter is None:  # one converter a thread: building one costs more than a convert
        converter = _CONVERTERS.html = markdown.Markdown(
            output_format="html", extensions=[InertExtension()]
        )
    return converter.reset().convert(text)


_CONVERTERS = threading.local()


class _Plain(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def markdown_text(line: str) -> str:
    """One line of Markdown (a headline) as the plain text a reader sees: ``\\[`` is ``[``,
    ``&lt;`` is ``<``, emphasis marks are gone.

    >>> markdown_text(r"Police in \\[Town\\](http://x) &lt;b&gt; **say**")
    'Police in [Town](http://x) <b> say'
    """
    page = markdown_html("# " + line.strip())
    bare = _BARE_HEADING.fullmatch(page)
    if bare is not None:  # the parser's one piece of data: no tag or reference inside
        return " ".join(bare[1].split())
    parser = _Plain()
    parser.feed(page)
    parser.close()
    return " ".join("".join(parser.parts).split())


_BARE_HEADING = re.compile(r"<h1>([^<&]*)</h1>")


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_BRACKETS = re.compile(r"[\[\]]|\n[ \t]*\n")


def _escaped(text: str, at: int) -> bool:
    """True when the character at ``at`` follows an odd run of backslashes."""
    run = 0
    while at - run > 0 and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _target(text: str, at: int) -> str:
    """The start of a link destination that begins at ``at`` (after ``(`` or ``]:``)."""
    rest = text[at : at + 300].lstrip(" \t\n")
    return rest[1:] if rest.startswith("<") else rest


def inert_markdown(text: str) -> str:
    """Markdown text with nothing live but http(s)/mailto links and local images, for every
    writer that emits Markdown: a ``<`` that would open a tag (or autolink) is ``&lt;``; an
    inline link to anything else and an inline image from elsewhere have ``\\(`` (so they
    print as typed); a reference definition to anything else has ``\\[``; a reference-style
    image (``![alt][ref]``, ``![alt]``) has every mark escaped, its label too, so it prints as
    typed. Text with none of these is returned unchanged.

    >>> inert_markdown("[x](javascript:alert(1)) ![p](https://evil.example/p.png) <b>")
    '[x]\\\\(javascript:alert(1)) ![p]\\\\(https://evil.example/p.png) &lt;b>'
    """
    inserts: set[int] = set()
    opened: list[tuple[int, str]] = []  # each unescaped "[": a "link", "image" or "label"
    label = -1  # where the label of a reference-style image opens
    for found in _BRACKETS.finditer(text):
        at, char = found.start(), found.group()
        if char != "[" and char != "]":
            opened.clear()  # a link cannot cross a blank line
        elif char == "[" and not _escaped(text, at):
            image = at > 0 and text[at - 1] == "!" and not _escaped(text, at - 1)
            opened.append((at, "label" if at == label else "image" if image else "link"))
        elif char == "]" and not _escaped(text, at) and opened:
            start, kind = opened.pop()
            after = text[at + 1 : at + 2]
            if kind == "label":
                inserts |= {start, at}
            elif after == "(":
                target = _target(text, at + 2)
                if not (image_allowed(target) if kind == "image" else link_allowed(target)):
                    inserts.add(at + 1)
            elif after == ":" and kind == "link":
                if not link_allowed(_target(text, at + 2)):
                    inserts.add(start)
            elif kind == "image":  # ![alt][ref] or ![alt]: its source is not here
                inserts |= {start - 1, start, at}
                label = at + 1 if after == "[" else -1
    text = str.__str__(text)
    for at in sorted(inserts, reverse=True):
        text = text[:at] + "\\" + text[at:]
    return _TAG_START.sub("&lt;", text)
