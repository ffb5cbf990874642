"""Funnel-plot control limits, against values worked out here independently.

The exact limits are recomputed with whole-number arithmetic (math.comb, fractions.Fraction):
no scipy, no floating point until the final division. Normal limits use constants worked by
hand. Nothing is copied from the module's own output.
"""

from __future__ import annotations

import csv
import math
import re
import time
from fractions import Fraction
from functools import cache

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compute.funnel import (
    LEVELS,
    METHODS,
    SIGNALS,
    Limits,
    control_limits,
    funnel_curve,
    position,
)

MISCONDUCT = ROOT / "data" / "police-misconduct" / "iopc_forfunnel.csv"
DOCS = ROOT / "docs" / "statistics.md"
# Tail probabilities, in the order lower998, lower95, upper95, upper998.
PROBS = (Fraction(1, 1000), Fraction(25, 1000), Fraction(975, 1000), Fraction(999, 1000))
NAMES = ("lower998", "lower95", "upper95", "upper998")
LIMIT = settings(derandomize=True, max_examples=200, deadline=None)


# --- the independent exact computation ---------------------------------------------------------


@cache
def exact_bounds(pooled: Fraction, base: int) -> dict[str, tuple[int, int]]:
    """Spiegelhalter's limits as exact counts ``r_p - alpha``, each a pair (numerator, denominator).

    With pooled = a / d, the Binomial(base, pooled) distribution function is
    F(r) = sum over k <= r of comb(base, k) a^k (d - a)^(base - k), over d^base. Walk r upward to
    the smallest r with F(r) >= p; alpha = (F(r) - p) / (F(r) - F(r - 1)), all in whole numbers.
    """
    a, d = pooled.numerator, pooled.denominator
    total = d**base
    rest = (d - a) ** base  # (d - a)^(base - r), divided down by (d - a) at each step
    cumulative = 0
    pending = list(zip(NAMES, PROBS, strict=True))
    bounds = {}
    for r in range(base + 1):
        term = math.comb(base, r) * a**r * rest
        previous, cumulative = cumulative, cumulative + term
        while pending and cumulative * pending[0][1].denominator >= pending[0][1].numerator * total:
            name, p = pending.pop(0)
            # alpha = (cumulative - p total) / term,
            # so r - alpha = (r term - cumulative + p total) / term
            numerator = (r * term - cumulative) * p.denominator + p.numerator * total
            bounds[name] = (numerator, term * p.denominator)
            assert previous * p.denominator < p.numerator * total  # r is the smallest
        if not pending:
            return bounds
        if r < base:
            rest //= d - a
    raise AssertionError("F(base) is 1, so every quantile is found")


def exact_limits(pooled: Fraction, base: int) -> dict[str, float]:
    """The limits as proportions, clipped to [0, 1] (one rounding, in the final division)."""
    return {
        name: min(1.0, max(0.0, numerator / (denominator * base)))
        for name, (numerator, denominator) in exact_bounds(pooled, base).items()
    }


def exact_signal(count: int, base: int, pooled: Fraction) -> str:
    """The signal in whole numbers: is ``count`` strictly beyond ``r_p - alpha``?"""
    bounds = exact_bounds(pooled, base)

    def beyond(name: str) -> bool:
        numerator, denominator = bounds[name]
        if name.startswith("upper"):
            return count * denominator > numerator
        return count * denominator < numerator

    for name, signal in (
        ("upper998", "above-99.8"),
        ("upper95", "above-95"),
        ("lower998", "below-99.8"),
        ("lower95", "below-95"),
    ):
        if beyond(name):
            return signal
    return "within"


def limits_dict(limits: Limits) -> dict[str, float]:
    return {name: getattr(limits, name) for name in NAMES}


