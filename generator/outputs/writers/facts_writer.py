"""``json``: the draft's facts (every figure, rank and quote it uses, each with its source
cell), so an editor can check every number.

Every JSON file a writer makes is :func:`json_text`: Python's ``json.dumps`` with an indent of
two and no ASCII escaping, byte for byte, made by orjson (several times faster) whenever that
is proven to give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from generator.base.inert import Text
from generator.outputs.writers import Draft, register

try:
    import orjson
except ImportError:  # pragma: no cover - a dependency; json alone gives the same bytes
    orjson = None  # type: ignore[assignment]

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""``json.dumps`` without indent or spaces, which Python writes in C (with an indent it is
written in Python, the slow part)."""
_INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE if orjson is not None else 0


_LEAVES = frozenset({str, Text, int, bool, type(None)})
_KEYS = frozenset({str})


def _alike(value: Any) -> bool:
    """Whether ``value`` holds only what orjson and ``json`` write alike: text (``str`` or
    :class:`~generator.base.inert.Text`), whole numbers (orjson refuses those past 64 bits),
    ``True``, ``False``, ``None``, lists, tuples, dicts keyed by ``str``, and floats Python
    writes without an exponent (so neither NaN nor an infinity). The caller has had orjson
    write it first, so it is finite and not circular."""
    stack = [value]
    floats: list[float] = []
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind in _LEAVES:
            continue
        if kind is dict:
            if item and not set(map(type, item)) <= _KEYS:
                return False
            extend(item.values())
        elif kind is list or kind is tuple:
            extend(item)
        elif kind is float:
            floats.append(item)
        else:
            return False
    shown = " ".join(map(float.__repr__, floats))
    return "e" not in shown and "n" not in shown  # "1e-05", "nan", "inf"


def json_text(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False) + "\\n"``, the same text.

    orjson writes the same text as ``json`` for the same values but a few: some floats
    below ``1e-4`` ("0.00001" for "1e-05"), NaN and infinities (``null``), and types one writes and
    the other refuses. So orjson's text (laid out as ``json`` lays it out) is used when every
    value is of a kind both write alike (:func:`_alike`), or else when orjson's compact text
    is the same bytes as ``json``'s compact text (written in C, quickly); otherwise ``json``'s
    own.
    """
    if orjson is not None:
        try:
            indented = orjson.dumps(value, option=_INDENTED)
            same = _alike(value) or orjson.dumps(value) == _COMPACT(value).encode("utf-8")
        except (TypeError, ValueError):  # one will not write it: json's own error, below
            same = False
        if same:
            return indented.decode("utf-8")
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@register("json", "json")
def write_facts(draft: Draft) -> str:
    if draft.facts is None:
        return "{}\n"
    return json_text(draft.facts_dict)
