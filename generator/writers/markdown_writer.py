"""``md``: the draft as Markdown, with any warning lines first.

The text goes through :func:`generator.inert.inert_markdown`, so whatever wrote it, the file
holds no raw HTML tag, no link but http(s)/mailto and no image from elsewhere.
"""

from __future__ import annotations

from ..inert import inert_markdown
from . import Draft, register


def with_banners(banners: tuple[str, ...], body: str) -> str:
    """Warning lines, each its own paragraph, then the body, ending in one newline."""
    head = "".join(f"{line}\n\n" for line in banners)
    return head + body.strip() + "\n"


@register("md", "md")
def write_markdown(draft: Draft) -> str:
    return inert_markdown(with_banners(draft.banners, draft.markdown))
