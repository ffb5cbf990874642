"""A draft's fingerprint: one hash of everything its template sees, for incremental builds.

A draft's template variables are plain, frozen data (:mod:`generator.drafts.freeze`): views of
dataclasses, read-only mappings, tuples, frozensets, inert text, numbers, dates and ``None``.
:func:`digest` hashes that structure canonically (type and value of every leaf, keys in their
order, set members sorted by their own digests), so two drafts with the same variables have
the same digest in any process, whatever its hash seed, and any change a template could see
changes it. A view's digest is kept on the view for the next drafts (views never change, and
much of one draft's are every other draft's: :mod:`generator.drafts.freeze`), and so are the
digests of the words and numbers that recur from draft to draft (:data:`_LEAF_PARTS`). A value that
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

from generator.base.inert import Text
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


_LEAF_TYPES: dict[type, str] = {}
"""For each type met, the prefix of its values' digests when they are leaves (:data:`_LEAVES`
or a subclass: its name and a colon), else ``""``; decided once a type."""
_NAME_PARTS: dict[str, bytes] = {}
"""A view's field name as its digest spells it (``name=``), kept once a name."""
_KEPT = 4096
"""How many types and names the two tables above keep."""

_LEAF_PARTS: dict[type, dict[Any, bytes]] = {kind: {} for kind in (str, Text, int, bool, Fraction)}
"""The digests of the leaves met, by type, for the types whose equal values always have the
same ``repr`` (not ``float``: ``0.0 == -0.0``; not ``Decimal``: ``1.0 == 1.00``; not dates
and times, which compare equal across time zones), and of ``None``: the same words and
numbers recur in draft after draft. Each type's own table holds only values of exactly that
type, so a lookup never finds an equal value of another type (``1`` and ``True``, ``str``
and ``Text``)."""
_LEAF_PARTS[type(None)] = {None: b"N"}  # None is its type's only value: never more
_PARTS_KEPT = 1 << 14
"""How many leaves one type's table keeps before it starts again."""
_LONGEST = 200
"""Text longer than this is not kept (it seldom recurs, and need not be held)."""


def _leaf_part(memo: dict[Any, bytes], value: Any) -> bytes:
    """The digest of ``value``, a leaf of a type :data:`_LEAF_PARTS` keeps, kept in its
    table ``memo``."""
    part = f"{type(value).__name__}:{value!r}".encode()
    if not isinstance(value, str) or len(value) <= _LONGEST:
        if len(memo) >= _PARTS_KEPT:
            memo.clear()
        memo[value] = part
    return part


def digest(*values: Any) -> str:
    """The hex digest of ``values`` (frozen template data, or strings and numbers)."""
    seen: dict[int, bytes] = {}
    total = hashlib.blake2b(digest_size=20)
    for value in values:
        total.update(_hash(value, seen))
    return total.hexdigest()


def _leaf_prefix(kind: type) -> str:
    prefix = f"{kind.__name__}:" if issubclass(kind, _LEAVES) else ""
    if len(_LEAF_TYPES) < _KEPT:
        _LEAF_TYPES[kind] = prefix
    return prefix


def _hash(value: Any, seen: dict[int, bytes]) -> bytes:
    """The digest of one value; views and mappings reached twice are hashed once. A container's
    parts are joined and hashed at once (the same digest as feeding them one by one); a leaf
    among them is worked out where it is met, as this function would, without the call."""
    if value is None:
        return b"N"
    kind = type(value)
    leaves = _LEAF_TYPES
    prefix = leaves.get(kind)
    if prefix is None:
        prefix = _leaf_prefix(kind)
    if prefix:
        # The type's name keeps 1, 1.0, True and "1" apart; repr is exact for each of them.
        return f"{prefix}{value!r}".encode()
    key = id(value)
    known = seen.get(key)
    if known is not None:
        return known
    if isinstance(value, View):
        known = value._digest
        if known is None:
            known = _hash_view(value, seen)
            object.__setattr__(value, "_digest", known)  # kept with the view (freeze.View)
        seen[key] = known
        return known
    parts: list[bytes]
    if isinstance(value, Mapping):
        parts = [b"M"]
        for name, item in value.items():
            prefix = leaves.get(type(name))
            spelt = f"{prefix}{name!r}".encode() if prefix else _hash(name, seen)
            prefix = leaves.get(type(item))
            if prefix:
                parts += (spelt, b"=", f"{prefix}{item!r}".encode())
            else:
                parts += (spelt, b"=", _hash(item, seen))
    elif isinstance(value, (tuple, list)):
        parts = [b"T"]
        tables = _LEAF_PARTS
        for item in value:
            memo = tables.get(type(item))
            if memo is not None:
                parts.append(memo.get(item) or _leaf_part(memo, item))
            else:
                prefix = leaves.get(type(item))
                parts.append(f"{prefix}{item!r}".encode() if prefix else _hash(item, seen))
    elif isinstance(value, Set):
        parts = [b"S"]
        parts += sorted(_hash(item, seen) for item in value)
    else:
        raise TypeError(f"{kind.__name__} is not plain template data and cannot be hashed")
    result = hashlib.blake2b(b"".join(parts), digest_size=20).digest()
    seen[key] = result
    return result


def _hash_view(view: View, seen: dict[int, bytes]) -> bytes:
    """A view's digest: its class's name, then each field's name and digest."""
    parts = [f"V{type(view).__qualname__}".encode()]
    leaves, names, tables = _LEAF_TYPES, _NAME_PARTS, _LEAF_PARTS
    for name, item in view._values.items():
        spelt = names.get(name)
        if spelt is None:
            spelt = f"{name}=".encode()
            if len(names) < _KEPT:
                names[name] = spelt
        memo = tables.get(type(item))
        if memo is not None:
            part = memo.get(item) or _leaf_part(memo, item)
        else:
            prefix = leaves.get(type(item))
            part = f"{prefix}{item!r}".encode() if prefix else _hash(item, seen)
        parts += (spelt, part)
    return hashlib.blake2b(b"".join(parts), digest_size=20).digest()
