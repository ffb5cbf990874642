"""``html``: a standalone page rendered with the markdown package from the escaped render.

Data and quotes were escaped by the template environment before Markdown sees them, so a
name containing ``<script>`` prints as text; the Markdown converter then passes no raw HTML and
no link or image but those :func:`generator.base.markup.markdown_html` allows, whatever wrote them.
Warnings are a banner at the top of the page.
"""

from __future__ import annotations

import html

from generator.outputs.writers import Draft, register

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: Georgia, serif; max-width: 40em; margin: 2em auto; line-height: 1.5; }}
.banner {{ background: #b00020; color: #fff; font-family: sans-serif; font-weight: bold;
  padding: .5em 1em; }}
</style>
</head>
<body>
{banners}{body}
</body>
</html>
"""


@register("html", "html")
def write_html(draft: Draft) -> str:
    banners = "".join(f'<p class="banner">{html.escape(line)}</p>\n' for line in draft.banners)
    title = html.escape(draft.headline or draft.name)
    return PAGE.format(title=title, banners=banners, body=draft.html_body)
