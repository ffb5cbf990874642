"""A Word draft's document properties (``docProps/core.xml``): title, author, subject,
keywords, language, fixed dates and revision 1, never the clock.

Word holds at most 255 characters in a property, so longer text is cut at a whole word
(keywords at a whole keyword) rather than refused. The part is written as python-docx writes
it when the same properties are set on its default template (the same elements in the same
order), every value escaped by :func:`.docx_xml.text`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from generator.delivery.newsroom import NewsroomMeta
from generator.outputs.writers import Draft
from generator.outputs.writers.docx_xml import text

PROPERTY_LIMIT = 255
"""Characters a Word document property may hold (OOXML core properties; python-docx refuses
more)."""
FALLBACK_DATE = datetime.datetime(2000, 1, 1)
DEFAULT_LANGUAGE = "en-GB"
_HEAD = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)
_DATE = ' xsi:type="dcterms:W3CDTF"'


def fit_text(value: str, limit: int = PROPERTY_LIMIT) -> str:
    """``value`` if it fits in ``limit`` characters, else cut after its last whole word that
    leaves room for an ellipsis: ``fit_text("one two three", 10)`` is ``"one two…"``."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut and not value[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ;,") + "…"


def fit_keywords(keywords: Iterable[str], limit: int = PROPERTY_LIMIT) -> str:
    """The keywords joined with "; ", as many whole ones as fit in ``limit`` characters, in
    order; a first keyword longer than the limit is cut by :func:`fit_text`.
    ``fit_keywords(["crime", "police", "courts"], 15)`` is ``"crime; police"``."""
    kept: list[str] = []
    for word in keywords:
        if len("; ".join([*kept, word])) > limit:
            return "; ".join(kept) if kept else fit_text(word, limit)
        kept.append(word)
    return "; ".join(kept)


def language(meta: NewsroomMeta) -> str:
    """The document's language ("en-GB" unless the draft says otherwise)."""
    return fit_text(meta.language or DEFAULT_LANGUAGE)


def _when(meta: NewsroomMeta) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat((meta.published or "")[:10])
    except ValueError:
        return FALLBACK_DATE
    return datetime.datetime(day.year, day.month, day.day)


def core_xml(draft: Draft, headline: str) -> bytes:
    """The draft's ``docProps/core.xml``: the headline as title, the credit as author, the
    story's title as subject, its topics as keywords, the publication day as every date."""
    meta = draft.meta
    when = _when(meta).strftime("%Y-%m-%dT%H:%M:%SZ")
    credit = text(fit_text(meta.credit))
    fields = (
        ("dc:title", "", text(fit_text(headline))),
        ("dc:subject", "", text(fit_text(meta.title))),
        ("dc:creator", "", credit),
        ("cp:keywords", "", text(fit_keywords(meta.subjects))),
        ("dc:description", "", ""),
        ("cp:lastModifiedBy", "", credit),
        ("cp:revision", "", "1"),
        ("dcterms:created", _DATE, when),
        ("dcterms:modified", _DATE, when),
        ("cp:category", "", text(fit_text(meta.kind))),
        ("dc:language", "", text(language(meta))),
        ("dc:identifier", "", text(fit_text(meta.id or draft.name))),
        ("cp:lastPrinted", "", when),
    )
    body = "".join(f"<{tag}{attrs}>{value}</{tag}>" for tag, attrs, value in fields)
    return f"{_HEAD}{body}</cp:coreProperties>".encode()
