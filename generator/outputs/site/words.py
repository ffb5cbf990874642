"""The two things the site writes of its own rather than through the presenter
(:mod:`generator.language.present`, whose words the facts' ``label`` and ``text`` give): an
anchor id for a fact's row, and the exact rate a column of the index sorts on."""

from __future__ import annotations

import re

from generator.drafts.fact_types import FigureFacts


def anchor_id(text: object) -> str:
    """A fragment of an HTML id: "Sexual offences" -> "sexual-offences"."""
    return re.sub(r"[^a-z0-9_]+", "-", str(text).lower()).strip("-") or "x"


def rate_sort(figure: FigureFacts | None) -> str:
    """The exact rate, to sort on (ranks are made on exact rates, not rounded ones); empty
    when there is no figure."""
    if figure is None:
        return ""
    if figure.base > 0:
        return f"{figure.count / figure.base:.12g}"
    return f"{figure.percent:.12g}"