# --- exact method --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pooled", "base"),
    [
        (Fraction(1, 10), 7),
        (Fraction(1, 10), 17),
        (Fraction(1, 10), 20),
        (Fraction(1, 10), 100),
        (Fraction(9, 17), 17),
        (Fraction(1, 3), 250),
        (Fraction(1, 2), 1),
        (Fraction(299, 213249), 2781),  # police misconduct: North Wales Police
        (Fraction(299, 213249), 44261),  # police misconduct: Metropolitan Police
    ],
)
def test_exact_limits_match_whole_number_arithmetic(pooled: Fraction, base: int) -> None:
    expected = exact_limits(pooled, base)
    got = limits_dict(control_limits(pooled, base))
    assert got == pytest.approx(expected, abs=1e-9)


def test_exact_limits_for_one_record_by_hand() -> None:
    """Base 1, pooled 1/2: F(0) = 1/2, F(1) = 1.

    Upper 95: r = 1, alpha = (1 - 0.975) / (1 - 1/2) = 0.05, limit 0.95.
    Upper 99.8: r = 1, alpha = (1 - 0.999) / (1/2) = 0.002, limit 0.998.
    Lower 95: r = 0, alpha = (1/2 - 0.025) / (1/2 - 0) = 0.95, limit -0.95, clipped to 0.
    """
    limits = control_limits(Fraction(1, 2), 1)
    assert limits_dict(limits) == pytest.approx(
        {"lower998": 0.0, "lower95": 0.0, "upper95": 0.95, "upper998": 0.998}, abs=1e-12
    )
    assert (limits.base, limits.pooled, limits.method) == (1, 0.5, "exact")


