"""The lines across the top of the site's pages: the embargo, the partners-only marking, and
a draft's warnings (illustrative figures, no response yet, missing figures, no row); and the
same warnings as the short flags of the index's rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.checks.style import ILLUSTRATIVE
from generator.language.banner import illustrative_line
from generator.language.filters import series
from generator.outputs.site.model import Banner, Words

PARTNERS_ONLY = "FOR PARTNERS ONLY – NOT FOR PUBLICATION"


def top(embargo: str | None) -> list[Banner]:
    """What every page opens with: the embargo line when there is one, then the marking."""
    lines = [Banner("embargo", embargo)] if embargo else []
    return [*lines, Banner("partners", PARTNERS_ONLY)]


def _flags(facts: Mapping[str, Any]) -> Mapping[str, Any]:
    flags = facts.get("flags")
    return flags if isinstance(flags, Mapping) else {}


def illustrative_text(facts: Mapping[str, Any]) -> str:
    """The draft's illustrative banner as its outputs print it (facts' ``banners``, made by
    :mod:`generator.language.banner`: the warning, then which figures are stand-ins)."""
    lines = facts.get("banners")
    found = illustrative_line(str(v) for v in lines) if isinstance(lines, list) else None
    return found or ILLUSTRATIVE


def warnings_of(facts: Mapping[str, Any], labels: Mapping[str, str], words: Words) -> list[Banner]:
    """The warnings a draft's facts carry, as banners."""
    flags = _flags(facts)
    found = []
    if flags.get("illustrative"):
        found.append(Banner("illustrative", illustrative_text(facts)))
    awaiting = flags.get("awaiting_response")
    if awaiting is True:
        name = (facts.get("place") or {}).get("name") or f"the {words.singular}"
        found.append(Banner("warning", f"No response from {name} yet – check before publication"))
    elif isinstance(awaiting, list) and awaiting and not facts.get("national"):
        who = series(awaiting) if len(awaiting) <= 4 else f"{len(awaiting)} {words.plural}"
        found.append(Banner("warning", f"No response from {who} yet – check before publication"))
    missing = flags.get("missing_figures")
    if isinstance(missing, list) and missing:
        named = series([labels.get(m, m) for m in missing])
        found.append(Banner("warning", f"Missing figures: {named}"))
    if flags.get("no_row") is True:
        found.append(Banner("warning", f"No row in the data for this {words.singular}"))
    return found


def row_flags(facts: Mapping[str, Any], labels: Mapping[str, str]) -> list[Banner]:
    """A place's warnings as the flags of its row in the index."""
    flags = _flags(facts)
    shown = []
    if flags.get("illustrative"):
        shown.append(Banner("illustrative", illustrative_text(facts)))
    if flags.get("awaiting_response"):
        shown.append(Banner("awaiting", "No response yet"))
    missing = flags.get("missing_figures")
    if missing:
        named = series([labels.get(m, m) for m in missing])
        shown.append(Banner("missing", f"Missing figures: {named}"))
    if flags.get("no_row"):
        shown.append(Banner("missing", "No row in the data"))
    return shown


def is_illustrative(facts: Mapping[str, Any]) -> bool:
    return bool(_flags(facts).get("illustrative"))
