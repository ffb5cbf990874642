"""A draft about every place is checked against only what its text's numbers can look up
(`checks.wanted`): the same source for every number and the same problem for every wrong one
as when everything the facts allow is read, with what is kept bounded by the text."""

from __future__ import annotations

import random
from collections.abc import Iterator
from fractions import Fraction

import pytest

from generator.base.errors import CheckFailed
from generator.checks import parts
from generator.checks.allowed import KEPT_NAMES, KEPT_SIZE, allowed_values
from generator.checks.factcheck import check_numbers
from generator.checks.trace import trace
from generator.checks.wanted import want_all, want_of
from generator.language.filters import percent_value

PLACES = 1500  # every part of the facts and the names are past what is kept


def national() -> tuple[dict, dict, list[str]]:
    """A national draft's facts, its template context and names: every place's figure and
    rank, as a draft about every place carries them."""
    rng = random.Random(16)
    names = [f"Council {i}" for i in range(PLACES)] + ["District 9 Council"]
    summed, ranked = [], []
    for i, name in enumerate(names):
        base = rng.randint(20, 400)
        count = rng.randint(0, base)
        summed.append(
            {
                "place": name,
                "count": count,
                "base": base,
                "percent": percent_value(Fraction(count, base)),
            }
        )
        rank = {"position": i + 1, "tied": 1, "base": len(names), "total": len(names)}
        rank |= {"from_best": len(names) - i, "worse": "higher"}
        ranked.append({"name": name, "measures": [{"measure": "late", "rank": rank}]})
    count = sum(p["count"] for p in summed)
    base = sum(p["base"] for p in summed)
    facts = {
        "national": True,
        "places": names,
        "measures": [
            {
                "measure": "late",
                "places_with_figures": len(names),
                "total": {
                    "count": count,
                    "base": base,
                    "percent": percent_value(Fraction(count, base)),
                },
                "summed": summed,
                "worst": [names[0]],
                "pooled": {"count": count, "base": base, "percent": 22},
            }
        ],
        "quotes": [{"id": "q", "file": "quotes/q.yaml", "said": "answered 24 hours a day"}],
    }
    return facts, {"places": ranked}, names


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    parts.clear()
    yield
    parts.clear()


FACTS, CONTEXT, NAMES = national()
ONE = FACTS["measures"][0]["summed"][1234]
TOTAL = FACTS["measures"][0]["total"]
TEXTS = [
    f"Of the {TOTAL['base']:,} requests made to the {PLACES + 1:,} councils, "
    f"{TOTAL['count']:,} were answered late.",
    f"Late at Council 1234: {ONE['count']} of {ONE['base']} ({ONE['percent']} per cent).",
    f"Council 1234 answered {ONE['count'] + 1} of {ONE['base']} late.",  # one place's, wrong
    f"Late at Council 1234: {ONE['count']} of {ONE['base']} ({ONE['percent'] + 1} per cent).",
    "District 9 Council was the 12th worst and the 3rd highest; the 99,999th lowest.",
    "One in three were late; a third, three quarters, more than half. 61 per cent.",
    "Council 7 had twice the national rate and nearly three times as many.",
    "Answered 24 hours a day, said one. 17 of 9,999,999 (5 per cent). 4,321 other councils.",
    f"Council 1234: {ONE['percent']} per cent; {ONE['count']}; the {ONE['base']}th.",
]


def full_trace(text: str) -> list:
    parts.clear()
    allowed = allowed_values(FACTS, names=NAMES, context=CONTEXT)
    return trace(text, FACTS, names=NAMES, context=CONTEXT, allowed=allowed, claims=True)


@pytest.mark.parametrize("text", TEXTS)
def test_same_sources_and_problems_as_reading_everything(text: str) -> None:
    parts.clear()
    wanted = trace(text, FACTS, names=NAMES, context=CONTEXT, claims=True)
    assert wanted == full_trace(text)


def test_what_several_texts_want_traces_each_as_reading_everything() -> None:
    """The editors' site marks a page's texts one run at a time against one index made for
    all of them (:func:`want_all`): each run traces as it would against everything."""
    parts.clear()
    allowed = allowed_values(FACTS, names=NAMES, context=CONTEXT, text=want_all(TEXTS))
    for text in TEXTS:
        traced = trace(text, FACTS, names=NAMES, context=CONTEXT, allowed=allowed, claims=True)
        assert traced == full_trace(text), text
    full = allowed_values(FACTS, names=NAMES, context=CONTEXT)
    assert len(allowed.values) < len(full.values) // 10  # and bounded by the texts


def test_the_facts_are_past_what_is_kept() -> None:
    """Otherwise the tests above would compare the cached parts with themselves."""
    assert len(FACTS["measures"][0]["summed"]) * 4 > KEPT_SIZE
    assert len(NAMES) > KEPT_NAMES


def test_a_wrong_figure_of_one_place_among_many_fails() -> None:
    with pytest.raises(CheckFailed) as caught:
        check_numbers(TEXTS[2], FACTS, "national/national.md", names=NAMES, context=CONTEXT)
    assert f"'{ONE['count'] + 1} of {ONE['base']}'" in str(caught.value)
    assert "not a count and its base" in str(caught.value)


def test_a_wrong_derived_percentage_fails() -> None:
    with pytest.raises(CheckFailed) as caught:
        check_numbers(TEXTS[3], FACTS, "national/national.md", names=NAMES, context=CONTEXT)
    expected = f"{ONE['count']} of {ONE['base']} is {ONE['percent']} per cent, not"
    assert expected in str(caught.value)


def test_right_figures_of_one_place_pass() -> None:
    traced = check_numbers(TEXTS[1], FACTS, "national/national.md", names=NAMES, context=CONTEXT)
    sources = {t.mention.written: t.source for t in traced}
    assert sources[f"{ONE['percent']} per cent"] == "measures[late].summed[1234].count/base"


def test_what_is_kept_is_bounded_by_the_text() -> None:
    text = TEXTS[1]
    full = allowed_values(FACTS, names=NAMES, context=CONTEXT)
    parts.clear()
    kept = allowed_values(FACTS, names=NAMES, context=CONTEXT, text=text)
    assert len(full.values) > PLACES and len(full.pairs) > 100
    assert len(kept.values) < 60 and len(kept.pairs) <= 2
    assert not kept.compared  # no multiple is said: no rates kept
    for key, source in kept.values.items():  # each kept value: the same first source
        assert full.values[key] == source


def test_a_multiple_keeps_every_rate() -> None:
    full = allowed_values(FACTS, context=CONTEXT)
    parts.clear()
    kept = allowed_values(FACTS, context=CONTEXT, text=TEXTS[6])
    assert kept.compared == full.compared


def test_want_of_names_the_look_ups() -> None:
    want = want_of("Nine of 17 (53 per cent), the second worst; one in three; 12 December.")
    assert (9, 17) in want.pairs
    assert {("count", 9), ("count", 17), ("percent", 53), ("ordinal", 2)} <= want.values
    assert ("end", ("worst", 2)) in want.values and ("end", ("lowest", 1)) in want.values
    assert ("percent", 33) in want.values  # "one in three" is traced to 33 per cent too
    assert want.keeps(("date", (2020, 12, 12))) and not want.keeps(("count", 18))
    assert not want.compared and want_of("twice as many").compared
