"""A draft's HTML made safe (:mod:`generator.outputs.site.safety`): the quick reading of the
simple HTML Python-Markdown writes gives what the HTML parser gives, for any fragment, and
a fragment it does not read is read by the parser."""

from __future__ import annotations

import html
import random

import pytest

from generator.outputs.site import safety
from generator.outputs.site.safety import _Rewrite, _simple, rewrite


def _mark(text: str, inside_link: bool) -> str:
    return f"[{text}|{inside_link}]"  # every call shown, as the parser made it


def _parsed(fragment: str, shift: int) -> str:
    parser = _Rewrite(_mark, shift)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out).strip()


_PIECES = [
    "Nine of 17 ",
    "crimes &amp; offences",
    "the force&#39;s",
    "Hampshire&#x27;s",
    "a & b",
    "&am",
    "&copy",
    "x &#0; y",
    " > ",
    "\n",
    '"quoted"',
    "<p>",
    "</p>",
    "<h1>",
    "</h2>",
    "<ul>\n<li>",
    "</li>",
    "<em>",
    "</em>",
    "<br />",
    "<br>",
    "<br/>",
    "<hr />",
    '<a href="https://example.org/?a=1&amp;b=2">',
    '<a href="javascript:alert(1)">',
    '<a href="../x.html" title="A &quot;t&quot;">',
    "</a>",
    '<img alt="a &amp; b" src="chart.png" />',
    '<img src="//evil.example/p.png">',
    '<a href="">',
    "<span>",
    "</span>",
    "<script>",
    "alert(1)",
    "</script>",
    "<svg>",
    "</svg>",
    "<!-- c -->",
    "<P>",
    "< p>",
    "<",
    "</p >",
    '<p class="x">',
    "<p class='x'>",
    "<p hidden>",
    "<title>",
    "<textarea>",
]


def test_simple_html_is_read_as_the_parser_reads_it() -> None:
    rng = random.Random(16)
    simple = 0
    for _ in range(4000):
        fragment = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        shift = rng.choice((0, 2))
        quick = _Rewrite(_mark, shift)
        if _simple(quick, fragment):
            simple += 1
            assert "".join(quick.out).strip() == _parsed(fragment, shift), fragment
        else:
            assert quick.out == [] and quick.links == quick.dropping == 0  # nothing called
        assert rewrite(fragment, _mark, shift) == _parsed(fragment, shift), fragment
    assert simple > 400  # the quick reading was tried on many fragments


def test_markdown_html_is_simple() -> None:
    fragment = (
        "<h2>Notes for editors</h2>\n<ul>\n<li>Source: the service&#39;s own figures.</li>\n"
        '<li>See <a href="https://example.org/a?b=1&amp;c=2">the release</a>.</li>\n</ul>\n'
        "<p>Nine of 17 (53 per cent) &amp; <em>more</em>.<br />\nThat is “all”.</p>"
    )
    assert _simple(_Rewrite(_mark, 0), fragment)


@pytest.mark.parametrize(
    "fragment", ["<script>x</script><p>a</p>", "<p>a < b</p>", "<p>a</p><!-- c -->", "<P>a</P>"]
)
def test_other_html_is_left_to_the_parser(fragment: str) -> None:
    assert not _simple(_Rewrite(_mark, 0), fragment)
    assert rewrite(fragment, _mark, 0) == _parsed(fragment, 0)
    assert safety.rewrite is rewrite


def test_text_without_a_number_is_escaped_without_tracing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text with no number in it (a quote, a place's name) skips the fact check's tracing
    but is escaped all the same; text with a figure is still traced, marked and escaped."""
    from types import SimpleNamespace

    from generator.outputs.site import highlight

    story = SimpleNamespace(settings={}, engine=None, title="T", measures=())
    facts = SimpleNamespace(measures=(), categories=None)
    hostile = "<Evil> & Co's"
    mark = highlight.highlighter(
        facts, {"fields": {"officers": 1234}}, story, [hostile], {"fact-field-officers"}
    )
    traced: list[str] = []
    real = highlight.trace
    monkeypatch.setattr(
        highlight, "trace", lambda text, *a, **k: traced.append(text) or real(text, *a, **k)
    )
    quote = '<script>alert("x")</script> said <Evil> & Co\'s'
    assert mark(quote, False) == html.escape(quote, quote=False)
    assert mark(quote, True) == html.escape(quote, quote=False)
    assert traced == []
    said = f"{hostile} had 1,234 officers <img src=x onerror=alert(1)>"
    assert mark(said, False) == (
        "&lt;Evil&gt; &amp; Co's had "
        '<a class="fig" href="#fact-field-officers"><mark>1,234</mark></a>'
        " officers &lt;img src=x onerror=alert(1)&gt;"
    )
    assert mark(said, True).startswith("&lt;Evil&gt; &amp; Co's had <mark>1,234</mark>")
    assert traced == [said, said]
