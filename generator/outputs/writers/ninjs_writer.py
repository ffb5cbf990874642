"""``ninjs``: the draft as an IPTC ninjs 2.1 news item (News in JSON), for newsroom CMS ingestion.

One JSON object per draft, valid against the official schema kept in ``tests/schemas/``. The
headline goes in ``headlines`` (so the HTML body has no ``<h1>``); the warning lines open the
body as paragraphs and are repeated in ``ednote``, the field IPTC reserves for notes to the
receiving newsroom's staff. The HTML comes from the escaped render, so data is text, never
markup. Keys are in a fixed order and nothing depends on the clock, so a draft always gives
the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

from generator.outputs.writers import Draft, register
from generator.outputs.writers.text_writer import plain

STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}
URI_PREFIX = "urn:local-drafts:"
ILLUSTRATIVE_MARK = "ILLUSTRATIVE"
FIRST_H1 = re.compile(r"<h1>.*?</h1>\n?", re.DOTALL)


def headline(draft: Draft) -> str:
    """The draft's headline as plain text (from its facts, else its first ``# `` line, with
    Markdown's escapes undone), else its name."""
    return draft.headline or draft.name


def body_html(draft: Draft) -> str:
    """The draft's HTML without its headline, the warning lines first as bold paragraphs."""
    lines = "".join(f"<p><strong>{html.escape(line)}</strong></p>\n" for line in draft.banners)
    return lines + FIRST_H1.sub("", draft.html_body, count=1).strip() + "\n"


def body_text(draft: Draft) -> str:
    """The same body as plain paragraphs separated by blank lines, warnings first."""
    paragraphs = [*draft.banners, plain(FIRST_H1.sub("", draft.html_body, count=1))]
    return "\n\n".join(p for p in paragraphs if p) + "\n"


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
    """The draft as a ninjs 2.1 object, keys in a fixed order, empty values left out."""
    meta = draft.meta
    draft_id = meta.id or draft.name
    located = meta.located
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
        "ednote": "\n".join(draft.banners) or None,
        "title": f"{meta.title}: {located}" if meta.title and located else None,
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
        "located": located or None,
        "subjects": [{"name": s} for s in meta.subjects] or None,
        "infosources": [{"name": meta.source}] if meta.source else None,
        "altids": [{"role": "draft-id", "value": draft_id}],
        "bodies": [
            {"role": "main", "contenttype": "text/html", "value": body_html(draft)},
            {"role": "main", "contenttype": "text/plain", "value": body_text(draft)},
        ],
    }
    return {key: value for key, value in item.items() if value is not None}


@register("ninjs", "ninjs.json")
def write_ninjs(draft: Draft) -> str:
    return json.dumps(ninjs(draft), indent=2, ensure_ascii=False) + "\n"
