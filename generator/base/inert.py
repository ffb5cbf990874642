"""Inert text: words from inputs (data, places, manifests, quotes) print as text, never markup.

Every string a template sees is a :class:`Text`. When a template prints one, the Markdown
render escapes the characters Markdown would read as markup (links, images, emphasis, code,
raw HTML), and the HTML render escapes them and HTML's own, so a quote holding
``[click](javascript:...)``, ``![](https://...)`` or ``<script>`` appears in every output as
the characters the press office typed. String methods a template may call (``upper``,
``replace``, slicing, ``+``) keep the mark, so filters do not wash it off. The escaping itself
and the Markdown renders that make a whole draft inert are in :mod:`generator.base.markup`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import jinja2
import jinja2.filters

from generator.base.markup import escape_html_markdown, escape_markdown

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

    def join(self, parts: Any) -> Text:
        return Text(str.join(self, parts))

    def split(self, *args: Any, **kwargs: Any) -> list[Text]:  # type: ignore[override]
        return [Text(p) for p in str.split(self, *args, **kwargs)]

    def rsplit(self, *args: Any, **kwargs: Any) -> list[Text]:  # type: ignore[override]
        return [Text(p) for p in str.rsplit(self, *args, **kwargs)]

    def splitlines(self, *args: Any, **kwargs: Any) -> list[Text]:  # type: ignore[override]
        return [Text(p) for p in str.splitlines(self, *args, **kwargs)]

    def partition(self, sep: str) -> tuple[Text, Text, Text]:
        a, b, c = str.partition(self, sep)
        return Text(a), Text(b), Text(c)

    def rpartition(self, sep: str) -> tuple[Text, Text, Text]:
        a, b, c = str.rpartition(self, sep)
        return Text(a), Text(b), Text(c)

    def __iter__(self) -> Iterator[Text]:
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
