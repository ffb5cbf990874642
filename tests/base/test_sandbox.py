"""The template sandbox holds: templates see plain, immutable data only, cannot read or write a
file, import or change what another draft sees, and every render is bounded in time and size."""

from __future__ import annotations

import datetime
import html
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
import pytest
from conftest import ROOT, TINY, run, tree_digest

from generator.base.errors import TemplateFailure
from generator.base.inert import Text
from generator.base.limits import Limits
from generator.drafts.environment import SIGNED, _signed, story_loader
from generator.drafts.freeze import View, freeze, freeze_vars
from generator.drafts.prepared import Prepared, context_for, group_for, prepare
from generator.drafts.radio import ScriptSpec
from generator.drafts.render import BLANK_RUNS, Renderer
from generator.language.filters import FILTERS
from generator.language.variety import pick

STORIES = [(ROOT, "cancelled-crimes"), (ROOT, "police-misconduct"), (TINY, "tiny")]
PLAIN = (bool, int, float, Fraction, Decimal, datetime.date, datetime.time, datetime.timedelta)
TEMPLATE = "templates/tiny/draft.md.j2"


@pytest.fixture(scope="module", params=STORIES, ids=[s for _, s in STORIES])
def prepared(request: pytest.FixtureRequest) -> Prepared:
    root, slug = request.param
    return prepare(root, slug)


def multi_outlet(prepared: Prepared, broadcast: bool) -> Any:
    """An outlet of the story covering more than one place, or None."""
    for outlet in prepared.outlets or ():
        places = [s for s in outlet.places if s in prepared.dataset.records]
        if outlet.is_broadcast == broadcast and len(places) > 1:
            return outlet
    return None


def draft_contexts(prepared: Prepared) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every kind of draft's template variables, as the build passes them to templates."""
    slugs = list(prepared.dataset.records)
    for slug in slugs[:3]:
        variables = context_for(prepared, slug).as_template_vars()
        yield f"place {slug}", variables
        for part in ("cue", "copy"):
            yield f"place-radio {slug}", {**variables, "script": freeze(ScriptSpec(part, 20))}
    national = group_for(prepared, prepared.story.unit.area, slugs, national=True)
    yield "national", national.as_template_vars()
    for broadcast, kind in ((False, "group"), (True, "group-radio")):
        outlet = multi_outlet(prepared, broadcast)
        if outlet is None:
            continue
        group = group_for(prepared, outlet.name, list(outlet.places), outlet)
        variables = group.as_template_vars()
        if broadcast:
            variables = {**variables, "script": freeze(ScriptSpec("copy", 40))}
        yield f"{kind} {outlet.slug}", variables


