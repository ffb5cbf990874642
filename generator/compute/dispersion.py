"""Over-dispersion: when places differ by more than chance, widen the funnel's control limits.

With bases in the hundreds of thousands the binomial control limits (:mod:`compute.funnel`)
shrink to a line around the pooled rate and nearly every place is "significantly" different,
though the differences come from things the rate does not adjust for (the mix of cases, how
places record them) rather than from chance or from performance. Spiegelhalter's methods
(2005, "Handling over-dispersion of performance indicators") estimate how much more the places
vary than chance alone would make them, and widen the limits by that much.

The estimate (:func:`estimate`), over the ``n`` places with a figure, around the pooled
proportion ``p`` (sum of counts over sum of bases):

1. each place's z-score ``z = (y - p) / s``, ``y`` its proportion and
   ``s = sqrt(p (1 - p) / base)`` its standard error under chance alone;
2. the z-scores **winsorised** (:data:`WINSOR`, 10 per cent at each end): those below the 10th
   percentile are set to it, those above the 90th to it (percentiles by linear interpolation,
   numpy's default), so a few extreme places cannot inflate the estimate on their own;
3. the over-dispersion factor ``phi``, the mean of the squared winsorised z-scores (about 1 when
   chance alone explains the spread);
4. the test: over-dispersion is declared only when ``n phi`` exceeds the 95th percentile of
   the chi-squared distribution with ``n - 1`` degrees of freedom (:data:`TEST_LEVEL`);
5. the between-place variance of the additive model, ``tau^2 = max(0, (n phi - (n - 1)) /
   (sum w - sum w^2 / sum w))``, ``w = 1 / s^2`` (DerSimonian-Laird on winsorised z-scores).

The methods (:data:`DISPERSIONS`, the manifest's ``funnel.dispersion``):

- ``"none"``: the limits chance alone gives, unchanged;
- ``"multiplicative"``: every limit's distance from ``p`` is multiplied by ``sqrt(phi)`` (with
  the normal method, ``p +/- z sqrt(phi) s``), so the funnel keeps its shape and still narrows
  to a line as the base grows;
- ``"additive"`` (random effects): each place is allowed its own underlying rate, spread around
  ``p`` with variance ``tau^2``; the limits are ``p +/- z sqrt(s^2 + tau^2)`` (each limit's
  distance from ``p`` multiplied by ``sqrt(1 + tau^2 / s^2)``), so however large the base the
  limits stay at least ``z tau`` either side of ``p``;
- ``"auto"`` (default): ``"none"`` unless the test above finds over-dispersion; then
  ``"additive"`` when ``tau^2`` is at least ``s^2`` at the median base (the places' own rates
  differ by more than chance moves a typical place, so the spread is not chance scaled up and a
  multiplied funnel would still close to a line on the large places), else
  ``"multiplicative"`` (a modest excess over chance, a fixed factor on it is enough).

Either method is applied only when the test declares over-dispersion; asked for when there is
none, the limits stay as chance alone gives them (``phi`` is then within chance of 1). With the
exact method the scaling keeps the binomial limits' asymmetry. Fewer than :data:`MIN_PLACES`
places, or a pooled proportion of 0 or 1, give no estimate: ``"none"``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

DISPERSIONS = ("none", "multiplicative", "additive", "auto")
WINSOR = 0.10
"""Share of z-scores pulled in at each end before ``phi`` is estimated."""
TEST_LEVEL = 0.95
"""Over-dispersion is declared when ``n phi`` is above this chi-squared percentile."""
MIN_PLACES = 3


@dataclass(frozen=True)
class Dispersion:
    """How much more the places vary than chance, and the method that widens the limits.

    ``requested`` is the manifest's choice, ``method`` the one applied (``"none"``,
    ``"multiplicative"`` or ``"additive"``); ``reason`` says why, in plain words."""

    requested: str
    method: str
    places: int
    phi: float
    tau2: float
    critical: float
    """The chi-squared percentile ``n phi`` is compared with."""
    typical_s2: float
    """``s^2`` at the median base, the yardstick of the ``"auto"`` choice."""
    reason: str
    per: int = 100
    """The rate's scale, for :attr:`note` (100: per cent)."""
    unit: str = "places"
    """What the places are called, plural, for :attr:`note` ("forces", "councils")."""

    @property
    def overdispersed(self) -> bool:
        return self.places * self.phi > self.critical

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)

    def factor(self, pooled: float, bases: np.ndarray) -> np.ndarray:
        """What each base's limits' distance from ``pooled`` is multiplied by."""
        ones = np.ones(len(bases))
        if self.method == "multiplicative":
            return ones * math.sqrt(self.phi)
        if self.method == "additive" and 0 < pooled < 1:
            s2 = pooled * (1 - pooled) / np.asarray(bases, dtype=float)
            return np.sqrt(1 + self.tau2 / s2)
        return ones

    @property
    def note(self) -> str:
        """The method, why, and ``phi`` and ``tau`` in plain words, for ``--explain``, facts and
        notes to editors; ``tau`` on the rate's scale (percentage points for a rate per cent).

        "Control limits: additive random effects. The 43 forces' rates are spread about 71.8
        times as widely as chance alone would spread them (phi 5,158.57); beyond chance, their
        own rates differ by about 5.8 percentage points (tau). That is more than chance, ..."
        """
        scale = "percentage points" if self.per == 100 else f"per {self.per:,}"
        text = (
            f"Control limits: {METHOD_WORDS[self.method]}. The {self.places} "
            f"{_their(self.unit)} rates are spread about {math.sqrt(self.phi):,.1f} times as "
            f"widely as chance alone would spread them (phi {self.phi:,.2f})"
        )
        if self.tau2 > 0 and self.overdispersed:
            text += (
                f"; beyond chance, their own rates differ by about "
                f"{self.tau * self.per:,.{_decimals(self.tau * self.per)}f} {scale} (tau)"
            )
        return f"{text}. {self.reason}"


