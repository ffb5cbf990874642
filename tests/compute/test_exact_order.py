"""The cheap exact order of rankings (:func:`ranking.tiers`) and the funnel positions worked out
together (:func:`funnel.positions`) agree with the plain exact ways."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from generator.compute.dispersion import estimate
from generator.compute.funnel import position, positions
from generator.compute.ranking import tiers


def _plain(values: dict[str, Fraction], descending: bool) -> list[tuple[int, list[str]]]:
    sign = -1 if descending else 1
    ordered = sorted(values, key=lambda k: sign * values[k])
    runs: list[tuple[int, list[str]]] = []
    for start, key in enumerate(ordered):
        if runs and values[runs[-1][1][0]] == values[key]:
            runs[-1][1].append(key)
        else:
            runs.append((start, [key]))
    return runs


@pytest.mark.parametrize("descending", [True, False])
def test_tiers_is_the_exact_order_even_where_floats_are_equal(descending: bool) -> None:
    rng = random.Random(7)
    big = 10**17  # fractions this close round to the same float
    values = {f"p{i}": Fraction(rng.randint(0, 5), rng.randint(1, 6)) for i in range(300)}
    values |= {f"q{i}": Fraction(big + rng.randint(-3, 3), big) for i in range(40)}
    values |= {"huge": Fraction(10**400), "huger": Fraction(10**400 + 1), "low": -Fraction(10**400)}
    assert float(Fraction(big + 1, big)) == float(Fraction(big + 2, big))
    assert tiers(values, descending) == _plain(values, descending)


@pytest.mark.parametrize("method", ["exact", "normal"])
@pytest.mark.parametrize("dispersion", ["none", "multiplicative", "additive"])
def test_positions_are_position_of_each(method: str, dispersion: str) -> None:
    rng = random.Random(3)
    pairs = []
    for _ in range(400):
        base = rng.choice([1, 2, 7, 50, 333, 1000, rng.randint(1, 5000)])
        pairs.append((rng.randint(0, base), base))
    pooled = Fraction(sum(c for c, _ in pairs), sum(b for _, b in pairs))
    spread = estimate([c for c, _ in pairs], [b for _, b in pairs], pooled, dispersion)
    assert positions(pairs, pooled, method, spread) == [
        position(c, b, pooled, method, spread) for c, b in pairs
    ]


def test_positions_raise_as_position_does() -> None:
    with pytest.raises(ValueError, match="between 0 and the base"):
        positions([(1, 2), (5, 3)], Fraction(1, 2))
    with pytest.raises(ValueError, match="whole number"):
        positions([(True, 3)], Fraction(1, 2))
