"""``ninjs``: the draft as an IPTC ninjs 2.1 news item (News in JSON), for newsroom CMS ingestion.

One JSON object per draft, valid against the official schema kept in ``tests/schemas/``. The
headline goes in ``headlines`` (so the HTML body has no ``<h1>``); the warning lines open the
body as paragraphs and, with the draft's notes to editors (which the body leaves out), make
``ednote``, the field IPTC reserves for notes to the receiving newsroom's staff. The places
carry their registry codes, the subjects the story's IPTC Media Topics. The HTML comes from
the escaped render, so data is text, never markup. Keys are in a fixed order (:data:`ORDER`)
and nothing depends on the clock, so a draft always gives the same bytes.

What a single draft cannot know, the build adds as it writes the files
(:mod:`generator.delivery.versions`): ``version``, ``firstcreated`` and ``versioncreated``
from the previous build, and ``associations`` for the charts beside the draft.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

from generator.delivery.newsroom import NewsroomMeta
from generator.outputs.writers import Draft, register
from generator.outputs.writers.facts_writer import json_text
from generator.outputs.writers.notes import split_notes
from generator.outputs.writers.text_writer import plain

STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}
URI_PREFIX = "urn:local-drafts:"
ILLUSTRATIVE_MARK = "ILLUSTRATIVE"
FIRST_H1 = re.compile(r"<h1>.*?</h1>\n?", re.DOTALL)
PLACE_URI = "http://statistics.data.gov.uk/id/statistical-geography/"
"""ONS's address for a GSS code (E23000030), the codes of the places registries."""
GSS_CODE = re.compile(r"[EWSNK]\d{8}")
ORDER = (
    "uri",
    "standard",
    "type",
    "representationtype",
    "profile",
    "version",
    "firstcreated",
    "versioncreated",
    "language",
    "pubstatus",
    "embargoed",
    "copyrightholder",
    "usageterms",
    "ednote",
    "title",
    "slugline",
    "headlines",
    "by",
    "located",
    "places",
    "subjects",
    "infosources",
    "altids",
    "bodies",
    "associations",
)
"""The order of an item's keys."""


def headline(draft: Draft) -> str:
    """The draft's headline as plain text (from its facts, else its first ``# `` line, with
    Markdown's escapes undone), else its name."""
    return draft.headline or draft.name


def article_html(draft: Draft) -> str:
    """The draft's HTML without its headline and its notes to editors."""
    return split_notes(FIRST_H1.sub("", draft.html_body, count=1))[0].strip()


def body_html(draft: Draft) -> str:
    """The article as HTML, the warning lines first as bold paragraphs."""
    lines = "".join(f"<p><strong>{html.escape(line)}</strong></p>\n" for line in draft.banners)
    return lines + article_html(draft) + "\n"


def body_text(draft: Draft) -> str:
    """The same body as plain paragraphs separated by blank lines, warnings first."""
    paragraphs = [*draft.banners, plain(article_html(draft))]
    return "\n\n".join(p for p in paragraphs if p) + "\n"


def ednote(draft: Draft) -> str | None:
    """The note to the receiving newsroom: the warning lines, then the notes to editors, one
    a line; ``None`` when there are neither."""
    notes = plain(split_notes(draft.html_body)[1])
    lines = [*draft.banners]
    if notes:
        lines += ["Notes for editors:", *notes.split("\n\n")]
    return "\n".join(lines) or None


def places(meta: NewsroomMeta) -> list[dict[str, str]] | None:
    """Each place with its code, as its ONS address where it is a GSS code."""
    found = []
    for tag in meta.places:
        place = {"name": tag.name}
        if GSS_CODE.fullmatch(tag.code):
            place["uri"] = PLACE_URI + tag.code
        if tag.code:
            place["literal"] = tag.code
        found.append(place)
    return found or None


def subjects(meta: NewsroomMeta) -> list[dict[str, str]] | None:
    """The story's IPTC Media Topics (name, address and qcode), then the measures' topics."""
    topics = [{"name": t.name, "uri": t.uri, "literal": t.code} for t in meta.topics]
    return [*topics, *({"name": s} for s in meta.subjects)] or None


def pubstatus(draft: Draft) -> str:
    """IPTC's publication status (NewsML-G2 pubStatus, which ninjs maps to).

    An embargo does not make a draft ``withheld``: in IPTC's model the embargo travels in
    ``embargoed`` and the item stays ``usable`` (the receiving system holds it until that
    time), while ``withheld`` means "must not be used until further notice; a later version
    may release it". That is exactly a draft built on illustrative figures, marked NOT FOR
    PUBLICATION until the real figures replace them, so those are ``withheld``. A missing
    right of reply is an editor's check, not a ban: it stays ``usable`` with an ``ednote``.
    """
    if any(ILLUSTRATIVE_MARK in line for line in draft.banners):
        return "withheld"
    return "usable"


def ninjs(draft: Draft) -> dict[str, Any]:
    """The draft as a ninjs 2.1 object, keys in :data:`ORDER`, empty values left out."""
    meta = draft.meta
    draft_id = meta.id or draft.name
    credit = meta.credit
    item: dict[str, Any] = {
        "uri": URI_PREFIX + quote(draft_id, safe="/"),
        "standard": dict(STANDARD),
        "type": "text",
        "representationtype": "full",
        "profile": f"local-drafts-{meta.kind}" if meta.kind else None,
        "version": meta.version or "1",
        "language": meta.language or "en-GB",
        "pubstatus": pubstatus(draft),
        # Absent means "not embargoed" in ninjs; the schema does not allow null.
        "embargoed": meta.embargoed or None,
        "copyrightholder": meta.copyright_holder or None,
        "usageterms": meta.usage_terms or None,
        "ednote": ednote(draft),
        "title": f"{meta.title}: {meta.about}" if meta.title and meta.about else None,
        "slugline": draft_id.replace("/", "-"),
        "headlines": [
            {"role": "main", "contenttype": "text/plain", "value": headline(draft)},
            *(
                [{"role": "short", "contenttype": "text/plain", "value": short}]
                if (short := draft.facts.headline_short if draft.facts else None)
                else []
            ),
        ],
        "by": credit[:1].upper() + credit[1:] or None,
        "located": meta.located or None,
        "places": places(meta),
        "subjects": subjects(meta),
        "infosources": [{"name": meta.source}] if meta.source else None,
        "altids": [{"role": "draft-id", "value": draft_id}],
        "bodies": [
            {"role": "main", "contenttype": "text/html", "value": body_html(draft)},
            {"role": "main", "contenttype": "text/plain", "value": body_text(draft)},
        ],
    }
    return ordered({key: value for key, value in item.items() if value is not None})


def ordered(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with its keys in :data:`ORDER`."""
    return {key: item[key] for key in ORDER if key in item}


def dumps(item: dict[str, Any]) -> str:
    """An item as its file holds it."""
    return json_text(item)


@register("ninjs", "ninjs.json")
def write_ninjs(draft: Draft) -> str:
    return dumps(ninjs(draft))
