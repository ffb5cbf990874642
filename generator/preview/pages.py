"""The HTML the preview server adds: a banner on each served page, the changes page, and the
Content-Security-Policy they are served under.

The site's files on disk are never changed: a page is read, the banner and the reload script's
tags are put into the copy sent to the browser, and a policy the page declares in a ``<meta>``
tag is widened just enough to let that script (a file from this server) open its event
stream. Everything from the story (sentences, names, an error message) is escaped here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from generator.delivery.diff import Change
from generator.language.filters import count
from generator.preview.rebuild import Shown

PREFIX = "/__drafts__"
"""Where the server's own files live; no build writes a folder of that name."""

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
"""The Content-Security-Policy sent with every response: nothing inline, nothing from
elsewhere; the reload script and its event stream come from this server."""

NEEDS_SELF = ("script-src", "style-src", "connect-src")
"""Directives the preview needs to allow this server in, when a page's own policy is stricter."""

_META_POLICY = re.compile(
    r'(<meta\s+http-equiv=["\']Content-Security-Policy["\']\s+content=")([^"]*)(")', re.I
)
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(r"<body\b[^>]*>", re.I)


def widen(policy: str) -> str:
    """``policy`` with ``'self'`` allowed for scripts, styles and connections:
    ``widen("default-src 'none'")`` is ``"default-src 'none'; script-src 'self'; ..."``."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split()[0].lower() for d in directives]
    fallback = next((d for d in directives if d.split()[0].lower() == "default-src"), None)
    for needed in NEEDS_SELF:
        if needed in names:
            at = names.index(needed)
            if "'self'" not in directives[at].split() and "*" not in directives[at].split():
                directives[at] = f"{directives[at]} 'self'"
        elif fallback is not None and "'self'" not in fallback.split():
            directives.append(f"{needed} 'self'")
    return "; ".join(directives)


def page_folder(relative: str) -> str | None:
    """The draft folder a site page shows: ``site/hampshire.html`` is ``hampshire``,
    ``site/partners/x.html`` is ``partners/x``; ``None`` for any other file."""
    if relative.startswith("site/") and relative.endswith(".html"):
        return relative.removeprefix("site/").removesuffix(".html")
    return None


def inject(page: str, shown: Shown, folder: str | None) -> str:
    """The served copy of a site page: the preview's stylesheet and script in its head, the
    banner at the top of its body, its own policy (if any) widened for them."""
    page = _META_POLICY.sub(
        lambda m: m[1] + html.escape(widen(html.unescape(m[2]))) + m[3], page, count=1
    )
    tags = (
        f'<link rel="stylesheet" href="{PREFIX}/preview.css">\n'
        f'<script src="{PREFIX}/reload.js" defer></script>\n'
    )
    head = _HEAD_END.search(page)
    page = page[: head.start()] + tags + page[head.start() :] if head else tags + page
    body = _BODY_START.search(page)
    at = body.end() if body else 0
    return page[:at] + "\n" + banner(shown, folder) + page[at:]


def banner(shown: Shown, folder: str | None) -> str:
    """The preview's banner: when the build was made, a link to what changed (and what
    changed in this draft), and the error of a bad edit."""
    e = html.escape
    here = next((c for c in shown.changes if c.folder == folder), None)
    parts = [
        f'<div id="drafts-preview" class="drafts-preview" role="status" '
        f'data-generation="{shown.generation}">',
        f"<p><strong>Preview</strong> of {e(shown.story)}",
        f", built at {e(shown.built_at)}" if shown.built_at else "",
        f'. <a href="{PREFIX}/changes">{e(_changed_words(shown.changes))}</a>',
    ]
    if here is not None:
        new = _added(here)
        parts.append(
            f". This draft: {e(_sentence_words(here))}"
            + (", the new marked on the page" if new else "")
        )
        parts.append("</p>")
        parts.append('<ul id="drafts-new" hidden>')
        parts += [f"<li>{e(s)}</li>" for s in new]
        parts.append("</ul>")
    else:
        parts.append("</p>")
    if shown.error is not None:
        parts += [
            '<div class="drafts-error" role="alert">',
            "<p><strong>The last edit did not build.</strong> "
            "Still showing the last good build; fix the file and save it again.</p>",
            f"<pre>{e(shown.error)}</pre>",
            "</div>",
        ]
    parts.append("</div>\n")
    return "".join(parts)


def changes_page(shown: Shown, build_dir: Path) -> str:
    """A page listing, per draft, the sentences the last rebuild removed (struck out) and
    added (marked), each draft linked to its page on the site."""
    e = html.escape
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>What changed – preview of {e(shown.story)}</title>",
        f'<link rel="stylesheet" href="{PREFIX}/preview.css">',
        f'<script src="{PREFIX}/reload.js" defer></script>',
        "</head>",
        '<body class="drafts-changes">',
        banner(shown, None),
        "<main>",
        f"<h1>What the last rebuild changed in {e(shown.story)}</h1>",
        '<p><a href="/site/index.html">Back to the site</a></p>',
    ]
    if not shown.changes:
        lines.append("<p>No draft's text changed in the last rebuild.</p>")
    for change in shown.changes:
        name = e(change.name)
        page = build_dir / "site" / f"{change.folder}.html"
        link = f'<a href="/site/{e(change.folder)}.html">{name}</a>' if page.is_file() else name
        lines.append(f"<section><h2>{link} <small>{e(change.folder)}</small></h2>")
        if change.status != "changed":
            lines.append(f"<p>This draft was {e(change.status)}.</p>")
        for file, (removed, added) in change.sentences.items():
            lines.append(f"<h3>{e(file)}</h3>")
            lines.append('<ul class="drafts-diff">')
            lines += [f'<li class="gone"><del>{e(s)}</del></li>' for s in removed]
            lines += [f'<li class="new"><ins>{e(s)}</ins></li>' for s in added]
            lines.append("</ul>")
        lines.append("</section>")
    lines += ["</main>", "</body>", "</html>", ""]
    return "\n".join(lines)


def error_page(status: int, message: str) -> str:
    """A plain page for a request the server refuses (not found, too long)."""
    e = html.escape
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{status}</title>\n"
        f'<link rel="stylesheet" href="{PREFIX}/preview.css">\n</head>\n<body>\n'
        f"<main><h1>{status}</h1><p>{e(message)}</p>"
        '<p><a href="/site/index.html">The site</a></p></main>\n</body>\n</html>\n'
    )


def _added(change: Change) -> list[str]:
    return [s for _, added in change.sentences.values() for s in added]


def _sentence_words(change: Change) -> str:
    removed = sum(len(r) for r, _ in change.sentences.values())
    added = sum(len(a) for _, a in change.sentences.values())
    if change.status != "changed":
        return f"{change.status} in the last rebuild"
    return f"{count(removed, 'sentence')} struck out, {count(added, 'sentence')} new"


def _changed_words(changes: tuple[Change, ...]) -> str:
    if not changes:
        return "No draft's text changed in the last rebuild"
    removed = sum(len(r) for c in changes for r, _ in c.sentences.values())
    added = sum(len(a) for c in changes for _, a in c.sentences.values())
    return (
        f"What changed: {count(len(changes), 'draft')}, {count(removed, 'sentence')} struck "
        f"out, {count(added, 'sentence')} new"
    )