def test_fraction_and_float_pooled_agree() -> None:
    as_fraction = limits_dict(control_limits(Fraction(1, 10), 17))
    assert limits_dict(control_limits(0.1, 17)) == pytest.approx(as_fraction, abs=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_pooled_zero_or_one_has_no_spread(method: str) -> None:
    for pooled in (0, Fraction(0), 0.0, 1, Fraction(1), 1.0):
        for base in (1, 2, 17, 10_000):
            limits = control_limits(pooled, base, method)
            assert set(limits_dict(limits).values()) == {float(pooled)}
    assert position(0, 17, 0, method).signal == "within"
    assert position(17, 17, 1, method).signal == "within"
    assert position(1, 17, 0, method).signal == "above-99.8"
    assert position(16, 17, 1, method).signal == "below-99.8"


def test_exact_upper_limit_can_fall_below_pooled() -> None:
    """Why the bracketing property below needs an expected count of at least 0.05.

    The interpolated limit is a quantile of the count minus a uniform (0, 1) amount, half a record
    below the count on average. Base 1, pooled 1/100: F(0) = 0.99 >= 0.975, so r = 0 and
    alpha = (0.99 - 0.975) / 0.99 > 0: the upper 95 limit is below 0, clipped to 0, below pooled.
    """
    assert exact_limits(Fraction(1, 100), 1)["upper95"] == 0.0
    assert control_limits(Fraction(1, 100), 1).upper95 == 0.0
    assert position(0, 1, Fraction(1, 100)).signal == "within"


@pytest.mark.parametrize(
    ("pooled", "base"),
    [(Fraction(1, 10), 17), (Fraction(1, 10), 20), (Fraction(299, 213249), 2781)],
)
def test_exact_limits_flag_at_least_the_nominal_share(pooled: Fraction, base: int) -> None:
    """A place at the pooled rate lands above the upper 95 limit at least 2.5% of the time.

    Counts from r_p up are outside, and P(count >= r_p) = 1 - F(r_p - 1) > 1 - 0.975 because r_p
    is the smallest count with F >= 0.975: the interpolated limits lean towards flagging.
    """
    limits = control_limits(pooled, base)
    inside = [k for k in range(base + 1) if k / base <= limits.upper95]
    assert inside == list(range(len(inside)))
    chance = 1 - sum(math.comb(base, k) * pooled**k * (1 - pooled) ** (base - k) for k in inside)
    assert chance > Fraction(25, 1000)


@pytest.mark.parametrize("shift", [-2, -1, 1, 2])
def test_exact_limits_check_ppf(monkeypatch: pytest.MonkeyPatch, shift: int) -> None:
    """r_p is checked against the distribution function, so a quantile off by a count or two
    (floating-point rounding in ppf near a step) still gives the right limit."""
    import numpy as np

    import generator.compute.funnel as funnel

    quantile = funnel._quantile

    def off_by_shift(q, n, p):
        return np.clip(quantile(q, n, p) + shift, 0, n)

    monkeypatch.setattr(funnel, "_quantile", off_by_shift)
    funnel._control_limits.cache_clear()  # limits kept from other tests would hide the shift
    for pooled, base in [(Fraction(1, 10), 17), (Fraction(299, 213249), 2781)]:
        got = limits_dict(control_limits(pooled, base))
        assert got == pytest.approx(exact_limits(pooled, base), abs=1e-9)


@pytest.mark.parametrize(
    ("pooled", "base"),
    [(Fraction(1, 10), 17), (Fraction(299, 213249), 2781), (Fraction(1, 10**40), 3), (0.5, 1)],
)
def test_the_documented_binomial_functions_give_the_same_limits(
    monkeypatch: pytest.MonkeyPatch, pooled: Fraction | float, base: int
) -> None:
    """Where scipy does not hold the functions scipy.stats uses, its documented bdtr and
    bdtrik give the limits (bdtrik has no answer when it is 0: that is read as 0)."""
    import generator.compute.funnel as funnel

    monkeypatch.setattr(funnel, "_binomial", funnel._documented)
    funnel._control_limits.cache_clear()
    try:
        got = limits_dict(control_limits(pooled, base))
    finally:
        funnel._control_limits.cache_clear()
    assert got == pytest.approx(exact_limits(Fraction(pooled), base), abs=1e-9)


# --- normal method -------------------------------------------------------------------------------


def test_normal_limits_by_hand() -> None:
    # pooled 0.1, base 100: sd = sqrt(0.1 * 0.9 / 100) = sqrt(0.0009) = 0.03
    # 95%:   0.1 -/+ 1.959964 * 0.03 = 0.1 -/+ 0.05879892 -> 0.04120108, 0.15879892
    # 99.8%: 0.1 -/+ 3.090232 * 0.03 = 0.1 -/+ 0.09270696 -> 0.00729304, 0.19270696
    limits = control_limits(0.1, 100, "normal")
    assert limits_dict(limits) == pytest.approx(
        {"lower998": 0.00729304, "lower95": 0.04120108, "upper95": 0.15879892,
         "upper998": 0.19270696},
        abs=1e-8,
    )  # fmt: skip
    assert (limits.base, limits.pooled, limits.method) == (100, 0.1, "normal")


def test_normal_limits_are_clipped_at_zero() -> None:
    # pooled 0.01, base 10: sd = sqrt(0.01 * 0.99 / 10) = sqrt(0.00099) = 0.03146427
    # 95%:   0.01 -/+ 1.959964 * 0.03146427 = 0.01 -/+ 0.06166883 -> -0.05166883 (so 0), 0.07166883
    # 99.8%: 0.01 -/+ 3.090232 * 0.03146427 = 0.01 -/+ 0.09723188 -> -0.08723188 (so 0), 0.10723188
    limits = control_limits(0.01, 10, "normal")
    assert limits_dict(limits) == pytest.approx(
        {"lower998": 0.0, "lower95": 0.0, "upper95": 0.07166883, "upper998": 0.10723188},
        abs=1e-8,
    )
    assert limits.lower95 == 0.0 and limits.lower998 == 0.0


def test_normal_limits_are_clipped_at_one() -> None:
    # pooled 0.9, base 4: sd = sqrt(0.9 * 0.1 / 4) = 0.15; 0.9 + 1.959964 * 0.15 = 1.19 -> 1
    # 95% lower: 0.9 - 0.2939946 = 0.6060054; 99.8% lower: 0.9 - 0.4635348 = 0.4364652
    limits = control_limits(0.9, 4, "normal")
    assert limits_dict(limits) == pytest.approx(
        {"lower998": 0.4364652, "lower95": 0.6060054, "upper95": 1.0, "upper998": 1.0}, abs=1e-7
    )


# --- signals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "signal", "flags"),
    [
        # pooled 0.5, base 100, normal: sd 0.05; 95% 0.5 -/+ 0.0979982 = 0.4020018, 0.5979982;
        # 99.8% 0.5 -/+ 0.1545116 = 0.3454884, 0.6545116
        (66, "above-99.8", {"above95", "above998"}),
        (60, "above-95", {"above95"}),
        (59, "within", {"within"}),
        (50, "within", {"within"}),
        (41, "within", {"within"}),
        (40, "below-95", {"below95"}),
        (34, "below-99.8", {"below95", "below998"}),
    ],
)
def test_signals_and_their_flags(count: int, signal: str, flags: set[str]) -> None:
    place = position(count, 100, Fraction(1, 2), "normal")
    assert place.signal == signal and signal in SIGNALS
    assert (place.count, place.base, place.limits) == (
        count,
        100,
        control_limits(Fraction(1, 2), 100, "normal"),
    )
    names = ("above95", "above998", "below95", "below998", "within")
    assert {name for name in names if getattr(place, name)} == flags


