"""Inert text: words from inputs (data, places, manifests, quotes) print as text, never markup.

Every string a template sees is a :class:`Text`. When a template prints one, the Markdown
render escapes the characters Markdown would read as markup (links, images, emphasis, code,
raw HTML), and the HTML render escapes them and HTML's own, so a quote holding
``[click](javascript:...)``, ``![](https://...)`` or ``<script>`` appears in every output as
the characters the press office typed. String methods a template may call (``upper``,
``replace``, slicing, ``+``) keep the mark, so filters do not wash it off.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import jinja2
import jinja2.filters
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


# Control characters (but tab and line breaks) and non-characters: invisible in print, not
# allowed in Word's XML, and a way to hide text from an editor.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character other than tab and line breaks.

    >>> has_control("ok\tfine"), has_control("bell\x07")
    (False, True)
    """
    return _CONTROL.search(text) is not None


class Text(str):
    """A string from an input: printed escaped in Markdown and HTML renders."""

    __slots__ = ()

    def __html__(self) -> str:
        return escape_html_markdown(self)

    def __str__(self) -> str:
        return self

    def __add__(self, other: Any) -> Any:
        if isinstance(other, str):
            return Text(str.__add__(self, other))
        return NotImplemented

    def __radd__(self, other: Any) -> Any:
        if isinstance(other, str):
            return Text(str.__add__(other, self))
        return NotImplemented

    def __getitem__(self, key: Any) -> Text:
        return Text(str.__getitem__(self, key))

    def __mul__(self, n: Any) -> Any:
        result = str.__mul__(self, n)
        return result if result is NotImplemented else Text(result)

    def __mod__(self, args: Any) -> Text:
        return Text(str.__mod__(self, args))

    def join(self, parts: Any) -> Text:  # type: ignore[override]
        return Text(str.join(self, parts))

    def split(self, *args: Any, **kwargs: Any) -> list[Text]:  # type: ignore[override]
        return [Text(p) for p in str.split(self, *args, **kwargs)]

    def rsplit(self, *args: Any, **kwargs: Any) -> list[Text]:  # type: ignore[override]
        return [Text(p) for p in str.rsplit(self, *args, **kwargs)]

    def splitlines(self, *args: Any, **kwargs: Any) -> list[Text]:  # type: ignore[override]
        return [Text(p) for p in str.splitlines(self, *args, **kwargs)]

    def partition(self, sep: str) -> tuple[Text, Text, Text]:  # type: ignore[override]
        a, b, c = str.partition(self, sep)
        return Text(a), Text(b), Text(c)

    def rpartition(self, sep: str) -> tuple[Text, Text, Text]:  # type: ignore[override]
        a, b, c = str.rpartition(self, sep)
        return Text(a), Text(b), Text(c)

    def __iter__(self) -> Iterator[Text]:  # type: ignore[override]
        return (Text(c) for c in str.__iter__(self))

    def __rmod__(self, fmt: Any) -> Any:
        if isinstance(fmt, str):
            return Text(str.__mod__(fmt, self))
        return NotImplemented

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str.__str__(self),))


def _keep(name: str) -> None:
    method = getattr(str, name)

    def wrapped(self: Text, *args: Any, **kwargs: Any) -> Text:
        return Text(method(self, *args, **kwargs))

    wrapped.__name__ = name
    wrapped.__doc__ = method.__doc__
    setattr(Text, name, wrapped)


for _name in (
    "capitalize",
    "casefold",
    "center",
    "expandtabs",
    "format",
    "ljust",
    "lower",
    "lstrip",
    "removeprefix",
    "removesuffix",
    "replace",
    "rjust",
    "rstrip",
    "strip",
    "swapcase",
    "title",
    "upper",
    "zfill",
):
    _keep(_name)


def finalize_markdown(value: Any) -> Any:
    """The Markdown environment's ``finalize``: input text escaped; a tuple, list, mapping or
    other value that is not text or a number printed as its text, escaped (it may hold input
    text); plain text and numbers as they are."""
    if isinstance(value, Text):
        return escape_markdown(value)
    if value is None or isinstance(value, str | int | float | Fraction):
        return value
    return escape_markdown(str(value))


def finalize_html(value: Any) -> Any:
    """The HTML environment's ``finalize``: a tuple, list, mapping or other value that is not
    text or a number is printed as its text, marked as input text (it may hold some), so
    autoescaping escapes its Markdown too."""
    if value is None or isinstance(value, str | int | float | Fraction):
        return value
    return Text(str(value))


# --- Text through what a template does to it ---------------------------------------------------


