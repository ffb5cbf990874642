"""``md``: the draft as Markdown, with any warning lines first.

The warning lines (which name places) are escaped as input text is, and the whole goes through
:func:`generator.base.markup.inert_markdown`, so whatever wrote it, the file holds no raw HTML tag,
no link but http(s)/mailto and no image from elsewhere.
"""

from __future__ import annotations

from generator.base.markup import escape_markdown, inert_markdown
from generator.outputs.writers import Draft, register


def with_banners(banners: tuple[str, ...], body: str) -> str:
    """Warning lines, each its own paragraph, then the body, ending in one newline."""
    head = "".join(f"{line}\n\n" for line in banners)
    return head + body.strip() + "\n"


@register("md", "md")
def write_markdown(draft: Draft) -> str:
    banners = tuple(escape_markdown(line) for line in draft.banners)  # they name places
    return inert_markdown(with_banners(banners, draft.markdown))
