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
    steps += [_sentence(banner.text) for banner in warnings]
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


def _sentence(text: str) -> str:
    """A banner's line as a step: one sentence, ending in a full stop."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."
