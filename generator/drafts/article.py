"""Render one prose output of a draft (an article, a round-up, the national story) in every
format it asks for, checked: every number in the text traced to the draft's facts
(:func:`checked_draft`), then house style in every format as it is written
(:func:`draft_files`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.base.errors import CheckFailed
from generator.base.markup import markdown_text
from generator.checks.factcheck import check_numbers, context_facts, names_of
from generator.checks.style import check_draft, short_headline_of
from generator.delivery.newsroom import draft_meta, places_of
from generator.drafts.fact_types import AnyFacts, replace
from generator.drafts.members import for_checks
from generator.drafts.prepared import Prepared
from generator.drafts.render import time_limit
from generator.inputs.story import Output
from generator.outputs.writers import WRITERS, Draft, Picture
from generator.outputs.writers.docx_reference import Reference

Files = dict[str, str | bytes]
"""A draft's files: file name → text or bytes."""


def headline_of(markdown: str) -> str:
    """The first Markdown heading of a draft (its headline)."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def write_formats(
    prepared: Prepared, output: Output, draft: Draft, where: str, check: bool = True
) -> Files:
    """``draft`` written in every format ``output`` asks for, each within the render time
    limit; with ``check``, the text formats (not HTML or ninjs) pass the house rules."""
    files: Files = {}
    for fmt in output.formats:
        writer = WRITERS[fmt]
        shown = f"{where}/{output.name}.{writer.extension}"
        try:
            with time_limit(prepared.story.limits.render_seconds, shown):
                body = writer.write(draft)
        except ValueError as err:  # e.g. Word refuses a control character from the data
            raise CheckFailed(
                f"{shown}: cannot be written ({err}). Look "
                "for an invisible control character in the data or quotes this draft uses"
            ) from None
        if check and isinstance(body, str) and fmt not in ("html", "ninjs"):
            check_draft(body, shown)
        files[f"{output.name}.{writer.extension}"] = body
    return files


def checked_draft(
    prepared: Prepared,
    output: Output,
    variables: dict[str, Any],
    lines: tuple[str, ...],
    facts: Callable[[str], AnyFacts],
    where: str,
    located: str,
    *,
    pictures: tuple[Picture, ...] = (),
    reference: Reference | None = None,
) -> Draft:
    """One prose output rendered, with its facts, and every number in its text (its banners'
    too) traced to them, once, on the Markdown; nothing written yet (:func:`draft_files`).
    ``facts`` gives the draft's facts from its headline; ``pictures`` (its charts) and
    ``reference`` (its Word template) are for the Word file. The draft holds no template
    variables: a draft about every place can let go of its places' contexts before its files
    are written."""
    text = prepared.renderer.render(output.template, variables)
    escaped = prepared.renderer.render(output.template, variables, html=True)
    found = replace(
        facts(markdown_text(headline_of(text))),
        embargo=prepared.embargo,
        banners=lines,
        headline_short=markdown_text(short_headline_of(text)),
    )
    places = places_of(prepared.dataset.places, found)
    meta = draft_meta(prepared.story, prepared.embargo_at, where, output, located, places)
    draft = Draft(
        output.name, text, escaped, lines, found, meta, pictures=pictures, reference=reference
    )
    checked = for_checks(variables)
    check_numbers(
        "".join(f"{line}\n\n" for line in lines) + text,  # the banners' numbers too
        draft.facts_dict,
        f"{where}/{output.name}.md",
        prepared.story.settings,
        engine=prepared.story.engine,
        names=names_of(prepared.story, checked, located),
        context=context_facts(checked),
    )
    return draft


def draft_files(prepared: Prepared, output: Output, draft: Draft, where: str) -> Files:
    """A checked draft (:func:`checked_draft`) written in every format its output asks for,
    house style checked, and its ``facts.json``."""
    files = write_formats(prepared, output, draft, where)
    files["facts.json"] = WRITERS["json"].write(draft)
    return files
