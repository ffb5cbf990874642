"""What the fact check works out once and reuses: the parts of the facts (`checks.parts`), the
pieces of a text it reads numbers in (`numbers.raw_mentions`) and what the filters say of a
count and its base (`allowed._spoken`). Reused, they must allow and catch exactly what they
did when worked out afresh."""

from __future__ import annotations

import copy
import datetime
import json
import random
from collections.abc import Iterator

import pytest

from generator.base.errors import CheckFailed
from generator.base.inert import Text
from generator.checks import parts
from generator.checks.allowed import Allowed, _spoken, allowed_values, spoken_read
from generator.checks.factcheck import check_numbers
from generator.checks.numbers import _read, raw_mentions
from generator.language.filters import spoken_proportion

POOLED = {"count": 21521, "base": 96447, "percent": 22, "versus": "above", "places": 400}


def place_facts(name: str, count: int, base: int) -> dict:
    """One place's facts: its own figure beside the national pooled rate every draft shares."""
    return {
        "place": {"name": name},
        "measures": [
            {
                "measure": "late",
                "figure": {"count": count, "base": base, "percent": round(100 * count / base)},
                "rank": {"position": 7, "tied": 1, "base": 400, "total": 400},
                "pooled": dict(POOLED),
                "worst": ["Belingbridge Council"],
            }
        ],
        "quotes": [{"id": "q", "file": "quotes/q.yaml", "said": "a prompt answer"}],
    }


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    parts.clear()
    yield
    parts.clear()


def fresh_values(facts: dict, **kwargs: object) -> Allowed:
    parts.clear()
    return allowed_values(facts, **kwargs)  # type: ignore[arg-type]


def same(a: Allowed, b: Allowed) -> None:
    assert list(a.values.items()) == list(b.values.items())
    assert list(a.pairs.items()) == list(b.pairs.items())
    assert {k: list(v.items()) for k, v in a.compared.items()} == {
        k: list(v.items()) for k, v in b.compared.items()
    }
    assert a.verbatim == b.verbatim
    assert a.scripts == b.scripts


def test_reused_parts_allow_what_fresh_ones_do_in_the_same_order() -> None:
    article = place_facts("Elowbridge Council", 16, 70)
    radio = {**copy.deepcopy(article), "scripts": [{"part": "CUE", "target_seconds": 20}]}
    page = json.loads(json.dumps(article))  # as the site reads facts.json back
    context = {"worst_ends": [{"measure": "late", "worse": "higher", "at_worst_end": True}]}
    settings = {"period": "this year", "years": [2019, 2020]}
    expected = [
        fresh_values(article, settings=settings, context=context, names=["Elowbridge"]),
        fresh_values(radio, settings=settings, context=context, names=["Elowbridge"]),
        fresh_values(page, settings=settings, names=["Elowbridge 2"]),
    ]
    parts.clear()
    for _ in range(2):  # the first round fills the cache, the second reads only from it
        got = [
            allowed_values(article, settings, context=context, names=["Elowbridge"]),
            allowed_values(radio, settings, context=context, names=["Elowbridge"]),
            allowed_values(page, settings, names=["Elowbridge 2"]),
        ]
        for a, b in zip(got, expected, strict=True):
            same(a, b)


def test_a_wrong_figure_is_caught_after_another_draft_filled_the_cache() -> None:
    first = place_facts("Elowbridge Council", 16, 70)
    second = place_facts("Elenbridge Council", 9, 29)
    text = "Nine of 29 (31 per cent) requests were late, against 22 per cent nationally."
    check_numbers(text, second, "elenbridge")  # the pooled 22 per cent comes from the part
    check_numbers("Sixteen of 70 (23 per cent).", first, "elowbridge")
    for wrong in (
        "Sixteen of 70 (23 per cent) requests were late.",  # the other place's figure
        "Nine of 29 (31 per cent) requests were late, against 21 per cent nationally.",
        "Nine of 96447 requests were late.",  # a base only the shared part holds, wrong count
    ):
        with pytest.raises(CheckFailed):
            check_numbers(wrong, second, "elenbridge")
    # A figure only the shared (cached) part allows is still allowed, and still by its source.
    allowed = allowed_values(second)
    assert allowed.values[("percent", 22)] == "measures[late].pooled.count/base"
    assert allowed.pairs[(21521, 96447)] == "measures[late].pooled.count/base"
    same(allowed, fresh_values(second))


