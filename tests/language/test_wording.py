"""Ranks into a reporter's words, and only true ones."""

from __future__ import annotations

import pytest

from generator.compute.ranking import Rank
from generator.inputs.story import Measure, Unit
from generator.language.wording import rank_claim

UNIT = Unit("force", "forces", "England and Wales", "data/police-forces.csv")
MEASURE = Measure(
    "sexual",
    "sexual offences",
    "n",
    "d",
    "sexual offence",
    "sexual offences",
    "topic",
    "incorrectly cancelled",
    "wrongly cancelled",
    none_phrase="none were incorrectly cancelled",
)


@pytest.mark.parametrize(
    ("rank", "count", "expected"),
    [
        (Rank(1, 1, 43, 43), 9, "the worst in England and Wales"),
        (Rank(1, 1, 42, 43), 9, "the worst of the 42 forces with figures"),
        (Rank(1, 4, 43, 43), 6, "the joint worst in England and Wales"),
        (Rank(2, 1, 43, 43), 5, "the second worst in England and Wales"),
        (Rank(8, 1, 43, 43), 4, "the eighth worst in England and Wales"),
        (Rank(10, 1, 43, 43), 4, "the 10th worst in England and Wales"),
        (Rank(2, 2, 43, 43), 5, "the joint second worst in England and Wales"),
        (Rank(5, 3, 43, 43), 5, "the joint fifth worst in England and Wales"),
        (Rank(9, 3, 43, 43), 3, "the joint ninth worst in England and Wales"),
        (Rank(10, 2, 42, 43), 3, "the joint 10th worst of the 42 forces with figures"),
        (Rank(11, 1, 43, 43), 3, None),
        (
            Rank(20, 5, 43, 43, zeros=5),
            0,
            "one of five forces where none were incorrectly cancelled",
        ),
        (
            Rank(20, 23, 42, 43, zeros=23),
            0,
            "one of 23 forces with figures where none were incorrectly cancelled",
        ),
        (Rank(43, 1, 43, 43, zeros=1), 0, "the only force where none were incorrectly cancelled"),
        (None, 0, None),
    ],
)
def test_rank_claims(rank: Rank | None, count: int, expected: str | None) -> None:
    assert rank_claim(rank, count, MEASURE, UNIT) == expected


def test_highest_wording_for_the_eighth() -> None:
    claim = rank_claim(Rank(8, 1, 43, 43), 4, MEASURE, UNIT, "highest")
    assert claim == "the eighth highest in England and Wales"


def test_no_superlative_for_a_zero_even_when_all_share_first_place() -> None:
    claim = rank_claim(Rank(1, 43, 43, 43, zeros=43), 0, MEASURE, UNIT)
    assert claim == "one of 43 forces where none were incorrectly cancelled"


def test_a_rank_is_never_vague() -> None:
    """Every position from first to tenth, shared or not, is named exactly."""
    for position in range(1, 11):
        for tied in (1, 2, 5):
            claim = rank_claim(Rank(position, tied, 43, 43), 3, MEASURE, UNIT)
            assert claim is not None and "among" not in claim, claim


def test_no_chance_caveat_for_a_zero() -> None:
    from generator.compute.funnel import Limits, Position
    from generator.language.wording import chance_words

    within = Position(0, 20, Limits(20, 0.1, "exact", 0.0, 0.3, 0.0, 0.4), "within")
    assert chance_words(within, "one of five forces where none were", "below", 0) == (None, None)
    caution, _ = chance_words(within, "the fifth worst", "above", 3)
    assert caution is not None


def test_limits_widened_for_over_dispersion_never_call_the_numbers_small() -> None:
    from fractions import Fraction

    from generator.compute.dispersion import estimate
    from generator.compute.funnel import position
    from generator.language.wording import CHANCE, chance_words

    counts, bases = [500_000, 520_000, 610_000, 480_000], [1_000_000] * 4
    pooled = Fraction(sum(counts), sum(bases))
    spread = estimate(counts, bases, pooled, "additive")
    widened = position(540_000, 1_000_000, pooled, "exact", spread)
    plain = position(54, 100, pooled, "exact")
    assert widened.within and plain.within
    caution, _ = chance_words(widened, "the second highest", "above", 540_000, "forces")
    assert caution == "the difference is within the range usually seen between forces"
    assert chance_words(plain, "the second highest", "above", 54, "forces")[0] == CHANCE
