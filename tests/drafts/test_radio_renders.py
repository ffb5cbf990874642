"""A radio template is rendered again only for a script whose values it read differ: the
text is the same as rendering it afresh for every script."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.drafts.freeze import freeze
from generator.drafts.radio_jobs import SPECS, _render_script
from generator.drafts.render import Renderer

TEMPLATES = {
    "part.j2": "{% if script.part == 'cue' %}Cue.{% else %}Copy.{% endif %} {{ name }}",
    "seconds.j2": "{{ script.part }} for {{ script.seconds }}",
    "cue-seconds.j2": ("{% if script.part == 'cue' %}{{ script.words }}{% else %}Copy{% endif %}"),
    "whole.j2": "{{ script }}",
    "compared.j2": "{{ 'same' if script == script else 'not' }}",
    "none.j2": "Nothing of the script. {{ name }}",
    "in.j2": "{{ 'seconds' in script | string }} {{ script.part }}",
}
RENDERS = {
    "part.j2": 2,
    "seconds.j2": 4,
    "cue-seconds.j2": 3,
    "whole.j2": 4,
    "compared.j2": 4,
    "none.j2": 1,
    "in.j2": 4,
}


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    for name, text in TEMPLATES.items():
        (tmp_path / name).write_text(text)
    return Renderer(tmp_path)


class Counting:
    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.calls = 0

    def render(self, name: str, variables: dict[str, Any], **kwargs: Any) -> str:
        self.calls += 1
        return self.renderer.render(name, variables, **kwargs)


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_renders_are_shared_only_between_scripts_that_read_alike(
    renderer: Renderer, template: str
) -> None:
    counting = Counting(renderer)
    prepared = SimpleNamespace(renderer=counting)
    job = SimpleNamespace(output=SimpleNamespace(template=template), variables={"name": "Kent"})
    renders: list[tuple[dict[object, Any], str]] = []
    texts = [_render_script(prepared, job, spec, renders) for spec in SPECS]  # type: ignore[arg-type]
    fresh = [renderer.render(template, {"name": "Kent", "script": freeze(s)}) for s in SPECS]
    assert texts == fresh
    assert counting.calls == RENDERS[template]
