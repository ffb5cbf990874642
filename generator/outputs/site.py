"""The editors' site: a static website over a finished build, for partner editors and radio
producers, written to ``out/<story>/site/``.

:func:`write_site` reads what the build wrote (each draft's ``facts.json``, its HTML, text and
radio scripts, and ``charts.json`` where a folder has one) and writes:

- ``index.html``: each place's lead finding, rank, figures and flags in one table, sortable,
  filterable by region, outlet, station and flag, and searchable;
- a page per place (``<place>.html``), per partner outlet (``partners/<outlet>.html``), per
  station (``radio/<station>.html``) and for the national story (``national.html``): the draft
  with each figure highlighted and linked to its entry in the facts on the same page, copy
  buttons for the text and each radio script, downloads, the chart, the quotes used and the
  notes to editors;
- ``site.css`` and ``site.js``, the only assets: nothing is fetched from the network.

Every page opens with the embargo line (when there is one), then the partners-only marking,
then its draft's warnings (illustrative figures, no response yet, missing figures). Links to
the build's files are relative (``../<place>/article.docx``), so the site works opened from
disk inside ``out/<story>/`` or served from any web server. Words for the places ("force",
"forces") come from the story; nothing here knows any one story. The same build gives the same
bytes.
"""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup

from generator.base.inert import image_allowed, link_allowed, markdown_html, scheme_of
from generator.base.names import inside
from generator.checks.factcheck import Mention, allowed_values, names_of, trace
from generator.checks.style import ILLUSTRATIVE
from generator.inputs.outlets import Outlets
from generator.inputs.story import Output, Story
from generator.language.banner import illustrative_line
from generator.outputs.writers import WRITERS
from generator.outputs.writers.docx_writer import NOTES_HEADINGS

SITE = "site"
ASSETS = Path(__file__).with_name("site_assets")
STATIC = ("site.css", "site.js")
PARTNERS_ONLY = "FOR PARTNERS ONLY – NOT FOR PUBLICATION"
RESERVED = {"partners", "radio", "national", "packs", SITE}
FORMAT_LABELS = {
    "docx": "Word document (DOCX)",
    "txt": "plain text (TXT)",
    "ninjs": "ninjs for newsroom systems (JSON)",
    "md": "Markdown",
    "html": "web page (HTML)",
}
DOWNLOAD_ORDER = tuple(FORMAT_LABELS)
CHART_TITLES = {"chart": "Bar chart", "funnel": "Funnel plot"}
FLAG_OPTIONS = (
    ("illustrative", "Illustrative figures"),
    ("awaiting", "No response yet"),
    ("missing", "Missing figures"),
    ("none", "No flags"),
)
_DROP = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
# The tags and attributes Python-Markdown writes: any other tag is left out (its text kept), any
# other attribute dropped; a link keeps its href only for http(s)/mailto or within the site, an
# image is kept only from the site's own folder (generator.base.inert's rules).
_KEEP = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code"}
_KEEP |= {"hr", "br", "em", "strong", "b", "i", "a", "img"}
_ATTRIBUTES = {"href", "src", "alt", "title"}
_VOID = {"br", "hr", "img", "wbr"}


# --- what the build wrote --------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One draft folder of the build: ``rel`` its path inside the build ("hampshire",
    "partners/yorkshire-post"), its facts, the prose and radio outputs written there, the
    radio scripts and the ``charts.json`` entries."""

    rel: str
    facts: dict[str, Any]
    prose: Output | None
    radio: Output | None
    scripts: tuple[dict[str, Any], ...] = ()
    charts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Place:
    slug: str
    name: str
    region: str
    nation: str
    source: Source


@dataclass(frozen=True)
class Partner:
    """An outlet with a folder in the build; ``station`` when it is written for the ear."""

    slug: str
    name: str
    kind: str
    station: bool
    places: tuple[str, ...]
    source: Source

    @property
    def page(self) -> str:
        return f"{'radio' if self.station else 'partners'}/{self.slug}.html"


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _file(output: Output, fmt: str) -> str:
    return f"{output.name}.{WRITERS[fmt].extension}"


def read_source(build: Path, rel: str, story: Story) -> Source | None:
    """The draft in folder ``rel`` of the build, or ``None`` when it holds none."""
    folder = build / rel
    if not folder.is_dir():
        return None
    prose = next(
        (
            o
            for o in story.scoped("place", "group", "national")
            if any((folder / _file(o, fmt)).is_file() for fmt in o.formats if fmt in WRITERS)
        ),
        None,
    )
    radio = next(
        (
            o
            for o in story.scoped("place-radio", "group-radio")
            if (folder / f"{o.name}.json").is_file()
        ),
        None,
    )
    scripts_file = _json(folder / f"{radio.name}.json") if radio else None
    facts = _json(folder / "facts.json") if (folder / "facts.json").is_file() else scripts_file
    if not isinstance(facts, dict):
        return None
    scripts = scripts_file.get("scripts") if isinstance(scripts_file, dict) else None
    charts = _json(folder / "charts.json")
    return Source(
        rel,
        facts,
        prose,
        radio,
        tuple(s for s in scripts or () if isinstance(s, dict)),
        charts if isinstance(charts, dict) else {},
    )


def read_places(build: Path, story: Story) -> list[Place]:
    """Every place's draft folder in the build, in order of name."""
    places = []
    for child in sorted(build.iterdir()):
        if not child.is_dir() or child.name in RESERVED or child.name.startswith("."):
            continue
        source = read_source(build, child.name, story)
        place = source.facts.get("place") if source else None
        if source is None or not isinstance(place, dict):
            continue
        places.append(
            Place(
                str(place.get("slug") or child.name),
                str(place.get("name") or child.name),
                str(place.get("region") or ""),
                str(place.get("nation") or ""),
                source,
            )
        )
    return sorted(places, key=lambda p: (p.name.casefold(), p.slug))


