"""Inert text (issue 12, item 3): words from quotes and data reach every output as text.

A quote holding a ``javascript:`` link, a remote image, a ``<script>`` tag and an ``<img
onerror>``, and data fields holding a Markdown link, print as the characters typed in every
format: no tag, no link and no image from an input in article.md, .html, .txt, .docx,
.ninjs.json, the editors' site or the packs. The second layer (Markdown to HTML, and the
Markdown the ``md`` writer emits) holds whatever wrote the text: only http(s)/mailto links, no
raw HTML, no remote images. Filters and string methods keep input text marked as input.
"""

from __future__ import annotations

import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import markdown
import pytest
from conftest import STORY, read
from markdown_it import MarkdownIt

from generator.base.inert import Text, text_join
from generator.base.markup import (
    escape_markdown,
    image_allowed,
    inert_markdown,
    link_allowed,
    markdown_html,
    markdown_text,
    scheme_of,
)
from generator.drafts.environment import environment
from generator.language import filters
from generator.pipeline import build

EVIL_QUOTE = (
    "Click [here](javascript:alert(1)) for more, see ![x](https://evil.example/p.png) now, "
    "run <script>alert(1)</script> and <img src=x onerror=alert(2)> too."
)
EVIL_LINK = "[link](http://evil.example)"
TYPED = [
    "[here](javascript:alert(1))",
    "![x](https://evil.example/p.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
]


class _Live(HTMLParser):
    """What in a page could run, load or link: tags, links and images, with where they go."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.handlers: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (src, inline code)
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        self.handlers += [k for k in values if k.startswith("on")]
        if tag == "a" and "href" in values:
            self.links.append(values["href"] or "")
        if tag == "img":
            self.images.append(values.get("src") or "")
        if tag == "script":
            self.scripts.append((values.get("src") or "", ""))
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            src, code = self.scripts[-1]
            self.scripts[-1] = (src, code + data)


def live(page: str) -> _Live:
    parser = _Live()
    parser.feed(page)
    parser.close()
    return parser


def assert_inert_html(page: str, where: str, *, site_script: bool = False) -> None:
    """No script (but the site's own file), handler, link off http(s)/mailto/in-site, remote
    image, or anything pointing at the attacker's host."""
    found = live(page)
    if site_script:
        assert all(src.endswith("site.js") and not code for src, code in found.scripts), where
    else:
        assert not found.scripts, where
    assert not found.handlers, where
    for href in found.links:
        assert link_allowed(href) or (site_script and scheme_of(href) is None), (where, href)
        assert "evil.example" not in href, (where, href)
    for src in found.images:
        assert image_allowed(src) and "evil" not in src, (where, src)
    assert "iframe" not in found.tags and "object" not in found.tags, where


def assert_inert_markdown(text: str, where: str) -> None:
    """Rendered by a CommonMark renderer that passes raw HTML, and by Python-Markdown with its
    raw HTML on, the Markdown has nothing live."""
    assert_inert_html(MarkdownIt("commonmark").render(text), f"{where} (CommonMark)")
    assert_inert_html(markdown.markdown(text), f"{where} (Python-Markdown)")
    assert "<script" not in text and "<img" not in text, where


def docx_text(data: bytes, where: str) -> str:
    """A Word file's text, after checking it holds no hyperlink and no external target."""
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        rels = [n for n in z.namelist() if n.endswith(".rels")]
        assert "<w:hyperlink" not in xml, where
        assert "HYPERLINK" not in xml, where  # no field code either
        for name in rels:
            assert 'TargetMode="External"' not in z.read(name).decode("utf-8"), (where, name)
    document = docx.Document(BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def assert_ninjs_inert(item: dict, where: str) -> str:
    """The ninjs item's HTML body is inert; returns its plain-text body."""
    bodies = {b["contenttype"]: b["value"] for b in item["bodies"]}
    assert_inert_html(bodies["text/html"], f"{where} (html body)")
    for headline in item["headlines"]:
        assert "\\[" not in headline["value"] and "&lt;" not in headline["value"], where
    return bodies["text/plain"]


def check_draft_files(files: dict[str, bytes], where: str) -> dict[str, str]:
    """Every format of one draft checked; returns each text format's text (docx as text)."""
    texts: dict[str, str] = {}
    for name, data in files.items():
        label = f"{where}/{name}"
        if name.endswith(".md"):
            texts["md"] = data.decode("utf-8")
            assert_inert_markdown(texts["md"], label)
        elif name.endswith(".ninjs.json"):
            texts["ninjs"] = assert_ninjs_inert(json.loads(data), label)
            texts["ninjs_headline"] = json.loads(data)["headlines"][0]["value"]
        elif name.endswith(".html"):
            texts["html"] = data.decode("utf-8")
            assert_inert_html(texts["html"], label)
        elif name.endswith(".txt"):
            texts["txt"] = data.decode("utf-8")
        elif name.endswith(".docx"):
            texts["docx"] = docx_text(data, label)
        elif name.endswith(".json"):
            json.loads(data)  # facts: the quote as data
    return texts


def folder_files(folder: Path, prefix: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob(f"{prefix}*") if p.is_file()}


# --- the second layer, whatever wrote the Markdown -------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "https://example.org/a?b=c#d",
        "mailto:desk@example.org",
        "HTTPS://example.org",
    ],
)
def test_links_to_http_https_and_mailto_are_allowed(url: str) -> None:
    assert link_allowed(url)
    assert f'<a href="{url}">' in markdown_html(f"[x]({url})")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "java&#x73;cript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "page.html",
        "",
    ],
)
def test_other_links_become_their_text(url: str) -> None:
    assert not link_allowed(url)
    for source in (f"[x]({url})", f"[x][r]\n\n[r]: <{url}>", f"[x](<{url}>)"):
        page = markdown_html(source)
        assert not live(page).links, (source, page)


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example/p.png",
        "http://evil.example/p.png",
        "//evil.example/p.png",
        "\\\\evil.example/p.png",
        "/\\evil.example/p.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "&#104;ttps://evil.example/p.png",
    ],
)
def test_remote_images_are_dropped(src: str) -> None:
    assert not image_allowed(src)
    typed = src.replace("\\", "\\\\")  # as Markdown source: each backslash escaped
    page = markdown_html(f"See ![the alt]({typed}) here.")
    assert not live(page).images
    assert "the alt" in page


