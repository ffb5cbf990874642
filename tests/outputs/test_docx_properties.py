"""Word document properties stay within Word's 255-character limit: long measure topics are
cut at a whole keyword, and a story whose topics together pass the limit still builds."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import run

from generator.delivery.newsroom import NewsroomMeta
from generator.outputs.writers import Draft
from generator.outputs.writers.docx_writer import (
    PROPERTY_LIMIT,
    fit_keywords,
    fit_text,
    write_docx,
)

LONG_TOPICS = (
    "crimes recorded by the police and later cancelled because the officers decided that "
    "no crime had taken place after all",
    "complaints about the conduct of police officers that were upheld after an "
    "investigation by the professional standards department",
    "misconduct hearings held in public",
)


def test_keywords_that_fit_are_joined_unchanged() -> None:
    assert fit_keywords(["crime", "police"]) == "crime; police"
    assert fit_keywords([]) == ""


def test_keywords_past_the_limit_stop_at_a_whole_keyword() -> None:
    assert len("; ".join(LONG_TOPICS)) > PROPERTY_LIMIT
    kept = fit_keywords(LONG_TOPICS)
    assert kept == "; ".join(LONG_TOPICS[:2])
    assert len(kept) <= PROPERTY_LIMIT
    assert fit_keywords(["crime", "police", "courts"], 15) == "crime; police"


def test_one_keyword_longer_than_the_limit_is_cut_at_a_word() -> None:
    word = "very " * 60 + "long"
    kept = fit_keywords([word, "short"])
    assert len(kept) <= PROPERTY_LIMIT
    assert kept.endswith("very…")
    assert fit_text("one two three", 10) == "one two…"
    assert fit_text("one two", 10) == "one two"


def test_a_draft_with_long_topics_and_title_writes_a_word_file() -> None:
    meta = NewsroomMeta(id="s/p/article", title="A title " * 40, subjects=LONG_TOPICS)
    draft = Draft("article", "# Headline\n\nText.\n", "# Headline\n\nText.\n", (), None, meta)
    props = docx.Document(io.BytesIO(write_docx(draft))).core_properties
    assert props.keywords == "; ".join(LONG_TOPICS[:2])
    assert props.subject.startswith("A title A title") and len(props.subject) <= PROPERTY_LIMIT


@pytest.mark.slow
def test_a_story_whose_topics_pass_255_characters_builds_its_word_drafts(tiny: Path) -> None:
    manifest = tiny / "templates" / "tiny" / "story.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("topic: late delivery of letters", f"topic: {LONG_TOPICS[0]}")
    second = f"{LONG_TOPICS[1]} across every region"
    assert len(f"{LONG_TOPICS[0]}; {second}") > PROPERTY_LIMIT
    text = text.replace("topic: loss of parcels", f"topic: {second}")
    text = text.replace("formats: [md, txt, html]", "formats: [md, txt, html, docx]")
    manifest.write_text(text, encoding="utf-8")
    built = run(tiny, "build", "--story", "tiny")
    assert built.exit_code == 0, built.output
    assert "Traceback" not in built.output
    props = docx.Document(tiny / "out" / "tiny" / "northshire" / "draft.docx").core_properties
    assert props.keywords == LONG_TOPICS[0]