METHOD_WORDS = {
    "none": "chance alone",
    "multiplicative": "multiplicative (widened by the square root of phi)",
    "additive": "additive random effects",
}


def _their(plural: str) -> str:
    """The possessive of a plural noun: "forces'", "people's"."""
    return f"{plural}'" if plural.endswith("s") else f"{plural}'s"


def _decimals(value: float) -> int:
    """Decimals that show two significant figures of a small spread, at least one."""
    if value <= 0 or value >= 1:
        return 1
    return min(6, 1 - math.floor(math.log10(value)))


def z_scores(counts: Sequence[int], bases: Sequence[int], pooled: float) -> np.ndarray:
    """Each place's ``(y - p) / s`` against ``pooled`` (0 < pooled < 1).

    >>> z_scores([30], [100], 0.2).round(2).tolist()
    [2.5]
    """
    n = np.asarray(bases, dtype=float)
    y = np.asarray(counts, dtype=float) / n
    return (y - pooled) / np.sqrt(pooled * (1 - pooled) / n)


def winsorise(z: np.ndarray, share: float = WINSOR) -> np.ndarray:
    """``z`` with values beyond the ``share`` and ``1 - share`` percentiles pulled in to them.

    >>> winsorise(np.arange(11.0)).tolist()
    [1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 9.0]
    """
    if not 0 <= share < 0.5:
        raise ValueError(f"share must be at least 0 and under 0.5, not {share!r}")
    low, high = np.quantile(z, [share, 1 - share])
    return np.clip(z, low, high)


def estimate(
    counts: Sequence[int],
    bases: Sequence[int],
    pooled: Fraction | float,
    requested: str = "auto",
    share: float = WINSOR,
    per: int = 100,
    unit: str = "places",
) -> Dispersion:
    """``phi``, ``tau^2`` and the method to apply (see the module docstring for the rules);
    ``unit`` what the places are called, plural, for the note ("forces")."""
    if requested not in DISPERSIONS:
        choices = ", ".join(map(repr, DISPERSIONS))
        raise ValueError(f"dispersion must be one of {choices}, not {requested!r}")
    places = len(bases)
    p = float(pooled)
    if places < MIN_PLACES or not 0 < p < 1:
        why = (
            f"Fewer than {MIN_PLACES} {unit}"
            if places < MIN_PLACES
            else "Every place has the same rate"
        )
        return Dispersion(
            requested,
            "none",
            places,
            1.0,
            0.0,
            math.inf,
            0.0,
            f"{why}: no estimate of over-dispersion, so the limits are chance alone.",
            per,
            unit,
        )
    z = winsorise(z_scores(counts, bases, p), share)
    phi = float(np.mean(z**2))
    w = np.asarray(bases, dtype=float) / (p * (1 - p))
    tau2 = max(0.0, (places * phi - (places - 1)) / float(w.sum() - (w**2).sum() / w.sum()))
    critical = _chi2_quantile(TEST_LEVEL, places - 1)
    typical = p * (1 - p) / float(np.median(bases))
    method, reason = _choose(requested, places * phi > critical, tau2, typical, unit)
    return Dispersion(requested, method, places, phi, tau2, critical, typical, reason, per, unit)


def _chi2_quantile(q: float, df: int) -> float:
    """The ``q`` quantile of chi-squared with ``df`` degrees of freedom (twice the inverse of
    the regularised lower incomplete gamma function, as ``scipy.stats.chi2.ppf`` computes it).

    >>> round(_chi2_quantile(0.95, 42), 3)
    58.124
    """
    from scipy import special  # imported at use: a start that ranks nothing skips it

    return float(2 * special.gammaincinv(df / 2, q))


def _choose(
    requested: str, over: bool, tau2: float, typical: float, unit: str = "places"
) -> tuple[str, str]:
    if not over:
        test = (
            "That is within what chance produces (n phi is below the 95th percentile of "
            "chi-squared), so the limits are chance alone"
        )
        if requested in ("multiplicative", "additive"):
            test += f" ({requested} asked for, but there is nothing to adjust)"
        return "none", test + "."
    if requested == "none":
        return "none", (
            "That is more than chance (n phi is above the 95th percentile of chi-squared), "
            "but the story asks for no adjustment, so the limits are chance alone and more "
            f"{unit} fall outside them than chance would put there."
        )
    if requested != "auto":
        return requested, (
            "That is more than chance, so the limits are widened by the story's choice."
        )
    if tau2 >= typical:
        return "additive", (
            f"That is more than chance, and the {_their(unit)} own rates differ by more than "
            "chance moves a typical place, so each place is allowed its own rate (additive random "
            "effects): the limits stay wide even for the largest places."
        )
    return "multiplicative", (
        "That is more than chance, but only modestly, so the limits chance gives are widened "
        "by the square root of phi (multiplicative)."
    )
