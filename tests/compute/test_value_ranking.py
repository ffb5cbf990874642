"""A value measure is ranked on its exact values (same tie rule, both ends), its national
figure the manifest's median/mean/total, with no funnel; the lead treats it sensibly."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from generator.compute.angle import choose_angle
from generator.compute.ranking import versus
from generator.drafts.prepared import prepare
from generator.inputs.data import Value


@pytest.fixture
def prepared(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = copy_project(FIXTURES / "values", tmp_path / "values")
    ready = prepare(root, "values")
    return ready.story, ready.dataset, ready.rankings


def test_values_rank_worst_first_with_the_national_figure(prepared) -> None:  # type: ignore[no-untyped-def]
    _, _, rankings = prepared
    response = rankings["response"]
    assert response.ranks["northshire"].position == 1  # 42 minutes, higher is worse
    assert response.ranks["southshire"].from_best == 1
    assert "westshire" not in response.ranks and response.base == 4
    assert response.pooled == Value(Fraction(31))  # median of 18.5, 27, 35, 42
    assert response.funnel == {} and response.dispersion is None
    spending = rankings["spending"]
    assert spending.ranks["southshire"].position == 1  # £980, lower is worse
    assert spending.pooled == Value(Fraction(22059, 20))  # the mean


def test_versus_compares_values_as_printed(prepared) -> None:  # type: ignore[no-untyped-def]
    story, _, _ = prepared
    response = story.measures[1]
    assert versus(Fraction(42), Fraction(31), response) == "above"
    assert versus(Fraction(3101, 100), Fraction(31), response) == "in line with"  # 31.0 both


def test_the_lead_can_be_a_value_without_chance_points(prepared) -> None:  # type: ignore[no-untyped-def]
    story, dataset, rankings = prepared
    angle = choose_angle(story, dataset.record("northshire"), rankings)
    found = {c.measure: c for c in angle.candidates}
    parts = dict(found["response"].parts)
    assert found["response"].kind == "worst"
    assert parts["chance"] == 0 and parts["majority"] == 0 and parts["sample"] == 0
    assert parts["gap"] == 35  # 42 against 31 minutes: 35 per cent above
    assert "the value 42" in found["response"].reason
