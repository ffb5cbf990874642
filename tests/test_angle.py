"""The lead: the most newsworthy finding wins, and the reason is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import prepare
from generator.cli import main


def test_angles_on_the_tiny_story(tiny: Path) -> None:
    angles = prepare(tiny, "tiny").angles
    kinds = {slug: (a.lead.kind, a.lead.measure) for slug, a in angles.items()}
    assert kinds == {
        "northshire": ("joint_worst", "late"),
        "southshire": ("joint_worst", "late"),
        "eastshire": ("worst", "lost"),
        "westshire": ("clean", None),
        "midshire": ("majority", "lost"),
    }


def test_unshared_worst_beats_joint_worst_and_majority(project: Path) -> None:
    angle = prepare(project, "cancelled-crimes").angles["hampshire"]
    assert (angle.lead.kind, angle.lead.measure) == ("worst", "sexual")
    beaten = {(c.kind, c.measure) for c in angle.candidates if c is not angle.lead}
    assert ("joint_worst", "robbery") in beaten
    assert "position 1 of 43" in angle.lead.reason


@pytest.mark.slow
def test_explain_says_why_the_lead_won(project: Path) -> None:
    result = CliRunner().invoke(
        main, ["--root", str(project), "build", "--explain", "--force", "hampshire"]
    )
    assert result.exit_code == 0, result.output
    assert "lead: worst on sexual (score 100): 9 of 17, position 1 of 43" in result.output
    assert "beat: joint_worst on robbery (score 90)" in result.output


@pytest.mark.slow
def test_facts_record_the_lead(project: Path) -> None:
    import json

    CliRunner().invoke(main, ["--root", str(project), "build", "--force", "hampshire"])
    facts = json.loads((project / "out/cancelled-crimes/hampshire/facts.json").read_text())
    assert facts["lead"]["kind"] == "worst"
    assert facts["lead"]["measure"] == "sexual"
    assert "explain" in facts["lead"]