def test_exactly_on_a_limit_is_within() -> None:
    # Normal, pooled 0.01, base 10: both lower limits clipped to exactly 0 (see above).
    assert position(0, 10, 0.01, "normal").signal == "within"
    # Normal, pooled 0.9, base 4: both upper limits clipped to exactly 1.
    assert position(4, 4, 0.9, "normal").signal == "within"
    # Just beyond: pooled 0.5, base 100 upper 99.8 is 0.6545116; 0.66 is outside.
    assert position(66, 100, 0.5, "normal").signal == "above-99.8"


# --- the police misconduct data ------------------------------------------------------------------


def territorial_forces() -> list[tuple[str, int, int]]:
    """(force, cases, staff) from the published file, without BTP and the empty rows."""
    with MISCONDUCT.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row and row[0].strip()]
    assert rows[0][:3] == ["item name", "indicator number", "sample size"]
    return [
        (row[0], int(row[1]), int(row[2]))
        for row in rows[1:]
        if row[0] != "British Transport Police"
    ]


def pooled_rate(forces: list[tuple[str, int, int]]) -> Fraction:
    return Fraction(sum(cases for _, cases, _ in forces), sum(staff for *_, staff in forces))


def test_misconduct_pooled_rate() -> None:
    forces = territorial_forces()
    assert len(forces) == 38
    assert pooled_rate(forces) == Fraction(299, 213249)  # 1.40 per 1,000


def test_north_wales_is_outside_95_but_inside_998() -> None:
    """The highest rate, 8 of 2,781 (2.88 per 1,000), worked out in whole numbers.

    At the pooled rate the expected count is 3.9. Upper 95 limit: r_p = 8, alpha about 0.24, so
    7.76 records; 8 is beyond it. Upper 99.8: 10.83 records; 8 is inside.
    """
    forces = territorial_forces()
    pooled = pooled_rate(forces)
    highest = max(forces, key=lambda force: Fraction(force[1], force[2]))
    assert highest == ("North Wales Police", 8, 2781)
    bounds = exact_bounds(pooled, 2781)
    upper95, upper998 = (Fraction(*bounds[name]) for name in ("upper95", "upper998"))
    assert 7 < upper95 < 8 < upper998 < 11
    assert exact_signal(8, 2781, pooled) == "above-95"
    place = position(8, 2781, pooled)
    assert place.signal == "above-95" and place.above95 and not place.above998
    assert position(8, 2781, pooled, "normal").signal == "above-95"


def test_every_force_matches_the_independent_computation() -> None:
    forces = territorial_forces()
    pooled = pooled_rate(forces)
    outside = {}
    for name, cases, staff in forces:
        expected = exact_signal(cases, staff, pooled)
        place = position(cases, staff, pooled)
        assert place.signal == expected, name
        assert limits_dict(place.limits) == pytest.approx(exact_limits(pooled, staff), abs=1e-9), (
            name
        )
        if expected != "within":
            outside[name] = expected
    # Nothing beyond 99.8 (so no "significantly"); a handful beyond 95.
    assert set(outside.values()) <= {"above-95", "below-95"}
    assert 1 <= len(outside) <= 8


