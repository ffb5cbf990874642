"""A group's places frozen only when read (generator/drafts/members.py): the same data, the
same digest and the same identities as freezing them all at once."""

from __future__ import annotations

import pytest
from conftest import ROOT, STORY

from generator.drafts.digest import digest
from generator.drafts.freeze import freeze_vars
from generator.drafts.group import GroupContext
from generator.drafts.members import MemberDigests, MemberView, member_key
from generator.drafts.prepared import Prepared, context_for, group_for, prepare


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return prepare(ROOT, STORY)


def national(prepared: Prepared) -> GroupContext:
    slugs = list(prepared.dataset.records)
    return group_for(prepared, prepared.story.unit.area, slugs, national=True)


def eager(group: GroupContext) -> dict[str, object]:
    return freeze_vars({name: getattr(group, name) for name in group.__dataclass_fields__})


def test_members_are_frozen_when_first_read(prepared: Prepared) -> None:
    group = national(prepared)
    frozen = group.as_template_vars()
    first = frozen["places"][0]
    assert isinstance(first, MemberView)
    assert first._make is not None  # not frozen yet
    assert first.place.slug == group.places[0].place.slug
    assert first._make is None
    assert type(first).__name__ == "DraftContext"


def test_same_digest_as_freezing_every_place(prepared: Prepared) -> None:
    group = national(prepared)
    assert digest(group.as_template_vars()) == digest(eager(group))
    assert digest(group.as_template_vars(MemberDigests())) == digest(eager(group))


def test_same_data_and_identities(prepared: Prepared) -> None:
    group = national(prepared)
    lazy, full = group.as_template_vars(), eager(group)
    assert lazy["lead"] is lazy["ranked"][0] or lazy["lead"] in lazy["places"]
    for g in lazy["measures"]:
        if g.strongest is not None:
            assert g.finding is g.strongest.by_key[g.key]  # one view of one object
    assert [c.place.name for c in lazy["places"]] == [c.place.name for c in full["places"]]
    assert lazy["places"][3].measures == full["places"][3].measures


def test_digests_kept_and_seeded_alike(prepared: Prepared) -> None:
    slug = next(iter(prepared.dataset.records))
    ctx = context_for(prepared, slug)
    made, seeded = MemberDigests(), MemberDigests()
    seeded.seed(ctx, ctx.as_template_vars())
    assert seeded.known[member_key(ctx)] == made(ctx) == made(context_for(prepared, slug))
    outlet = next(iter(prepared.outlets or []))
    other = context_for(prepared, slug, outlet)
    if member_key(other) != member_key(ctx):
        assert made(other) != made(ctx)


def test_a_change_of_variant_is_another_member(prepared: Prepared) -> None:
    slug = next(iter(prepared.dataset.records))
    before = context_for(prepared, slug)
    prepared.rotation, prepared._variants = 1, None
    try:
        after = context_for(prepared, slug)
    finally:
        prepared.rotation, prepared._variants = 0, None
    assert member_key(after) != member_key(before)
    digests = MemberDigests()
    assert digests(after) != digests(before)


def test_the_fact_check_reads_every_place_without_freezing_it(prepared: Prepared) -> None:
    from generator.checks.factcheck import context_facts, names_of
    from generator.drafts.members import for_checks

    for outlet in [None, *(prepared.outlets or ())]:
        slugs = list(prepared.dataset.records)
        group = group_for(prepared, prepared.story.unit.area, slugs, outlet, national=True)
        lazy = group.as_template_vars()
        checked = for_checks(lazy)
        assert checked["places"] == group.places  # the engine's own contexts
        assert all(view._make is not None for view in lazy["places"])  # none frozen
        frozen = eager(group)
        story = prepared.story
        assert names_of(story, checked, "x") == names_of(story, frozen, "x")
        assert context_facts(checked) == context_facts(frozen)
        assert context_facts(checked)["places"]  # the check does read every place


def test_variables_without_members_are_checked_as_they_are(prepared: Prepared) -> None:
    from generator.drafts.members import for_checks

    variables = context_for(prepared, next(iter(prepared.dataset.records))).as_template_vars()
    assert for_checks(variables) is variables