def walk(value: Any, where: str, seen: set[int]) -> Iterator[str]:
    """Every place under ``value`` holding something that is not plain, immutable data."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if callable(value):
        yield f"{where}: callable {type(value).__name__}"
    elif value is None or isinstance(value, (Text, *PLAIN)):
        return
    elif type(value) is View or isinstance(value, View):
        for name, item in value._values.items():
            yield from walk(item, f"{where}.{name}", seen)
    elif type(value) is MappingProxyType:
        for key, item in value.items():
            yield from walk(key, f"{where} key", seen)
            yield from walk(item, f"{where}[{key!r}]", seen)
    elif type(value) in (tuple, frozenset):
        for i, item in enumerate(value):
            yield from walk(item, f"{where}[{i}]", seen)
    else:
        yield f"{where}: {type(value).__module__}.{type(value).__name__}"


def test_every_draft_kind_sees_only_plain_immutable_data(prepared: Prepared) -> None:
    kinds = set()
    for kind, variables in draft_contexts(prepared):
        kinds.add(kind.split()[0])
        bad = [b for name, value in variables.items() for b in walk(value, name, set())]
        assert not bad, f"{prepared.story.slug} {kind}: {bad[:10]}"
    expected = {"place", "place-radio", "national"}
    if prepared.outlets is not None:
        expected |= {"group", "group-radio"}
    assert expected <= kinds


def test_engine_only_names_are_not_in_the_context(prepared: Prepared) -> None:
    story = context_for(prepared, next(iter(prepared.dataset.records))).as_template_vars()["story"]
    for name in ("root", "template_dir", "data_path", "quotes_dir", "places_path", "outlets_path"):
        assert not hasattr(story, name), name
    assert story.title == prepared.story.title and isinstance(story.title, Text)
    assert story.limits.render_seconds == prepared.story.limits.render_seconds


def test_frozen_values_cannot_be_changed_from_python(prepared: Prepared) -> None:
    variables = context_for(prepared, next(iter(prepared.dataset.records))).as_template_vars()
    story, by_key = variables["story"], variables["by_key"]
    with pytest.raises(TypeError):
        story.settings["source"] = "invented"  # type: ignore[index]
    with pytest.raises(AttributeError):
        by_key.pop(next(iter(by_key)))  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        story.title = "x"
    assert isinstance(variables["measures"], tuple)


@pytest.mark.slow
def test_one_object_is_one_view_so_sameas_holds() -> None:
    prepared = prepare(ROOT, "cancelled-crimes")
    for slug in prepared.dataset.records:
        variables = context_for(prepared, slug).as_template_vars()
        lead = variables["lead"].measure
        if lead is not None:
            assert lead is variables["by_key"][lead.measure.key]
            assert lead.plural == lead.measure.plural  # a measure view reads its measure


@pytest.mark.slow
def test_the_fact_check_reads_frozen_variables() -> None:
    from generator.checks.factcheck import context_facts, names_of

    prepared = prepare(ROOT, "cancelled-crimes")
    slugs = list(prepared.dataset.records)
    group = group_for(prepared, "England and Wales", slugs, national=True)
    frozen, real = (
        group.as_template_vars(),
        {n: getattr(group, n) for n in group.__dataclass_fields__},
    )
    assert context_facts(frozen) == context_facts(real)
    assert names_of(prepared.story, frozen) == names_of(prepared.story, real)
    place = context_for(prepared, slugs[0])
    real = {n: getattr(place, n) for n in place.__dataclass_fields__}
    assert context_facts(place.as_template_vars()) == context_facts(real)
    assert names_of(prepared.story, place.as_template_vars()) == names_of(prepared.story, real)


@pytest.mark.slow
def test_strict_freeze_names_what_is_not_plain() -> None:
    class Live:
        pass

    assert freeze({"a": [1, "b"], "p": Path("/etc"), "f": print}) == {"a": (1, "b")}
    with pytest.raises(TypeError, match=r"context\['p'\]: PosixPath is not plain data"):
        freeze({"p": Path("/etc")}, strict=True)
    with pytest.raises(TypeError, match="x: Live is not plain data"):
        freeze_vars({"x": Live()}, strict=True)
    prepared = prepare(ROOT, "cancelled-crimes")
    ctx = context_for(prepared, "hampshire")
    freeze_vars({n: getattr(ctx, n) for n in ctx.__dataclass_fields__}, strict=True)


@pytest.mark.slow
def test_freezing_a_place_context_is_fast() -> None:
    prepared = prepare(ROOT, "cancelled-crimes")
    ctx = context_for(prepared, "hampshire")
    started = time.perf_counter()
    for _ in range(50):
        ctx.as_template_vars()
    assert (time.perf_counter() - started) / 50 < 0.005


# --- templates that attack ------------------------------------------------------------------

ATTACKS = {
    "read-root": "{{ story.root.joinpath('x').read_text() }}",
    "read-path-property": "{{ story.data_path.read_text() }}",
    "template-dir": "{{ story.template_dir }}",
    "context": "{{ self._TemplateReference__context }}",
    "globals": "{{ cycler.__init__.__globals__.os.popen('cat /etc/hostname').read() }}",
    "lipsum-write": "{{ lipsum.__globals__['os'].system('touch {pwned}') }}",
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "include-absolute": "{% include '/etc/hostname' %}",
    "include-up": "{% include '../../data/places.csv' %}",
    "import": "{{ __import__('os').system('touch {pwned}') }}",
    "open": "{{ open('{pwned}', 'w').write('x') }}",
    "settings-update": "{{ story.settings.update({'source': 'invented'}) }}",
    "settings-setitem": "{{ story.settings.__setitem__('source', 'invented') }}",
    "by-key-pop": "{{ by_key.pop('late') }}",
    "list-append": "{{ measures.append(1) }}",
    "quotes-append": "{% set q = quotes %}{{ q.append(1) }}",
    "setattr": "{{ place.__setattr__('name', 'x') }}",
    "own-dict": "{% set d = {} %}{{ d.update({'a': 1}) }}",
    "view-internals": "{{ place._values }}",
    "method-of-number": "{{ (1).__class__ }}",
    "format-escape": "{{ '{0.__class__.__mro__}'.format(place) }}",
    "date-method": "{{ story.limits.__class__ }}",
}


NOT_ALLOWED = "not allowed in a template"
CANNOT_CHANGE = "Templates read the data; they cannot change it"
UNDEFINED = "Use a variable listed in generator/drafts/context.py"
SAYS = {
    "read-root": "Story object' has no attribute 'root'",
    "read-path-property": "has no attribute 'data_path'",
    "template-dir": "has no attribute 'template_dir'",
    "include-absolute": "template '/etc/hostname' not found",
    "include-up": "not found. A template may only include or import templates in templates/tiny/",
    "import": f"'__import__' is undefined. {UNDEFINED}",
    "open": f"'open' is undefined. {UNDEFINED}",
    "settings-update": f"a read-only mapping has no attribute 'update'. {CANNOT_CHANGE}",
    "settings-setitem": CANNOT_CHANGE,
    "by-key-pop": CANNOT_CHANGE,
    "list-append": f"a tuple has no attribute 'append'. {CANNOT_CHANGE}",
    "quotes-append": CANNOT_CHANGE,
}


@pytest.fixture
def pristine(tiny_built: Path) -> tuple[Path, dict[str, str]]:
    """The tiny story with one good build in out/, and the digest of the whole project."""
    return tiny_built, tree_digest(tiny_built)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attacking_template_fails_naming_itself(
    pristine: tuple[Path, dict[str, str]], tmp_path: Path, attack: str
) -> None:
    project, before = pristine
    pwned = tmp_path / "pwned"
    path = project / TEMPLATE
    text = path.read_text(encoding="utf-8") + ATTACKS[attack].replace("{pwned}", str(pwned))
    path.write_text(text, encoding="utf-8")
    result = run(project, "build", "--story", "tiny")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {TEMPLATE}, line 19: "), result.output
    assert SAYS.get(attack, NOT_ALLOWED) in result.output
    assert "Traceback" not in result.output
    assert not pwned.exists()
    after = tree_digest(project)
    assert after.pop(TEMPLATE) != before.pop(TEMPLATE)
    assert after == before  # the previous build in out/ and every input are untouched


@pytest.mark.slow
def test_a_mutation_cannot_leak_into_another_draft(tmp_path: Path) -> None:
    prepared = prepare(ROOT, "cancelled-crimes")
    (tmp_path / "t.j2").write_text(
        "{{ story.settings.source }}|{% if place.slug == 'hampshire' %}"
        "{{ story.settings.update({'source': 'invented'}) }}{% endif %}",
        encoding="utf-8",
    )
    renderer = Renderer(tmp_path)
    first = renderer.render("t.j2", context_for(prepared, "dorset").as_template_vars())
    with pytest.raises(TemplateFailure, match="t.j2, line 1"):
        renderer.render("t.j2", context_for(prepared, "hampshire").as_template_vars())
    assert renderer.render("t.j2", context_for(prepared, "dorset").as_template_vars()) == first
    assert "invented" not in first and prepared.story.settings["source"] in first


@pytest.mark.slow
def test_an_imported_templates_namespace_starts_afresh_for_each_draft(tmp_path: Path) -> None:
    """Jinja keeps one module per imported template; a namespace in it must not carry one
    draft's values into the next."""
    prepared = prepare(ROOT, "cancelled-crimes")
    (tmp_path / "m.j2").write_text(
        '{% set ns = namespace(seen="") %}'
        "{% macro note(name) %}{% set ns.seen = ns.seen ~ name ~ ';' %}{{ ns.seen }}"
        "{% endmacro %}",
        encoding="utf-8",
    )
    (tmp_path / "t.j2").write_text(
        '{% import "m.j2" as m %}{{ m.note(place.short_name) }}', encoding="utf-8"
    )
    renderer = Renderer(tmp_path)
    for slug in ("dorset", "kent", "hampshire"):
        ctx = context_for(prepared, slug)
        text = renderer.render("t.j2", ctx.as_template_vars())
        assert text == f"{ctx.place.short_name};\n", text


