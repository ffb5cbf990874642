"""The Word package every draft shares, made once a process; a draft adds only its own parts.

A .docx is a zip of parts, and nearly all of them (styles, theme, settings, fonts, numbering,
content types, relationships) are the same in every draft: 800 KB of XML to deflate. They are
made once, by python-docx from its default template as before (so Word shows the same styles),
deflated once and kept as the bytes of a zip, :attr:`Package.base`. Each draft then adds only
``docProps/core.xml`` (its title, keywords, dates) and ``word/document.xml`` (its body) to a
copy of those bytes: :meth:`Package.write`.

Byte-stable: every member has one fixed time and fixed permissions, the shared parts go first
in python-docx's order, then the properties, then the body; the same draft gives the same bytes.
The shared parts depend only on the document language (set in the styles' defaults), so one
package is kept per language. python-docx is imported only when the first package is made, so
a command that writes no Word file never loads it.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.delivery.archive import FIXED_TIME

if TYPE_CHECKING:
    from docx.document import Document

CORE = "docProps/core.xml"
DOCUMENT = "word/document.xml"
SHARED_LEVEL = 9
"""zlib level for the shared parts: deflated once a process, so the smallest is worth it."""
DRAFT_LEVEL = 6
"""zlib level for a draft's own parts: zlib's default, a fifth of a millisecond a draft."""
EMU_PER_TWIP = 635
_BODY = "<w:body>"
_SECTION = "<w:sectPr"


def package_members(document: Document) -> Iterator[tuple[str, bytes]]:
    """The files of the document's package, named and in the order python-docx's ``save``
    writes them: content types, the package's relationships, then each part (and its
    relationships, if it has any). ``save`` would stamp each with the clock's time."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    yield CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob
    yield PACKAGE_URI.rels_uri.membername, package.rels.xml
    for part in parts:
        yield part.partname.membername, part.blob
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _style_ids(document: Document) -> dict[tuple[str, str], str | None]:
    """Each style's id by (name, kind: "paragraph", "character", "table" or "numbering"),
    None for the default style of its kind, as python-docx sets it for a style's name."""
    from docx.enum.style import WD_STYLE_TYPE

    kinds = {kind: kind.name.lower() for kind in WD_STYLE_TYPE}
    styles = document.styles
    ids: dict[tuple[str, str], str | None] = {}
    for style in styles:
        if style.name is not None:
            ids[(style.name, kinds[style.type])] = style.style_id
    for kind, word in kinds.items():
        default = styles.default(kind)
        if default is not None and default.name is not None:
            ids[(default.name, word)] = None
    return ids


@dataclass(frozen=True)
class Package:
    """The shared parts of every draft's Word file, zipped, and what a body needs to know:
    the document part around the body, the styles' ids and the width between the margins."""

    base: bytes
    head: str
    tail: str
    styles: dict[tuple[str, str], str | None]
    width: int
    """Space between the margins, in EMU (python-docx shares it between a table's columns)."""

    def style_id(self, name: str, kind: str = "paragraph") -> str | None:
        """The id python-docx sets for the style ``name`` of ``kind`` ("paragraph", "table"),
        None for the default; KeyError for a name the template has no such style for."""
        try:
            return self.styles[(name, kind)]
        except KeyError:
            raise KeyError(f"no {kind} style named {name!r}") from None

    def column_width(self, columns: int) -> int:
        """Each column's width in twips in a table of ``columns``, as python-docx shares the
        width between the margins (in whole EMU, rounded to twips): 1440 for six columns on a
        Letter page with 1.25-inch margins."""
        return round((self.width // columns) / EMU_PER_TWIP)

    def document(self, body: str) -> bytes:
        """``word/document.xml`` holding ``body`` (paragraphs and tables as WordprocessingML)."""
        return f"{self.head}{body}{self.tail}".encode()

    def write(self, core: bytes, document: bytes) -> bytes:
        """The .docx: the shared parts, then ``core`` (the properties) and ``document``."""
        buffer = io.BytesIO(self.base)
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr(_member(CORE), core, compresslevel=DRAFT_LEVEL)
            archive.writestr(_member(DOCUMENT), document, compresslevel=DRAFT_LEVEL)
        return buffer.getvalue()


@functools.lru_cache(maxsize=8)
def prebuilt(language: str) -> Package:
    """The package for documents in ``language`` ("en-GB"), made once a process with
    python-docx's default template, the language set in the styles' defaults."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Inches

    document = docx.Document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = None if defaults is None else defaults.find(f".//{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:val"), language)
    members = dict(package_members(document))
    part = members.pop(DOCUMENT).decode("utf-8")
    members.pop(CORE)
    body = part.index(_BODY) + len(_BODY)
    section = part.index(_SECTION)
    if part[body:section]:
        raise RuntimeError("python-docx's default template has text in its body")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(_member(name), content, compresslevel=SHARED_LEVEL)
    page = document.sections[-1]  # as python-docx's Document._block_width
    width = (
        (page.page_width or Inches(8.5))
        - (page.left_margin or Inches(1))
        - (page.right_margin or Inches(1))
    )
    return Package(buffer.getvalue(), part[:body], part[section:], _style_ids(document), width)