def _holds_text(values: Iterable[Any], depth: int = 3) -> bool:
    """Whether any value is Text, or holds Text (in a tuple, list, set or mapping, a few
    levels down): whatever is made from input text stays input text."""
    for value in values:
        if isinstance(value, Text):
            return True
        if depth and not isinstance(value, str):
            if isinstance(value, Mapping):
                if _holds_text(value.values(), depth - 1):
                    return True
            elif isinstance(value, tuple | list | set | frozenset) and _holds_text(
                value, depth - 1
            ):
                return True
    return False


def holds_text(*values: Any) -> bool:
    """Whether any of ``values`` is or holds input text (see :class:`Text`)."""
    return _holds_text(values)


def text_join(parts: Iterable[Any]) -> str:
    """Jinja's ``a ~ b`` in the Markdown environment (its ``str_join``), keeping Text: the
    result is Text when any part is.

    >>> type(text_join(["Police in ", Text("[x](http://e)")])).__name__
    'Text'
    """
    texts = [str(p) for p in parts]
    joined = "".join(texts)
    return Text(joined) if _holds_text(texts) else joined


def keeps_text(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (a filter, or a sandboxed ``str.format``) returning Text instead of a plain
    string whenever an argument was Text; Markup and anything else it returns pass as they are.
    Jinja's ``pass_context``/``pass_environment`` marks are kept."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        if type(result) is str and _holds_text([*args, *kwargs.values()]):
            return Text(result)
        return result

    return wrapper


def _join_filter(join: Callable[..., str]) -> Callable[..., str]:
    @jinja2.pass_eval_context
    def do_join(
        eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: str | int | None = None
    ) -> str:
        items = list(value)
        if attribute is not None:
            get = jinja2.filters.make_attrgetter(eval_ctx.environment, attribute)
            items = [get(item) for item in items]
        result = join(eval_ctx, items, d)
        if type(result) is str and _holds_text([d, *items]):
            return Text(result)
        return result

    do_join.__doc__ = join.__doc__
    return do_join


#: Jinja's built-in filters that make a new string from a string.
TEXT_BUILTINS = (
    "capitalize",
    "center",
    "format",
    "indent",
    "lower",
    "replace",
    "reverse",
    "string",
    "striptags",
    "title",
    "trim",
    "truncate",
    "upper",
    "wordwrap",
)


def text_filters(
    filters: Mapping[str, Callable[..., Any]], *, html: bool = True
) -> dict[str, Callable[..., Any]]:
    """Text-keeping versions of an environment's built-in ``filters`` (as they are, wrappers
    included), to put back with ``env.filters.update(...)``: the string filters of
    :data:`TEXT_BUILTINS` and ``join`` return Text when given Text; ``safe`` and ``urlize``
    leave Text as it is, so input text can never be marked as markup or made into links."""
    kept: dict[str, Callable[..., Any]] = {
        name: keeps_text(filters[name]) for name in TEXT_BUILTINS if name in filters
    }
    # Their Markup or text would print unescaped: JSON and reprs in both renders, HTML escapes
    # in the Markdown one (in the HTML render they escape input text as Text asks).
    for name in ("tojson", "pprint") + (() if html else ("escape", "e", "forceescape", "xmlattr")):
        if name in filters:
            kept[name] = _to_text(filters[name])
    if "join" in filters:
        kept["join"] = _join_filter(filters["join"])
    for name in ("safe", "urlize"):
        if name in filters:
            kept[name] = _leaves_text(filters[name])
    return kept


def _to_text(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` whose text result (Markup included) is Text when an argument held Text."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        if isinstance(result, str) and _holds_text([*args, *kwargs.values()]):
            return Text(str.__str__(result))
        return result

    return wrapper


def _leaves_text(func: Callable[..., Any]) -> Callable[..., Any]:
    passes = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        value = args[1] if passes is not None else args[0]
        return value if isinstance(value, Text) else func(*args, **kwargs)

    return wrapper


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


def markdown_html(text: str) -> str:
    """Markdown to HTML with nothing live from the source but http(s)/mailto links and local
    images: raw HTML prints as text, other links as their text, remote images as alt text.

    >>> markdown_html("<b>[x](javascript:alert(1))</b> ![a](//evil.example/p.png)")
    '<p>&lt;b&gt;x&lt;/b&gt; a</p>'
    """
    return markdown.markdown(text, output_format="html", extensions=[InertExtension()])


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
    parser = _Plain()
    parser.feed(markdown_html("# " + line.strip()))
    parser.close()
    return " ".join("".join(parser.parts).split())


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