# --- bounded work ---------------------------------------------------------------------------

HUGE = {
    "power": "{{ 10 ** (10 ** 10) }}",
    "power-fraction": "{{ (m.figure.rate if m else 1.5) ** 1 }}{{ 7 ** 100000 }}",
    "repeat-text": "{{ 'x' * 10**9 }}",
    "repeat-list": "{{ [1] * 10**9 }}",
    "repeat-left": "{{ 10**9 * 'x' }}",
    "percent-width": "{{ '%0999999999d' % 1 }}",
    "percent-star": "{{ '%*d' % (999999999, 1) }}",
    "format-width": "{{ '{:999999999}'.format(1) }}",
    "format-filter": "{{ '%999999999s' | format('x') }}",
    "center": "{{ 'x'.center(10**9) }}",
    "center-filter": "{{ 'x' | center(10**9) }}",
    "indent-filter": "{{ 'x\\ny' | indent(10**9) }}",
    "zfill": "{{ 'x'.zfill(10**9) }}",
    "replace": "{{ ('x' * 1000000).replace('x', 'xx') }}",
    "replace-filter": "{{ ('x' * 1000000) | replace('x', 'xx') }}",
    "concat": "{% set s = 'x' * 1000000 %}{{ s ~ s }}",
    "plus": "{% set s = 'x' * 1000000 %}{{ s + s }}",
    "join": "{{ (['x' * 999999] * 3000) | join }}",
    "sum-lists": "{{ ([range(99999) | list] * 999) | sum(start=[]) }}",
    "indent-lines": "{{ ('x\\n' * 3000) | indent(999999) }}",
    "squaring": "{% set ns = namespace(x=10**6000) %}{% set ns.x = ns.x * ns.x %}{{ ns.x }}",
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_a_huge_result_is_refused_quickly(tmp_path: Path, name: str) -> None:
    (tmp_path / "t.j2").write_text("{% set m = none %}" + HUGE[name], encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(TemplateFailure) as caught:
        Renderer(tmp_path).render("t.j2", {})
    assert time.monotonic() - started < 3
    message = str(caught.value)
    assert message.startswith(f"templates/{tmp_path.name}/t.j2, line 1: "), message
    assert "would" in message, message
    if "digits" not in message:
        assert "1,000,000 bytes (draft_bytes)" in message, message
        assert "limits: draft_bytes" in message


def test_small_results_of_the_same_operators_still_work(tmp_path: Path) -> None:
    source = (
        "{{ 2 ** 10 }} {{ 'ab' * 2 }} {{ [1] * 2 }} {{ '%05d' % 7 }} {{ '{:>4}'.format('x') }} "
        "{{ 'x' | center(3) }} {{ 'abc'.replace('b', 'BB') }} {{ 'a' ~ 'b' }} {{ 1 + 2 }} "
        "{{ 7 % 3 }}"
    )
    (tmp_path / "t.j2").write_text(source, encoding="utf-8")
    assert (
        Renderer(tmp_path).render("t.j2", {}) == "1024 abab \\[1, 1\\] 00007    x  x  aBBc ab 3 1\n"
    )


NESTED = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}done"


@pytest.mark.slow
def test_a_nested_loop_ends_with_a_clear_error_within_the_limit(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("Start\n" + NESTED, encoding="utf-8")
    renderer = Renderer(tmp_path, Limits(render_seconds=1))
    started = time.monotonic()
    with pytest.raises(TemplateFailure) as caught:
        renderer.render("t.j2", {})
    assert time.monotonic() - started < 3
    assert str(caught.value) == (
        f"templates/{tmp_path.name}/t.j2, line 2: the render took longer than the limit of 1 "
        "second (render_seconds). Look for a loop that runs too many times; or raise "
        f"'limits: render_seconds' in templates/{tmp_path.name}/story.yaml"
    )


def test_the_timer_is_restored_after_a_render(tmp_path: Path) -> None:
    import signal

    (tmp_path / "t.j2").write_text("x", encoding="utf-8")
    before = signal.getsignal(signal.SIGALRM)
    Renderer(tmp_path).render("t.j2", {})
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.slow
def test_a_render_in_another_thread_is_bounded_too(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    renderer = Renderer(tmp_path, Limits(render_seconds=1, draft_bytes=10**12))
    errors: list[BaseException] = []

    def go() -> None:
        try:
            renderer.render("t.j2", {})
        except TemplateFailure as err:
            errors.append(err)

    started = time.monotonic()
    thread = threading.Thread(target=go)
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and time.monotonic() - started < 3
    assert "longer than the limit of 1 second (render_seconds)" in str(errors[0])


def test_an_oversized_draft_ends_with_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text(
        "{% for i in range(100000) %}{{ 'é' * 100 }}\n{% endfor %}", encoding="utf-8"
    )
    started = time.monotonic()
    with pytest.raises(TemplateFailure) as caught:
        Renderer(tmp_path, Limits(draft_bytes=50_000)).render("t.j2", {})
    assert time.monotonic() - started < 3
    assert str(caught.value) == (
        f"templates/{tmp_path.name}/t.j2: the draft is longer than the limit of 50,000 "
        f"bytes (draft_bytes). Simplify the template, or raise 'limits: draft_bytes' in "
        f"templates/{tmp_path.name}/story.yaml"
    )


@pytest.mark.slow
def test_the_build_applies_the_manifest_limits(tiny: Path) -> None:
    manifest = tiny / "templates/tiny/story.yaml"
    manifest.write_text(manifest.read_text() + "limits:\n  render_seconds: 1\n")
    (tiny / TEMPLATE).write_text(NESTED, encoding="utf-8")
    started = time.monotonic()
    result = run(tiny, "build", "--story", "tiny")
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {TEMPLATE}, line 1: the render took longer than the limit of 1 second"
    ), result.output
    assert not list(tiny.rglob("draft.md"))


# --- the bundled drafts are unchanged ---------------------------------------------------------


def unfrozen_render(template_dir: Path, name: str, variables: dict[str, Any], html_: bool) -> str:
    """A render as before the sandbox was narrowed: Jinja's plain sandbox over the engine's own
    dataclasses, no finalize (the same loader, so ``default:`` macros resolve)."""
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=story_loader(template_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=html_,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    for filter_name in SIGNED:
        env.filters[filter_name] = _signed(FILTERS[filter_name])
    env.filters["pick"] = pick
    text = env.get_template(name).render(variables)
    return BLANK_RUNS.sub("\n\n", text).strip() + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["cancelled-crimes", "police-misconduct"])
def test_the_bundled_drafts_are_the_same_as_from_unfrozen_data(slug: str) -> None:
    prepared = prepare(ROOT, slug)
    story = prepared.story
    slugs = list(prepared.dataset.records)
    cases: list[tuple[str, Any, dict[str, Any]]] = []
    for place in slugs[::6]:
        ctx = context_for(prepared, place)
        cases += [(o.template, ctx, {}) for o in story.scoped("place")]
        for part in ("cue", "copy"):
            spec = ScriptSpec(part, 40)
            cases += [(o.template, ctx, {"script": spec}) for o in story.scoped("place-radio")]
    group = group_for(prepared, story.unit.area, slugs, national=True)
    cases += [(o.template, group, {}) for o in story.scoped("national")]
    for broadcast, scope in ((False, "group"), (True, "group-radio")):
        outlet = multi_outlet(prepared, broadcast)
        group = group_for(prepared, outlet.name, list(outlet.places), outlet)
        extra = {"script": ScriptSpec("copy", 20)} if broadcast else {}
        cases += [(o.template, group, extra) for o in story.scoped(scope)]
    assert len(cases) > 10
    for template, ctx, extra in cases:
        real = {n: getattr(ctx, n) for n in ctx.__dataclass_fields__} | extra
        frozen = ctx.as_template_vars() | {k: freeze(v) for k, v in extra.items()}
        for as_html in (False, True):
            before = unfrozen_render(story.template_dir, template, real, as_html)
            after = prepared.renderer.render(template, frozen, html=as_html)
            if as_html:  # input text is escaped by inert.Text: &quot; where it was &#34;
                before, after = html.unescape(before), html.unescape(after)
            assert after == before, f"{slug} {template} {extra}"
