"""Partner packs: an outlet covering every place gets its draft and the data, not every
place's files (issue 15, item 3)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator.pipeline import build

STORY = "cancelled-crimes"


@pytest.mark.slow
def test_a_pack_for_all_places_holds_the_national_draft_and_the_data(project: Path) -> None:
    outlets = project / "data" / "outlets.yaml"
    text = outlets.read_text(encoding="utf-8")
    assert text.count("places: all") == 2  # The Telegraph and BBC News online
    # The Telegraph listing every force by slug gets every force's files, as before.
    forces = [
        row["slug"] for row in csv.DictReader((project / "data" / "police-forces.csv").open())
    ]
    at = text.index("slug: the-telegraph")
    listed_text = text[:at] + text[at:].replace("places: all", f"places: [{', '.join(forces)}]", 1)
    outlets.write_text(listed_text, "utf-8")
    result = build(project, STORY, out=project / "out")
    packs = result.out_dir / "packs"
    lean, listed = packs / "bbc-news-online", packs / "the-telegraph"
    assert sorted(p.name for p in lean.iterdir() if p.is_dir()) == []
    own = result.out_dir / "partners" / "bbc-news-online" / "national.md"
    assert (lean / "national.md").read_bytes() == own.read_bytes()
    assert (listed / "forces" / "hampshire" / "article.md").exists()
    for pack in (lean, listed):
        rows = list(csv.DictReader(io.StringIO((pack / "data.csv").read_text("utf-8"))))
        assert len(rows) == 43
    size = sum(p.stat().st_size for p in lean.rglob("*"))
    assert size * 5 < sum(p.stat().st_size for p in listed.rglob("*"))
    note = (lean / "method.md").read_text(encoding="utf-8")
    assert "`forces/`" not in note and "`data.csv`" in note
