"""Shared template macros: a story reaches the generator's own macros with ``default:``, and
nothing else; its own file of the same name still wins when it imports that file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.base.errors import TemplateFailure
from generator.drafts.environment import SHARED, shared_templates
from generator.drafts.render import Renderer

QUOTE = {
    "attribution": "a Home Office spokesperson",
    "said": "the figures were old",
    "pronoun_added": "They added:",
    "paragraphs": ["We have acted.", "More to come."],
}
PLACE = {"name": "Metropolitan Police Service", "local_phrase": "", "short_name": "Met"}


def render(folder: Path, source: str, **variables: object) -> str:
    (folder / "t.j2").write_text(source, encoding="utf-8")
    return Renderer(folder).render("t.j2", variables)


def test_the_shared_templates_are_the_quote_and_naming_macros() -> None:
    assert shared_templates() == ["default:names.j2", "default:quotes.j2"]
    assert (SHARED / "quotes.j2").is_file()


def test_a_story_importing_default_quotes_renders(tmp_path: Path) -> None:
    text = render(
        tmp_path,
        '{% import "default:quotes.j2" as voice with context %}{{ voice.quote(q) }}',
        q=QUOTE,
    )
    assert text == (
        "A Home Office spokesperson said the figures were old.\n\n"
        "They added: “We have acted.\n\n“More to come.”\n"
    )


def test_a_story_importing_default_names_renders(tmp_path: Path) -> None:
    text = render(
        tmp_path,
        '{% import "default:names.j2" as names %}'
        "{{ names.name_of(place) }}; {{ names.named_list(['Kent', 'Metropolitan Police']) }}",
        place=PLACE,
    )
    assert text == "the Metropolitan Police Service; Kent and the Metropolitan Police\n"


@pytest.mark.parametrize(
    "name", ["default:../../x", "default:../drafts/render.py", "default:nope.j2"]
)
def test_a_default_template_outside_the_shared_folder_is_not_found(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(TemplateFailure) as caught:
        render(tmp_path, f'{{% import "{name}" as x %}}')
    message = str(caught.value)
    assert f"template {name!r} not found" in message
    assert "default:names.j2, default:quotes.j2" in message


def test_a_story_file_cannot_stand_in_for_a_default_template(tmp_path: Path) -> None:
    """``default:`` reaches the shipped folder only, even when the story has a file whose name
    starts with it."""
    (tmp_path / "default:evil.j2").write_text("{% macro quote(q) %}evil{% endmacro %}")
    with pytest.raises(TemplateFailure, match="'default:evil.j2' not found"):
        render(tmp_path, '{% import "default:evil.j2" as voice %}{{ voice.quote(1) }}')


def test_a_shared_template_needs_its_prefix(tmp_path: Path) -> None:
    with pytest.raises(TemplateFailure, match="'quotes.j2' not found"):
        render(tmp_path, '{% import "quotes.j2" as voice %}')


def test_a_storys_own_macro_of_the_same_name_wins(tmp_path: Path) -> None:
    (tmp_path / "quotes.j2").write_text(
        "{% macro quote(q) %}Our own: {{ q.said }}{% endmacro %}", encoding="utf-8"
    )
    own = render(tmp_path, '{% import "quotes.j2" as voice %}{{ voice.quote(q) }}', q=QUOTE)
    assert own == "Our own: the figures were old\n"
    shared = render(
        tmp_path, '{% import "default:quotes.j2" as voice %}{{ voice.quote(q) }}', q=QUOTE
    )
    assert shared.startswith("A Home Office spokesperson said")


def test_an_error_inside_a_shared_macro_names_the_shared_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateFailure) as caught:
        render(tmp_path, '{% import "default:quotes.j2" as voice %}{{ voice.quote(q) }}', q={})
    assert str(caught.value).startswith(
        "default:quotes.j2 (generator/drafts/templates/quotes.j2), line "
    )


def test_the_guide_documents_every_shared_template_and_macro() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "writing-a-story.md").read_text("utf-8")
    for name in shared_templates():
        assert f'import "{name}"' in guide, name
        source = (SHARED / name.removeprefix("default:")).read_text(encoding="utf-8")
        for macro in re.findall(r"\{% macro (\w+)\(", source):
            assert f".{macro}(" in guide, f"{name}: {macro}"
