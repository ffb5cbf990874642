"""A newsroom's own Word template, ``reference.docx``: its styles and page setup replace the
house default in every Word draft it covers.

``templates/<story>/reference.docx`` covers every draft of the story;
``templates/<story>/reference/<outlet>.docx`` (the outlet's slug, as in the outlets file)
covers one outlet's drafts and wins over the story's. Without either, drafts are A4 with
2.54 cm margins in python-docx's default styles.

A reference file is untrusted: it is refused, with the file named and what to do, when it is
larger than :data:`MAX_BYTES`, is not a zip, holds more than :data:`MAX_MEMBERS` files, lacks
``word/document.xml`` or ``word/styles.xml``, has a part taken from it larger than
:data:`MAX_PART` unpacked (a zip bomb), or a part that is not well-formed XML or declares a
DOCTYPE (entities are never expanded: a part with one is refused rather than half read). Only
three parts are read, each at most :data:`MAX_PART` bytes: the styles (``word/styles.xml``),
the list numbering the styles use (``word/numbering.xml``, if any) and the main document, for
its last section's page size and margins (``word/document.xml``). Its text, pictures, macros,
headers, links and settings are never copied. A style the drafts use that the file lacks
("Quote", "Table Grid"...) is copied from the default, so any Word document will do.
"""

from __future__ import annotations

import copy
import io
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.base.errors import InputError, Problem
from generator.base.files import read_bounded

if TYPE_CHECKING:
    from docx.document import Document

