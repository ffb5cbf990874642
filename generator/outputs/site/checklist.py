"""The "before you publish" list on each draft's page: what an editor must deal with before
this draft goes out (the embargo, its warnings: illustrative figures, a response still awaited,
missing figures) and the checks every draft needs (its figures against the facts, the
credit). The same warnings as the page's banners and the pack's ``method.md``, as steps."""

from __future__ import annotations

from generator.outputs.site.model import Banner, Page


def checklist(
    page: Page, warnings: list[Banner], embargo: str | None, marked: bool = False
) -> list[str]:
    """The steps for ``page`` (its article, notes and facts already filled in), given the
    draft's warning banners, the build's embargo line and whether the draft's text opens
    with warning lines (``marked``)."""
    steps = []
    if embargo:
        steps.append(f"Publish nothing before the embargo lifts ({embargo}).")
    steps += [_step(banner) for banner in warnings]
    if marked and page.article_text is not None:
        steps.append(
            "Take the warning lines off the top of the copied text once each is dealt with."
        )
    if page.facts:
        steps.append("Check each highlighted figure against its entry in the facts below.")
    if page.quotes:
        steps.append("Check each quote, and who said it, against the quotes used below.")
    if page.notes is not None:
        steps.append("Keep the credit and source given in the notes to editors.")
    return steps


def _step(banner: Banner) -> str:
    """A warning as a step: its line, pointing to the banner for a long detail (which
    figures are illustrative) rather than repeating it."""
    if banner.detail:
        which = "the warning at the top of this page says which figures; check each one"
        return _sentence(f"{banner.text}: {which}")
    return _sentence(banner.text)


def _sentence(text: str) -> str:
    """A banner's line as a step: one sentence, ending in a full stop."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."
