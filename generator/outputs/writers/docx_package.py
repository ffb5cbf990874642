"""The Word package every draft shares, made once a process; a draft adds only its own parts.

A .docx is a zip of parts, and nearly all of them (styles, theme, settings, fonts, numbering,
content types) are the same in every draft: 800 KB of XML to deflate. They are made once, by
python-docx from its default template on an A4 page, with the house's "Byline" and "Date"
styles (or with a newsroom's reference file's styles and page, :mod:`.docx_reference`),
deflated once and kept as the bytes of a zip, :attr:`Package.base`. Each draft then adds only
its relationships (to its pictures), its pictures, ``docProps/core.xml`` (its title, keywords,
dates) and ``word/document.xml`` (its body) to a copy of those bytes: :meth:`Package.write`.

Byte-stable: every member has one fixed time and fixed permissions, the shared parts go first
in python-docx's order, then the properties, then the body; the same draft gives the same bytes.
The shared parts depend only on the document language (set in the styles' defaults) and the
reference file, so one package is kept per language and reference. python-docx is imported
only when the first package is made, so a command that writes no Word file never loads it.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.delivery.archive import FIXED_TIME
from generator.outputs.writers.docx_reference import A4, Page, Reference, apply_reference

if TYPE_CHECKING:
    from docx.document import Document

CORE = "docProps/core.xml"
DOCUMENT = "word/document.xml"
RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
PNG = '<Default Extension="png" ContentType="image/png"/>'
_RELS_TYPE = '<Default Extension="rels"'
STYLES = (
    *((name, "paragraph") for name in ("Normal", "Title", "Quote", "Byline", "Date")),
    *((f"Heading {level}", "paragraph") for level in range(1, 5)),
    *(
        (f"{kind}{level}", "paragraph")
        for kind in ("List Bullet", "List Number")
        for level in ("", " 2", " 3")
    ),
    ("Table Grid", "table"),
)
"""Every style the Word writer uses, by name and kind: a reference file lacking one gets
the default's."""
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


