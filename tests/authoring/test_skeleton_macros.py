"""A new story's template uses the shared macros (``default:names.j2``, ``default:quotes.j2``),
so its quotes and first mentions read as the bundled stories' do."""

from pathlib import Path

import pytest
from conftest import run

SLUG = "late-replies"
QUOTE = """\
speaker: Jane Smith
role: chief executive
organisation: Southshire Council
pronoun: she
places: [southshire]
cleared: true
said: the council was improving
paragraphs:
  - "We take this seriously."
  - "We have changed how we work."
"""


@pytest.mark.slow
def test_a_new_story_prints_quotes_and_names_with_the_shared_macros(tiny: Path) -> None:
    assert run(tiny, "new", SLUG, "--places", "data/places.csv", "--unit", "council").exit_code == 0
    template = (tiny / "templates" / SLUG / "article.md.j2").read_text(encoding="utf-8")
    assert '{% import "default:quotes.j2" as voice %}' in template
    assert "{% macro" not in template  # nothing the shared files already hold
    (tiny / "quotes" / SLUG / "southshire.yaml").write_text(QUOTE, encoding="utf-8")
    built = run(tiny, "build", "--story", SLUG)
    assert built.exit_code == 0, built.output
    draft = (tiny / "out" / SLUG / "southshire" / "article.md").read_text(encoding="utf-8")
    assert "said the council was improving.\n\nShe added: “We take this seriously.\n\n" in draft
    assert "“We have changed how we work.”" in draft
