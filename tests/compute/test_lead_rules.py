"""Lead rules as data: a story's ``leads:`` weights or switches off lead kinds, "majority" is
news only where the pooled rate is below a half, and the best place can lead on good news."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.base.errors import InputError
from generator.compute.angle import KINDS
from generator.drafts.prepared import prepare
from generator.inputs.leads import LEAD_KINDS
from generator.inputs.story import load_story

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


def make(tmp_path: Path, rows: list[tuple[int, int]], leads: str = "") -> Path:
    """A one-measure story of ``rows`` (count, base), one place each, with ``leads:`` text."""
    root = tmp_path / "p"
    shutil.copytree(STORY / "templates", root / "templates")
    (root / "data" / "tiny").mkdir(parents=True)
    places = ["code,name,short_name,slug,nation,region,variants,local_phrase"]
    figures = ["area,late,letters"]
    for i, (count, base) in enumerate(rows):
        places.append(f"X{i:02},Place {i} Council,Place {i},p{i},Testland,North,,")
        figures.append(f"Place {i} Council,{count},{base}")
    (root / "data" / "places.csv").write_text("\n".join(places) + "\n", encoding="utf-8")
    (root / "data" / "tiny" / "figures.csv").write_text("\n".join(figures) + "\n", "utf-8")
    manifest = root / "templates" / "tiny" / "story.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("  illustrative_column: illustrative\n", "")
    text = text[: text.index("  - key: lost")] + text[text.index("outputs:") :]
    manifest.write_text(text + leads, encoding="utf-8")
    return root


# Place 10 has 10 of 20: outside the top ten (places 0 to 9, 39 to 30 of 40), half of its
# sample, where the pooled rate is 425 of 8,420 (5 per cent). Place 3 is fourth: top ten.
LOW = [(39 - i, 40) for i in range(10)] + [(10, 20)] + [(10, 1000)] * 8


def test_kinds_agree_with_the_manifest_reader() -> None:
    assert set(KINDS) == set(LEAD_KINDS)


def test_majority_leads_when_the_pooled_rate_is_below_half(tmp_path: Path) -> None:
    lead = prepare(make(tmp_path, LOW), "tiny").angles["p10"].lead
    assert lead.kind == "majority"
    assert dict(lead.parts)["majority"] == 10


def test_majority_is_not_news_when_the_pooled_rate_is_half_or_more(tmp_path: Path) -> None:
    # Pooled 254 of 400 (64 per cent): 12 of 20 is ordinary, so no majority kind or points.
    high = [(19, 20)] * 10 + [(12, 20)] * 2 + [(5, 20)] * 8
    angles = prepare(make(tmp_path, high), "tiny").angles
    candidate = angles["p11"].candidates[0]
    assert candidate.kind == "below"
    assert dict(candidate.parts)["majority"] == 0


def test_a_kind_switched_off_never_leads_and_explain_says_so(tmp_path: Path) -> None:
    root = make(tmp_path, LOW, "leads:\n  majority: off\n")
    angle = prepare(root, "tiny").angles["p10"]
    assert angle.lead.kind == "above"
    assert "majority is off" in angle.lead.reason
    assert "majority is off" in angle.explain()


def test_a_weight_multiplies_the_score_and_is_shown(tmp_path: Path) -> None:
    plain = prepare(make(tmp_path / "a", LOW), "tiny").angles["p3"].lead
    root = make(tmp_path / "b", LOW, "leads:\n  top_ten: 0.5\n")
    weighted = prepare(root, "tiny").angles["p3"].lead
    assert plain.kind == weighted.kind == "top_ten"
    assert weighted.score == round(plain.score * 0.5)
    assert dict(weighted.parts)["weight"] == weighted.score - plain.score
    assert "weight " in weighted.describe() and "weighted 0.5" in weighted.reason


def test_a_weight_can_change_which_measure_leads(tmp_path: Path) -> None:
    root = make(tmp_path, LOW, "leads:\n  majority: 0\n")
    assert prepare(root, "tiny").angles["p10"].lead.score == 0


def test_the_best_place_leads_on_good_news(tmp_path: Path) -> None:
    # Place 0 alone has the lowest rate (1 of 20). With one measure the best place is also
    # better than most, the broader story that comes first: switch it off to reach best.
    rows = [(1, 20)] + [(5, 20)] * 5 + [(6, 20)] * 5
    angles = prepare(make(tmp_path / "a", rows), "tiny").angles
    assert angles["p0"].lead.kind == "better"
    root = make(tmp_path / "b", rows, "leads:\n  better: off\n")
    angles = prepare(root, "tiny").angles
    assert angles["p0"].lead.kind == "best"
    assert angles["p0"].lead.measure == "late"
    assert "the best place on late" in angles["p0"].lead.reason


def test_a_shared_best_place_is_joint_best(tmp_path: Path) -> None:
    rows = [(1, 20), (1, 20)] + [(5, 20)] * 5 + [(6, 20)] * 5
    root = make(tmp_path, rows, "leads:\n  better: off\n")
    angles = prepare(root, "tiny").angles
    assert angles["p0"].lead.kind == angles["p1"].lead.kind == "joint_best"


def test_a_small_sample_or_a_zero_count_is_not_best(tmp_path: Path) -> None:
    rows = [(0, 20), (1, 12)] + [(5, 20)] * 5 + [(6, 20)] * 5
    root = make(tmp_path, rows, "leads:\n  better: off\n")
    angles = prepare(root, "tiny").angles
    assert angles["p1"].lead.kind == "below"  # the lowest rate above zero, on 12
    root = make(tmp_path / "b", rows, "leads:\n  better: off\n  best: off\n")
    assert prepare(root, "tiny").angles["p1"].lead.kind == "below"


@pytest.mark.parametrize(
    ("leads", "message"),
    [
        ("  majorty: off\n", "Did you mean majority?"),
        ("  majority: lots\n", "write off, or a number"),
        ("  top_ten: -1\n", "0 or more"),
        ("  better: 2\n", "chosen by rule"),
        ("  above: off\n", "cannot be off"),
        ("  none: off\n", "cannot be weighted or off"),
    ],
)
def test_bad_lead_rules_name_the_kind_and_the_fix(tmp_path: Path, leads: str, message: str) -> None:
    root = make(tmp_path, LOW, "leads:\n" + leads)
    with pytest.raises(InputError) as err:
        load_story(root, "tiny")
    assert message in str(err.value)
    assert "leads." in str(err.value)


def test_rules_are_read_typed(tmp_path: Path) -> None:
    root = make(tmp_path, LOW, "leads:\n  majority: off\n  top_ten: 0.5\n  clean: off\n")
    rules = load_story(root, "tiny").leads
    assert rules.off == {"majority", "clean"}
    assert rules.weight("top_ten") == 0.5 and rules.weight("worst") == 1
    assert not rules.allows("majority") and rules.allows("worst")
