"""``txt``: plain text for pasting into a CMS: no Markdown marks, one blank line between
paragraphs, warnings first."""

from __future__ import annotations

from html.parser import HTMLParser

from generator.outputs.writers import Draft, register
from generator.outputs.writers.markdown_writer import with_banners

BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "li":
            self.current.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            text = " ".join("".join(self.current).split())
            if text:
                self.blocks.append(text)
            self.current = []

    def handle_data(self, data: str) -> None:
        self.current.append(data)


def plain(html_text: str) -> str:
    """HTML made from the draft's Markdown to plain paragraphs separated by blank lines."""
    parser = _Text()
    parser.feed(html_text)
    parser.close()
    return "\n\n".join(parser.blocks)


@register("txt", "txt")
def write_text(draft: Draft) -> str:
    return with_banners(draft.banners, plain(draft.html_body))