def test_local_images_stay() -> None:
    assert '<img alt="chart" src="chart.png">' in markdown_html("![chart](chart.png)")


def test_raw_html_in_markdown_is_text() -> None:
    page = markdown_html(
        "<script>alert(1)</script>\n\nA <img src=x onerror=alert(2)> and <b>bold</b>.\n\n"
        '<div onclick="x()">block</div>\n\n<!-- hidden -->'
    )
    found = live(page)
    assert found.tags == ["p", "p", "p", "p"], page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_inert_markdown_neutralises_links_images_and_tags() -> None:
    source = (
        "# Head\n\n[ok](https://example.org) [mail](mailto:a@example.org) "
        "[bad](javascript:alert(1)) [rel](page.html) ![img](https://evil.example/p.png) "
        "![ref][r] [also][s] <script>alert(1)</script> <img src=x onerror=alert(2)> "
        "<javascript:alert(3)>\n\n[r]: https://evil.example/q.png\n[s]: javascript:alert(4)\n"
    )
    text = inert_markdown(source)
    assert_inert_markdown(text, "inert_markdown")
    rendered = live(MarkdownIt("commonmark").render(text))
    assert rendered.links == ["https://example.org", "mailto:a@example.org"]
    assert "[bad]\\(javascript:alert(1))" in text
    assert "&lt;script>" in text


def test_inert_markdown_leaves_ordinary_drafts_alone() -> None:
    text = (
        "# Kent Police wrongly cancelled 53% of rapes\n\n**Bold** and _em_ and a [link]"
        '(https://example.org "t"), 3 < 4, a \\[bracket\\](x) and an escaped \\<b>.\n\n'
        "- list\n- items\n\n> “A quote”\n"
    )
    assert inert_markdown(text) == text.replace("\\<b>", "\\&lt;b>")
    plain = "Plain words, 53 per cent; (brackets) [alone] and ![not an image]"
    assert inert_markdown(plain) == plain.replace("![not an image]", "\\!\\[not an image\\]")


def test_headlines_as_plain_text() -> None:
    assert markdown_text(escape_markdown(Text("Kent [x](http://e) <b> *a*"))) == (
        "Kent [x](http://e) <b> *a*"
    )
    assert markdown_text("**Bold** claim & more") == "Bold claim & more"


# --- Text through filters, string methods and templates --------------------------------------

NAME = Text("[link](http://evil.example) <b>")


