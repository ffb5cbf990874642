"""Output writers, one module per format, in one registry keyed by format name.

A writer turns a rendered :class:`Draft` into the content of one file: text, or bytes for a
binary format such as Word. A new format is a new module in this package that decorates its
function with ``@register("fmt", "ext")``; every module here is imported when the package is,
so nothing else changes.

Writers must be repeatable: the same draft gives the same bytes (no clock, no random ids).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from generator.base.markup import markdown_html, markdown_text
from generator.delivery.newsroom import NewsroomMeta
from generator.drafts.fact_types import AnyFacts
from generator.language.present import headline_line
from generator.outputs.image_sizes import png_size

if TYPE_CHECKING:
    from generator.outputs.writers.docx_reference import Reference


@dataclass(frozen=True)
class Picture:
    """A chart drawn for a draft, as a PNG file's ``name`` and bytes with its alt text; the
    Word writer embeds it."""

    name: str
    png: bytes
    alt: str

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels, from the PNG's header (0, 0 if it is not a PNG)."""
        return png_size(self.png) or (0, 0)


@dataclass
class Draft:
    """One rendered draft: its markdown (plain, and with data HTML-escaped for pages), the
    warning lines that must open every output, its facts, and its metadata.

    ``meta`` describes the draft for newsroom systems
    (:class:`~generator.delivery.newsroom.NewsroomMeta`); ``pictures`` and ``reference`` are
    for the Word writer.
    """

    name: str
    markdown: str
    escaped_markdown: str
    banners: tuple[str, ...]
    facts: AnyFacts | None
    meta: NewsroomMeta = field(default_factory=NewsroomMeta)
    pictures: tuple[Picture, ...] = ()
    """The draft's charts, which the Word writer embeds (none for a round-up)."""
    reference: Reference | None = None
    """The newsroom's Word template whose styles and page the Word file takes (None: the
    house default), :mod:`.docx_reference`."""

    @cached_property
    def html_body(self) -> str:
        """The escaped Markdown as HTML (made once, shared by the page and text writers), with
        no raw HTML and no links or images but those :func:`~generator.base.markup.markdown_html`
        allows, whatever wrote them."""
        return markdown_html(self.escaped_markdown)

    @cached_property
    def facts_dict(self) -> dict[str, Any]:
        """The facts as ``facts.json`` holds them (made once, shared by the fact check and the
        facts writer); ``{}`` for none."""
        return self.facts.to_dict() if self.facts is not None else {}

    @cached_property
    def headline(self) -> str:
        """The headline as plain text (Markdown escapes and marks gone): the facts' headline
        (the draft's first ``# `` line as plain text), else that line, else ""."""
        found = self.facts.headline if self.facts is not None else ""  # already plain text
        if found.strip():
            return found
        line = headline_line(self.markdown)
        return markdown_text(line) if line else ""


@dataclass(frozen=True)
class Writer:
    format: str
    extension: str
    write: Callable[[Draft], str | bytes]


WRITERS: dict[str, Writer] = {}


Write = Callable[[Draft], str | bytes]


def register(fmt: str, extension: str) -> Callable[[Write], Write]:
    """Add a writer for ``fmt`` whose files end in ``.extension``."""

    def decorate(func: Write) -> Write:
        WRITERS[fmt] = Writer(fmt, extension, func)
        return func

    return decorate


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
