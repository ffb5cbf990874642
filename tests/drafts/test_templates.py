"""The template context is a documented contract; templates are strict and sandboxed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, TINY, name_with_script, read
from jinja2 import meta

from generator.base.errors import TemplateFailure
from generator.drafts.context import TEMPLATE_NAMES, DraftContext
from generator.drafts.environment import environment
from generator.drafts.group import GROUP_NAMES, GroupContext
from generator.inputs.story import Output, load_story
from generator.pipeline import build

ROOTS = {ROOT: "cancelled-crimes", TINY: "tiny"}
NAMES = {
    "place": TEMPLATE_NAMES,
    "place-radio": TEMPLATE_NAMES | {"script"},
    "group": GROUP_NAMES,
    "national": GROUP_NAMES,
    "group-radio": GROUP_NAMES | {"script"},
}
OUTPUTS = [(root, o) for root, slug in ROOTS.items() for o in load_story(root, slug).outputs]


@pytest.mark.parametrize(("root", "output"), OUTPUTS, ids=lambda v: getattr(v, "template", ""))
def test_templates_use_only_documented_names(root: Path, output: Output) -> None:
    folder = next(root.glob(f"templates/*/{output.template}")).parent
    env = environment(folder)
    source = (folder / output.template).read_text(encoding="utf-8")
    used = meta.find_undeclared_variables(env.parse(source))
    allowed = NAMES[output.scope]
    assert used <= allowed, used - allowed


def test_every_group_name_is_documented() -> None:
    doc = GroupContext.__doc__ or ""
    for name in GROUP_NAMES:
        assert f"``{name}``" in doc, name


def test_every_context_name_is_documented() -> None:
    doc = DraftContext.__doc__ or ""
    for name in TEMPLATE_NAMES:
        assert f"``{name}``" in doc, name


def _break(tiny: Path, text: str) -> None:
    (tiny / "templates/tiny/draft.md.j2").write_text(text, encoding="utf-8")


def test_unknown_variable_names_template_and_line(tiny: Path, tmp_path: Path) -> None:
    _break(tiny, "# {{ place.name }}\n\n{{ secret_figure }}\n")
    with pytest.raises(
        TemplateFailure,
        match=r"templates/tiny/draft.md.j2, line 3: "
        r"'secret_figure' is undefined",
    ):
        build(tiny, "tiny", out=tmp_path / "out")


def test_pick_with_no_phrasings_names_template_and_line(tiny: Path, tmp_path: Path) -> None:
    _break(tiny, "# {{ place.name }}\n\n{{ 'opening' | pick(0) }}\n")
    with pytest.raises(
        TemplateFailure,
        match=r"templates/tiny/draft.md.j2, line 3: ValueError: pick needs a number of "
        r"phrasings from 1 to 64, not 0",
    ):
        build(tiny, "tiny", out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_pick_chooses_the_same_phrasing_for_the_same_place(tiny: Path, tmp_path: Path) -> None:
    words = "{{ ['Alpha', 'Beta', 'Gamma'][('opening' | pick(3))] }}"
    _break(tiny, "# {{ place.name }}\n\nPhrasing " + words + ".\n")
    first = build(tiny, "tiny", out=tmp_path / "a")
    again = build(tiny, "tiny", out=tmp_path / "b")
    texts = [(first.out_dir / d.folder / "draft.md").read_text() for d in first.drafts]
    assert texts == [(again.out_dir / d.folder / "draft.md").read_text() for d in again.drafts]
    assert len({t.splitlines()[-1] for t in texts}) > 1  # five places, more than one phrasing


def test_broken_tag_names_template_and_line(tiny: Path, tmp_path: Path) -> None:
    _break(tiny, "# {{ place.name }}\n{% if %}\n")
    with pytest.raises(TemplateFailure, match=r"templates/tiny/draft.md.j2, line 2: "):
        build(tiny, "tiny", out=tmp_path / "out")


def test_sandbox_blocks_python_internals(tiny: Path, tmp_path: Path) -> None:
    _break(tiny, "# {{ place.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(TemplateFailure, match="templates/tiny/draft.md.j2"):
        build(tiny, "tiny", out=tmp_path / "out")


def test_a_figure_opening_a_sentence_fails_the_build(tiny: Path, tmp_path: Path) -> None:
    from generator.base.errors import CheckFailed

    _break(tiny, "# {{ place.name }}\n\n{{ measures[1].pooled.base }} parcels were sent.\n")
    with pytest.raises(CheckFailed, match="a sentence opens with a figure: 44 parcels"):
        build(tiny, "tiny", out=tmp_path / "out")


@pytest.mark.slow
def test_golden_drafts_of_the_tiny_story(tiny: Path, tmp_path: Path) -> None:
    result = build(tiny, "tiny", out=tmp_path / "out")
    for expected in sorted((TINY / "expected").glob("*.md")):
        assert read(result, expected.stem, "draft.md") == expected.read_text(encoding="utf-8")


@pytest.mark.slow
def test_data_is_escaped_in_html(tiny: Path, tmp_path: Path) -> None:
    name_with_script(tiny)
    result = build(tiny, "tiny", out=tmp_path / "out")
    page = read(result, "eastshire", "draft.html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "attack",
    [
        "{% include '/etc/passwd' %}",
        "{% include '../../../../../../etc/passwd' %}",
        "{{ __import__('os').system('true') }}",
        "{{ cycler.__init__.__globals__.os.popen('cat /etc/passwd').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ place.name.__class__.__base__.__subclasses__() }}",
        "{{ self._TemplateReference__context }}",
        "{{ lipsum.__globals__['os'] }}",
    ],
)
def test_a_template_cannot_read_files_or_reach_python(
    tiny: Path, tmp_path: Path, attack: str
) -> None:
    """A journalist's template cannot read /etc/passwd, import a module or reach Python's
    internals: each attempt fails the build with the template named, and nothing leaks."""
    _break(tiny, f"# {{{{ place.name }}}}\n\n{attack}\n")
    with pytest.raises(TemplateFailure, match=r"templates/tiny/draft.md.j2") as caught:
        build(tiny, "tiny", out=tmp_path / "out")
    assert "root:" not in str(caught.value)
    assert not (tmp_path / "out" / "tiny").exists()
