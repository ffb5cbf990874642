"""Bare HTML (text between tags without attributes) is read without the HTML parser: its
handlers get the same calls, so the plain text and the Word body are the same."""

from __future__ import annotations

import random
from html.parser import HTMLParser
from typing import Any

import pytest

from generator.outputs.writers.docx_writer import body_blocks
from generator.outputs.writers.text_writer import bare_events, feed


class Recorder(HTMLParser):
    """Every call to its handlers, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.calls: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.calls.append(("start", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.calls.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.calls.append(("data", data))

    def handle_comment(self, data: str) -> None:
        self.calls.append(("comment", data))


def parsed(html_text: str) -> list[tuple[Any, ...]]:
    parser = Recorder()
    parser.feed(html_text)
    parser.close()
    return parser.calls


def fed(html_text: str) -> list[tuple[Any, ...]]:
    parser = Recorder()
    feed(parser, html_text)
    return parser.calls


PIECES = [
    *("<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<h1>", "</h1>", "<h5>", "</h6>"),
    *("<br />", "<br/>", "<p/>", "<li/>", "<em>", "</em>", "<blockquote>", "</blockquote>"),
    *("a", " b ", "\n", "x&y", "£", "<", ">", "&amp;", "&lt;", "&", "&#39;", "&copy", "&amp"),
    *("<P>", "<a href='x'>", "</a>", "<script>", "</script>", "<!-- c -->", "&nbsp;", "&#x27"),
    *("<strong>", "</strong>", "<ol>", "</ol>", "<hr />"),
]


def test_the_handlers_get_the_same_calls_with_or_without_the_parser() -> None:
    chance = random.Random(16)
    direct = 0
    for _ in range(20000):
        html_text = "".join(chance.choice(PIECES) for _ in range(chance.randint(0, 12)))
        direct += bare_events(html_text) is not None
        assert fed(html_text) == parsed(html_text), html_text
    assert direct > 5000  # many of them are read without the parser


MARKDOWN_HTML = [
    "<p>A &amp; B</p>\n<ul>\n<li>One</li>\n<li>Two &lt;3</li>\n</ul>",
    "<h1>Head</h1><p>Text<br />more <em>now</em> and <strong>then</strong></p>",
    "<blockquote>\n<p>Said.</p>\n</blockquote>\n<ol>\n<li>a<ul><li>b</li></ul></li>\n</ol>",
]


@pytest.mark.parametrize("html_text", MARKDOWN_HTML)
def test_markdowns_html_is_read_without_the_parser(html_text: str) -> None:
    assert bare_events(html_text) is not None
    assert fed(html_text) == parsed(html_text)


def test_the_word_body_is_the_same_read_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    direct = [body_blocks(h) for h in MARKDOWN_HTML]
    monkeypatch.setattr("generator.outputs.writers.text_writer.bare_events", lambda h: None)
    assert [body_blocks(h) for h in MARKDOWN_HTML] == direct


@pytest.mark.parametrize(
    "html_text",
    ["<p>a < b</p>", '<p><a href="x">link</a></p>', "<script>x</p></script>", "<!-- c -->"],
)
def test_anything_else_goes_to_the_parser(html_text: str) -> None:
    assert bare_events(html_text) is None
    assert fed(html_text) == parsed(html_text)
