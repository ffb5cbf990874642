"""The build's files a draft's page links to: its downloads (each format the story writes,
the radio scripts, the facts, a partner's pack), each saved under a name that says whose it
is, and its charts from ``charts.json``."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from generator.language.present import capital
from generator.outputs.image_sizes import SVG_HEAD, png_size, svg_size
from generator.outputs.site.load import DraftFiles, DraftFolder, file_name
from generator.outputs.site.model import ChartView, Download, Held, Page
from generator.outputs.site.words import anchor_id
from generator.outputs.writers import WRITERS

FORMAT_LABELS = {
    "docx": "Word document (DOCX)",
    "txt": "plain text (TXT)",
    "ninjs": "ninjs for newsroom systems (JSON)",
    "md": "Markdown",
    "html": "web page (HTML)",
}
DOWNLOAD_ORDER = tuple(FORMAT_LABELS)
CHART_TITLES = {"chart": "Bar chart", "funnel": "Funnel plot", "change": "Change chart"}


def size_text(n: int) -> str:
    """A file's size: "900 bytes", "12 KB"."""
    return f"{n:,} bytes" if n < 1024 else f"{max(1, round(n / 1024)):,} KB"


@functools.lru_cache(maxsize=256)
def _folder_name(rel: str) -> str:
    """The last part of a build's folder ``rel``: worked out once for a draft's files."""
    return PurePosixPath(rel).name


def saved_name(source: DraftFolder, story: str, name: str) -> str:
    """The name a draft's file is saved under: its folder's slug and the story's, then what
    the file is ("hampshire-cancelled-crimes.docx" for the article, "...-radio.txt",
    "...-facts.json", "...-chart.svg"), where the build names every draft's files alike
    ("article.docx")."""
    owner = f"{_folder_name(source.rel)}-{story}"
    prose = source.prose.name if source.prose is not None else None
    stem, dot, rest = name.partition(".")
    if stem == prose and dot:
        return f"{owner}.{rest}"
    return f"{owner}-{name}"


def downloads_of(build: Path, page: Page, source: DraftFolder, story: str) -> list[Download]:
    """Links to a draft's own files in the build, in the order the story lists its formats,
    each saved under a name that says whose it is (:func:`saved_name`; ``story`` is the
    story's slug)."""
    found = []
    files = source.reader(build)
    names: list[tuple[str, str]] = []
    for output, what in ((source.prose, page.article_title), (source.radio, "Radio scripts")):
        if output is None:
            continue
        formats = sorted(
            (f for f in output.formats if f in WRITERS and f != "json"),
            key=lambda f: DOWNLOAD_ORDER.index(f) if f in DOWNLOAD_ORDER else len(DOWNLOAD_ORDER),
        )
        names += [(file_name(output, f), f"{what}: {FORMAT_LABELS.get(f, f)}") for f in formats]
        if output is source.radio:
            names.append((f"{output.name}.json", f"{what}: scripts and facts (JSON)"))
    if source.prose is not None:
        names.append(("facts.json", "Facts (JSON)"))
    for name, label in names:
        if files.is_file(name):
            href = f"{page.build}{source.rel}/{name}"
            saved = saved_name(source, story, name)
            found.append(Download(href, label, name, size_text(files.size(name)), saved))
    return found


def pack_download(
    build: Path, page: Page, slug: str, story: str, held: Held | None = None
) -> Download | None:
    """The partner pack ``packs/<slug>.zip`` of the build, when there is one, saved as
    "<slug>-<story>.zip"; ``held`` says why release would not send it (None when it would)."""
    pack = build / "packs" / f"{slug}.zip"
    if not pack.is_file():
        return None
    name = f"packs/{slug}.zip"
    size = size_text(pack.stat().st_size)
    saved = f"{slug}-{story}.zip"
    return Download(f"{page.build}{name}", "Partner pack (ZIP)", name, size, saved, held)


def _png_size(files: DraftFiles, name: str) -> tuple[int, int] | None:
    try:
        return png_size(files.head(name, 24))
    except OSError:
        return None


_SVG_FONT = re.compile(rb'font-size(?:\s*:\s*|=")([0-9]{1,3}(?:\.[0-9]{1,3})?)(?:px)?\b')
SVG_READ = 1 << 20
"""The most of an SVG read for its labels' sizes (a chart's SVG is some 10 KB)."""
PHONE = 360 - 26
"""The width a chart has on the narrowest phone the site is made for: 360 pixels less the
page's margins and the chart's border (``site.css``)."""
LEGIBLE = 9.0
"""The smallest label, in CSS pixels, a phone's reader can read without zooming."""


