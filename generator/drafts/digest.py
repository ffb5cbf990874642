"""A draft's fingerprint: one hash of everything its template sees, for incremental builds.

A draft's template variables are plain, frozen data (:mod:`generator.drafts.freeze`): views of
dataclasses, read-only mappings, tuples, frozensets, inert text, numbers, dates and ``None``.
:func:`digest` hashes that structure canonically (type and value of every leaf, keys in their
order, set members sorted by their own digests), so two drafts with the same variables have
the same digest in any process, whatever its hash seed, and any change a template could see
changes it. A view's digest is kept on the view for the next drafts (views never change, and
much of one draft's are every other draft's: :mod:`generator.drafts.freeze`). A value that
is not plain data raises :class:`TypeError`: better no cache than a cache that reuses a
draft whose inputs changed.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping, Set
from decimal import Decimal
from fractions import Fraction
from typing import Any

from generator.drafts.freeze import View

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


_LEAF_TYPES: dict[type, bool] = {}
"""Whether values of a type are leaves (:data:`_LEAVES` or a subclass), decided once a type."""


def digest(*values: Any) -> str:
    """The hex digest of ``values`` (frozen template data, or strings and numbers)."""
    seen: dict[int, bytes] = {}
    total = hashlib.blake2b(digest_size=20)
    for value in values:
        total.update(_hash(value, seen))
    return total.hexdigest()


def _is_leaf(kind: type) -> bool:
    leaf = _LEAF_TYPES.get(kind)
    if leaf is None:
        leaf = issubclass(kind, _LEAVES)
        if len(_LEAF_TYPES) < 4096:
            _LEAF_TYPES[kind] = leaf
    return leaf


def _hash(value: Any, seen: dict[int, bytes]) -> bytes:
    """The digest of one value; views and mappings reached twice are hashed once. A container's
    parts are joined and hashed at once (the same digest as feeding them one by one)."""
    if value is None:
        return b"N"
    kind = type(value)
    if _is_leaf(kind):
        # The type's name keeps 1, 1.0, True and "1" apart; repr is exact for each of them.
        return f"{kind.__name__}:{value!r}".encode()
    key = id(value)
    if key in seen:
        return seen[key]
    if isinstance(value, View):
        known = value._digest
        if known is None:
            known = _hash_view(value, seen)
            object.__setattr__(value, "_digest", known)  # kept with the view (freeze.View)
        seen[key] = known
        return known
    if isinstance(value, Mapping):
        parts = [b"M"]
        for name, item in value.items():
            parts += (_hash(name, seen), b"=", _hash(item, seen))
    elif isinstance(value, (tuple, list)):
        parts = [b"T"]
        parts += [_hash(item, seen) for item in value]
    elif isinstance(value, Set):
        parts = [b"S"]
        parts += sorted(_hash(item, seen) for item in value)
    else:
        raise TypeError(f"{kind.__name__} is not plain template data and cannot be hashed")
    result = hashlib.blake2b(b"".join(parts), digest_size=20).digest()
    seen[key] = result
    return result


def _hash_view(view: View, seen: dict[int, bytes]) -> bytes:
    parts = [f"V{type(view).__qualname__}".encode()]
    for name, item in view._values.items():
        parts += (name.encode(), b"=", _hash(item, seen))
    return hashlib.blake2b(b"".join(parts), digest_size=20).digest()
