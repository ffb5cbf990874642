"""The render path's shortcuts give what the long way gives: a template's attribute lookup on
views and read-only mappings, a draft's facts made once for all its headlines, and the
freeze of a context whatever types it meets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.drafts.environment import environment
from generator.drafts.fact_types import AnyFacts
from generator.drafts.facts import draft_facts
from generator.drafts.freeze import View, freeze
from generator.drafts.jobs import facts_once
from generator.drafts.prepared import context_for, prepare

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Thing:
    name: str
    count: int


def test_attribute_lookup_matches_jinjas_own(tmp_path: Path) -> None:
    env = environment(tmp_path)
    view = freeze(Thing("a", 2))
    mapping = freeze({"name": "b", "items": "shadowed"})
    assert isinstance(view, View) and isinstance(mapping, MappingProxyType)
    for obj, attribute in [
        (view, "name"),
        (view, "count"),
        (view, "missing"),
        (view, "_values"),
        (mapping, "name"),
        (mapping, "items"),
        (mapping, "missing"),
        (mapping, "__class__"),
    ]:
        fast = env.getattr(obj, attribute)
        slow = ImmutableSandboxedEnvironment.getattr(env, obj, attribute)
        if isinstance(slow, jinja2.Undefined):
            assert isinstance(fast, jinja2.Undefined), attribute
            assert type(fast) is type(slow) and fast._undefined_hint == slow._undefined_hint
        elif callable(slow):
            assert fast == slow, attribute
        else:
            assert fast is slow, attribute


def test_a_template_reads_views_and_mappings(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text(
        "{{ t.name }} {{ t.count }} {{ m.name }} {{ m.items() | list | length }}"
        "{{ m.missing is defined }}"
    )
    env = environment(tmp_path)
    out = env.get_template("t.j2").render(t=freeze(Thing("a", 2)), m=freeze({"name": "b"}))
    assert out == "a 2 b 1False"


def test_a_drafts_facts_are_made_once_for_every_headline() -> None:
    prepared = prepare(ROOT, "cancelled-crimes")
    ctx = context_for(prepared, "kent")
    angle = prepared.angles["kent"]
    calls = []

    def make(headline: str) -> AnyFacts:
        calls.append(headline)
        return draft_facts(ctx, angle, prepared.dataset, headline)

    facts = facts_once(make)
    for headline in ("", "Kent cancelled one in ten", ""):
        assert facts(headline) == draft_facts(ctx, angle, prepared.dataset, headline)
        assert facts(headline).to_dict() == make(headline).to_dict()
    assert calls[0] == "" and len(calls) == 4  # once by facts_once, three times here


def test_freeze_decides_by_type_as_before() -> None:
    class Count(int):
        pass

    frozen = freeze({"n": Count(3), "s": {1}, "l": [1, "x"], "f": print, "p": ROOT})
    assert dict(frozen) == {"n": 3, "s": frozenset({1}), "l": (1, "x")}
    assert type(frozen["n"]) is Count  # an int subclass is plain data, kept as it is
