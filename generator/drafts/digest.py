"""A draft's fingerprint: one hash of everything its template sees, for incremental builds.

A draft's template variables are plain, frozen data (:mod:`generator.drafts.freeze`): views of
dataclasses, read-only mappings, tuples, frozensets, inert text, numbers, dates and ``None``.
:func:`digest` hashes that structure canonically (type and value of every leaf, keys in their
order, set members sorted by their own digests), so two drafts with the same variables have
the same digest in any process, whatever its hash seed, and any change a template could see
changes it. A view's digest is kept for the next drafts (views never change, and most of
one draft's are every other draft's). A value that is not plain data raises
:class:`TypeError`: better no cache than a cache that reuses a draft whose inputs changed.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import OrderedDict
from collections.abc import Mapping, Set
from decimal import Decimal
from fractions import Fraction
from typing import Any

from generator.drafts.freeze import SHARED_VIEWS, View

_LEAVES: tuple[type, ...] = (
    str,
    bool,
    int,
    float,
    Fraction,
    Decimal,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)


_VIEWS: OrderedDict[int, tuple[View, bytes]] = OrderedDict()
"""Digests of views, kept across drafts like the views themselves (a view never changes;
each entry keeps its view alive, so its id is not reused while it is here)."""


def digest(*values: Any) -> str:
    """The hex digest of ``values`` (frozen template data, or strings and numbers)."""
    seen: dict[int, bytes] = {}
    total = hashlib.blake2b(digest_size=20)
    for value in values:
        total.update(_hash(value, seen))
    return total.hexdigest()


def _hash(value: Any, seen: dict[int, bytes]) -> bytes:
    """The digest of one value; views and mappings reached twice are hashed once."""
    if value is None:
        return b"N"
    kind = type(value)
    if kind in _LEAVES or isinstance(value, _LEAVES):
        # The type's name keeps 1, 1.0, True and "1" apart; repr is exact for each of them.
        return f"{kind.__name__}:{value!r}".encode()
    key = id(value)
    if key in seen:
        return seen[key]
    if isinstance(value, View):
        known = _VIEWS.get(key)
        if known is None:
            known = (value, _hash_view(value, seen))
            _VIEWS[key] = known
            if len(_VIEWS) > SHARED_VIEWS:
                _VIEWS.popitem(last=False)
        else:
            _VIEWS.move_to_end(key)
        seen[key] = known[1]
        return known[1]
    part = hashlib.blake2b(digest_size=20)
    if isinstance(value, Mapping):
        part.update(b"M")
        for name, item in value.items():
            part.update(_hash(name, seen) + b"=" + _hash(item, seen))
    elif isinstance(value, (tuple, list)):
        part.update(b"T")
        for item in value:
            part.update(_hash(item, seen))
    elif isinstance(value, Set):
        part.update(b"S")
        for item in sorted(_hash(item, seen) for item in value):
            part.update(item)
    else:
        raise TypeError(f"{kind.__name__} is not plain template data and cannot be hashed")
    result = part.digest()
    seen[key] = result
    return result


def _hash_view(view: View, seen: dict[int, bytes]) -> bytes:
    part = hashlib.blake2b(digest_size=20)
    part.update(f"V{type(view).__qualname__}".encode())
    for name, item in view._values.items():
        part.update(name.encode() + b"=" + _hash(item, seen))
    return part.digest()
