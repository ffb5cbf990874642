"""``md``: the draft as Markdown, with any warning lines first."""

from __future__ import annotations

from . import Draft, register


def with_banners(banners: tuple[str, ...], body: str) -> str:
    """Warning lines, each its own paragraph, then the body, ending in one newline."""
    head = "".join(f"{line}\n\n" for line in banners)
    return head + body.strip() + "\n"


@register("md", "md")
def write_markdown(draft: Draft) -> str:
    return with_banners(draft.banners, draft.markdown)