def _member(name: str, compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = compress
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
    the document part around the body, the document's relationships, the styles' ids and the
    width between the margins."""

    base: bytes
    head: str
    tail: str
    rels: str
    """``word/_rels/document.xml.rels`` without its closing tag: a draft adds its pictures."""
    styles: dict[tuple[str, str], str | None]
    width: int
    """Space between the left and right margins, in twips."""
    height: int
    """Space between the top and bottom margins, in twips."""

    def style_id(self, name: str, kind: str = "paragraph") -> str | None:
        """The id python-docx sets for the style ``name`` of ``kind`` ("paragraph", "table"),
        None for the default; KeyError for a name the template has no such style for."""
        try:
            return self.styles[(name, kind)]
        except KeyError:
            raise KeyError(f"no {kind} style named {name!r}") from None

    def document(self, body: str) -> bytes:
        """``word/document.xml`` holding ``body`` (paragraphs and tables as WordprocessingML)."""
        return f"{self.head}{body}{self.tail}".encode()

    def document_ends(self) -> tuple[bytes, bytes]:
        """What ``word/document.xml`` holds before and after the body, encoded."""
        return self.head.encode(), self.tail.encode()

    def write(
        self, core: bytes, document: Chunks, media: Sequence[tuple[str, str, bytes]] = ()
    ) -> bytes:
        """The .docx: the shared parts, then the document's relationships, ``media`` (each
        picture's relationship id, file name in ``word/media/`` and bytes, stored as they
        are: a PNG is compressed already), ``core`` (the properties) and ``document`` (its
        bytes, or a function giving them in pieces, deflated as they come).

        The bytes are those of opening :attr:`base` with ``zipfile`` to append these members
        (:meth:`write_zipfile`), written directly: the shared parts' entries and directory
        records are copied as they are, each new member gets the header and record
        ``zipfile`` would write."""
        links = "".join(
            f'<Relationship Id="{rel}" Type="{IMAGE}" Target="media/{name}"/>'
            for rel, name, _ in media
        )
        rels = f"{self.rels}{links}</Relationships>".encode()
        members = [
            (RELS, _packed(rels, True, shared=True)),  # the same for most drafts
            *((f"word/media/{name}", _packed(data, False)) for _, name, data in media),
            (CORE, _packed(core, True)),
            (DOCUMENT, _packed(document, True)),
        ]
        if sum(size for _, (_, _, size, _) in members) > _SMALL:
            whole = document if isinstance(document, bytes) else b"".join(document())
            return self.write_zipfile(core, whole, media)
        entries, records = [self.entries], [self.records]
        offset = len(self.entries)
        for name, (body, crc, size, deflate) in members:
            header, record = _headers(name, crc, size, body, deflate, offset)
            entries += (header, body)
            records.append(record)
            offset += len(header) + len(body)
        count = self.count + len(members)
        size = sum(len(record) for record in records)
        end = struct.pack(_END[0], _END[1], 0, 0, count, count, size, offset, 0)
        return b"".join((*entries, *records, end))

    def write_zipfile(
        self, core: bytes, document: bytes, media: Sequence[tuple[str, str, bytes]] = ()
    ) -> bytes:
        """What :meth:`write` writes, by ``zipfile`` appending to :attr:`base` (for a
        document too large for :meth:`write`'s plain headers)."""
        links = "".join(
            f'<Relationship Id="{rel}" Type="{IMAGE}" Target="media/{name}"/>'
            for rel, name, _ in media
        )
        buffer = io.BytesIO(self.base)
        with zipfile.ZipFile(buffer, "a") as archive:
            rels = f"{self.rels}{links}</Relationships>".encode()
            archive.writestr(_member(RELS), rels, compresslevel=DRAFT_LEVEL)
            for _, name, data in media:
                archive.writestr(_member(f"word/media/{name}", zipfile.ZIP_STORED), data)
            archive.writestr(_member(CORE), core, compresslevel=DRAFT_LEVEL)
            archive.writestr(_member(DOCUMENT), document, compresslevel=DRAFT_LEVEL)
        return buffer.getvalue()

    @functools.cached_property
    def _split(self) -> tuple[bytes, bytes, int]:
        """:attr:`base` as its members' entries, its directory's records and their count."""
        (_, _, _, _, count, size, start, _) = struct.unpack(_END[0], self.base[-_END_SIZE:])
        return self.base[:start], self.base[start : start + size], count

    @property
    def entries(self) -> bytes:
        return self._split[0]

    @property
    def records(self) -> bytes:
        return self._split[1]

    @property
    def count(self) -> int:
        return self._split[2]


Chunks = bytes | Callable[[], Iterable[bytes]]
"""A member's bytes, or a function giving them in pieces (:meth:`Package.write`)."""


def _packed(data: Chunks, deflate: bool, shared: bool = False) -> tuple[bytes, int, int, bool]:
    """A member as it is stored (deflated at :data:`DRAFT_LEVEL`, or as it is), its CRC-32
    and size, and whether it is deflated; pieces are deflated as they come (the same bytes
    as the whole deflated at once: deflate waits for more input before it decides anything
    while it is not told to flush), ``shared`` bytes once for every draft."""
    if isinstance(data, bytes):
        body = (_deflated(data) if shared else _deflate(data)) if deflate else data
        return body, zlib.crc32(data), len(data), deflate
    compressor = zlib.compressobj(DRAFT_LEVEL, zlib.DEFLATED, -15) if deflate else None
    out, crc, size = [], 0, 0
    for piece in data():
        crc, size = zlib.crc32(piece, crc), size + len(piece)
        out.append(compressor.compress(piece) if compressor else piece)
    if compressor:
        out.append(compressor.flush())
    return b"".join(out), crc, size, deflate


def _deflate(data: bytes) -> bytes:
    """``data`` deflated as ``zipfile`` deflates a member at :data:`DRAFT_LEVEL`."""
    compressor = zlib.compressobj(DRAFT_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


@functools.lru_cache(maxsize=16)
def _deflated(data: bytes) -> bytes:
    """:func:`_deflate` of a member most drafts share byte for byte (the relationships of a
    document with the same number of pictures), kept."""
    return _deflate(data)


# The zip format's records, as zipfile writes them (its structFileHeader, structCentralDir and
# structEndArchive, with their signatures).
_ENTRY = ("<4s2B4HL2L2H", b"PK\x03\x04")
_RECORD = ("<4s4B4HL2L5H2L", b"PK\x01\x02")
_END = ("<4s4H2LH", b"PK\x05\x06")
_END_SIZE = struct.calcsize(_END[0])
_SMALL = 1 << 30
"""Members beyond this many bytes in all go through ``zipfile`` (ZIP64 is its business)."""


def _headers(
    name: str, crc: int, size: int, body: bytes, deflate: bool, offset: int
) -> tuple[bytes, bytes]:
    """The local header and the directory record ``zipfile`` writes for the member ``name``
    (:func:`_member`: the fixed time and permissions) holding ``size`` bytes whose CRC-32 is
    ``crc`` as ``body`` (deflated or stored) at ``offset``."""
    info = _member(name, zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED)
    try:
        encoded, flags = name.encode("ascii"), 0
    except UnicodeEncodeError:
        encoded, flags = name.encode("utf-8"), 0x800
    year, month, day, hour, minute, second = info.date_time
    date = (year - 1980) << 9 | month << 5 | day
    clock = hour << 11 | minute << 5 | second // 2
    method = info.compress_type
    header = struct.pack(
        *_ENTRY, info.extract_version,
        info.reserved, flags, method, clock, date, crc, len(body), size, len(encoded), 0,
    ) + encoded  # fmt: skip
    record = struct.pack(
        *_RECORD, info.create_version,
        info.create_system, info.extract_version, info.reserved, flags, method, clock, date,
        crc, len(body), size, len(encoded), 0, 0, 0, info.internal_attr,
        info.external_attr, offset,
    ) + encoded  # fmt: skip
    return header, record


def _house_styles(document: Document) -> None:
    """The styles the drafts use that python-docx's template lacks: "Byline" (bold) and
    "Date" (grey), each a paragraph style based on Normal that a reference file may restyle."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    styles = document.styles
    byline = styles.add_style("Byline", WD_STYLE_TYPE.PARAGRAPH)
    byline.base_style = styles["Normal"]
    byline.font.bold = True
    byline.paragraph_format.space_after = 0
    date = styles.add_style("Date", WD_STYLE_TYPE.PARAGRAPH)
    date.base_style = styles["Normal"]
    date.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _set_page(document: Document, page: Page) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    section = document.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(page.width), Twips(page.height)
    section.top_margin, section.bottom_margin = Twips(page.top), Twips(page.bottom)
    section.left_margin, section.right_margin = Twips(page.left), Twips(page.right)
    section.header_distance, section.footer_distance = Twips(page.header), Twips(page.footer)
    section.gutter = Twips(page.gutter)


def _set_language(document: Document, language: str) -> None:
    """The language of the styles' defaults (what Word checks spelling in)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = document.styles.element
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"):
        child = element.find(qn(tag))
        if child is None:
            child = OxmlElement(tag)
            if tag == "w:lang":
                element.append(child)
            else:
                element.insert(0, child)
        element = child
    element.set(qn("w:val"), language)


@functools.lru_cache(maxsize=16)
def prebuilt(language: str, reference: Reference | None = None) -> Package:
    """The package for documents in ``language`` ("en-GB"), made once a process with
    python-docx's default template (and the "Byline" and "Date" styles), on an A4 page; with
    a ``reference``, its styles, numbering and page instead (:mod:`.docx_reference`)."""
    import docx

    document = docx.Document()
    _house_styles(document)
    if reference is not None:
        apply_reference(document, reference, STYLES)
    _set_language(document, language)
    page = A4 if reference is None else reference.page
    _set_page(document, page)
    members = dict(package_members(document))
    part = members.pop(DOCUMENT).decode("utf-8")
    members.pop(CORE)
    rels = members.pop(RELS).decode("utf-8")
    types = members[TYPES].decode("utf-8")
    if PNG not in types:
        members[TYPES] = types.replace(_RELS_TYPE, PNG + _RELS_TYPE, 1).encode("utf-8")
    body = part.index(_BODY) + len(_BODY)
    section = part.index(_SECTION)
    if part[body:section]:
        raise RuntimeError("python-docx's default template has text in its body")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(_member(name), content, compresslevel=SHARED_LEVEL)
    width = page.width - page.left - page.right - page.gutter
    return Package(
        buffer.getvalue(),
        part[:body],
        part[section:],
        rels.removesuffix("</Relationships>"),
        _style_ids(document),
        width,
        page.height - abs(page.top) - abs(page.bottom),
    )
