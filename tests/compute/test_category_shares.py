"""Shares across categories: each place's order (ties share a place and keep column order),
the national shares from pooled counts, each place's rank on a category's share, whether the
place's most common category differs from the national one, and the words for them."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import FIXTURES, copy_project

from generator.compute.categories import PlaceCategories
from generator.drafts.prepared import prepare
from generator.language.shares import category_share, common_order, most_common

NO_SUSPECT = "No suspect identified"


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory):
    root = copy_project(FIXTURES / "shares", tmp_path_factory.mktemp("shares") / "shares")
    return prepare(root, "shares").categories


def place(tables, slug: str) -> PlaceCategories:
    found = tables["outcome"].for_place(slug)
    assert found is not None
    return found


def test_shares_are_exact_and_ordered_most_common_first(tables) -> None:
    north = place(tables, "northshire")
    assert [(s.column, s.count, s.order, s.tied) for s in north.shares] == [
        (NO_SUSPECT, 50, 1, 1),
        ("Charged", 20, 2, 2),
        ("Under investigation", 20, 2, 2),
        ("Cautioned", 10, 4, 1),
    ]
    assert north.top.share == Fraction(1, 2) and north.total == 100
    assert north.top.name == "investigation complete, no suspect identified"
    assert north.second is not None and north.second.column == "Charged"


def test_a_tie_at_the_top_is_joint_and_the_next_place_skips(tables) -> None:
    mid = place(tables, "midshire")
    assert [s.order for s in mid.shares] == [1, 1, 1, 4]
    assert mid.second is not None and mid.second.column == "Under investigation"
    assert most_common(mid) == (
        "the joint most common outcomes were 'Charged', 'Cautioned' and 'investigation "
        "complete, no suspect identified' (30 per cent each)"
    )
    assert (
        most_common(mid, 4)
        == "the fourth most common outcome was 'Under investigation' (10 per cent)"
    )
    with pytest.raises(ValueError, match="no category is in place 2"):
        most_common(mid, 2)


def test_national_shares_pool_the_counts_of_places_with_a_tally(tables) -> None:
    national = place(tables, "northshire").national  # westshire has an empty cell: left out
    assert [(s.column, s.count, s.total) for s in national] == [
        (NO_SUSPECT, 170, 400),
        ("Charged", 100, 400),
        ("Under investigation", 70, 400),
        ("Cautioned", 60, 400),
    ]
    assert tables["outcome"].for_place("westshire") is None


def test_a_place_whose_most_common_differs_from_the_national_one_is_flagged(tables) -> None:
    assert place(tables, "southshire").differs
    assert not place(tables, "northshire").differs
    assert not place(tables, "midshire").differs  # level at the top with the national one


def test_places_are_ranked_on_each_category_share(tables) -> None:
    south = place(tables, "southshire")
    charged = next(s for s in south.shares if s.column == "Charged")
    assert charged.rank is not None
    assert (charged.rank.position, charged.rank.tied, charged.rank.base) == (1, 1, 4)
    east = place(tables, "eastshire")
    cautioned = next(s for s in east.shares if s.column == "Cautioned")
    assert cautioned.rank is not None
    # cautioned: mid 30, east 10, north 10, south 10 -> three level second, lowest from_best 1
    assert (cautioned.rank.position, cautioned.rank.tied, cautioned.rank.from_best) == (2, 3, 1)


def test_the_words_for_a_share(tables) -> None:
    south = place(tables, "southshire")
    assert most_common(south) == "the most common outcome was 'Charged' (40 per cent)"
    assert most_common(south, 1, "%", national=True) == (
        "the most common outcome was 'investigation complete, no suspect identified' (43%)"
    )
    assert category_share(south.top) == "'Charged' (40 per cent)"
    assert common_order(south.shares[1]) == "the second most common"
    north = place(tables, "northshire")
    assert common_order(north.shares[1]) == "the joint second most common"
    assert most_common(north, 2) == (
        "the joint second most common outcomes were 'Charged' and 'Under investigation' "
        "(20 per cent each)"
    )
