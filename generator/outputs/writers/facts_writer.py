"""``json``: the draft's facts (every figure, rank and quote it uses, each with its source
cell), so an editor can check every number.

Every JSON file a writer makes is :func:`json_text`: Python's ``json.dumps`` with an indent of
two and no ASCII escaping, byte for byte, made by orjson (several times faster) whenever that
is proven to give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from generator.outputs.writers import Draft, register

try:
    import orjson
except ImportError:  # pragma: no cover - a dependency; json alone gives the same bytes
    orjson = None  # type: ignore[assignment]

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""``json.dumps`` without indent or spaces, which Python writes in C (with an indent it is
written in Python, the slow part)."""
_INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE if orjson is not None else 0


def json_text(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False) + "\\n"``, the same text.

    orjson writes the same text as ``json`` for the same values but a few: some floats
    below ``1e-4`` ("0.00001" for "1e-05"), NaN and infinities (``null``), and types one writes and
    the other refuses. So orjson's compact text is compared with ``json``'s compact text
    (written in C, quickly); only when they are the same bytes, every value written alike, is
    orjson's indented text (laid out as ``json`` lays it out) used, else ``json``'s own.
    """
    if orjson is not None:
        try:
            same = orjson.dumps(value) == _COMPACT(value).encode("utf-8")
        except (TypeError, ValueError):  # one will not write it: json's own error, below
            same = False
        if same:
            return orjson.dumps(value, option=_INDENTED).decode("utf-8")
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@register("json", "json")
def write_facts(draft: Draft) -> str:
    if draft.facts is None:
        return "{}\n"
    return json_text(draft.facts_dict)
