"""What a build keeps between drafts stays bounded: views of a draft's own context are not
kept after it (only those of the story's and places' lasting objects are), a view's digest
lives on the view, and a place's quotes come from an index that lists what the book does."""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from generator.drafts import freeze as frozen_views
from generator.drafts.context import DraftContext, Lead, MeasureView, quotes_of
from generator.drafts.digest import digest
from generator.drafts.freeze import View, freeze
from generator.drafts.group import GroupContext, GroupMeasure
from generator.drafts.members import MemberView
from generator.drafts.prepared import context_for, group_for, prepare, style_of


def _kept_types() -> set[str]:
    return {type(original).__name__ for original, _ in frozen_views._SHARED.views.values()}


def test_a_draft_s_own_context_is_not_kept_after_it(tiny: Path) -> None:
    prepared = prepare(tiny, "tiny")
    slugs = list(prepared.dataset.records)
    group_for(prepared, "All", slugs, national=True).as_template_vars()
    variables = context_for(prepared, slugs[0]).as_template_vars()
    kept = _kept_types()
    for made_per_draft in (DraftContext, MeasureView, Lead, GroupContext, GroupMeasure):
        assert made_per_draft.__name__ not in kept
    assert {"Story", "Place", "Measure"} <= kept  # what later drafts reach again is kept
    # the story's view is the one every draft gets
    again = context_for(prepared, slugs[-1]).as_template_vars()
    assert again["story"] is variables["story"]


def test_one_object_reached_twice_is_still_one_view(tiny: Path) -> None:
    prepared = prepare(tiny, "tiny")
    ctx = context_for(prepared, next(iter(prepared.dataset.records)))
    view = freeze(ctx)
    assert isinstance(view, View)
    if ctx.lead.measure is not None:
        key = ctx.lead.measure.measure.key
        assert view.lead.measure is view.by_key[key]


def test_a_view_keeps_its_own_digest(tiny: Path) -> None:
    prepared = prepare(tiny, "tiny")
    variables = context_for(prepared, next(iter(prepared.dataset.records))).as_template_vars()
    place = variables["place"]
    assert place._digest is None or isinstance(place._digest, bytes)
    first = digest(variables)
    assert isinstance(place._digest, bytes)
    assert digest(variables) == first
    # a fresh freeze of the same context has fresh views and the same digest
    again = context_for(prepared, next(iter(prepared.dataset.records))).as_template_vars()
    assert digest(again) == first


def test_views_of_equal_objects_digest_alike_and_unequal_ones_apart(tiny: Path) -> None:
    prepared = prepare(tiny, "tiny")
    one, two = list(prepared.dataset.records)[:2]
    assert digest(context_for(prepared, one).as_template_vars()) != digest(
        context_for(prepared, two).as_template_vars()
    )


def test_the_quote_index_lists_what_the_book_does(tiny: Path) -> None:
    prepared = prepare(tiny, "tiny")
    book = prepared.quotes
    for slug in prepared.dataset.records:
        own, national = quotes_of(book, slug)
        assert own == tuple(book.for_place(slug))
        assert national == tuple(book.national)
    if book.quotes:  # a changed book is indexed afresh
        book.quotes.pop()
        for slug in prepared.dataset.records:
            assert quotes_of(book, slug)[0] == tuple(book.for_place(slug))


def test_one_style_object_for_each_house_style() -> None:
    assert style_of(None) is style_of(None)
    assert style_of(None).sign == "per cent" and style_of(None).headline_sign == "%"


def test_a_draft_about_several_places_lets_go_of_their_contexts_before_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its places' contexts (tens of thousands for a national draft) are let go once its
    outputs are rendered and checked, before its files are written: nothing left reaches
    them while Word, ninjs and facts.json are made."""
    from generator.drafts import jobs
    from generator.pipeline import job_for

    prepared = prepare(ROOT, STORY)
    job = job_for(prepared, ("national", ""))
    places = job.variables["places"]
    contexts = [weakref.ref(p._source if isinstance(p, MemberView) else p) for p in places]
    assert contexts and all(ref() is not None for ref in contexts)
    del places
    alive: list[int] = []
    written = jobs.draft_files

    def draft_files(*args: object, **kwargs: object) -> object:
        alive.append(sum(ref() is not None for ref in contexts))
        return written(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "draft_files", draft_files)
    monkeypatch.setattr(jobs, "MANY", 40)  # the national draft's 43 forces count as many
    result = jobs.render_job(prepared, job)
    assert alive == [0]  # none alive when its one prose output was written
    assert job.variables == {} and "facts.json" in result.files
