"""A Markdown list item that ends in ``{% endif %}`` (or any end tag) keeps its line break,
while every other line keeps the environment's trim (generator/drafts/environment.py)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from generator.drafts.environment import environment, keep_item_breaks

LIST = """The figures:

- Rate: {{ rate }}{% if caution %}, with caution{% endif %}
* Rank: {{ rank }}{% if tied %} (joint){% endif %}
1. Places: {% for p in places %}{{ p }}{{ ", " if not loop.last }}{% endfor %}
2) Last
"""


def render(source: str, **values: object) -> str:
    for html in (False, True):
        done = environment(ROOT / "templates", html=html).from_string(source).render(**values)
        if not html:
            plain = done
        else:
            assert done == plain  # the HTML environment breaks lines the same way
    return plain


@pytest.mark.parametrize("shown", [True, False])
def test_a_list_item_ending_in_an_end_tag_keeps_its_line(shown: bool) -> None:
    done = render(LIST, rate="2%", caution=shown, rank="3rd", tied=shown, places=["A", "B"])
    lines = done.splitlines()
    assert lines[2] == "- Rate: 2%" + (", with caution" if shown else "")
    assert lines[3] == "* Rank: 3rd" + (" (joint)" if shown else "")
    assert lines[4:] == ["1. Places: A, B", "2) Last"]


def test_other_lines_keep_the_trim() -> None:
    source = (
        "{% macro tail(x) %}\n{% if x %}, then {{ x }}{% endif %}\n{% endmacro %}\n"
        "Said{{ tail(extra) }}.\n"
        "{% if on %}\n- Shown only when on\n{% endif %}\n"
        "Text{% if on %} more{% endif %}\n"
        "- Kept by hand{% if on %} x{% endif -%}\n"
        "!\n"
    )
    assert (
        render(source, on=True, extra="more")
        == "Said, then more.\n- Shown only when on\nText more- Kept by hand x!\n"
    )
    assert render(source, on=False, extra="") == "Said.\nText- Kept by hand!\n"


def test_tags_comments_and_raw_blocks_are_left_alone() -> None:
    source = (
        "{# - a comment {% endif %}\n#}\n"
        "{% raw %}\n- raw {% endif %}\n{% endraw %}\n"
        "{% set x = [\n- 1] %}{% if x %}{% endif %}\n"
    )
    assert keep_item_breaks(source) == source


def test_no_bundled_template_changes() -> None:
    """The rule touches no template shipped with the project, so their drafts keep their
    bytes."""
    skip = {".venv", "out", ".git"}
    found = [p for p in ROOT.rglob("*.j2") if not skip & set(p.relative_to(ROOT).parts)]
    assert len(found) >= 10
    for name in found:
        source = name.read_text(encoding="utf-8")
        assert keep_item_breaks(source) == source, name
