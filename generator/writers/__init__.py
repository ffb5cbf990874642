"""Output writers, one module per format, in one registry keyed by format name.

A writer turns a rendered :class:`Draft` into the text of one file. A new format is a new
module in this package that decorates its function with ``@register("fmt", "ext")``; every
module here is imported when the package is, so nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import markdown


@dataclass
class Draft:
    """One rendered draft: its markdown (plain, and with data HTML-escaped for pages), the
    warning lines that must open every output, and its facts."""

    name: str
    markdown: str
    escaped_markdown: str
    banners: tuple[str, ...]
    facts: dict[str, Any]

    @cached_property
    def html_body(self) -> str:
        """The escaped Markdown as HTML (made once, shared by the page and text writers)."""
        return markdown.markdown(self.escaped_markdown, output_format="html")


@dataclass(frozen=True)
class Writer:
    format: str
    extension: str
    write: Callable[[Draft], str]


WRITERS: dict[str, Writer] = {}


def register(fmt: str, extension: str) -> Callable[[Callable[[Draft], str]], Callable]:
    """Add a writer for ``fmt`` whose files end in ``.extension``."""

    def decorate(func: Callable[[Draft], str]) -> Callable[[Draft], str]:
        WRITERS[fmt] = Writer(fmt, extension, func)
        return func

    return decorate


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