def test_changed_content_is_never_read_from_the_cache() -> None:
    facts = place_facts("Elowbridge Council", 16, 70)
    allowed_values(facts)
    changed = copy.deepcopy(facts)
    changed["measures"][0]["pooled"]["count"] = 21522
    allowed = allowed_values(changed)
    assert ("count", 21522) in allowed.values and ("count", 21521) not in allowed.values
    moved = {"place": facts["place"], "other": facts["measures"]}  # same content, other key
    sources = set(allowed_values(moved).values.values())
    assert "other[late].figure.count/base" in sources
    assert not any(source.startswith("measures") for source in sources)


def test_content_keys_tell_types_apart_and_refuse_what_marshal_cannot_write() -> None:
    key = parts.content_key
    assert key({"a": [1, "x"]}) == key(json.loads('{"a": [1, "x"]}'))
    assert key([1]) != key((1,))
    assert key({"n": 1}) != key({"n": True}) != key({"n": 1.0})
    assert key({True: 1}) != key({"True": 1})
    for refused in (Text("Elowbridge"), {"d": datetime.date(2020, 1, 1)}, [Text("a")]):
        assert key(refused) is None


def test_text_the_cache_cannot_key_is_still_read() -> None:
    facts = place_facts("Elowbridge Council", 16, 70)
    facts["place"] = {"name": Text("Elowbridge 2 Council")}  # a str subclass: no content key
    assert ("Elowbridge 2 Council", "place.name") in allowed_values(facts).verbatim
    named = allowed_values(facts, names=[Text("Ward 7")]).verbatim[-2:]
    assert named == [("Ward 7", "name"), ("WARD 7", "name")]
    assert all(type(text) is Text for text, _ in named)


def test_the_cache_is_bounded() -> None:
    for n in range(parts.KEPT + 50):
        allowed_values({"place": {"name": f"Place {n}", "count": n, "base": n + 1}})
    assert len(parts._PARTS) <= parts.KEPT


# --- numbers read piece by piece ---------------------------------------------------------------

TRICKY = [
    "Friday,\n\n23 October 2020",
    "It was twenty-\n\none.",
    "It came. Second worst. It came\n\nsecond worst.",
    "5. % of them; 5 . percent; 17.\n\npoints",
    "the first. Half of them; the first\n\nhalf of 2020.",
    "12.\n\n5 per cent and 12. 5 per cent",
    "Nine of 17. (53 per cent) and nine of 17 (53 per cent).",
    "Three times. As likely; twice: the rate; a third. Year; a third\n\nyear.",
    "At 00:01. 23: October; one in\n\nthree. One in three.",
    "Scores. Of them; dozens! of; one: hundred and eight. A: dozen.",
    "“Nine,” she said. ‘Ten’ more. Eleven) and [12] and *13* and 14'.",
    "İstanbul had 12 PC. Then 5 per cent.",  # read whole: IGNORECASE differs here
    "They had 12 PC. Then 5 per cent.",
    "５３ per cent. ٥٣%. ４７ｐｃ. 53². ① then 7½ per cent.",
    "more than. Twice; more than twice the rate. Nearly\n\nthree times as many.",
]
FRAGMENTS = [
    "nine",
    "17",
    "of",
    "out of",
    "per cent",
    "%",
    "pc",
    "times",
    "twice",
    "half",
    "a third",
    "first",
    "second",
    "worst",
    "came",
    "joint",
    "the",
    "October",
    "Friday",
    "2020",
    "00:01",
    "one",
    "in",
    "three",
    "twenty-one",
    "hundred",
    "and",
    "dozen",
    "other",
    "points",
    "1,234",
    "12.5",
    "½",
    "none",
    "as",
    "likely",
    "year",
]
SEPARATORS = [" ", ". ", ".\n\n", ": ", "; ", ") ", "” ", "! ", "? ", ", ", "-", "\n", "* "]


def texts() -> Iterator[str]:
    yield from TRICKY
    rng = random.Random(16)
    for _ in range(1500):
        words = [rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 12))]
        text = words[0]
        for word in words[1:]:
            text += rng.choice(SEPARATORS) + word
        yield text


def test_numbers_read_piece_by_piece_are_those_read_whole() -> None:
    for text in texts():
        assert raw_mentions(text) == _read(text), text


def test_a_piece_read_before_is_placed_where_it_is_in_each_text() -> None:
    raw_mentions("Nine were late.")
    found = raw_mentions("It was so. Nine were late.")
    assert [(m.value, m.start, m.end, m.written) for m in found] == [(9, 11, 15, "Nine")]


def test_what_the_filters_say_of_a_count_and_base_reads_back_the_same() -> None:
    pairs = [(c, b) for b in range(1, 70) for c in range(b + 1)]
    pairs += [(c, b) for b in (999, 1000, 1001, 12345, 10**6, 10**7 + 3) for c in (1, 9, 10, 11)]
    for count, base in pairs:
        assert _spoken(count, base) == spoken_read(spoken_proportion(count, base)), (count, base)