def _svg_size(files: DraftFiles, name: str) -> tuple[int, int] | None:
    """The width and height an SVG's opening tag gives in pixels (else its ``viewBox``),
    rounded to whole pixels, when it gives them."""
    try:
        size = svg_size(files.head(name, SVG_HEAD))
    except OSError:
        return None
    return (round(size[0]), round(size[1])) if size else None


def _smallest_label(files: DraftFiles, name: str) -> float | None:
    """The smallest font size an SVG's text is set in, in its own units, when it says."""
    try:
        text = files.head(name, SVG_READ)
    except OSError:
        return None
    sizes = []
    at = text.find(b"font-size")  # each match starts so: found quickly, then matched there
    while at != -1:
        m = _SVG_FONT.match(text, at)
        if m is not None:
            sizes.append(float(m[1]))
        at = text.find(b"font-size", m.end() if m is not None else at + 1)
    return min(sizes) if sizes else None


def too_small(width: int | None, smallest: float | None) -> bool:
    """Whether a chart ``width`` pixels wide, its smallest label ``smallest`` pixels (unknown
    for a PNG), is unreadable once scaled to a phone's width (:data:`PHONE`, :data:`LEGIBLE`):
    then a phone offers it full size. A chart no wider than the phone is never scaled down."""
    if width is None or width <= PHONE:
        return False
    return smallest is None or smallest * PHONE / width < LEGIBLE


def _plain_name(value: Any) -> str | None:
    """A file name in the draft's own folder (no folders, no addresses), or ``None``."""
    if not isinstance(value, str) or not value or ":" in value:
        return None
    if "/" not in value:  # a name as it is, but "." (no name) and ".."
        return value if value not in (".", "..") else None
    name = PurePosixPath(value)
    return value if name.name == value and value not in (".", "..") else None


def chart_sets(listed: Mapping[str, Any]) -> list[tuple[str, str, Mapping[str, Any]]]:
    """The charts a ``charts.json`` lists, as (id, measure, entry): a place's
    ``{"measure": ..., "chart": {...}, "funnel": {...}}``, or a draft's several sets under
    ``{"charts": [{"measure": ..., "chart": {...}}, ...]}``."""
    several = listed.get("charts")
    sets = [c for c in several if isinstance(c, Mapping)] if isinstance(several, list) else []
    found: list[tuple[str, str, Mapping[str, Any]]] = []
    for chart_set in sets or [listed]:
        measure = chart_set.get("measure")
        measure = measure if isinstance(measure, str) else ""
        for kind, entry in chart_set.items():
            if isinstance(entry, Mapping):
                key = f"{kind}-{measure}" if sets and measure else str(kind)
                found.append((anchor_id(key), measure, {"kind": kind, **entry}))
    return found


def charts_of(
    build: Path,
    page: Page,
    sources: Sequence[DraftFolder],
    labels: Mapping[str, str],
    story: str,
) -> list[ChartView]:
    """The charts of the first of ``sources`` that has a ``charts.json``, each shown from its
    SVG (sharp at any width; else its PNG), as wide as the page allows and never wider, with
    its alt text, a download of each file and, where a phone would shrink its labels too far
    (:func:`too_small`), a link to see it full size; none when no folder has charts."""
    source = next((s for s in sources if s.charts), None)
    if source is None:
        return []
    folder = source.reader(build)
    charts = []
    for key, measure, entry in chart_sets(source.charts):
        named = {fmt: _plain_name(entry.get(fmt)) for fmt in ("svg", "png")}
        files = {fmt: name for fmt, name in named.items() if name and folder.is_file(name)}
        if not files:
            continue
        shown = files.get("svg") or files["png"]
        size = _svg_size(folder, shown) if "svg" in files else _png_size(folder, shown)
        smallest = _smallest_label(folder, shown) if "svg" in files else None
        links = tuple(
            Download(
                f"{page.build}{source.rel}/{name}",
                fmt.upper(),
                name,
                size_text(folder.size(name)),
                saved_name(source, story, name),
            )
            for fmt, name in sorted(files.items(), key=lambda item: item[0] != "png")
        )
        kind = str(entry["kind"])
        title = str(entry.get("title") or CHART_TITLES.get(kind, capital(kind)))
        if measure and not entry.get("title"):
            title += f": {labels.get(measure, measure)}"
        charts.append(
            ChartView(
                key,
                title,
                f"{page.build}{source.rel}/{shown}",
                str(entry.get("alt") or title),
                size[0] if size else None,
                size[1] if size else None,
                links,
                too_small(size[0] if size else None, smallest),
            )
        )
    return charts
