"""Over-dispersed control limits (generator/compute/dispersion.py): phi and tau^2 on a
hand-worked example, winsorising, limits that widen, the ``auto`` rules, the manifest key, the
docs, and the unsolved-crime release recomputed with pandas from the published file."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from scipy.stats import chi2

from generator.base.errors import InputError
from generator.compute.dispersion import DISPERSIONS, Dispersion, estimate, winsorise, z_scores
from generator.compute.funnel import funnel_curve, position
from generator.inputs.story import load_story

DOCS = ROOT / "docs" / "statistics.md"
UNSOLVED = ROOT / "data" / "unsolved-crime" / "outcomes_by_force.csv"
NOT_TERRITORIAL = ("British Transport Police", "Police Service of Northern Ireland")
Z95 = 1.959964

# --- a hand-worked example --------------------------------------------------------------------
# Five places of 100, pooled 250 / 500 = 0.5, so s = sqrt(0.25 / 100) = 0.05 at every base.
# z-scores: (0.30 - 0.5) / 0.05 = -4, then -1, 0, 1, 4. Winsorised at 10 per cent: the 10th
# percentile, by linear interpolation, is 0.4 of the way from -4 to -1 = -2.8; the 90th is 2.8.
# phi = (2.8^2 + 1 + 0 + 1 + 2.8^2) / 5 = 17.68 / 5 = 3.536; n phi = 17.68, above 9.488 (the
# chi-squared 95th percentile, 4 degrees of freedom). w = 1 / s^2 = 400 each: sum w = 2,000,
# sum w^2 / sum w = 400, so tau^2 = (17.68 - 4) / 1,600 = 0.00855, above s^2 = 0.0025: additive.
HAND_COUNTS = [30, 45, 50, 55, 70]
HAND_BASES = [100] * 5


def test_z_scores_of_the_hand_worked_example() -> None:
    assert z_scores(HAND_COUNTS, HAND_BASES, 0.5).tolist() == pytest.approx([-4, -1, 0, 1, 4])


def test_phi_and_tau2_of_the_hand_worked_example() -> None:
    d = estimate(HAND_COUNTS, HAND_BASES, Fraction(1, 2))
    assert d.phi == pytest.approx(3.536)
    assert d.tau2 == pytest.approx(0.00855)
    assert d.critical == pytest.approx(9.487729, abs=1e-6)
    assert d.overdispersed and d.method == "additive" and d.places == 5


def test_hand_worked_limits_for_each_method() -> None:
    multiplicative = estimate(HAND_COUNTS, HAND_BASES, 0.5, "multiplicative")
    additive = estimate(HAND_COUNTS, HAND_BASES, 0.5, "additive")
    (m,) = funnel_curve(0.5, [100], "normal", multiplicative)
    (a,) = funnel_curve(0.5, [100], "normal", additive)
    assert m.upper95 == pytest.approx(0.5 + Z95 * math.sqrt(3.536) * 0.05, abs=1e-6)
    assert a.upper95 == pytest.approx(0.5 + Z95 * math.sqrt(0.0025 + 0.00855), abs=1e-6)
    assert a.lower95 == pytest.approx(0.5 - Z95 * math.sqrt(0.0025 + 0.00855), abs=1e-6)
    assert (m.dispersion, a.dispersion) == ("multiplicative", "additive")


# --- winsorising --------------------------------------------------------------------------------


def test_winsorising_pulls_in_each_tail_to_its_percentile() -> None:
    z = np.array([-4.0, -1, 0, 1, 4])
    assert winsorise(z).tolist() == pytest.approx([-2.8, -1, 0, 1, 2.8])
    assert winsorise(z, 0).tolist() == z.tolist()
    twenty = np.arange(20.0)
    pulled = winsorise(twenty)
    low, high = np.quantile(twenty, [0.1, 0.9])
    assert pulled.min() == low and pulled.max() == high
    assert pulled[3:17].tolist() == twenty[3:17].tolist()  # the middle is untouched


def test_one_extreme_place_cannot_decide_phi_on_its_own() -> None:
    counts, bases = [50 + (i % 2) for i in range(19)] + [95], [100] * 20
    pooled = Fraction(sum(counts), sum(bases))
    raw = float(np.mean(z_scores(counts, bases, float(pooled)) ** 2))
    d = estimate(counts, bases, pooled)
    assert 20 * raw > chi2.ppf(0.95, 19)  # unwinsorised, one place would "prove" it
    assert d.phi < 1 and d.method == "none"


@pytest.mark.parametrize("share", [-0.1, 0.5, 0.7])
def test_winsorising_share_is_checked(share: float) -> None:
    with pytest.raises(ValueError, match="share must be at least 0 and under 0.5"):
        winsorise(np.arange(5.0), share)


# --- the limits widen ------------------------------------------------------------------------


def spread(method: str, phi: float = 4.0, tau2: float = 0.01) -> Dispersion:
    return Dispersion("auto", method, 40, phi, tau2, 54.57, 0.0025, "test")


@pytest.mark.parametrize("method", ["exact", "normal"])
def test_multiplicative_scales_every_limit_by_the_root_of_phi(method: str) -> None:
    bases = [20, 100, 1000, 100_000]
    plain = funnel_curve(0.3, bases, method)
    wide = funnel_curve(0.3, bases, method, spread("multiplicative", phi=1.5))
    for p, w in zip(plain, wide, strict=True):
        for name in ("lower998", "lower95", "upper95", "upper998"):
            expected = min(1.0, max(0.0, 0.3 + math.sqrt(1.5) * (getattr(p, name) - 0.3)))
            assert getattr(w, name) == pytest.approx(expected, abs=1e-12)
        assert w.lower95 <= p.lower95 and w.upper95 >= p.upper95


@pytest.mark.parametrize("method", ["exact", "normal"])
def test_additive_limits_never_close_in_beyond_z_tau(method: str) -> None:
    tau = math.sqrt(0.01)
    for limits in funnel_curve(0.3, [10, 1000, 10**6, 10**9], method, spread("additive")):
        assert limits.upper95 - 0.3 >= Z95 * tau * 0.99
        assert 0.3 - limits.lower95 >= Z95 * tau * 0.99
    (huge,) = funnel_curve(0.3, [10**9], "normal", spread("additive"))
    assert huge.upper95 == pytest.approx(0.3 + Z95 * tau, abs=1e-6)


def test_none_leaves_the_limits_as_chance_gives_them() -> None:
    bases = [20, 500, 9000]
    assert funnel_curve(0.2, bases, "exact", spread("none")) == funnel_curve(0.2, bases)


def test_widened_limits_stay_proportions() -> None:
    for limits in funnel_curve(0.05, [5, 50], "exact", spread("multiplicative", phi=400)):
        assert 0 <= limits.lower998 <= limits.lower95 <= limits.upper95 <= limits.upper998 <= 1


def test_position_carries_its_spread_and_widened_signal() -> None:
    d = spread("multiplicative", phi=9)
    assert position(30, 100, 0.2).signal == "above-95"
    wide = position(30, 100, 0.2, "normal", d)
    assert wide.signal == "within" and wide.spread is d and wide.limits.dispersion == d.method


# --- the auto rules -----------------------------------------------------------------------------
# Forty places of one base, alternating either side of the pooled 0.5 by the same z-score.
# With equal bases tau^2 / s^2 = n phi / (n - 1) - 1, so additive wins from phi of 1.95.


def alternating(z: float, base: int) -> tuple[list[int], list[int]]:
    step = round(z * 0.5 / math.sqrt(base) * base)
    return [base // 2 + (step if i % 2 else -step) for i in range(40)], [base] * 40


@pytest.mark.parametrize(
    ("z", "base", "chosen"),
    [
        (1.0, 100, "none"),  # phi 1: chance alone
        (1.25, 6400, "multiplicative"),  # phi 1.56: above the test's 1.36, under 1.95
        (3.0, 100, "additive"),  # phi 9: far more than chance
    ],
)
def test_auto_decides_from_the_data(z: float, base: int, chosen: str) -> None:
    counts, bases = alternating(z, base)
    d = estimate(counts, bases, Fraction(1, 2))
    assert d.phi == pytest.approx(z**2)
    assert d.critical == pytest.approx(chi2.ppf(0.95, 39))
    assert d.method == chosen
    assert d.overdispersed == (chosen != "none")


def test_a_method_asked_for_without_over_dispersion_changes_nothing() -> None:
    counts, bases = alternating(1.0, 100)
    for asked in ("multiplicative", "additive"):
        d = estimate(counts, bases, 0.5, asked)
        assert d.method == "none" and asked in d.reason


def test_none_asked_for_with_over_dispersion_says_so() -> None:
    d = estimate(*alternating(3.0, 100), 0.5, "none")
    assert d.method == "none" and d.overdispersed
    assert "more places fall outside them than chance would put there" in d.reason


def test_no_estimate_without_enough_places_or_variation() -> None:
    assert estimate([1, 2], [10, 10], Fraction(3, 20)).method == "none"
    assert estimate([0, 0, 0], [10, 20, 30], 0).method == "none"
    with pytest.raises(ValueError, match="dispersion must be one of 'none', 'multiplicative'"):
        estimate(HAND_COUNTS, HAND_BASES, 0.5, "poisson")


def test_the_note_says_method_why_phi_and_tau_in_plain_words() -> None:
    note = estimate(HAND_COUNTS, HAND_BASES, 0.5).note
    assert note.startswith("Control limits: additive random effects. The 5 places' rates are ")
    assert "spread about 1.9 times as widely as chance alone would spread them (phi 3.54)" in note
    assert "differ by about 9.2 percentage points (tau)" in note
    per_thousand = estimate(*alternating(3.0, 100), 0.5, per=1000).note
    assert "per 1,000 (tau)" in per_thousand


def test_the_note_and_reason_say_the_story_unit() -> None:
    forces = estimate(HAND_COUNTS, HAND_BASES, 0.5, unit="forces")
    assert "The 5 forces' rates are spread" in forces.note
    assert "the forces' own rates differ" in forces.reason and "places'" not in forces.note
    kept = estimate(*alternating(3.0, 100), 0.5, "none", unit="forces").reason
    assert "more forces fall outside them" in kept
    assert "The 5 people's rates" in estimate(HAND_COUNTS, HAND_BASES, 0.5, unit="people").note
    assert estimate([1, 2], [10, 10], 0.1, unit="councils").reason.startswith(
        "Fewer than 3 councils"
    )


# --- the manifest key -------------------------------------------------------------------------


def test_a_bad_dispersion_in_the_manifest_is_a_clear_error(project: Path) -> None:
    manifest = project / "templates" / "police-misconduct" / "story.yaml"
    text = manifest.read_text().replace(
        "  method: exact\n", "  method: exact\n  dispersion: loose\n"
    )
    manifest.write_text(text)
    with pytest.raises(InputError) as caught:
        load_story(project, "police-misconduct")
    message = str(caught.value)
    assert "column 'funnel.dispersion': 'loose': must be 'none', 'multiplicative', " in message
    assert "'additive' or 'auto'" in message and "docs/statistics.md" in message


def test_the_manifest_default_is_auto_and_a_story_may_pin_none() -> None:
    assert load_story(ROOT, "police-misconduct").funnel_dispersion == "auto"
    assert load_story(ROOT, "cancelled-crimes").funnel_dispersion == "none"


# --- the docs ---------------------------------------------------------------------------------


def test_statistics_doc_names_every_method() -> None:
    text = DOCS.read_text()
    for method in DISPERSIONS:
        assert f"| `{method}`" in text, method
    for words in ("winsorised", "phi", "tau^2", "chi-squared", "347-351"):
        assert words in text, words


# --- unsolved crime, recomputed from the published file ---------------------------------------


def unsolved() -> pd.DataFrame:
    frame = pd.read_csv(UNSOLVED)
    frame = frame[~frame["Force"].isin(NOT_TERRITORIAL)]
    outcomes = [c for c in frame.columns if c not in ("Force", "(blank)")]
    assert len(outcomes) == 25
    return pd.DataFrame(
        {
            "force": frame["Force"],
            "count": frame["Investigation complete; no suspect identified"].astype(int),
            "base": frame[outcomes].sum(axis=1).astype(int),
        }
    )


def doc_table() -> dict[str, tuple[int, int]]:
    text = DOCS.read_text()
    start = text.index("<!-- worked example: over-dispersion")
    rows = re.findall(r"^\| `(\w+)`[^|]*\| (\d+) \| (\d+) \|$", text[start:], re.M)
    return {name: (int(a), int(b)) for name, a, b in rows}


@pytest.mark.skipif(not UNSOLVED.exists(), reason="the unsolved-crime data is not bundled")
def test_unsolved_crime_fewer_than_half_the_forces_are_called_different() -> None:
    frame = unsolved()
    assert len(frame) == 43
    pooled = Fraction(int(frame["count"].sum()), int(frame["base"].sum()))
    assert (pooled.numerator, pooled.denominator) == (9_424_687, 17_702_776)
    table = doc_table()
    outside = {}
    for asked in ("none", "multiplicative", "additive", "auto"):
        d = estimate(frame["count"].tolist(), frame["base"].tolist(), pooled, asked)
        signals = [
            position(int(c), int(b), pooled, "exact", d).signal
            for c, b in zip(frame["count"], frame["base"], strict=True)
        ]
        outside[asked] = (
            sum(s != "within" for s in signals),
            sum(s.endswith("99.8") for s in signals),
        )
    assert outside["none"] == (43, 43) == table["none"]
    assert outside["multiplicative"] == (6, 1) == table["multiplicative"]
    assert outside["additive"] == outside["auto"] == (5, 1) == table["additive"]
    assert outside["auto"][0] < 43 / 2
    d = estimate(frame["count"].tolist(), frame["base"].tolist(), pooled)
    assert d.method == "additive"
    assert d.phi == pytest.approx(5158.567, abs=1e-3)
    assert d.tau == pytest.approx(0.0576, abs=1e-4)


# --- the note, end to end ----------------------------------------------------------------------


@pytest.mark.slow
def test_the_note_passes_the_fact_check_and_explain_prints_it(tiny: Path) -> None:
    from conftest import run

    manifest = tiny / "templates" / "tiny" / "story.yaml"
    manifest.write_text(manifest.read_text().replace("dispersion: none", "dispersion: auto"))
    template = tiny / "templates" / "tiny" / "draft.md.j2"
    notes = (
        "## Notes to editors\n\n{% for m in measures %}{% if m.funnel and m.funnel.spread"
        " and m.funnel.spread.method != 'none' %}- {{ m.funnel.spread.note }}\n"
        "{% endif %}{% endfor %}\n"
    )
    text = template.read_text().replace("{% for q in quotes %}", notes + "{% for q in quotes %}")
    template.write_text(text)
    result = run(tiny, "build", "--story", "tiny", "--explain")
    assert result.exit_code == 0, result.output
    note = "Control limits: additive random effects. The 5 areas' rates are spread about 1.7"
    assert f"lost: {note}" in result.output
    draft = (tiny / "out" / "tiny" / "eastshire" / "draft.md").read_text()
    assert f"- {note}" in draft
    facts = (tiny / "out" / "tiny" / "eastshire" / "facts.json").read_text()
    assert '"dispersion": {' in facts and '"method": "additive"' in facts