def read_partners(
    build: Path, story: Story, outlets: Outlets | None, places: Sequence[Place]
) -> list[Partner]:
    """Every outlet with a folder in the build: from the outlets file when given (names,
    kinds, patches), otherwise from the folders (names from the drafts)."""
    known = {p.slug for p in places}
    found = []
    if outlets is not None:
        for outlet in outlets:
            rel = f"{'radio' if outlet.is_broadcast else 'partners'}/{outlet.slug}"
            source = read_source(build, rel, story)
            if source is not None:
                patch = tuple(s for s in outlet.places if s in known)
                found.append(
                    Partner(
                        outlet.slug,
                        outlet.name,
                        outlet.kind,
                        outlet.is_broadcast,
                        patch,
                        source,
                    )
                )
    else:
        by_name = {p.name: p.slug for p in places}
        for folder, station in (("partners", False), ("radio", True)):
            for child in sorted((build / folder).glob("*/")) if (build / folder).is_dir() else []:
                source = read_source(build, f"{folder}/{child.name}", story)
                if source is None:
                    continue
                facts = source.facts
                place = facts.get("place") if isinstance(facts.get("place"), dict) else None
                if place:
                    patch: tuple[str, ...] = (str(place.get("slug")),)
                else:
                    patch = tuple(by_name[n] for n in facts.get("places") or () if n in by_name)
                name = str(facts.get("group") or child.name.replace("-", " ").title())
                kind = "radio" if station else "newspaper"
                found.append(Partner(child.name, name, kind, station, patch, source))
    return sorted(found, key=lambda p: (p.name.casefold(), p.slug))


# --- words and numbers -----------------------------------------------------------------------


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _id(text: Any) -> str:
    """A fragment of an HTML id: "Sexual offences" -> "sexual-offences"."""
    return re.sub(r"[^a-z0-9_]+", "-", str(text).lower()).strip("-") or "x"


def _int(n: Any) -> str:
    return f"{n:,}" if isinstance(n, int) and not isinstance(n, bool) else str(n)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rate_text(figure: Mapping[str, Any]) -> str:
    """A figure's rate as tables show it: "53%", or "2.9 per 1,000"."""
    value, per = figure.get("value"), figure.get("per")
    if value is not None and isinstance(per, int) and per != 100:
        return f"{value} per {per:,}"
    if value is not None:
        return f"{value}%"
    if figure.get("percent") is not None:
        return f"{figure['percent']}%"
    return ""


def figure_text(figure: Mapping[str, Any] | None) -> str:
    """ "9 of 17 (53%)"; empty when there is no figure."""
    if not figure or figure.get("count") is None or figure.get("base") is None:
        return ""
    rate = rate_text(figure)
    return f"{_int(figure['count'])} of {_int(figure['base'])}" + (f" ({rate})" if rate else "")


def rate_sort(figure: Mapping[str, Any] | None) -> str:
    """The exact rate, to sort on (ranks are made on exact rates, not rounded ones)."""
    if not figure:
        return ""
    count, base = figure.get("count"), figure.get("base")
    if isinstance(count, int) and isinstance(base, int) and base > 0:
        return f"{count / base:.12g}"
    for key in ("value", "percent"):
        if isinstance(figure.get(key), int | float):
            return f"{figure[key]:.12g}"
    return ""


def rank_text(rank: Mapping[str, Any] | None) -> str:
    """ "1st of 43", "joint 1st of 43"; empty when there is no rank."""
    if not rank or not isinstance(rank.get("position"), int):
        return ""
    of = rank.get("base") or rank.get("total")
    text = _ordinal(rank["position"]) + (f" of {of}" if of else "")
    return f"joint {text}" if (rank.get("tied") or 1) > 1 else text


def _series(names: Sequence[str]) -> str:
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- the facts section and the anchors figures link to ---------------------------------------


