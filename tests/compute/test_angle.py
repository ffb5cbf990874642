"""The lead: the most newsworthy finding wins, and the reason is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.drafts.prepared import prepare


def test_angles_on_the_tiny_story(tiny: Path) -> None:
    angles = prepare(tiny, "tiny").angles
    kinds = {slug: (a.lead.kind, a.lead.measure) for slug, a in angles.items()}
    assert kinds == {
        "northshire": ("joint_worst", "late"),
        "southshire": ("joint_worst", "late"),
        "eastshire": ("worst", "lost"),
        "westshire": ("clean", None),
        "midshire": ("near_worst", "lost"),
    }


@pytest.mark.slow
def test_unshared_worst_beats_joint_worst_and_majority(project: Path) -> None:
    angle = prepare(project, "cancelled-crimes").angles["hampshire"]
    assert (angle.lead.kind, angle.lead.measure) == ("worst", "sexual")
    beaten = {(c.kind, c.measure) for c in angle.candidates if c is not angle.lead}
    assert ("joint_worst", "robbery") in beaten
    assert "position 1 of 43" in angle.lead.reason


@pytest.mark.slow
def test_explain_says_why_the_lead_won(project: Path) -> None:
    result = CliRunner().invoke(
        main, ["--root", str(project), "build", "--explain", "--place", "hampshire"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "lead: worst on sexual (score 100: gap +40, rank +30, chance +20, majority +10): "
        "9 of 17, position 1 of 43" in result.output
    )
    assert "beat: joint_worst on robbery (score 55: gap +20, rank +25, chance +10)" in result.output


@pytest.mark.slow
def test_facts_record_the_lead(project: Path) -> None:
    import json

    CliRunner().invoke(main, ["--root", str(project), "build", "--place", "hampshire"])
    facts = json.loads((project / "out/cancelled-crimes/hampshire/facts.json").read_text())
    assert facts["lead"]["kind"] == "worst"
    assert facts["lead"]["measure"] == "sexual"
    assert "explain" in facts["lead"]


@pytest.mark.slow
def test_victims_not_told_can_lead(project: Path) -> None:
    """North Yorkshire's and Lancashire's local papers ran the victims story; so do the drafts."""
    angles = prepare(project, "cancelled-crimes").angles
    for slug in ("north-yorkshire", "lancashire"):
        assert (angles[slug].lead.kind, angles[slug].lead.measure) == ("joint_worst", "victims")


@pytest.mark.slow
def test_a_force_better_than_average_everywhere_is_good_news(project: Path) -> None:
    angle = prepare(project, "cancelled-crimes").angles["suffolk"]
    assert angle.lead.kind == "better"
    assert all(c.kind in ("below", "in_line") for c in angle.candidates)


@pytest.mark.slow
def test_published_beats_illustrative_of_similar_weight(project: Path) -> None:
    from generator.compute.angle import candidate
    from generator.inputs.data import Figure

    prepared = prepare(project, "cancelled-crimes")
    record = prepared.dataset.records["hampshire"]
    ranking = prepared.rankings["sexual"]
    published = candidate("sexual", record, ranking)
    figures = dict(record.figures)
    f = figures["sexual"]
    figures["sexual"] = Figure(f.count, f.base, f.cells, illustrative=True)
    from dataclasses import replace

    stand_in = candidate("sexual", replace(record, figures=figures), ranking)
    assert published is not None and stand_in is not None
    assert published.score - stand_in.score == 15


@pytest.mark.slow
def test_every_score_part_is_shown(project: Path) -> None:
    angle = prepare(project, "cancelled-crimes").angles["cleveland"]
    explained = angle.explain()
    assert "joint_worst on robbery" in explained
    assert "sample -5" in explained and "published -15" in explained


@pytest.mark.slow
def test_a_close_lead_says_the_worse_side_whichever_way_worse_is() -> None:
    """council-epc's measure is better higher: Adur, below the pooled rate and within chance,
    leads 'close', and its reason must not call it above the pooled rate."""
    from conftest import ROOT

    lead = prepare(ROOT, "council-epc").angles["adur"].lead
    assert lead.kind == "close"
    assert lead.reason.startswith("on the worse side of the pooled rate")
    assert "below the pooled" in lead.reason
    assert "above" not in lead.reason
