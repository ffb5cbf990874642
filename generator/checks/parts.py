"""A bounded cache of what parts of a draft's facts allow (:mod:`.allowed`), keyed on their
content: the article, the radio scripts and the page of one draft read the same facts, and
every draft reads the same national figures, settings and names.

:func:`content_key` is the content as :mod:`marshal` writes it (format 2: no references,
so the same content gives the same bytes whatever objects hold it). Marshal writes only the
exact built-in types (``dict``, ``list``, ``tuple``, ``str``, ``int``, ``float``, ``bool``,
``None``...) and refuses every other (a subclass, a date, a Fraction, a mapping of another
kind), so equal keys mean equal content of equal types; content it refuses is not cached."""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

_T = TypeVar("_T")

KEPT = 512
"""How many parts the cache keeps (the least recently used goes first)."""

_PARTS: dict[Hashable, Any] = {}


def content_key(value: Any) -> bytes | None:
    """``value``'s content as bytes (equal bytes: equal content and types), or ``None`` when
    it holds anything but the exact built-in types marshal writes."""
    try:
        return marshal.dumps(value, 2)
    except ValueError:  # a type marshal does not write, or nested too deep
        return None


def cached(key: Hashable, make: Callable[[], _T]) -> _T:
    """The part kept for ``key``, made by ``make`` (and kept) the first time. ``key`` must
    hold everything the part depends on; the caller must not change what it is given."""
    found = _PARTS.pop(key, _MISSING)
    if found is _MISSING:
        found = make()
        if len(_PARTS) >= KEPT:
            with contextlib.suppress(StopIteration, RuntimeError, KeyError):
                del _PARTS[next(iter(_PARTS))]
    _PARTS[key] = found  # last: the most recently used
    return found


def clear() -> None:
    """Forget every part (tests)."""
    _PARTS.clear()


_MISSING = object()
