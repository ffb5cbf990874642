"""The environment's speed-ups change nothing a template writes: compiled templates kept
between runs are used only for the same source, flavour and engine, and the answers kept on
what a template may read still judge each view by its own fields."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.drafts import environment as env_module
from generator.drafts.compiled import CompiledTemplates
from generator.drafts.environment import environment
from generator.drafts.freeze import View

TEMPLATE = "{% import 'default:quotes.j2' as voice %}{{ said }} {{ 3 | number }} <{{ n }}>\n"


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A story folder, and a private folder for compiled templates."""
    cache = tmp_path / "compiled"
    cache.mkdir(mode=0o700)
    original = CompiledTemplates.__init__

    def private(self: CompiledTemplates, flavour: str, shared: Path) -> None:
        original(self, flavour, shared)
        self.directory = str(cache)

    monkeypatch.setattr(CompiledTemplates, "__init__", private)
    folder = tmp_path / "templates" / "demo"
    folder.mkdir(parents=True)
    (folder / "draft.j2").write_text(TEMPLATE, encoding="utf-8")
    return folder


def _render(folder: Path, html: bool, **values: object) -> str:
    return environment(folder, html=html).get_template("draft.j2").render(**values)


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    compile_ = env_module.StoryEnvironment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):  # noqa: ANN001, ANN202
        seen.append(f"{self.autoescape}:{name}")
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(env_module.StoryEnvironment, "compile", counted)
    return seen


def test_a_second_run_loads_what_the_first_compiled(
    story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _compiles(monkeypatch)
    first = _render(story, False, said="a < b", n=1)
    assert seen == ["False:draft.j2", "False:quotes.j2"]
    assert _render(story, False, said="a < b", n=1) == first == "a < b three <1>\n"
    assert len(seen) == 2  # nothing compiled again
    assert len(list((story.parents[1] / "compiled").iterdir())) == 2


def test_markdown_and_html_keep_their_own_compiled_code(
    story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _compiles(monkeypatch)
    assert _render(story, False, said="a < b", n=1) == "a < b three <1>\n"
    assert _render(story, True, said="a < b", n=1) == "a &lt; b three <1>\n"
    assert _render(story, True, said="a < b", n=1) == "a &lt; b three <1>\n"
    assert sorted(seen) == ["False:draft.j2", "False:quotes.j2", "True:draft.j2", "True:quotes.j2"]


def test_an_edited_template_is_compiled_again(story: Path) -> None:
    assert _render(story, False, said="x", n=1) == "x three <1>\n"
    (story / "draft.j2").write_text("{{ said }} again\n", encoding="utf-8")
    assert _render(story, False, said="x", n=1) == "x again\n"


def test_stories_and_engines_do_not_share_compiled_templates(story: Path) -> None:
    md = environment(story)
    other = environment(story.parent.parent / "other")
    html = environment(story, html=True)
    keys = {
        e.bytecode_cache.get_cache_key("draft.j2", "/x/draft.j2")  # type: ignore[union-attr]
        for e in (md, other, html)
    }
    assert len(keys) == 3


def test_no_cache_when_the_temp_folder_is_not_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    def unsafe(self: object) -> str:
        raise RuntimeError("Cannot determine safe temp directory.")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "_get_default_cache_dir", unsafe)
    env = environment(Path("."))
    assert env.bytecode_cache is None
    assert env.from_string("{{ 2 | number }}").render() == "two"


def test_each_view_is_judged_by_its_own_fields() -> None:
    env = environment(Path("."))
    Place = type("Place", (View,), {"__slots__": ()})
    with_name, without = Place({"name": "Kent"}), Place({"code": "K"})
    template = env.from_string("{{ p.name }}")
    assert template.render(p=with_name) == "Kent"
    with pytest.raises(jinja2.UndefinedError):
        template.render(p=without)
    assert env.is_safe_attribute(with_name, "name", "Kent")
    assert not env.is_safe_attribute(without, "name", None)
    assert not env.is_safe_attribute(with_name, "_values", None)
    assert not env.is_safe_attribute([], "append", None)
    assert env.is_safe_attribute((), "count", None)
