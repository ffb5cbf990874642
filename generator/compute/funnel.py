"""Funnel-plot control limits: is a place's proportion beyond what chance alone produces?

A place with ``count`` out of ``base`` is compared with the pooled proportion of all places
(sum of counts over sum of bases). If every place had that same underlying proportion, its count
would follow a Binomial(base, pooled) distribution; the control limits are the proportions
between which that count falls with probability 95 and 99.8 per cent (probabilities 0.025 and
0.975, 0.001 and 0.999). Drawn against the base they narrow like a funnel.

Methods (``METHODS``):

- ``"exact"`` (default): binomial quantiles with Spiegelhalter's interpolation (2005, appendix
  A.1.1). For a probability p, r_p is the smallest r with F(r) >= p, F the Binomial(base, pooled)
  distribution function; alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)); the limit is
  (r_p - alpha) / base. The interpolation turns the step function of whole counts into a smooth
  curve: it is the p-quantile of the count minus a uniform (0, 1) amount, so it lies half a
  record below the normal curve on average. Two consequences, both tested: the lower limits are
  never above the pooled proportion, but when the expected count (base x pooled, or base x (1 -
  pooled)) is below about 0.025 the upper 95 per cent limit falls below it; and a count equal to
  r_p is already outside, so for small counts a place is flagged a little more often than the
  nominal 2.5 or 0.1 per cent.
- ``"normal"``: pooled +/- z sqrt(pooled (1 - pooled) / base), z = 1.959964 (95) and 3.090232
  (99.8), the normal approximation, close to exact for large expected counts.

Limits are proportions clipped to [0, 1]. When pooled is 0 or 1 there is no variation: every
limit equals pooled (the interpolation would otherwise put the limits just below 1 and flag
places that can only be at 1).

Signals (``SIGNALS``) compare count / base with the limits: above the upper 99.8 limit
"above-99.8"; else above the upper 95 limit "above-95"; else below the lower 99.8 limit
"below-99.8"; else below the lower 95 limit "below-95"; else "within". Only strictly beyond a
limit is outside; exactly on it is within.

Over-dispersion: every function takes an optional ``dispersion``
(:class:`compute.dispersion.Dispersion`, estimated from all places by
:func:`compute.dispersion.estimate`); its method multiplies each limit's distance from the pooled
proportion (by ``sqrt(phi)``, or ``sqrt(1 + tau^2 / s^2)`` for random effects) before clipping,
so the limits allow for the spread between places that chance alone does not explain.

Reference: D. J. Spiegelhalter, "Funnel plots for comparing institutional performance",
Statistics in Medicine 24 (2005), 1185-1202.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real

import numpy as np

from generator.compute.dispersion import Dispersion

METHODS = ("exact", "normal")
LEVELS = (0.95, 0.998)
SIGNALS = ("above-99.8", "above-95", "within", "below-95", "below-99.8")

# Tail probabilities in the order lower998, lower95, upper95, upper998.
_PROBS = np.array([0.001, 0.025, 0.975, 0.999])


@dataclass(frozen=True)
class Limits:
    """Control limits, as proportions in [0, 1], for a unit with ``base`` around ``pooled``."""

    base: int
    pooled: float
    method: str
    lower95: float
    upper95: float
    lower998: float
    upper998: float
    dispersion: str = "none"
    """The over-dispersion method that widened these limits (``"none"``: chance alone)."""


@dataclass(frozen=True)
class Position:
    """Where ``count`` of ``base`` sits against its ``limits``; ``signal`` is one of SIGNALS;
    ``spread`` the over-dispersion estimate the limits were built with, if any."""

    count: int
    base: int
    limits: Limits
    signal: str
    spread: Dispersion | None = None

    @property
    def above95(self) -> bool:
        return self.signal in ("above-95", "above-99.8")

    @property
    def above998(self) -> bool:
        return self.signal == "above-99.8"

    @property
    def below95(self) -> bool:
        return self.signal in ("below-95", "below-99.8")

    @property
    def below998(self) -> bool:
        return self.signal == "below-99.8"

    @property
    def within(self) -> bool:
        return self.signal == "within"


def control_limits(
    pooled: Fraction | float,
    base: int,
    method: str = "exact",
    dispersion: Dispersion | None = None,
) -> Limits:
    """The 95 and 99.8 per cent limits for one base.

    >>> control_limits(0.1, 100, "normal").upper95  # 0.1 + 1.959964 * 0.03
    0.15879892...
    """
    return _control_limits(_check_pooled(pooled), _check_base(base), method, dispersion)


@functools.lru_cache(maxsize=65536)
def _control_limits(p: float, base: int, method: str, dispersion: Dispersion | None) -> Limits:
    """One base's limits, computed once a process for each pooled proportion, method and
    spread (every draft asks of its own place and its neighbours; a chart of all of them)."""
    return funnel_curve(p, [base], method, dispersion)[0]


def position(
    count: int,
    base: int,
    pooled: Fraction | float,
    method: str = "exact",
    dispersion: Dispersion | None = None,
) -> Position:
    """Place ``count`` of ``base`` against the limits around ``pooled`` (signal rules above).

    >>> position(8, 2781, Fraction(299, 213249)).signal
    'above-95'
    """
    if not isinstance(count, Integral) or isinstance(count, bool):
        raise ValueError(f"count must be a whole number, not {count!r}")
    limits = control_limits(pooled, base, method, dispersion)
    if not 0 <= count <= base:
        raise ValueError(f"count must be between 0 and the base ({base}), not {count!r}")
    return Position(int(count), int(base), limits, _signal(count / base, limits), dispersion)


def positions(
    figures: Iterable[tuple[int, int]],
    pooled: Fraction | float,
    method: str = "exact",
    dispersion: Dispersion | None = None,
) -> list[Position]:
    """:func:`position` of each ``(count, base)``, the limits of every distinct base worked
    out together (one :func:`funnel_curve`: each base's limits are the same to the last bit
    as alone, every step being taken base by base)."""
    pairs = list(figures)
    if not all(type(c) is int and type(b) is int and 0 <= c <= b and b >= 1 for c, b in pairs):
        return [position(c, b, pooled, method, dispersion) for c, b in pairs]  # its errors
    bases = sorted({b for _, b in pairs})
    limits = dict(zip(bases, funnel_curve(pooled, bases, method, dispersion), strict=True))
    return [Position(c, b, limits[b], _signal(c / b, limits[b]), dispersion) for c, b in pairs]


def _signal(share: float, limits: Limits) -> str:
    """The signal of ``share`` against ``limits`` (module docstring)."""
    if share > limits.upper998:
        return "above-99.8"
    if share > limits.upper95:
        return "above-95"
    if share < limits.lower998:
        return "below-99.8"
    if share < limits.lower95:
        return "below-95"
    return "within"


def funnel_curve(
    pooled: Fraction | float,
    bases: Iterable[int],
    method: str = "exact",
    dispersion: Dispersion | None = None,
) -> list[Limits]:
    """Limits at each base, for drawing the funnel (charts call it with ~200 bases).

    >>> [round(c.upper95, 4) for c in funnel_curve(0.1, [100, 400], "normal")]
    [0.1588, 0.1294]
    """
    p = _check_pooled(pooled)
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, not {method!r}")
    bases = [_check_base(b) for b in bases]
    if not bases:
        return []
    n = np.array(bases, dtype=np.int64)
    if p in (0.0, 1.0):
        table = np.full((4, n.size), p)
    elif method == "exact":
        table = _exact(p, n)
    else:
        from scipy import special  # imported at use: a start that ranks nothing skips it

        z = special.ndtri(_PROBS)[:, None]
        table = np.clip(p + z * np.sqrt(p * (1 - p) / n), 0.0, 1.0)
    widen = "none" if dispersion is None else dispersion.method
    if widen != "none":
        assert dispersion is not None
        table = np.clip(p + (table - p) * dispersion.factor(p, n), 0.0, 1.0)
    return [
        Limits(b, p, method, float(l95), float(u95), float(l998), float(u998), widen)
        for b, l998, l95, u95, u998 in zip(bases, *table, strict=True)
    ]


def _exact(p: float, n: np.ndarray) -> np.ndarray:
    """Spiegelhalter's interpolated binomial limits, shape (4, len(n)), 0 < p < 1."""
    probs = np.broadcast_to(_PROBS[:, None], (4, n.size))
    size = np.broadcast_to(n, (4, n.size))
    r = np.clip(_quantile(probs, size, p), 0, size)
    # Guard the quantile against rounding: r must be the smallest count with F(r) >= prob.
    for _ in range(3):
        below = _cdf(r - 1, size, p)
        at = _cdf(r, size, p)
        r = np.where(below >= probs, r - 1, np.where(at < probs, r + 1, r))
    below, at = _cdf(r - 1, size, p), _cdf(r, size, p)
    alpha = (at - probs) / (at - below)
    return np.clip((r - alpha) / size, 0.0, 1.0)


