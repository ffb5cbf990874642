"""Bounds on what one template expression may make: a number of more than
:data:`MAX_DIGITS` digits, or text or a list longer than the story's ``draft_bytes``
(``10 ** (10 ** 10)``, ``'x' * 10 ** 9``, ``"{:>999999999}".format(1)``), is refused with a
:class:`Bound` before it is worked out. The sandbox (:mod:`generator.drafts.environment`)
calls these checks; the renderer (:mod:`generator.drafts.render`) turns a :class:`Bound` into
an error naming the template and the limit.
"""

from __future__ import annotations

import functools
import math
import re
import string
from collections.abc import Callable, Mapping
from numbers import Integral, Rational
from typing import Any

MAX_DIGITS = 10_000
"""The most digits a number worked out in a template may have."""

# str methods and filters whose whole-number arguments size their result.
SIZED_TEXT_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
SIZED_FILTERS = ("center", "indent", "batch", "format", "replace", "join", "sum")
PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


class Bound(Exception):
    """A template went past a limit: ``key`` is the ``limits:`` setting that raises it (or
    ``None`` for a fixed bound)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def size_of(value: Any) -> int:
    """The length of a text or sequence, or 0 for anything else."""
    return len(value) if isinstance(value, str | tuple | list) else 0


def digits_of(value: Any) -> float:
    """About how many decimal digits a whole or rational number has."""
    if isinstance(value, bool) or not isinstance(value, Rational):
        return 0.0
    big = max(abs(int(value.numerator)), abs(int(value.denominator)), 1)
    return math.log10(big)


def _big_int(value: Any, limit: int) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool) and abs(int(value)) > limit


def too_large(what: str, limit: int) -> Bound:
    return Bound(f"{what} would be longer than the limit of {limit:,} bytes", "draft_bytes")


def check_format(fmt: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], limit: int) -> None:
    """Refuse a ``str.format`` string whose widths or precisions would make huge text."""
    nested = False
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # the format call itself reports the bad string
    for _, _, spec, _ in parsed:
        spec = spec or ""
        nested = nested or "{" in spec
        if any(int(n) > limit for n in re.findall(r"\d+", spec)):
            raise too_large("the formatted text", limit)
    if nested and any(_big_int(v, limit) for v in (*args, *kwargs.values())):
        raise too_large("the formatted text", limit)


def check_percent(fmt: str, values: Any, limit: int) -> None:
    """Refuse a ``%`` format whose widths or precisions would make huge text."""
    starred = False
    for match in PERCENT_SPEC.finditer(fmt):
        for part in match.groups():
            if part == "*":
                starred = True
            elif part and int(part) > limit:
                raise too_large("the formatted text", limit)
    items = values if isinstance(values, tuple) else (values,)
    if starred and any(_big_int(v, limit) for v in items):
        raise too_large("the formatted text", limit)


def check_sized(
    name: str, target: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], limit: int
) -> None:
    """Refuse a text method or filter (``center``, ``replace``...) whose result would be huge."""
    if name == "replace":
        if len(args) >= 2 and isinstance(target, str) and all(isinstance(a, str) for a in args[:2]):
            old, new = args[0], args[1]
            grows = len(new) - len(old)
            if grows > 0:
                times = target.count(old) if old else len(target) + 1
                if len(target) + times * grows > limit:
                    raise too_large(f"replace({old!r}, ...)", limit)
        return
    if name == "format" and isinstance(target, str):
        check_percent(target, kwargs or args, limit)
        return
    if name in ("join", "sum"):
        # Sized before the work: a list of long texts or of long lists joined or added up.
        if isinstance(target, tuple | list):
            glue = args[0] if name == "join" and args and isinstance(args[0], str) else ""
            total = sum(size_of(item) or len(str(item)) for item in target[: limit + 1])
            if total + len(glue) * len(target) > limit:
                raise too_large(f"the {name} of {len(target):,} items", limit)
        return
    if name == "indent" and isinstance(target, str):
        width = args[0] if args else kwargs.get("width", 4)
        if isinstance(width, Integral) and not isinstance(width, bool):
            if len(target) + int(width) * (target.count("\n") + 1) > limit:
                raise too_large("the indented text", limit)
            return
    if any(_big_int(v, limit) for v in (*args, *kwargs.values())):
        raise too_large(f"{name}(...)", limit)


def sized_filter(name: str, func: Callable[..., Any], limit: int) -> Callable[..., Any]:
    passes = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        at = 1 if passes is not None else 0
        if len(args) > at:
            check_sized(name, args[at], args[at + 1 :], kwargs, limit)
        return func(*args, **kwargs)

    return wrapper
