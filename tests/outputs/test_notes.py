"""One split of a draft into its article and its notes to editors, for Word, ninjs and the
site: an HTML heading, or a line of text or Markdown, reading "Notes for editors" (or "to")."""

from __future__ import annotations

import pytest

from generator.outputs.site.article import split_draft, without_notes
from generator.outputs.writers import Draft
from generator.outputs.writers.ninjs_writer import ednote
from generator.outputs.writers.notes import split_notes


@pytest.mark.parametrize(
    ("page", "article", "notes"),
    [
        ("<p>A</p>\n<h2>Notes for editors</h2>\n<p>B</p>", "<p>A</p>\n", "\n<p>B</p>"),
        ('<p>A</p><h3 id="n">Notes to <em>editors</em></h3><p>B</p>', "<p>A</p>", "<p>B</p>"),
        ("<p>A</p><h2>NOTES FOR EDITORS</h2>", "<p>A</p>", ""),
        ("A\n\n## Notes for editors\n\n- B\n", "A\n\n", "\n\n- B\n"),
        ("A\n\nNotes to editors\n\nB\n", "A\n\n", "\n\nB\n"),
        ("<p>Notes for editors are below.</p>", "<p>Notes for editors are below.</p>", ""),
        ("<p>A</p><h2>Background</h2><p>B</p>", "<p>A</p><h2>Background</h2><p>B</p>", ""),
    ],
)
def test_the_notes_begin_at_their_heading(page: str, article: str, notes: str) -> None:
    assert split_notes(page) == (article, notes)


def test_word_ninjs_and_the_site_split_alike() -> None:
    """The three places that set the notes apart now share one split."""
    markdown = "# H\n\nThe article.\n\n## Notes to editors\n\n- A note.\n"
    draft = Draft("a", markdown, markdown, (), None)
    assert ednote(draft) == "Notes for editors:\n- A note."
    assert without_notes(markdown) == "# H\n\nThe article.\n"
    body, notes = split_draft(f"<body>{draft.html_body}</body>")
    assert "The article." in body and "A note." in notes and "A note." not in body
