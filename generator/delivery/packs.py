"""Partner packs: everything one outlet needs, as a folder and as a zip of the same files.

A pack holds the outlet's own draft in every format at its top, the draft and radio scripts of
each place in its patch under ``<places>/<slug>/`` (``forces/hampshire/``), those places' rows
of the data as ``data.csv``, and ``method.md``: what is in the pack, how the figures were
made, and what to check before publishing. Packs are made from the drafts already rendered,
so a pack never disagrees with the build it came from.

An outlet that covers every place (``places: all``: a national outlet) gets its own draft,
every row of the data and the note; each place's drafts stay in the build's own folders rather
than being copied into its pack (for 331 councils, hundreds of megabytes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from generator.base.markup import escape_markdown, inert_markdown
from generator.base.names import FORMULA
from generator.checks.warnings import pack_warnings
from generator.delivery.archive import stable_zip
from generator.drafts.jobs import DraftResult
from generator.drafts.prepared import Prepared, covered
from generator.language.filters import series

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
"""A plain number as a spreadsheet reads it (``-3``, ``+0.5``, ``1e3``, ``-12%``)."""

FORMATS = {
    "md": "Markdown",
    "html": "web page",
    "txt": "plain text for pasting into a CMS",
    "docx": "Word",
    "ninjs.json": "IPTC ninjs JSON for newsroom systems",
    "json": "facts: every figure with the data cell it came from",
}


@dataclass(frozen=True)
class Pack:
    """One outlet's pack: ``files`` maps a path inside the pack to its bytes."""

    slug: str
    name: str
    places: tuple[str, ...]
    files: dict[str, bytes]

    @property
    def zip_bytes(self) -> bytes:
        return stable_zip((f"{self.slug}/{path}", data) for path, data in self.files.items())


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _describe(names: Iterable[str]) -> str:
    """``article: Markdown, Word, ...`` for a draft's files, grouped by output name."""
    by_output: dict[str, list[str]] = {}
    for name in names:
        output, _, ext = name.partition(".")
        if output == "facts":
            output, ext = "facts", "json"
        by_output.setdefault(output, []).append(FORMATS.get(ext, ext))
    return "; ".join(f"`{output}` ({', '.join(kinds)})" for output, kinds in by_output.items())


def method_note(
    *,
    title: str,
    outlet: str,
    embargo: str | None,
    own: Iterable[str],
    places: list[tuple[str, str]],
    folder: str,
    measures: list[tuple[str, str, str]],
    source: str,
    credit: str,
    warnings: list[str],
) -> str:
    """The pack's ``method.md``. ``places`` are (slug, name) pairs, ``measures`` (label,
    numerator column, denominator column); ``source`` and ``credit`` the manifest's
    ``engine.source`` and ``engine.credit``. Names, labels, source and credit come from inputs,
    so they print as text (escaped), and the note as a whole passes through
    :func:`~generator.base.markup.inert_markdown`: no tag, script link or remote image."""
    e = escape_markdown
    lines = [embargo, ""] if embargo else []
    lines += [f"# {e(title)}", "", f"Pack for {e(outlet)}.", ""]
    lines += ["## What is in this pack", "", f"- Your draft: {_describe(own)}."]
    if places:
        names = series(e(name) for _, name in places)
        lines.append(
            f"- `{folder}/`: the draft and radio scripts for {names}, in the same formats."
        )
    lines += [
        "- `data.csv`: the rows of the data these drafts were written from. A cell that "
        "begins with =, +, -, @, a tab or a carriage return and is not a plain number starts "
        "with an apostrophe ('), so that Excel and Google Sheets show it as text and never "
        "run it as a formula.",
        "- `method.md`: this note.",
        "",
        "## How the figures were made",
        "",
    ]
    for label, numerator, denominator in measures:
        lines.append(f"- {e(label)}: {_code(numerator)} out of {_code(denominator)}.")
    lines += [
        "",
        "Rates are compared exactly, not as rounded percentages; places with equal rates share "
        "a rank and places without a figure are left out of rankings. Percentages are rounded "
        "half up to whole numbers.",
        "",
    ]
    if source:
        lines += [f"Source: {e(source)}.", ""]
    if credit:
        lines += [f"Credit: {e(credit)}.", ""]
    lines += ["## Before you publish", ""]
    lines += [f"- {e(w)}" for w in warnings] or ["- Nothing outstanding in this pack."]
    return inert_markdown("\n".join(lines) + "\n")


def _code(name: str) -> str:
    """A column name as Markdown code (a backtick in the name cannot end the span)."""
    return f"`{name.replace('`', chr(39))}`"


def safe_cell(value: object) -> object:
    """A cell that a spreadsheet cannot run as a formula: text beginning with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, as OWASP recommends
    against CSV injection. A plain number (``-3``, ``+1.5e3``) is left as it is, so that a
    negative figure stays a number: a spreadsheet reads it as a number, never a formula."""
    if isinstance(value, str) and value.startswith(FORMULA) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_rows(table: pd.DataFrame | None, rows: list[int]) -> bytes:
    """The header and the given spreadsheet rows (header = row 1) of the data, as CSV, every
    cell (header too) made safe to open in a spreadsheet with :func:`safe_cell`."""
    if table is None:
        return b""
    picked = table.iloc[[r - 2 for r in sorted(rows)]].map(safe_cell)
    picked.columns = [safe_cell(str(c)) for c in picked.columns]
    return picked.to_csv(index=False, lineterminator="\n").encode("utf-8")


def make_pack(
    slug: str,
    name: str,
    own: dict[str, str | bytes],
    places: list[tuple[str, dict[str, str | bytes]]],
    folder: str,
    data_csv: bytes,
    note: str,
) -> Pack:
    """Put an outlet's files together: its own draft first, then each place's, the data and
    the method note. ``places`` are (slug, files) pairs."""
    files = {path: _bytes(content) for path, content in own.items()}
    for place, place_files in places:
        for path, content in place_files.items():
            files[f"{folder}/{place}/{path}"] = _bytes(content)
    files["data.csv"] = data_csv
    files["method.md"] = note.encode("utf-8")
    return Pack(slug, name, tuple(p for p, _ in places), files)


def make_packs(prepared: Prepared, results: list[DraftResult]) -> list[Pack]:
    """One pack per outlet with a place in the data, from the drafts just rendered."""
    by_folder = {r.folder: r for r in results}
    story = prepared.story
    folder = story.unit.plural.replace(" ", "-")
    measures = [(m.label, m.numerator, " + ".join(m.base_columns)) for m in story.measures]
    packs = []
    for outlet in covered(prepared):
        own = by_folder[f"{'radio' if outlet.is_broadcast else 'partners'}/{outlet.slug}"]
        slugs = [s for s in outlet.places if s in prepared.dataset.records]
        places = [] if outlet.everywhere else [by_folder[s] for s in slugs]
        note = method_note(
            title=story.title,
            outlet=outlet.name,
            embargo=prepared.embargo,
            own=own.files,
            places=[(p.folder, p.name) for p in places],
            folder=folder,
            measures=measures,
            source=story.engine.source,
            credit=story.engine.credit,
            warnings=pack_warnings([own, *places], prepared.dataset),
        )
        rows = [r.row for s in slugs if not (r := prepared.dataset.record(s)).absent]
        data = csv_rows(prepared.dataset.table, rows)
        packs.append(
            make_pack(
                outlet.slug,
                outlet.name,
                own.files,
                [(p.folder, p.files) for p in places],
                folder,
                data,
                note,
            )
        )
    return packs
