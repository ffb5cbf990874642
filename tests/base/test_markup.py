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


def test_a_headline_reads_as_the_html_parser_reads_it() -> None:
    import random
    from html.parser import HTMLParser

    from generator.base.markup import markdown_html, markdown_text

    class Data(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    def parsed(line: str) -> str:
        parser = Data()
        parser.feed(markdown_html("# " + line.strip()))
        parser.close()
        return " ".join("".join(parser.parts).split())

    rnd = random.Random(16)
    marks = "ab &<>*_[]()#\\`\u00a0\t1%;"
    lines = ["Police in Kent say", "  x  ", "", "a &amp; b", "R&D <b>", "*em* **b**"]
    lines += ["".join(rnd.choice(marks) for _ in range(rnd.randint(0, 24))) for _ in range(2000)]
    for line in lines:
        assert markdown_text(line) == parsed(line), repr(line)