@dataclass(frozen=True)
class FactRow:
    id: str
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class FactSection:
    id: str
    title: str
    rows: tuple[FactRow, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Words:
    """The story's words for its places."""

    singular: str
    plural: str
    area: str


def _cell(cell: Any) -> str:
    if not isinstance(cell, Mapping):
        return ""
    return f"{cell.get('file', '')}, row {cell.get('row', '')}, column {cell.get('column', '')}"


def _place_rows(key: str, entry: Mapping[str, Any], words: Words) -> list[FactRow]:
    figure = entry.get("figure") or {}
    cells = [c for c in figure.get("cells") or () if isinstance(c, Mapping)]
    rows = [
        FactRow(
            f"fact-{key}-count",
            "Count",
            _int(figure.get("count")),
            _cell(cells[0] if cells else None),
        ),
        FactRow(
            f"fact-{key}-base",
            "Out of",
            _int(figure.get("base")),
            _cell(cells[1] if cells[1:] else None),
        ),
    ]
    if figure.get("percent") is not None:
        rows.append(FactRow(f"fact-{key}-percent", "Per cent", f"{figure['percent']}%"))
    if figure.get("value") is not None:
        rows.append(FactRow(f"fact-{key}-value", "Rate", rate_text(figure)))
    for extra in cells[2:]:
        rows.append(FactRow(f"fact-{key}-cell-{len(rows)}", "Source", _cell(extra)))
    if figure.get("illustrative"):
        rows.append(FactRow(f"fact-{key}-illustrative", "Status", ILLUSTRATIVE))
    rank = entry.get("rank")
    if isinstance(rank, Mapping) and rank_text(rank):
        claim = rank.get("claim") or ""
        tied = rank.get("tied") or 1
        note = claim + (f" (shared by {tied})" if tied > 1 else "")
        rows.append(FactRow(f"fact-{key}-rank", "Rank", rank_text(rank), note))
    return rows


def _shared_rows(key: str, entry: Mapping[str, Any], words: Words) -> list[FactRow]:
    rows = []
    pooled = entry.get("pooled")
    if isinstance(pooled, Mapping) and figure_text(pooled):
        versus = pooled.get("versus")
        note = f"{versus} the {words.area} rate" if versus in ("above", "below") else ""
        label = f"{words.area}, all {words.plural} together"
        rows.append(FactRow(f"fact-{key}-pooled", label, figure_text(pooled), note))
    with_figures = entry.get("places_with_figures")
    if isinstance(with_figures, int):
        label = f"{_capital(words.plural)} with figures"
        rows.append(FactRow(f"fact-{key}-with", label, _int(with_figures)))
    some = entry.get("places_with_at_least_one")
    if isinstance(some, int):
        out_of = with_figures
        for candidate in (pooled or {}).get("places"), (entry.get("rank") or {}).get("base"):
            if out_of is None and isinstance(candidate, int):
                out_of = candidate
        value = _int(some) + (f" of {_int(out_of)}" if isinstance(out_of, int) else "")
        label = f"{_capital(words.plural)} with at least one"
        rows.append(FactRow(f"fact-{key}-atleast", label, value))
    without = entry.get("places_without")
    if without:
        rows.append(FactRow(f"fact-{key}-without", "No figure", _series(without)))
    worst = entry.get("worst")
    if worst:
        rows.append(FactRow(f"fact-{key}-worst", "Worst", _series(worst)))
    funnel = entry.get("funnel")
    if isinstance(funnel, Mapping) and isinstance(funnel.get("signal"), str):
        note = funnel.get("caution") if isinstance(funnel.get("caution"), str) else ""
        rows.append(FactRow(f"fact-{key}-funnel", "Funnel plot", funnel["signal"], note))
    return rows


def fact_sections(facts: Mapping[str, Any], words: Words) -> list[FactSection]:
    """The facts of a draft as sections of rows, each row with the id its figures link to:
    ``fact-<measure>-count``, ``-base``, ``-percent``, ``-rank``, ``-pooled``... for a place;
    ``-total`` and ``-p<n>`` (each place) for a draft about several."""
    sections = []
    for entry in facts.get("measures") or ():
        if not isinstance(entry, Mapping) or entry.get("measure") is None:
            continue
        key = _id(entry["measure"])
        title = _capital(str(entry.get("label") or entry["measure"]))
        if "summed" in entry or "total" in entry:
            rows = []
            total = entry.get("total")
            if isinstance(total, Mapping) and figure_text(total):
                rows.append(FactRow(f"fact-{key}-total", "Together", figure_text(total)))
            for i, item in enumerate(entry.get("summed") or ()):
                if isinstance(item, Mapping):
                    note = ILLUSTRATIVE if item.get("illustrative") else ""
                    label = str(item.get("place") or f"{_capital(words.singular)} {i + 1}")
                    rows.append(FactRow(f"fact-{key}-p{i}", label, figure_text(item), note))
            rows += _shared_rows(key, entry, words)
            sections.append(FactSection(f"fact-{key}", title, tuple(rows)))
        elif entry.get("available", True) is False or not entry.get("figure"):
            sections.append(FactSection(f"fact-{key}", title, note="No figure in the data."))
        else:
            rows = _place_rows(key, entry, words) + _shared_rows(key, entry, words)
            sections.append(FactSection(f"fact-{key}", title, tuple(rows)))
    fields = facts.get("fields")
    if isinstance(fields, Mapping) and fields:
        rows = []
        for name, item in fields.items():
            item = item if isinstance(item, Mapping) else {"value": item}
            label = _capital(str(name).replace("_", " "))
            value = "" if item.get("value") is None else str(item.get("value"))
            rows.append(FactRow(f"fact-field-{_id(name)}", label, value, _cell(item.get("cell"))))
        sections.append(FactSection("fact-fields", "Other data", tuple(rows)))
    places = facts.get("places")
    if isinstance(places, list) and places:
        label = f"{_capital(words.plural)} in this draft"
        row = FactRow("fact-places", label, _series(places), f"{len(places)} in all")
        sections.append(FactSection("fact-coverage", "Coverage", (row,)))
    return sections


_SOURCE = re.compile(r"(?:len\()?measures\[(?P<measure>[^\]]+)\]\.?(?P<rest>[^)\s]*)")


def anchors_for(source: str, mention: Mention, facts: Mapping[str, Any]) -> list[str]:
    """Where a traced number's entry is in the facts section, best first, from the path the
    fact check traced it to ("measures[sexual].figure.count/base" -> the count or the base)."""
    m = _SOURCE.match(source)
    if m is None:
        field_name = re.match(r"fields\.([^.\s]+)", source)
        if field_name:
            return [f"fact-field-{_id(field_name[1])}"]
        return ["fact-places"] if re.match(r"(?:len\()?places\b", source) else []
    key, head = _id(m["measure"]), m["rest"].split(".")[0]
    if head == "figure":
        if mention.kind in ("percent", "proportion", "more_than_half"):
            return [f"fact-{key}-percent", f"fact-{key}-value", f"fact-{key}-count"]
        entry = next(
            (
                e
                for e in facts.get("measures") or ()
                if isinstance(e, Mapping) and _id(e.get("measure")) == key
            ),
            {},
        )
        figure = entry.get("figure") or {}
        if mention.value == figure.get("base") and mention.value != figure.get("count"):
            return [f"fact-{key}-base"]
        return [f"fact-{key}-count"]
    if head.startswith("summed["):
        return [f"fact-{key}-p{head[7:].split(']')[0]}"]
    named = {
        "total": "total",
        "rank": "rank",
        "pooled": "pooled",
        "worst": "worst",
        "places_without": "without",
        "places_with_figures": "with",
        "funnel": "funnel",
    }
    head = head.split("/")[0]
    if head in named:
        return [f"fact-{key}-{named[head]}", f"fact-{key}"]
    if head == "places_with_at_least_one":
        return [f"fact-{key}-atleast", f"fact-{key}"]
    return [f"fact-{key}"]


Highlight = Callable[[str, bool], str]


def highlighter(
    facts: Mapping[str, Any], story: Story, names: Sequence[str], ids: set[str]
) -> Highlight:
    """A function from text to escaped HTML in which every number the fact check traces to
    the facts is marked and, unless ``inside_link``, linked to its row in the facts."""
    allowed = allowed_values(facts, story.settings, names=names_of(story, {}, *names))

    def mark(text: str, inside_link: bool = False) -> str:
        if not text.strip():
            return html.escape(text, quote=False)
        parts, at = [], 0
        for traced in trace(text, facts, allowed=allowed):
            m = traced.mention
            if not traced.ok or m.start < at or m.end <= m.start:
                continue
            target = next((a for a in anchors_for(traced.source or "", m, facts) if a in ids), None)
            if target is None:
                continue
            parts.append(html.escape(text[at : m.start], quote=False))
            figure = html.escape(text[m.start : m.end], quote=False)
            if inside_link:
                parts.append(f"<mark>{figure}</mark>")
            else:
                parts.append(f'<a class="fig" href="#{target}"><mark>{figure}</mark></a>')
            at = m.end
        parts.append(html.escape(text[at:], quote=False))
        return "".join(parts)

    return mark


# --- the draft's HTML, rewritten for the page ------------------------------------------------


class _Rewrite(HTMLParser):
    """Re-emit a draft's HTML: headings moved down ``shift`` levels, text escaped and its
    figures marked, anything executable dropped."""

    def __init__(self, mark: Highlight, shift: int) -> None:
        super().__init__(convert_charrefs=True)
        self.mark, self.shift = mark, shift
        self.out: list[str] = []
        self.dropping = 0
        self.links = 0

    def _tag(self, tag: str) -> str:
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            return f"h{min(6, int(tag[1]) + self.shift)}"
        return tag

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> str:
        kept = [
            (k, v)
            for k, v in attrs
            if k in _ATTRIBUTES
            and (k != "href" or link_allowed(v or "") or scheme_of(v or "") is None)
            and (k != "src" or image_allowed(v or ""))
        ]
        return "".join(
            f' {k}="{html.escape(v or "", quote=True)}"' if v is not None else f" {k}"
            for k, v in kept
        )

    def _kept(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag == "img":
            return image_allowed(dict(attrs).get("src") or "")
        return tag in _KEEP

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.dropping += 1
        elif not self.dropping and self._kept(tag, attrs):
            if tag == "a":
                self.links += 1
            self.out.append(f"<{self._tag(tag)}{self._attrs(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.dropping and tag not in _DROP and self._kept(tag, attrs):
            self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.dropping = max(0, self.dropping - 1)
        elif not self.dropping and tag not in _VOID and tag in _KEEP:
            if tag == "a":
                self.links = max(0, self.links - 1)
            self.out.append(f"</{self._tag(tag)}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(self.mark(data, self.links > 0))


def rewrite(fragment: str, mark: Highlight, shift: int) -> str:
    parser = _Rewrite(mark, shift)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out).strip()


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_BANNER = re.compile(r'<p class="banner">.*?</p>\s*', re.S)
_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")


def split_draft(page: str) -> tuple[str, str]:
    """A draft's HTML page as (body without its warning banners, notes to editors)."""
    m = _BODY.search(page)
    body = _BANNER.sub("", m[1] if m else page)
    for heading in _HEADING.finditer(body):
        text = html.unescape(_TAGS.sub("", heading[2])).strip().casefold()
        if text in NOTES_HEADINGS:
            return body[: heading.start()], body[heading.end() :]
    return body, ""


def draft_html(folder: Path, output: Output) -> str | None:
    """The draft as an HTML page: its own ``.html``, else its Markdown or text made into one."""
    page = folder / _file(output, "html") if "html" in output.formats else None
    if page is not None and page.is_file():
        return page.read_text(encoding="utf-8")
    md = folder / _file(output, "md") if "md" in output.formats else None
    if md is not None and md.is_file():
        text = md.read_text(encoding="utf-8")
        lines = text.splitlines()
        start = next((i for i, line in enumerate(lines) if line.startswith("# ")), 0)
        return markdown_html(html.escape("\n".join(lines[start:]), quote=False))
    txt = folder / _file(output, "txt") if "txt" in output.formats else None
    if txt is not None and txt.is_file():
        paragraphs = [p.strip() for p in txt.read_text(encoding="utf-8").split("\n\n")]
        return "".join(
            f"<p>{html.escape(p, quote=False)}</p>"
            for p in paragraphs
            if p and not p.isupper()  # the warning lines are shown as banners
        )
    return None


def draft_text(folder: Path, output: Output) -> str | None:
    """The text the copy button copies: the draft's plain text file, else its Markdown."""
    for fmt in ("txt", "md"):
        path = folder / _file(output, fmt) if fmt in output.formats else None
        if path is not None and path.is_file():
            return path.read_text(encoding="utf-8")
    return None


# --- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Banner:
    kind: str
    text: str


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class Download:
    href: str
    label: str
    name: str
    size: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    src: str
    alt: str
    width: int | None
    height: int | None
    links: tuple[Link, ...]


@dataclass(frozen=True)
class ScriptView:
    id: str
    title: str
    short: str
    text: str


@dataclass(frozen=True)
class QuoteView:
    source: str
    said: str
    paragraphs: tuple[str, ...]


@dataclass
class Page:
    """One page of the site; ``root`` leads from it to the site's folder ("" or "../")."""

    path: str
    title: str
    banners: list[Banner]
    subtitle: str = ""
    summary: list[tuple[str, str]] = field(default_factory=list)
    covers: list[Link] = field(default_factory=list)
    article: Markup | None = None
    article_title: str = "Article"
    article_text: str | None = None
    notes: Markup | None = None
    downloads: list[Download] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    scripts: list[ScriptView] = field(default_factory=list)
    quotes: list[QuoteView] = field(default_factory=list)
    facts: list[FactSection] = field(default_factory=list)
    covered_by: list[Link] = field(default_factory=list)
    wide: bool = False

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")

    @property
    def build(self) -> str:
        """From this page to the build's folder, where the drafts are."""
        return self.root + "../"


@dataclass(frozen=True)
class SiteInfo:
    title: str
    language: str
    singular: str
    plural: str
    plural_title: str
    embargo: str | None
    national: str


def illustrative_text(facts: Mapping[str, Any]) -> str:
    """The draft's illustrative banner as its outputs print it (facts' ``banners``, made by
    :mod:`generator.language.banner`: the warning, then which figures are stand-ins)."""
    lines = facts.get("banners")
    found = illustrative_line(str(v) for v in lines) if isinstance(lines, list) else None
    return found or ILLUSTRATIVE


def warnings_of(facts: Mapping[str, Any], labels: Mapping[str, str], words: Words) -> list[Banner]:
    """The warnings a draft's facts carry, as banners."""
    flags = facts.get("flags") if isinstance(facts.get("flags"), Mapping) else {}
    found = []
    if flags.get("illustrative"):
        found.append(Banner("illustrative", illustrative_text(facts)))
    awaiting = flags.get("awaiting_response")
    if awaiting is True:
        name = (facts.get("place") or {}).get("name") or f"the {words.singular}"
        found.append(Banner("warning", f"No response from {name} yet – check before publication"))
    elif isinstance(awaiting, list) and awaiting and not facts.get("national"):
        who = _series(awaiting) if len(awaiting) <= 4 else f"{len(awaiting)} {words.plural}"
        found.append(Banner("warning", f"No response from {who} yet – check before publication"))
    missing = flags.get("missing_figures")
    if isinstance(missing, list) and missing:
        named = _series([labels.get(m, m) for m in missing])
        found.append(Banner("warning", f"Missing figures: {named}"))
    if flags.get("no_row") is True:
        found.append(Banner("warning", f"No row in the data for this {words.singular}"))
    return found


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 1024 else f"{max(1, round(n / 1024)):,} KB"


def downloads_of(build: Path, page: Page, source: Source) -> list[Download]:
    """Links to a draft's own files in the build, in the order the story lists its formats."""
    found = []
    folder = build / source.rel
    names: list[tuple[str, str]] = []
    for output, what in ((source.prose, page.article_title), (source.radio, "Radio scripts")):
        if output is None:
            continue
        formats = sorted(
            (f for f in output.formats if f in WRITERS and f != "json"),
            key=lambda f: DOWNLOAD_ORDER.index(f) if f in DOWNLOAD_ORDER else len(DOWNLOAD_ORDER),
        )
        names += [(_file(output, f), f"{what}: {FORMAT_LABELS.get(f, f)}") for f in formats]
        if output is source.radio:
            names.append((f"{output.name}.json", f"{what}: scripts and facts (JSON)"))
    if source.prose is not None:
        names.append(("facts.json", "Facts (JSON)"))
    for name, label in names:
        path = folder / name
        if path.is_file():
            href = f"{page.build}{source.rel}/{name}"
            found.append(Download(href, label, name, _size(path.stat().st_size)))
    return found


def _png_size(path: Path) -> tuple[int, int] | None:
    try:
        head = path.read_bytes()[:24]
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _plain_name(value: Any) -> str | None:
    """A file name in the draft's own folder (no folders, no addresses), or ``None``."""
    if not isinstance(value, str) or not value or ":" in value:
        return None
    name = PurePosixPath(value)
    return value if name.name == value and value not in (".", "..") else None


def chart_sets(listed: Mapping[str, Any]) -> list[tuple[str, str, Mapping[str, Any]]]:
    """The charts a ``charts.json`` lists, as (id, measure, entry): a place's
    ``{"measure": ..., "chart": {...}, "funnel": {...}}``, or a draft's several sets under
    ``{"charts": [{"measure": ..., "chart": {...}}, ...]}``."""
    several = listed.get("charts")
    sets = [c for c in several if isinstance(c, Mapping)] if isinstance(several, list) else []
    found = []
    for chart_set in sets or [listed]:
        measure = chart_set.get("measure")
        measure = measure if isinstance(measure, str) else ""
        for kind, entry in chart_set.items():
            if isinstance(entry, Mapping):
                key = f"{kind}-{measure}" if sets and measure else str(kind)
                found.append((_id(key), measure, {"kind": kind, **entry}))
    return found


def charts_of(
    build: Path, page: Page, sources: Sequence[Source], labels: Mapping[str, str]
) -> list[Chart]:
    """The charts of the first of ``sources`` that has a ``charts.json``, each shown from its
    PNG (or SVG), with its alt text and links to both; none when no folder has charts."""
    source = next((s for s in sources if s.charts), None)
    if source is None:
        return []
    folder = build / source.rel
    charts = []
    for key, measure, entry in chart_sets(source.charts):
        files = {fmt: _plain_name(entry.get(fmt)) for fmt in ("png", "svg")}
        files = {fmt: name for fmt, name in files.items() if name and (folder / name).is_file()}
        if not files:
            continue
        shown = files.get("png") or files["svg"]
        size = _png_size(folder / files["png"]) if "png" in files else None
        links = tuple(
            Link(f"{page.build}{source.rel}/{name}", f"{fmt.upper()} ({name})")
            for fmt, name in files.items()
        )
        kind = str(entry["kind"])
        title = str(entry.get("title") or CHART_TITLES.get(kind, _capital(kind)))
        if measure and not entry.get("title"):
            title += f": {labels.get(measure, measure)}"
        charts.append(
            Chart(
                key,
                title,
                f"{page.build}{source.rel}/{shown}",
                str(entry.get("alt") or title),
                size[0] if size else None,
                size[1] if size else None,
                links,
            )
        )
    return charts


def scripts_of(source: Source) -> list[ScriptView]:
    views = []
    for i, script in enumerate(source.scripts, start=1):
        text = script.get("text")
        if not isinstance(text, str):
            continue
        part = str(script.get("part") or "script")
        seconds = script.get("target_seconds")
        short = f"{part} ({seconds} seconds)" if seconds else part
        title = _capital(short)
        if script.get("words") is not None and script.get("estimated_seconds") is not None:
            title += f": {script['words']} words, about {script['estimated_seconds']} seconds"
        views.append(ScriptView(f"script-{i}", title, short, text))
    return views


def quotes_of(facts: Mapping[str, Any]) -> list[QuoteView]:
    views = []
    for quote in facts.get("quotes") or ():
        if not isinstance(quote, Mapping):
            continue
        who = [quote.get(k) for k in ("speaker", "role", "organisation")]
        paragraphs = tuple(str(p) for p in quote.get("paragraphs") or () if p)
        said = str(quote.get("said") or "")
        if paragraphs or said:
            views.append(QuoteView(", ".join(str(w) for w in who if w), said, paragraphs))
    return views


# --- the site --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False
    sortable: bool = True
    sorted: bool = False
    first: str = "ascending"


@dataclass(frozen=True)
class Cell:
    text: str
    sort: str


@dataclass(frozen=True)
class Lead:
    """A place's lead finding as the index shows it, with the keys its columns sort on."""

    label: str = ""
    figure: str = ""
    rank: str = ""
    claim: str = ""
    figure_sort: str = ""
    rank_sort: str = ""


@dataclass(frozen=True)
class Row:
    slug: str
    name: str
    href: str
    region: str
    lead: Lead
    measures: tuple[Cell, ...]
    flags: tuple[Banner, ...]
    flag_keys: str
    outlets: str
    stations: str
    search: str


@dataclass(frozen=True)
class PartnerLink:
    slug: str
    name: str
    href: str
    covers: str


class Site:
    """A finished build, read for the site: its places, outlets, stations and national story."""

    def __init__(self, build: Path, story: Story, outlets: Outlets | None = None) -> None:
        self.build, self.story = build, story
        self.words = Words(story.unit.singular, story.unit.plural, story.unit.area)
        self.labels = {m.key: m.label for m in story.measures}
        self.places = read_places(build, story)
        self.by_slug = {p.slug: p for p in self.places}
        self.partners = read_partners(build, story, outlets, self.places)
        self.national = read_source(build, "national", story)
        embargo = next(
            (
                s.facts["embargo"]
                for s in [*(p.source for p in self.places), *(p.source for p in self.partners)]
                if isinstance(s.facts.get("embargo"), str) and s.facts["embargo"]
            ),
            None,
        )
        plural = story.unit.plural
        self.info = SiteInfo(
            story.title,
            str(story.settings.get("language") or "en-GB"),
            story.unit.singular,
            plural,
            _capital(plural),
            embargo,
            "national.html" if self.national is not None else "",
        )

    def top(self) -> list[Banner]:
        lines = [Banner("embargo", self.info.embargo)] if self.info.embargo else []
        return [*lines, Banner("partners", PARTNERS_ONLY)]

    # -- draft pages --

    def _fill(self, page: Page, source: Source, names: Sequence[str]) -> None:
        """The parts of a page every draft has: article, notes, facts, downloads, scripts,
        quotes."""
        folder = self.build / source.rel
        page.facts = fact_sections(source.facts, self.words)
        ids = {s.id for s in page.facts} | {r.id for s in page.facts for r in s.rows}
        mark = highlighter(source.facts, self.story, names, ids)
        if source.prose is not None:
            drafted = draft_html(folder, source.prose)
            if drafted is not None:
                body, notes = split_draft(drafted)
                page.article = Markup(rewrite(body, mark, 2))
                page.notes = Markup(rewrite(notes, mark, 0)) if notes.strip() else None
            page.article_text = draft_text(folder, source.prose)
            if source.prose.scope != "place":
                page.article_title = "Round-up" if source.prose.scope == "group" else "Story"
        page.downloads = downloads_of(self.build, page, source)
        page.scripts = scripts_of(source)
        page.quotes = quotes_of(source.facts)

    def place_page(self, place: Place) -> Page:
        facts = place.source.facts
        banners = self.top() + warnings_of(facts, self.labels, self.words)
        page = Page(f"{place.slug}.html", place.name, banners, subtitle=self.story.title)
        lead = self._lead(facts)
        page.summary = [
            (k, v)
            for k, v in (
                ("Region", ", ".join(x for x in (place.region, place.nation) if x)),
                ("Lead finding", " – ".join(x for x in (lead.label, lead.figure) if x)),
                ("Rank", " – ".join(x for x in (lead.rank, lead.claim) if x)),
            )
            if v
        ]
        self._fill(page, place.source, [place.name])
        page.charts = charts_of(self.build, page, [place.source], self.labels)
        page.covered_by = [
            Link(f"{p.page}", f"{p.name} ({'station' if p.station else p.kind})")
            for p in self.partners
            if place.slug in p.places
        ]
        return page

    def partner_page(self, partner: Partner) -> Page:
        facts = partner.source.facts
        banners = self.top() + warnings_of(facts, self.labels, self.words)
        page = Page(partner.page, partner.name, banners, subtitle=self.story.title)
        page.summary = [("Outlet", "station" if partner.station else partner.kind)]
        page.covers = [
            Link(f"{page.root}{slug}.html", self.by_slug[slug].name)
            for slug in partner.places
            if slug in self.by_slug
        ]
        names = [partner.name, *(self.by_slug[s].name for s in partner.places if s in self.by_slug)]
        self._fill(page, partner.source, names)
        own = [self.by_slug[s].source for s in partner.places if s in self.by_slug]
        page.charts = charts_of(
            self.build, page, [partner.source, *(own if len(own) == 1 else [])], self.labels
        )
        pack = self.build / "packs" / f"{partner.slug}.zip"
        if pack.is_file():
            name = f"packs/{partner.slug}.zip"
            page.downloads.append(
                Download(
                    f"{page.build}{name}", "Partner pack (ZIP)", name, _size(pack.stat().st_size)
                )
            )
        return page

    def national_page(self, source: Source) -> Page:
        banners = self.top() + warnings_of(source.facts, self.labels, self.words)
        page = Page("national.html", "National story", banners, subtitle=self.story.title)
        self._fill(page, source, [self.words.area])
        page.charts = charts_of(self.build, page, [source], self.labels)
        return page

    # -- the index --

    def _lead(self, facts: Mapping[str, Any]) -> Lead:
        """A place's lead finding, from its facts."""
        lead = facts.get("lead") if isinstance(facts.get("lead"), Mapping) else {}
        key = lead.get("measure")
        entry = next(
            (
                e
                for e in facts.get("measures") or ()
                if isinstance(e, Mapping) and e.get("measure") == key
            ),
            None,
        )
        if key is None or entry is None:
            return Lead()
        figure = entry.get("figure") if isinstance(entry.get("figure"), Mapping) else None
        rank = entry.get("rank") if isinstance(entry.get("rank"), Mapping) else {}
        position = rank.get("position")
        return Lead(
            _capital(str(entry.get("label") or self.labels.get(key, key))),
            figure_text(figure),
            rank_text(rank),
            str(rank.get("claim") or ""),
            rate_sort(figure),
            str(position) if isinstance(position, int) else "",
        )

    def _row(self, place: Place) -> Row:
        facts = place.source.facts
        lead = self._lead(facts)
        by_key = {
            e.get("measure"): e for e in facts.get("measures") or () if isinstance(e, Mapping)
        }
        cells = []
        for measure in self.story.measures:
            entry = by_key.get(measure.key) or {}
            fig = entry.get("figure") if isinstance(entry.get("figure"), Mapping) else None
            cells.append(Cell(rate_text(fig) if fig else "", rate_sort(fig)))
        flags = facts.get("flags") if isinstance(facts.get("flags"), Mapping) else {}
        shown = []
        if flags.get("illustrative"):
            shown.append(Banner("illustrative", illustrative_text(facts)))
        if flags.get("awaiting_response"):
            shown.append(Banner("awaiting", "No response yet"))
        missing = flags.get("missing_figures")
        if missing:
            named = _series([self.labels.get(m, m) for m in missing])
            shown.append(Banner("missing", f"Missing figures: {named}"))
        if flags.get("no_row"):
            shown.append(Banner("missing", "No row in the data"))
        partners = [p for p in self.partners if place.slug in p.places]
        search = [place.name, place.region, place.nation, lead.label, *(p.name for p in partners)]
        return Row(
            place.slug,
            place.name,
            f"{place.slug}.html",
            place.region,
            lead,
            tuple(cells),
            tuple(shown),
            " ".join(dict.fromkeys(b.kind for b in shown)),
            " ".join(p.slug for p in partners if not p.station),
            " ".join(p.slug for p in partners if p.station),
            " ".join(" ".join(s.split()) for s in search if s).lower(),
        )

    def index_page(self) -> tuple[Page, dict[str, Any]]:
        banners = self.top()
        flagged = sum(
            bool((p.source.facts.get("flags") or {}).get("illustrative")) for p in self.places
        )
        if flagged:
            words = self.words.plural if len(self.places) != 1 else self.words.singular
            text = f"{ILLUSTRATIVE} in the drafts of {flagged} of the {len(self.places)} {words}"
            banners.append(Banner("illustrative", text))
        page = Page("index.html", "Editors' pack", banners, wide=True)
        columns = [
            Column(_capital(self.words.singular), sorted=True),
            Column("Region"),
            Column("Lead finding"),
            Column("Lead figure", numeric=True, first="descending"),
            Column("Rank", numeric=True),
            *(
                Column(
                    f"{_capital(m.label)}, " + ("%" if m.per == 100 else f"per {m.per:,}"),
                    numeric=True,
                    first="descending" if m.worse == "higher" else "ascending",
                )
                for m in self.story.measures
            ),
            Column("Flags", sortable=False),
        ]

        def links(station: bool) -> list[PartnerLink]:
            return [
                PartnerLink(
                    p.slug,
                    p.name,
                    p.page,
                    _series([self.by_slug[s].name for s in p.places if s in self.by_slug])
                    if p.places
                    else "",
                )
                for p in self.partners
                if p.station is station
            ]

        context = {
            "rows": [self._row(p) for p in self.places],
            "columns": columns,
            "regions": sorted({p.region for p in self.places if p.region}),
            "outlets": links(False),
            "stations": links(True),
            "flag_options": FLAG_OPTIONS,
            "illustrative": ILLUSTRATIVE,
        }
        return page, context

    # -- everything --

    def files(self) -> dict[str, str | bytes]:
        """Every file of the site: path inside ``site/`` -> content."""
        env = _environment()
        files: dict[str, str | bytes] = {name: (ASSETS / name).read_bytes() for name in STATIC}
        page, context = self.index_page()
        files[page.path] = env.get_template("index.html.j2").render(
            site=self.info, page=page, **context
        )
        pages = [self.place_page(p) for p in self.places]
        pages += [self.partner_page(p) for p in self.partners]
        if self.national is not None:
            pages.append(self.national_page(self.national))
        draft = env.get_template("draft.html.j2")
        for page in pages:
            files[page.path] = draft.render(site=self.info, page=page)
        return files


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def write_site(folder: Path, story: Story, outlets: Outlets | None = None) -> list[Path]:
    """Write the editors' site of the build in ``folder`` (``out/<story>/`` or its staging
    folder) to ``folder/site/``, replacing any there; returns the files written, sorted.

    ``story`` gives the words for places and which outputs are prose and which radio;
    ``outlets`` (the build's outlets file) the outlets' names, kinds and patches. Reads only
    the drafts' own files, not ``manifest.json``."""
    files = Site(folder, story, outlets).files()
    site = folder / SITE
    if site.exists():
        shutil.rmtree(site)
    written = []
    for name, content in sorted(files.items()):
        path = inside(site, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        written.append(path)
    return written
