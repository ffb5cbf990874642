"""Inert text: words from inputs (data, places, manifests, quotes) print as text, never markup.

Every string a template sees is a :class:`Text`. When a template prints one, the Markdown
render escapes the characters Markdown would read as markup (links, images, emphasis, code,
raw HTML), and the HTML render escapes them and HTML's own, so a quote holding
``[click](javascript:...)``, ``![](https://...)`` or ``<script>`` appears in every output as
the characters the press office typed. String methods a template may call (``upper``,
``replace``, slicing, ``+``) keep the mark, so filters do not wash it off.
"""

from __future__ import annotations

import html
import re
from typing import Any

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
    quotes), so the Markdown converter passes it through as text."""
    escaped = _BACKSLASHED.sub(lambda m: "\\" + m.group(0), str.__str__(text))
    return html.escape(escaped, quote=True)


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
    """The Markdown environment's ``finalize``: input text escaped, anything else as it is."""
    return escape_markdown(value) if isinstance(value, Text) else value