@pytest.mark.parametrize(
    ("call", "plain"),
    [
        (lambda v: filters.sentence(v), lambda v: filters.sentence(str.__str__(v))),
        (lambda v: filters.article(v), lambda v: filters.article(str.__str__(v))),
        (lambda v: filters.series([v, "b"]), lambda v: filters.series([str.__str__(v), "b"])),
        (lambda v: filters.series([v]), lambda v: filters.series([str.__str__(v)])),
        (lambda v: filters.plural(v, 2), lambda v: filters.plural(str.__str__(v), 2)),
        (lambda v: filters.count(2, v), lambda v: filters.count(2, str.__str__(v))),
        (lambda v: filters.percent(1, v), lambda v: filters.percent(1, str.__str__(v))),
        (lambda v: filters.rate(1, 100, 0, v), lambda v: filters.rate(1, 100, 0, str.__str__(v))),
        (lambda v: filters.proportion(1, 2, v), lambda v: filters.proportion(1, 2, str.__str__(v))),
    ],
    ids=["sentence", "article", "series", "series1", "plural", "count", "percent", "rate", "prop"],
)
def test_filters_keep_input_text_marked(call, plain) -> None:  # noqa: ANN001
    for value in (NAME, Text("53% of [x](http://e)"), Text("robbery")):
        result = call(value)
        assert isinstance(result, Text), result
        assert str.__str__(result) == plain(value)
        assert not isinstance(plain(value), Text)  # plain in, plain out: output unchanged


def test_string_methods_keep_text() -> None:
    assert all(isinstance(p, Text) for p in NAME)
    assert all(isinstance(p, Text) for p in [*NAME.rsplit(), *NAME.splitlines()])
    assert all(isinstance(p, Text) for p in [*NAME.partition("]"), *NAME.rpartition("(")])
    assert isinstance("Police in %s" % NAME, Text)  # noqa: UP031
    assert isinstance(text_join(["Police in ", NAME]), Text)
    assert not isinstance(text_join(["Police in ", "Kent"]), Text)


@pytest.mark.parametrize(
    "source",
    [
        "{{ n }}",
        "{{ n | title }}",
        "{{ [n, 'x'] | join(', ') }}",
        "{{ '%s!' | format(n) }}",
        "{{ n | safe }}",
        "{{ n | urlize }}",
        "{{ n | sentence }}",
        "{{ [n] | series }}",
        "{% for c in n %}{{ c }}{% endfor %}",
        "{{ 'a' + n }}",
        "{{ n | upper | trim | replace('x', 'y') }}",
        "{{ n | list | join }}",
        "{{ 'Police in ' ~ n }}",
        "{{ ('Police in ' ~ n ~ ' say') | sentence }}",
        "{{ '{} x'.format(n) }}",
        "{{ '%s x' % n }}",
        "{{ '%s%s' % (n, '') }}",
        "{{ '{x}'.format_map({'x': n}) }}",
        "{{ n.translate({}) }}",
        "{{ n | tojson }}",
        "{{ n | pprint }}",
        "{{ n | e }}",
        "{{ (n, 'x') }}",
        "{{ [n] }}",
        "{{ {'k': n} }}",
    ],
)
def test_what_templates_do_to_text_keeps_it_escaped(source: str) -> None:
    """In the story environments themselves (generator/drafts/render.py), both renders."""
    out = environment(Path(".")).from_string(source).render(n=NAME)
    assert "\\[" in out and "](" not in out.replace("\\](", ""), out
    assert "<" not in out, out
    assert not live(markdown_html(out)).links
    page = environment(Path("."), html=True).from_string(source).render(n=NAME)
    shown = page.lower()
    assert "<b>" not in shown and ("&lt;b&gt;" in shown or "\\u003cb" in shown), page
    assert not live(markdown_html(page)).links


def test_text_joined_in_an_html_template_is_escaped_once() -> None:
    env = environment(Path("."), html=True)
    source = "{{ ('Police in ' ~ n ~ ' say') | sentence }}; {{ ('a ' ~ n) | article }}"
    page = env.from_string(source).render(n=Text("Avon & Somerset"))
    assert page == "Police in Avon &amp; Somerset say; an a Avon &amp; Somerset"


# --- every format of a real build ------------------------------------------------------------


def _evil_tiny(tiny: Path) -> None:
    """Eastshire renamed with a Markdown link and given an evil quote; every format asked
    for; the template writes one https, one mailto and one javascript: link of its own."""
    places = tiny / "data/places.csv"
    places.write_text(
        places.read_text().replace(
            "Eastshire Council,Eastshire", f"Eastshire {EVIL_LINK},Eastshire"
        )
    )
    figures = tiny / "data/tiny/figures.csv"
    figures.write_text(figures.read_text().replace("Eastshire Council", "Eastshire"))
    (tiny / "quotes/tiny/eastshire.yaml").write_text(
        "organisation: Eastshire Council\nspeaker: Jo Bloggs\nrole: press officer\n"
        "pronoun: she\nplaces: [eastshire]\ncleared: true\nparagraphs:\n"
        f"  - {json.dumps(EVIL_QUOTE)}\n",
        encoding="utf-8",
    )
    story = tiny / "templates/tiny/story.yaml"
    story.write_text(story.read_text().replace("[md, txt, html]", "[md, txt, html, docx, ninjs]"))
    template = tiny / "templates/tiny/draft.md.j2"
    template.write_text(
        template.read_text() + "\nSee [the report](https://example.org/report), write to [the desk]"
        "(mailto:desk@example.org), never [this](javascript:alert(3)).\n"
    )


