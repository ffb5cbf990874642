"""The presenter's part for plain values with a unit (a ``kind: value`` measure: money,
minutes), in every output alike, figures never words: "£1,234", "42 minutes", "1 minute",
"£12.50 per head" (:func:`amount` for templates, :func:`amount_text` for tables, charts and
facts). Values are exact fractions rounded half up (away from zero for a negative), as every
rate in :mod:`generator.language.present`."""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Rational
from typing import Protocol

from generator.language.present import _MISSING, kept

_BEFORE = {"pounds": "£"}
_AFTER = {"minutes": "minute", "hours": "hour", "days": "day"}


def amount_value(value: Fraction | int, decimals: int = 0) -> str:
    """A value rounded half up (away from zero for a negative) to ``decimals`` places, with
    thousands commas: 1234 -> "1,234"; 25/2 with 2 -> "12.50"."""
    exact = Fraction(value)
    scaled = math.floor(abs(exact) * 10**decimals + Fraction(1, 2))
    whole, part = divmod(scaled, 10**decimals)
    text = f"{whole:,}" + (f".{part:0{decimals}d}" if decimals else "")
    return f"-{text}" if exact < 0 and scaled else text


def amount_text(printed: str, unit: str = "number", suffix: str = "") -> str:
    """A value already rounded (:func:`amount_value`) in its ``unit`` with ``suffix``:
    "£1,234", "42 minutes", "1 minute", "£12.50 per head", "1,234"."""
    sign, digits = ("-", printed[1:]) if printed.startswith("-") else ("", printed)
    text = f"{sign}{_BEFORE.get(unit, '')}{digits}"
    if unit in _AFTER:
        text += f" {_AFTER[unit] if digits == '1' else _AFTER[unit] + 's'}"
    return kept(f"{text} {suffix}" if suffix else text, suffix)


class Valued(Protocol):
    """A value measure for one place as templates hold it: its ``figure`` and ``pooled``
    (each a value, or ``None``) and the measure's ``unit``, ``suffix`` and ``decimals``."""

    @property
    def unit(self) -> str: ...

    @property
    def suffix(self) -> str: ...

    @property
    def decimals(self) -> int: ...


def amount(view: Valued, which: str = "figure") -> str:
    """A value measure's value in its unit, in running text and tables alike (figures, never
    words): the place's (``which`` "figure") or every place's together ("pooled", the
    manifest's ``national:`` figure).

    ``{{ v | amount }} -> "£12.50 per head"`` (``unit: pounds``, ``suffix: per head``,
    ``decimals: 2``); ``{{ v | amount("pooled") }} -> "£11.00 per head"``.
    """
    if which not in ("figure", "pooled"):
        raise ValueError(f"amount reads 'figure' or 'pooled', not {which!r}")
    value = getattr(view, which, None)
    exact = getattr(value, "value", None)
    if not isinstance(exact, Rational):
        raise ValueError(_MISSING)
    return amount_text(amount_value(Fraction(exact), view.decimals), view.unit, view.suffix)
