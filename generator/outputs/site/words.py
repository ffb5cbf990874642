"""The site's small pieces of wording: anchor ids, and a figure, rate or rank from
``facts.json`` as the site's tables print it. The words themselves come from the one presenter
(:mod:`generator.language.present`) and the house-style list (:func:`~generator.language.
filters.series`); this module only reads the facts' fields for them and says what to sort on."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.language.present import figure_label, rank_label, value_label


def anchor_id(text: Any) -> str:
    """A fragment of an HTML id: "Sexual offences" -> "sexual-offences"."""
    return re.sub(r"[^a-z0-9_]+", "-", str(text).lower()).strip("-") or "x"


def rate_text(figure: Mapping[str, Any]) -> str:
    """A figure's rate as the facts printed it, labelled for a table: "53%", or "2.9 per
    1,000"; empty when the facts hold no rate."""
    value, per = figure.get("value"), figure.get("per")
    if value is not None:
        return value_label(value, per if isinstance(per, int) else 100)
    if figure.get("percent") is not None:
        return value_label(figure["percent"])
    return ""


def figure_text(figure: Mapping[str, Any] | None) -> str:
    """ "9 of 17 (53%)"; empty when there is no figure."""
    if not figure or figure.get("count") is None or figure.get("base") is None:
        return ""
    return figure_label(figure["count"], figure["base"], rate_text(figure))


def rate_sort(figure: Mapping[str, Any] | None) -> str:
    """The exact rate, to sort on (ranks are made on exact rates, not rounded ones)."""
    if not figure:
        return ""
    count, base = figure.get("count"), figure.get("base")
    if isinstance(count, int) and isinstance(base, int) and base > 0:
        return f"{count / base:.12g}"
    for key in ("value", "percent"):
        if isinstance(figure.get(key), int | float):
            return f"{figure[key]:.12g}"
    return ""


def rank_text(rank: Mapping[str, Any] | None) -> str:
    """ "1st of 43", "joint 1st of 43"; empty when there is no rank."""
    if not rank or not isinstance(rank.get("position"), int):
        return ""
    return rank_label(
        rank["position"], rank.get("tied") or 1, rank.get("base") or rank.get("total")
    )