def _cdf(r: np.ndarray, n: np.ndarray, p: float) -> np.ndarray:
    """F(r) of Binomial(n, p) for whole r: 0 below 0, 1 from n up."""
    inside = _binomial()[0](np.clip(r, 0, n), n, p)
    return np.where(r < 0, 0.0, np.where(r >= n, 1.0, inside))


def _quantile(q: np.ndarray, n: np.ndarray, p: float) -> np.ndarray:
    """About the smallest r with F(r) >= q (checked against :func:`_cdf` by the caller)."""
    return _binomial()[1](q, n, p)


@functools.cache
def _binomial() -> tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]]:
    """The binomial distribution function and quantile: the ones ``scipy.stats.binom`` works
    with (Boost's, which ``scipy.special`` holds), so the limits are the same to the last bit
    without importing ``scipy.stats`` (most of a second at every start); a scipy that does not
    hold them gives :func:`_documented`."""
    try:
        from scipy.special._ufuncs import _binom_cdf, _binom_ppf
    except ImportError:
        return _documented()
    return _binom_cdf, _binom_ppf


def _documented() -> tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]]:
    """``scipy.special``'s documented ``bdtr`` and ``bdtrik``: the same limits to about 1e-12."""
    from scipy import special

    def quantile(q: np.ndarray, n: np.ndarray, p: float) -> np.ndarray:
        # bdtrik gives no number when the answer is 0 (q at most F(0))
        return np.nan_to_num(np.ceil(special.bdtrik(q, n, p)), nan=0.0)

    return special.bdtr, quantile


def _check_pooled(pooled: Fraction | float) -> float:
    if not isinstance(pooled, Real) or math.isnan(pooled) or not 0 <= pooled <= 1:
        raise ValueError(f"pooled must be a proportion between 0 and 1, not {pooled!r}")
    return float(pooled)


def _check_base(base: int) -> int:
    if not isinstance(base, Integral) or isinstance(base, bool) or base < 1:
        raise ValueError(f"base must be a whole number of at least 1, not {base!r}")
    return int(base)