def test_docs_worked_example_is_current() -> None:
    """Each row of the table in docs/statistics.md, recomputed; every force outside is in it."""
    text = DOCS.read_text(encoding="utf-8")
    marker = "<!-- worked example: exact limits, checked by tests/compute/test_funnel.py -->"
    table = text.split(marker)[1]
    shown = {
        m["force"]: m.groupdict()
        for m in re.finditer(
            r"^\| (?P<force>[^|]+?) \| (?P<cases>\d+) \| (?P<staff>[\d,]+) \| (?P<rate>[\d.]+) "
            r"\| (?P<l95>[\d.]+) to (?P<u95>[\d.]+) \| (?P<l998>[\d.]+) to (?P<u998>[\d.]+) "
            r"\| (?P<signal>[\w.-]+) \|$",
            table,
            re.M,
        )
    }
    forces = territorial_forces()
    pooled = pooled_rate(forces)
    assert "North Wales Police" in shown
    for name, cases, staff in forces:
        signal = exact_signal(cases, staff, pooled)
        if signal == "within" and name not in shown:
            continue
        assert name in shown, f"{name} is {signal} but missing from the docs table"
        limits = exact_limits(pooled, staff)
        per = {key: f"{1000 * value:.2f}" for key, value in limits.items()}
        assert shown[name] == {
            "force": name,
            "cases": str(cases),
            "staff": f"{staff:,}",
            "rate": f"{1000 * cases / staff:.2f}",
            "l95": per["lower95"],
            "u95": per["upper95"],
            "l998": per["lower998"],
            "u998": per["upper998"],
            "signal": signal,
        }
    assert "1.40 per 1,000" in text and f"{1000 * float(pooled):.2f}" == "1.40"


# --- properties ----------------------------------------------------------------------------------

proportions = st.one_of(
    st.floats(min_value=0, max_value=1),
    st.fractions(min_value=0, max_value=1, max_denominator=10**6),
)


@pytest.mark.slow
@LIMIT
@given(pooled=proportions, base=st.integers(1, 100_000), method=st.sampled_from(METHODS))
def test_limits_are_ordered_and_in_range(pooled: Fraction | float, base: int, method: str) -> None:
    limits = control_limits(pooled, base, method)
    assert 0 <= limits.lower998 <= limits.lower95 <= limits.upper95 <= limits.upper998 <= 1


@pytest.mark.slow
@LIMIT
@given(pooled=proportions, base=st.integers(1, 100_000))
def test_normal_limits_bracket_pooled(pooled: Fraction | float, base: int) -> None:
    limits = control_limits(pooled, base, "normal")
    assert limits.lower95 <= float(pooled) <= limits.upper95


@pytest.mark.slow
@LIMIT
@given(pooled=proportions, base=st.integers(1, 100_000))
def test_exact_limits_bracket_pooled_when_expected_count_is_not_tiny(
    pooled: Fraction | float, base: int
) -> None:
    """The lower limits are always at or below pooled; the upper ones only with some expected count.

    The interpolated limit for probability p is the p-quantile of (count - U), U uniform (0, 1).
    P(count - U <= base * pooled) never drops below about 1/2, far above 0.025, so the lower
    limits never pass pooled. It exceeds 0.975 when the expected count of either outcome,
    base * pooled or base * (1 - pooled), is below about 0.025 (0.001 for 0.999): then the upper
    limit is below pooled (test_exact_upper_limit_can_fall_below_pooled). With 0.05 and 0.005
    there is a safe margin.
    """
    limits = control_limits(pooled, base)
    p = float(pooled)
    assert limits.lower998 <= limits.lower95 <= p
    expected = min(base * p, base * (1 - p))
    if expected >= 0.05:
        assert p <= limits.upper95
    if expected >= 0.005:
        assert p <= limits.upper998


