"""The lines across the top of the site's pages: the embargo, the partners-only marking, and
a draft's warnings (illustrative figures, no response yet, missing figures, no row); and the
same warnings as the short tags of the index's rows."""

from __future__ import annotations

from collections.abc import Mapping

from generator.checks.style import ILLUSTRATIVE
from generator.drafts.fact_types import AnyFacts, DraftFacts
from generator.drafts.listing import FLAG_LABELS
from generator.language.banner import illustrative_line
from generator.language.filters import series
from generator.language.present import capital
from generator.outputs.site.model import Banner, Words

PARTNERS_ONLY = "FOR PARTNERS ONLY – NOT FOR PUBLICATION"


def top(embargo: str | None) -> list[Banner]:
    """What every page opens with: the embargo line when there is one, then the marking."""
    lines = [Banner("embargo", embargo)] if embargo else []
    return [*lines, Banner("partners", PARTNERS_ONLY)]


def illustrative_text(facts: AnyFacts) -> str:
    """The draft's illustrative banner as its outputs print it (facts' ``banners``, made by
    :mod:`generator.language.banner`: the warning, then which figures are stand-ins)."""
    found = illustrative_line(facts.banners) if facts.banners is not None else None
    return found or ILLUSTRATIVE


def illustrative_banner(facts: AnyFacts) -> Banner:
    """The draft's illustrative banner: the warning, and which figures as its detail."""
    line = illustrative_text(facts)
    detail = line.removeprefix(ILLUSTRATIVE).removeprefix(":").strip()
    return Banner("illustrative", ILLUSTRATIVE, detail) if detail else Banner("illustrative", line)


def _missing(facts: AnyFacts, labels: Mapping[str, str]) -> str:
    """ "Missing figures: victims"; empty when none is missing (or the draft is a group's)."""
    missing = facts.flags.missing_figures if isinstance(facts, DraftFacts) else ()
    return f"Missing figures: {series(labels.get(m, m) for m in missing)}" if missing else ""


def warnings_of(facts: AnyFacts, labels: Mapping[str, str], words: Words) -> list[Banner]:
    """The warnings a draft's facts carry, as banners."""
    found = []
    if facts.flags.illustrative:
        found.append(illustrative_banner(facts))
    if isinstance(facts, DraftFacts):
        if facts.flags.awaiting_response:
            name = facts.place.name or f"the {words.singular}"
            text = f"No response from {name} yet – check before publication"
            found.append(Banner("warning", text))
    elif facts.flags.awaiting_response and not facts.national:
        awaiting = facts.flags.awaiting_response
        who = series(awaiting) if len(awaiting) <= 4 else f"{len(awaiting)} {words.plural}"
        found.append(Banner("warning", f"No response from {who} yet – check before publication"))
    if _missing(facts, labels):
        found.append(Banner("warning", _missing(facts, labels)))
    if isinstance(facts, DraftFacts) and facts.flags.no_row:
        found.append(Banner("warning", f"No row in the data for this {words.singular}"))
    return found


def row_flags(facts: AnyFacts, labels: Mapping[str, str]) -> list[Banner]:
    """A place's warnings as the short tags of its row in the index, in the words of
    ``drafts list`` (:data:`generator.drafts.listing.FLAG_LABELS`); the place's own page has
    the detail."""
    flags = facts.flags
    shown = []
    if flags.illustrative:
        shown.append(Banner("illustrative", capital(FLAG_LABELS["illustrative"])))
    if flags.awaiting_response:
        shown.append(Banner("awaiting", capital(FLAG_LABELS["awaiting_response"])))
    if _missing(facts, labels):
        shown.append(Banner("missing", capital(FLAG_LABELS["missing_figures"])))
    if isinstance(facts, DraftFacts) and facts.flags.no_row:
        shown.append(Banner("missing", capital(FLAG_LABELS["no_row"])))
    return shown
