"""One Markdown converter serves every call: nothing of one text leaks into the next."""

from __future__ import annotations

import markdown

from generator.base.markup import InertExtension, markdown_html


def _fresh(text: str) -> str:
    return markdown.markdown(text, output_format="html", extensions=[InertExtension()])


def test_a_reference_defined_in_one_text_is_not_a_link_in_the_next() -> None:
    first = "See [the data][src].\n\n[src]: https://example.org/data"
    second = "See [the data][src]."
    assert '<a href="https://example.org/data">' in markdown_html(first)
    assert markdown_html(second) == _fresh(second)
    assert "<a" not in markdown_html(second)


def test_each_text_converts_as_a_fresh_converter_would() -> None:
    texts = [
        "# Head\n\nA *b* [c](https://x.example) <script>x</script>",
        "- one\n- two\n\n> quoted [bad](javascript:alert(1))",
        "",
        "![p](//evil.example/p.png) ![q](local.png)\n\n---\n\n1. a\n2. b",
    ]
    for text in texts * 2:
        assert markdown_html(text) == _fresh(text)
