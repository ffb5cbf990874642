"""Rank words at both ends: "the lowest" and "the second highest" must be earned by a rank in
the draft's facts, counted from the end the words name."""

from __future__ import annotations

from typing import Any

import pytest

from generator.base.errors import CheckFailed
from generator.checks.factcheck import check_numbers
from generator.checks.trace import trace


def facts(position: int, tied: int = 1, base: int = 43, worse: str = "higher") -> dict[str, Any]:
    """A place's draft with one ranked measure, as facts.py writes it."""
    rank = {
        "position": position,
        "tied": tied,
        "base": base,
        "total": base,
        "from_best": base - position - tied + 2,
        "worse": worse,
    }
    return {
        "place": {"name": "Kent Police", "slug": "kent"},
        "measures": [
            {
                "measure": "sexual",
                "figure": {"count": 1, "base": 40},
                "rank": rank,
                "worst": ["Cleveland Police"],
            }
        ],
        "quotes": [{"paragraphs": ["We want the lowest rate of any force."]}],
    }


def untraced(text: str, f: dict[str, Any]) -> list[str]:
    return [t.mention.written for t in trace(text, f, claims=True) if not t.ok]


def test_the_lowest_is_earned_only_at_the_best_end() -> None:
    assert untraced("Kent had the lowest proportion in England and Wales.", facts(43)) == []
    assert untraced("Kent had the joint lowest proportion.", facts(42, tied=2)) == []
    said = "Kent had the lowest proportion."
    problems = [t for t in trace(said, facts(20), claims=True) if not t.ok]
    assert [t.mention.written for t in problems] == ["the lowest"]
    assert "none is the lowest" in problems[0].problem


def test_an_ordinal_counts_from_the_end_its_word_names() -> None:
    second_lowest = facts(42)  # second from the best end; 42nd from the worst
    assert untraced("Kent had the second lowest rate.", second_lowest) == []
    assert untraced("Kent had the second highest rate.", second_lowest) == ["second"]
    assert untraced("Kent had the second worst rate.", second_lowest) == ["second"]
    assert untraced("Kent had the second best rate.", second_lowest) == []
    assert untraced("It was the joint third highest.", facts(3, tied=2)) == []
    assert untraced("It was the joint third lowest.", facts(3, tied=2)) == ["third"]


def test_where_lower_is_worse_the_ends_swap() -> None:
    top = facts(43, worse="lower")  # the best place: the highest rate
    assert untraced("Kent had the highest rate.", top) == []
    assert untraced("Kent had the second lowest rate.", top) == ["second"]
    top["measures"][0]["worst"] = []  # no place listed at the worst end to say it of
    assert untraced("Kent had the lowest rate.", top) == ["the lowest"]


def test_the_worst_end_is_earned_by_the_places_listed_there() -> None:
    # "The highest rate was at Cleveland": the facts list the places at the worst end.
    assert untraced("The highest rate was at Cleveland Police.", facts(20)) == []


def test_quoted_words_and_round_ups_are_not_claims() -> None:
    f = facts(20)
    assert untraced("The force said: “We want the lowest rate of any force.”", f) == []
    assert untraced("We want the lowest rate of any force.", f) == []  # the quote, as written
    group = {k: v for k, v in f.items() if k != "place"}
    assert untraced("The lowest rate in the region was at Kent Police.", group) == []


def test_a_rank_without_a_direction_is_read_as_before() -> None:
    old = facts(2)
    for key in ("from_best", "worse"):
        del old["measures"][0]["rank"][key]
    assert untraced("It was the second highest.", old) == []
    assert untraced("It was the second worst.", old) == []
    assert untraced("It was the third worst.", old) == ["third"]


def test_check_numbers_refuses_an_unearned_lowest() -> None:
    with pytest.raises(CheckFailed) as caught:
        check_numbers("Kent had the lowest proportion.", facts(20), "kent/article.md")
    assert "'the lowest' in “Kent had the lowest proportion.”" in str(caught.value)
    assert check_numbers("Kent had the lowest proportion.", facts(43), "kent/article.md")


def test_a_round_up_may_name_a_members_rank_from_the_best_end() -> None:
    """A round-up's places reach the check through the template context: their ranks must
    carry the end they count from, or "the third lowest" of a member fails the build."""
    from types import SimpleNamespace as NS

    from generator.checks.factcheck import context_facts

    measure = NS(key="unsolved", worse="higher")
    rank = NS(position=41, tied=1, base=43, total=43, from_best=3)
    member = NS(
        place=NS(name="Avon and Somerset Constabulary"),
        measures=[NS(measure=measure, rank=rank, figure=object())],
        lead=NS(peers=0),
    )
    context = context_facts({"places": (member,)})
    text = "Avon and Somerset Constabulary had the third lowest share in England and Wales."
    assert check_numbers(text, {}, "roundup.md", context=context)
    with pytest.raises(CheckFailed, match="none is the fourth lowest"):
        check_numbers(text.replace("third", "fourth"), {}, "roundup.md", context=context)
