"""What every draft reads of all places is worked out once a story, not once a draft: the
places sharing a rank, the places with a clean record, the places with illustrative figures."""

from __future__ import annotations

from pathlib import Path

from generator.drafts import context
from generator.drafts.context import clean_places, counted_once
from generator.drafts.prepared import context_for, prepare


def test_a_count_over_every_place_is_made_once_a_dataset(tiny: Path) -> None:
    dataset = prepare(tiny, "tiny").dataset
    calls: list[int] = []

    def count(d: object) -> int:
        calls.append(1)
        return 7

    assert counted_once(dataset, "test", count) == 7
    assert counted_once(dataset, "test", count) == 7
    assert len(calls) == 1
    assert clean_places(dataset) == sum(
        all(f is None or getattr(f, "count", 1) == 0 for f in r.figures.values())
        and any(f is not None for f in r.figures.values())
        for r in dataset.records.values()
    )


def test_a_dataset_s_counts_go_with_it(tiny: Path) -> None:
    dataset = prepare(tiny, "tiny").dataset
    counted_once(dataset, "test", lambda d: 1)
    key = id(dataset)
    assert key in context._ONCE
    del dataset
    assert key not in context._ONCE


def test_level_with_names_the_other_places_at_the_same_rank(tiny: Path) -> None:
    prepared = prepare(tiny, "tiny")
    view = context_for(prepared, "northshire").by_key["late"]
    assert view.level_with == ("Southshire",)
    assert context_for(prepared, "eastshire").by_key["late"].level_with == ()
