"""Plain Markdown skips the converter (markup.plain_html) and gives exactly what
Python-Markdown gives; anything it is not sure of goes to the converter."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.base.markup import InertExtension, markdown_html, markdown_text, plain_html


def converted(text: str) -> str:
    """What Python-Markdown itself makes of ``text``, as markdown_html sets it up."""
    return markdown.Markdown(output_format="html", extensions=[InertExtension()]).convert(text)


WORDS = ["Kent", "police", "19", "7%", "“good”", "£3", "(HMICFRS)", "force&#39;s", "Fire &amp;"]
TRICKY = [
    *WORDS,
    "1.", "12.", "2.5", "#", "##", "-", "*", "+", "_", "&", "&x", "&#3", "<b>", ">", "\\",
    "`", "[a]", "(b)", "!", "=", "===", "---", "", " ", "  ", "\t", "\x02", "é", "\u2028",
    "x_y", "a*b", "<", "&lt;", "http://x.example", "    code",
]  # fmt: skip
PREFIXES = ["", "", "", "# ", "## ", "###### ", "####### ", "- ", "* ", "1. ", "> ", "    ", " "]


def lines(words: list[str]) -> st.SearchStrategy[str]:
    line = st.tuples(st.sampled_from(PREFIXES), st.lists(st.sampled_from(words), max_size=5))
    return line.map(lambda t: t[0] + " ".join(t[1]))


def documents(words: list[str]) -> st.SearchStrategy[str]:
    block = st.lists(lines(words), min_size=1, max_size=4).map("\n".join)
    gap = st.sampled_from(["\n\n", "\n\n", "\n\n", "\n", "\n\n\n", "\n \n"])
    pieces = st.lists(st.tuples(block, gap), min_size=1, max_size=5)
    return pieces.map(lambda p: "".join(b + g for b, g in p))


@settings(max_examples=600, deadline=None)
@given(documents(TRICKY))
def test_whatever_plain_html_writes_is_what_markdown_writes(text: str) -> None:
    plain = plain_html(text)
    if plain is not None:
        assert plain == converted(text)
    assert markdown_html(text) == converted(text)


def plain_documents() -> st.SearchStrategy[str]:
    """Drafts of paragraphs, headings and lists of plain words, now and then a block that
    Markdown reads otherwise: what a template writes."""
    text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
    paragraph = st.lists(text, min_size=1, max_size=3).map("\n".join)
    heading = st.tuples(st.integers(1, 7), text).map(lambda t: "#" * t[0] + " " + t[1])
    listed = st.lists(text.map("- ".__add__), min_size=1, max_size=3).map("\n".join)
    odd = documents(TRICKY)
    block = st.one_of(paragraph, paragraph, heading, listed, listed, odd)
    return st.lists(block, min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=400, deadline=None)
@given(plain_documents())
def test_plain_drafts_are_written_alike(text: str) -> None:
    plain = plain_html(text)
    if plain is not None:
        assert plain == converted(text)
    assert markdown_html(text) == converted(text)


DRAFT = """# Penabridge refused 7% of requests

At Penabridge Council nine of 126 (7 per cent) requests were refused, the service&#39;s data shows.

That is above the 6 per cent across the country.
It shares that rank with Belowbridge and Oakbridge.

They added: “Services should answer people on time.”

## Notes for editors

- Short headline: Penabridge: refusals
- Source: Synthetic figures made by bench/synth.py; Fire &amp; Rescue.
"""


def test_a_plain_draft_skips_the_converter() -> None:
    assert plain_html(DRAFT) is not None
    assert plain_html(DRAFT) == converted(DRAFT)
    assert markdown_text("Kent&#39;s  figures") == "Kent's figures"


@pytest.mark.parametrize(
    "text",
    [
        "- One\n\n- Two",  # a second list joins the first, loosely
        "A\n\n\nB",
        "1. One",
        "# Head #",
        "A  \nB",  # a line break
        "A *b*",
        "Fire & Rescue",
        "A > B",
        "- # Heading in an item",
        "Para\n===",
        "Para\n---",
        "",
        "   ",
    ],
)
def test_what_it_is_not_sure_of_goes_to_the_converter(text: str) -> None:
    assert plain_html(text) is None
    assert markdown_html(text) == converted(text)