@pytest.mark.slow
@LIMIT
@given(pooled=st.floats(min_value=0.05, max_value=0.95), base=st.integers(10_000, 2_000_000))
def test_exact_and_normal_agree_for_large_bases(pooled: float, base: int) -> None:
    """Within 2.5 records' worth (2.5 / base) of each other.

    The interpolated quantile sits half a record below the normal one, and the binomial's skew
    moves the 99.8 limits by up to (1 - 2 pooled) (3.09^2 - 1) / 6, about 1.3 records at pooled
    0.05: together under 2.5 / base, which is 0.00025 at base 10,000.
    """
    exact = limits_dict(control_limits(pooled, base))
    normal = limits_dict(control_limits(pooled, base, "normal"))
    assert exact == pytest.approx(normal, abs=2.5 / base)


@pytest.mark.slow
@LIMIT
@given(
    pooled=proportions,
    base=st.integers(1, 5_000),
    share=st.floats(min_value=0, max_value=1),
    method=st.sampled_from(METHODS),
)
def test_signal_follows_the_limits(
    pooled: Fraction | float, base: int, share: float, method: str
) -> None:
    count = round(share * base)
    place = position(count, base, pooled, method)
    limits, rate = place.limits, count / base
    assert place.within == (limits.lower95 <= rate <= limits.upper95)
    assert place.above998 == (rate > limits.upper998)
    assert place.below998 == (rate < limits.lower998)
    assert place.above95 == (rate > limits.upper95)
    assert place.below95 == (rate < limits.lower95)


# --- funnel_curve --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_funnel_curve_is_control_limits_at_each_base(method: str) -> None:
    bases = [1, 2, 7, 17, 100, 2781, 44261, 5]
    curve = funnel_curve(Fraction(299, 213249), bases, method)
    assert [c.base for c in curve] == bases
    assert curve == [control_limits(Fraction(299, 213249), b, method) for b in bases]
    assert funnel_curve(0.5, [], method) == []


@pytest.mark.parametrize("method", METHODS)
def test_funnel_curve_is_fast(method: str) -> None:
    """Charts draw the funnel at about 200 bases; best of five runs well under 50 ms."""
    bases = [round(1.06**i) + i for i in range(200)]  # 1 to about 112,000
    assert len(set(bases)) == 200
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        curve = funnel_curve(Fraction(299, 213249), bases, method)
        timings.append(time.perf_counter() - start)
    assert len(curve) == 200
    assert min(timings) < 0.05


def test_levels_and_methods() -> None:
    assert LEVELS == (0.95, 0.998) and METHODS == ("exact", "normal")


# --- bad arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: control_limits(0.1, 0), "base must be a whole number of at least 1, not 0"),
        (lambda: control_limits(0.1, -3), "base must be a whole number of at least 1, not -3"),
        (lambda: control_limits(0.1, 2.5), "base must be a whole number of at least 1, not 2.5"),
        (lambda: funnel_curve(0.1, [10, 0]), "base must be a whole number of at least 1, not 0"),
        (lambda: position(-1, 10, 0.1), r"count must be between 0 and the base \(10\), not -1"),
        (lambda: position(11, 10, 0.1), r"count must be between 0 and the base \(10\), not 11"),
        (lambda: position(1.5, 10, 0.1), "count must be a whole number, not 1.5"),
        (lambda: control_limits(-0.1, 10), "pooled must be a proportion between 0 and 1, not -0.1"),
        (lambda: control_limits(Fraction(3, 2), 10), r"pooled must be .* not Fraction\(3, 2\)"),
        (
            lambda: control_limits(math.nan, 10),
            "pooled must be a proportion between 0 and 1, not nan",
        ),
        (
            lambda: control_limits("0.5", 10),
            "pooled must be a proportion between 0 and 1, not '0.5'",
        ),
        (
            lambda: control_limits(0.1, 10, "poisson"),
            "method must be one of 'exact', 'normal', not 'poisson'",
        ),
        (
            lambda: position(1, 10, 0.1, "Exact"),
            "method must be one of 'exact', 'normal', not 'Exact'",
        ),
    ],
)
def test_bad_arguments_raise_value_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        call()
