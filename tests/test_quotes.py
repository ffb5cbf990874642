"""Quotes are printed verbatim, attributed, and left out when not cleared."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import yaml
from conftest import FIXTURES, ROOT, read

from generator.build import build

SEED = (FIXTURES / "seed-hampshire.txt").read_text(encoding="utf-8")


def _paragraphs(path: Path) -> list[str]:
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("paragraphs") or []


def _page_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_dibdin_paragraphs_are_the_seed_words() -> None:
    for paragraph in _paragraphs(ROOT / "quotes/cancelled-crimes/hampshire-constabulary.yaml"):
        assert paragraph in SEED


def test_every_cleared_quote_appears_verbatim_in_every_format(built) -> None:
    quote_files = sorted((ROOT / "quotes/cancelled-crimes").glob("*.yaml"))
    assert quote_files
    for path in quote_files:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        slugs = [d.slug for d in built.of_kind("place")] if raw.get("national") else raw["places"]
        texts = [*raw.get("paragraphs", []), *([raw["said"]] if raw.get("said") else [])]
        for slug in slugs:
            md, txt = read(built, slug), read(built, slug, "article.txt")
            page = _page_text(read(built, slug, "article.html"))
            for text in texts:
                assert text in md and text in txt and text in page, (path.name, slug, text)


def test_national_responses_appear_in_every_draft(built) -> None:
    for draft in built.of_kind("place"):
        text = read(built, draft.slug)
        assert 'The Home Office said forces received "clear guidance"' in text
        assert 'The charity Rape Crisis said the findings were "completely unacceptable"' in text


def test_a_force_with_no_response_is_approached_and_flagged(built) -> None:
    text = read(built, "cheshire")
    assert "Cheshire Constabulary has been approached for comment." in text
    assert "EDITOR: NO RESPONSE FROM CHESHIRE CONSTABULARY YET" in text.splitlines()[2]
    assert sum(d.awaiting_response for d in built.of_kind("place")) == 42


def test_tricky_quote_text_survives_every_format(tiny: Path, tmp_path: Path) -> None:
    result = build(tiny, "tiny", out=tmp_path / "out")
    words = "We are <b>sorry</b> & we'll do better — “promise”."
    md = read(result, "northshire", "draft.md")
    # In Markdown the tag is escaped, so any Markdown reader shows the words, not bold text.
    assert "We are &lt;b&gt;sorry&lt;/b&gt; & we'll do better — “promise”." in md
    assert "<b>" not in md
    assert words in _page_text(markdown.markdown(md))
    assert words in read(result, "northshire", "draft.txt")
    page = read(result, "northshire", "draft.html")
    assert "<b>sorry</b>" not in page  # escaped: inert on the page
    assert words in _page_text(page)


def test_uncleared_quote_is_left_out_with_a_warning(tiny: Path, tmp_path: Path) -> None:
    result = build(tiny, "tiny", out=tmp_path / "out")
    assert "Not yet cleared." not in read(result, "southshire", "draft.md")
    assert result.warnings == ["quotes/tiny/withheld.yaml: not cleared for use, left out"]
