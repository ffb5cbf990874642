"""Partner packs: everything one outlet needs, as one zip, ``packs/<outlet>.zip``.

A pack holds the outlet's own draft in every format at its top, the draft and radio scripts of
each place in its patch under ``<places>/<slug>/`` (``forces/hampshire/``), those places' rows
of the data as ``data.csv``, and ``method.md``: what is in the pack, how the figures were
made, and what to check before publishing. Packs are made from the draft files already
written to the build's staging folder, read back a file at a time, so a pack never disagrees
with the build it came from and a build of thousands of places never holds a pack in memory.
Each file is written once as itself, in its draft's folder, and once in the zip that carries
it to a partner; there is no unpacked copy of a pack.

An outlet that covers every place (``places: all``: a national outlet) gets its own draft,
every row of the data and the note; each place's drafts stay in the build's own folders rather
than being copied into its pack (for 331 councils, hundreds of megabytes).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from generator.base.markup import escape_markdown, inert_markdown
from generator.base.names import FORMULA, inside
from generator.checks.warnings import pack_warnings
from generator.delivery.archive import write_stable_zip
from generator.delivery.manifest import file_sha256
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
    """One outlet's pack as written: ``path`` is its zip inside the build
    (``packs/<slug>.zip``), ``size`` and ``sha256`` the zip's bytes and hash."""

    slug: str
    name: str
    places: tuple[str, ...]
    path: str
    size: int
    sha256: str


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
    cell (header too) made safe to open in a spreadsheet with :func:`safe_cell`.

    Cells that are all text (as every CSV is read) are written by the ``csv`` module, the
    writer pandas' ``to_csv`` uses, with the same dialect and so the same bytes; a table of
    other values (numbers from a workbook) goes through ``to_csv`` for its number formats."""
    if table is None:
        return b""
    picked = table.iloc[[r - 2 for r in sorted(rows)]]
    header = [safe_cell(str(c)) for c in picked.columns]
    values = picked.to_numpy(dtype=object)
    if not all(isinstance(v, str) for v in values.flat):
        picked = picked.map(safe_cell)
        picked.columns = header
        return picked.to_csv(index=False, lineterminator="\n").encode("utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in values)
    return out.getvalue().encode("utf-8")


def _order(name: str) -> tuple[bool, str, int, str]:
    """A draft's files output by output, the facts last (as they are rendered), each output's
    formats in :data:`FORMATS` order."""
    output, _, ext = name.partition(".")
    rank = list(FORMATS).index(ext) if ext in FORMATS else len(FORMATS)
    return output == "facts", output, rank, ext


def draft_files(folder: Path, draft: str) -> list[tuple[str, Path]]:
    """The files of draft folder ``draft`` (``partners/kent-online``, ``kent``) in the build
    staged in ``folder``: (path inside the draft folder, file), in :func:`_order`."""
    base = inside(folder, draft)
    found = [(p.relative_to(base).as_posix(), p) for p in base.rglob("*") if p.is_file()]
    return sorted(found, key=lambda pair: _order(pair[0]))


def _members(
    slug: str,
    own: list[tuple[str, Path]],
    places: list[tuple[str, list[tuple[str, Path]]]],
    folder: str,
    data_csv: bytes,
    note: str,
) -> Iterator[tuple[str, Path | bytes]]:
    """A pack's zip entries, all under ``<slug>/``: the outlet's own draft first, then each
    place's under ``<folder>/<place>/``, the data and the method note."""
    yield from ((f"{slug}/{name}", path) for name, path in own)
    for place, files in places:
        yield from ((f"{slug}/{folder}/{place}/{name}", path) for name, path in files)
    yield f"{slug}/data.csv", data_csv
    yield f"{slug}/method.md", note.encode("utf-8")


def write_packs(prepared: Prepared, drafts: list[DraftResult], folder: Path) -> list[Pack]:
    """Write ``packs/<slug>.zip`` into the build staged in ``folder`` for every outlet with a
    place in the data, from the ``drafts`` whose files are already written there (only their
    folder, name and flags are read: never their files in memory)."""
    by_folder = {d.folder: d for d in drafts}
    story = prepared.story
    unit_folder = story.unit.plural.replace(" ", "-")
    measures = [(m.label, m.numerator, " + ".join(m.base_columns)) for m in story.measures]
    packs = []
    for outlet in covered(prepared):
        own = by_folder[f"{'radio' if outlet.is_broadcast else 'partners'}/{outlet.slug}"]
        own_files = draft_files(folder, own.folder)
        slugs = [s for s in outlet.places if s in prepared.dataset.records]
        places = [] if outlet.everywhere else [by_folder[s] for s in slugs]
        note = method_note(
            title=story.title,
            outlet=outlet.name,
            embargo=prepared.embargo,
            own=[name for name, _ in own_files],
            places=[(p.folder, p.name) for p in places],
            folder=unit_folder,
            measures=measures,
            source=story.engine.source,
            credit=story.engine.credit,
            warnings=pack_warnings([own, *places], prepared.dataset),
        )
        rows = [r.row for s in slugs if not (r := prepared.dataset.record(s)).absent]
        data = csv_rows(prepared.dataset.table, rows)
        path = f"packs/{outlet.slug}.zip"
        target = inside(folder, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        placed = [(p.folder, draft_files(folder, p.folder)) for p in places]
        members = _members(outlet.slug, own_files, placed, unit_folder, data, note)
        write_stable_zip(target, members)
        digest, size = file_sha256(target)
        places_in = tuple(p.folder for p in places)
        packs.append(Pack(outlet.slug, outlet.name, places_in, path, size, digest))
    return packs


def read_pack(zip_path: Path) -> dict[str, bytes]:
    """Every file of a pack's zip, by its path inside the pack (``method.md``,
    ``forces/kent/article.md``), in the zip's order."""
    with zipfile.ZipFile(zip_path) as archive:
        return {
            name.split("/", 1)[1]: archive.read(name)
            for name in archive.namelist()
            if "/" in name and not name.endswith("/")
        }