@pytest.mark.slow
def test_input_text_is_inert_in_every_format(tiny: Path, tmp_path: Path) -> None:
    _evil_tiny(tiny)
    result = build(tiny, "tiny", out=tmp_path / "out")
    folder = result.out_dir / "eastshire"
    texts = check_draft_files(folder_files(folder, "draft") | folder_files(folder, "facts"), "e")
    assert set(texts) >= {"md", "html", "txt", "docx", "ninjs", "ninjs_headline"}
    for fmt in ("txt", "docx", "ninjs"):
        for typed in [*TYPED, EVIL_LINK]:
            assert typed in texts[fmt], (fmt, typed)
    assert texts["ninjs_headline"].startswith(f"Eastshire {EVIL_LINK}")
    assert f"<title>Eastshire {EVIL_LINK}" in texts["html"]
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    assert EVIL_QUOTE in json.dumps(facts, ensure_ascii=False)
    site = result.out_dir / "site"
    for page in sorted(site.rglob("*.html")):
        assert_inert_html(page.read_text(encoding="utf-8"), str(page), site_script=True)
    assert "[here](javascript:alert(1))" in (site / "eastshire.html").read_text()


@pytest.mark.slow
def test_a_templates_own_links_keep_only_safe_schemes(tiny: Path, tmp_path: Path) -> None:
    _evil_tiny(tiny)
    result = build(tiny, "tiny", out=tmp_path / "out")
    for slug in ("northshire", "eastshire"):
        md = read(result, slug, "draft.md")
        links = live(MarkdownIt("commonmark").render(md)).links
        assert links == ["https://example.org/report", "mailto:desk@example.org"], md
        page = read(result, slug, "draft.html")
        assert live(page).links == ["https://example.org/report", "mailto:desk@example.org"]
        assert "never this." in page  # the javascript: link is its text
        item = json.loads(read(result, slug, "draft.ninjs.json"))
        body = next(b["value"] for b in item["bodies"] if b["contenttype"] == "text/html")
        assert live(body).links == ["https://example.org/report", "mailto:desk@example.org"]


@pytest.mark.slow
def test_a_quote_and_a_data_field_are_inert_in_drafts_site_and_packs(
    project: Path, tmp_path: Path
) -> None:
    forces = project / "data/police-forces.csv"
    forces.write_text(
        forces.read_text().replace(
            ",which also covers the Isle of Wight", f",which also covers {EVIL_LINK}"
        )
    )
    (project / f"quotes/{STORY}/evil.yaml").write_text(
        "organisation: Evil Press Office\nspeaker: Jo Bloggs\nrole: press officer\n"
        "pronoun: she\nplaces: [hampshire]\ncleared: true\norder: 9\nparagraphs:\n"
        f"  - {json.dumps(EVIL_QUOTE)}\n",
        encoding="utf-8",
    )
    result = build(project, STORY, out=tmp_path / "out")
    folder = result.out_dir / "hampshire"
    texts = check_draft_files(folder_files(folder, "article") | folder_files(folder, "facts"), "h")
    for fmt in ("txt", "docx", "ninjs"):
        for typed in [*TYPED, EVIL_LINK]:
            assert typed in texts[fmt], (fmt, typed)
    site = result.out_dir / "site"
    for page in sorted(site.rglob("*.html")):
        assert_inert_html(page.read_text(encoding="utf-8"), str(page), site_script=True)
    assert "[here](javascript:alert(1))" in (site / "hampshire.html").read_text()

    packs = result.out_dir / "packs"
    zips = sorted(packs.glob("*.zip"))
    checked = carrying = 0
    for path in zips:
        with zipfile.ZipFile(path) as z:
            members = {
                n: z.read(n) for n in z.namelist() if "/hampshire/" in f"/{n}" and "article" in n
            }
        carrying += bool(members)
        for name, data in members.items():
            check_draft_files({Path(name).name: data}, f"{path.name}:{name}")
            checked += 1
    assert carrying, "no pack carries Hampshire's article"
    assert checked >= carrying * 3
