"""Golden drafts for every phrasing: one force of each lead kind, rendered at four rotations of
the phrasing choices (language/variety.py), so every opening (four ways), comparison (three),
caveat (three) and secondary frame (four) is compared word for word with a draft a sub-editor
has read. When a template's wording changes on purpose, rewrite them with

    ``UPDATE_GOLDEN=1 pytest tests/drafts/test_golden_variants.py``

and read the diff before committing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.drafts.jobs import render_place
from generator.drafts.prepared import prepare

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "cancelled-crimes"
KINDS = {
    "hampshire": "worst",
    "north-yorkshire": "joint_worst",
    "humberside": "near_worst",
    "greater-manchester": "top_ten",
    "durham": "above",
    "devon-and-cornwall": "close",
    "suffolk": "better",
    "merseyside": "below",
    "cumbria": "clean",
}
ROTATIONS = range(4)


@pytest.fixture(scope="module")
def prepared():
    return prepare(ROOT, "cancelled-crimes")


@pytest.mark.slow
def test_the_golden_forces_cover_every_lead_kind(prepared) -> None:
    kinds = {slug: prepared.angles[slug].lead.kind for slug in KINDS}
    assert kinds == KINDS
    assert set(KINDS.values()) >= {a.lead.kind for a in prepared.angles.values()}


@pytest.mark.parametrize("rotation", ROTATIONS)
@pytest.mark.parametrize("slug", sorted(KINDS))
def test_golden_draft(prepared, slug: str, rotation: int) -> None:
    prepared.rotation = rotation
    prepared._variants = None
    files, _ = render_place(prepared, slug, scopes=("place",))
    text = files["article.md"]
    golden = GOLDEN / f"{slug}-r{rotation}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_rotations_give_different_drafts() -> None:
    for slug in KINDS:
        texts = {(GOLDEN / f"{slug}-r{r}.md").read_text(encoding="utf-8") for r in ROTATIONS}
        assert len(texts) >= 3, slug