STORY_FILE = "reference.docx"
OUTLET_FOLDER = "reference"
MAX_BYTES = 10_000_000
MAX_MEMBERS = 500
MAX_PART = 5_000_000
"""The most bytes a part taken from a reference file may unpack to."""
MIN_TEXT_WIDTH = 4_000
"""Twips between the side margins a page must leave for text (7 cm)."""
MIN_TEXT_HEIGHT = 5_670
"""Twips between the top and bottom margins a page must leave for text (10 cm)."""
HINT = (
    "Save the newsroom's template from Word as a .docx (Word Document, not .dotx or .docm) "
    "and put it here, or remove the file to use the house default"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
NUMBERING_PART = "word/numbering.xml"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Page:
    """A page's size and margins, in twips (1,440 to the inch)."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int
    header: int
    footer: int
    gutter: int = 0
    landscape: bool = False


A4 = Page(11906, 16838, 1440, 1440, 1440, 1440, 708, 708)
"""The house default: A4, 2.54 cm (one inch) margins all round."""


@dataclass(frozen=True)
class Reference:
    """What the drafts take from one reference file: its styles, its list numbering (None
    when it has none) and its page, as read from ``name`` (the file as shown)."""

    name: str
    styles: bytes
    numbering: bytes | None
    page: Page


def _refuse(shown: str, message: str, hint: str = HINT) -> InputError:
    return InputError(Problem(shown, message, hint=hint))


def _parts(data: bytes, shown: str) -> dict[str, bytes]:
    """The parts taken from the zip ``data``, by name (numbering only if it has one), each
    read at most :data:`MAX_PART` bytes (zipfile stops at a member's declared size, and a
    read never goes further than asked); InputError for a file that is not a zip, holds too
    many files, lacks a part the drafts need or has one too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if len(names) > MAX_MEMBERS:
                raise _refuse(shown, f"holds {len(names):,} files, more than {MAX_MEMBERS:,}")
            parts = {}
            for name in (DOCUMENT, STYLES, NUMBERING_PART):
                if name not in names:
                    continue
                with archive.open(name) as member:
                    part = member.read(MAX_PART + 1)
                if len(part) > MAX_PART:
                    raise _refuse(shown, f"has a {name} of more than {MAX_PART:,} bytes")
                parts[name] = part
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
        raise _refuse(shown, "is not a Word document (not a .docx zip)") from None
    for name in (DOCUMENT, STYLES):
        if name not in parts:
            raise _refuse(shown, f"cannot be read as a Word document (it has no {name})")
    return parts


def _parse(part: bytes, name: str, shown: str) -> Any:
    """The root element of ``part`` (named ``name`` in the file ``shown``), parsed by
    python-docx's parser (entities never expanded); InputError for XML that is not
    well-formed or that declares a DOCTYPE (which could define entities)."""
    from docx.oxml.parser import parse_xml

    try:
        root = parse_xml(part)
    except (SyntaxError, ValueError):  # lxml's XMLSyntaxError is a SyntaxError
        raise _refuse(
            shown, f"cannot be read as a Word document ({name} is not valid XML)"
        ) from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise _refuse(shown, f"cannot be read as a Word document ({name} declares a DOCTYPE)")
    return root


def _page(document: Any) -> Page:
    """The page of the main document's last section (its body's ``sectPr``); A4 without one."""
    from docx.section import Section

    body = document.find(_w("body"))
    sect_pr = None if body is None else body.find(_w("sectPr"))
    if sect_pr is None:
        return A4
    section = Section(sect_pr, None)  # type: ignore[arg-type]  # page setup needs no part

    def twips(value: object, default: int) -> int:
        return default if value is None else int(getattr(value, "twips", default))

    return Page(
        twips(section.page_width, A4.width),
        twips(section.page_height, A4.height),
        twips(section.top_margin, A4.top),
        twips(section.right_margin, A4.right),
        twips(section.bottom_margin, A4.bottom),
        twips(section.left_margin, A4.left),
        twips(section.header_distance, A4.header),
        twips(section.footer_distance, A4.footer),
        twips(section.gutter, A4.gutter),
        int(section.orientation or 0) == 1,
    )


def _check_page(page: Page, shown: str) -> None:
    """Refuse a page of no sensible size or whose margins leave too little room for text."""
    width = page.width - page.left - page.right - page.gutter
    height = page.height - abs(page.top) - abs(page.bottom)
    if (
        not (5_000 <= page.width <= 32_000 and 5_000 <= page.height <= 32_000)
        or width < MIN_TEXT_WIDTH
        or height < MIN_TEXT_HEIGHT
    ):
        raise _refuse(
            shown,
            f"has a page {page.width} by {page.height} twips with {width} by {height} "
            "between the margins",
            "Set an A4 or Letter page with margins that leave at least 7 cm across and 10 cm "
            "down for the text",
        )


def read_reference(path: Path, shown: str) -> Reference:
    """The styles, numbering and page of the reference file at ``path`` (named ``shown`` in
    errors); InputError naming it for a file that is too big, not a Word document, or whose
    page is not a sensible size."""
    data = read_bounded(path, MAX_BYTES)
    if data is None:
        raise _refuse(shown, "is not a regular file (a link, a folder or a device)")
    if len(data) > MAX_BYTES:
        raise _refuse(shown, f"is more than {MAX_BYTES:,} bytes")
    parts = _parts(data, shown)
    _parse(parts[STYLES], STYLES, shown)
    numbering = parts.get(NUMBERING_PART)
    if numbering is not None:
        _parse(numbering, NUMBERING_PART, shown)
    try:
        page = _page(_parse(parts[DOCUMENT], DOCUMENT, shown))
    except (ValueError, TypeError, AttributeError):  # a sectPr whose sizes are not numbers
        raise _refuse(shown, "cannot be read as a Word document (its page size)") from None
    _check_page(page, shown)
    return Reference(shown, parts[STYLES], numbering, page)


@dataclass(frozen=True)
class References:
    """A story's reference files: the story's own (or None) and each outlet's by slug."""

    story: Reference | None = None
    outlets: dict[str, Reference] = field(default_factory=dict)

    def for_outlet(self, slug: str = "") -> Reference | None:
        """The reference for an outlet's drafts (its own, else the story's); the story's for
        ``""``."""
        return self.outlets.get(slug, self.story) if slug else self.story


def load_references(folder: Path, shown: str, outlets: Iterable[str] = ()) -> References:
    """The reference files in a story's templates ``folder`` (shown as ``shown``): its
    ``reference.docx`` and ``reference/<outlet>.docx`` for the outlets named ``outlets``; a
    file there named after no outlet is refused, naming the outlets."""
    story_file = folder / STORY_FILE
    story = read_reference(story_file, f"{shown}/{STORY_FILE}") if story_file.is_file() else None
    found: dict[str, Reference] = {}
    known = set(outlets)
    place = folder / OUTLET_FOLDER
    for path in sorted(place.glob("*.docx")) if place.is_dir() else ():
        name = f"{shown}/{OUTLET_FOLDER}/{path.name}"
        if path.stem not in known:
            listed = ", ".join(sorted(known)[:8]) or "none: the story has no outlets file"
            raise _refuse(
                name,
                f"is named after no outlet ({path.stem!r})",
                f"Name it after an outlet's slug in the outlets file ({listed}...)",
            )
        found[path.stem] = read_reference(path, name)
    return References(story, found)


def _by_id(root: Any) -> dict[str, Any]:
    return {s.get(_w("styleId"), ""): s for s in root.iterfind(_w("style"))}


def _names(root: Any) -> dict[tuple[str, str], Any]:
    found = {}
    for style in root.iterfind(_w("style")):
        name = style.find(_w("name"))
        if name is not None:
            found[(name.get(_w("val"), ""), style.get(_w("type"), "paragraph"))] = style
    return found


def _copy_numbering(style: Any, ours: Any | None, theirs: Any) -> None:
    """Give a copied list style its own numbering in the reference's numbering part: the
    default's list definition, under ids the reference does not use."""
    num_id = style.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
    if num_id is None or ours is None:
        return
    wanted = num_id.get(_w("val"))
    num = next((n for n in ours.iterfind(_w("num")) if n.get(_w("numId")) == wanted), None)
    abstract_id = None if num is None else num.find(_w("abstractNumId"))
    if num is None or abstract_id is None:
        return
    abstract = next(
        (
            a
            for a in ours.iterfind(_w("abstractNum"))
            if a.get(_w("abstractNumId")) == abstract_id.get(_w("val"))
        ),
        None,
    )
    if abstract is None:
        return

    def next_id(tag: str, attr: str) -> str:
        values = (e.get(_w(attr), "") for e in theirs.iterfind(_w(tag)))
        used = [int(v) for v in values if v.isdigit()]
        return str(max(used, default=0) + 1)

    new_abstract, new_num = copy.deepcopy(abstract), copy.deepcopy(num)
    new_abstract.set(_w("abstractNumId"), next_id("abstractNum", "abstractNumId"))
    new_num.set(_w("numId"), next_id("num", "numId"))
    new_num.find(_w("abstractNumId")).set(_w("val"), new_abstract.get(_w("abstractNumId")))
    abstracts = list(theirs.iterfind(_w("abstractNum")))
    if abstracts:
        abstracts[-1].addnext(new_abstract)
    else:
        theirs.insert(0, new_abstract)
    theirs.append(new_num)
    num_id.set(_w("val"), new_num.get(_w("numId"), ""))


def apply_reference(
    document: Document, reference: Reference, needed: Iterable[tuple[str, str]]
) -> None:
    """Put the reference's styles and numbering in ``document`` (python-docx's default,
    whose own styles fill in each ``needed`` (name, kind) style the reference lacks, with
    the styles it is based on)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml  # python-docx's parser: no entities expanded

    ours = document.styles.element
    theirs = parse_xml(reference.styles)
    numbering_part: Any = document.part.part_related_by(RT.NUMBERING)  # an XmlPart
    our_numbering = numbering_part.element
    their_numbering = None if reference.numbering is None else parse_xml(reference.numbering)
    our_ids, their_names = _by_id(ours), _names(theirs)
    their_ids = _by_id(theirs)
    wanted = [key for key in needed if key not in their_names]
    ids: list[str] = []
    for name, kind in wanted:
        style = _names(ours).get((name, kind))
        while style is not None and style.get(_w("styleId"), "") not in their_ids:
            ids.append(style.get(_w("styleId"), ""))
            their_ids[ids[-1]] = style
            based = style.find(_w("basedOn"))
            style = None if based is None else our_ids.get(based.get(_w("val"), ""))
    for style_id in ids:
        copied = copy.deepcopy(our_ids[style_id])
        copied.attrib.pop(_w("default"), None)
        if their_numbering is not None:
            _copy_numbering(copied, our_numbering, their_numbering)
        theirs.append(copied)
    document.part._styles_part._element = theirs
    if their_numbering is not None:
        numbering_part._element = their_numbering
