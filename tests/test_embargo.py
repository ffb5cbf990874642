"""Embargo: every output of an embargoed build opens with the same line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.build import build
from generator.cli import main

LINE = "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020"


def test_every_output_opens_with_the_embargo(project: Path, tmp_path: Path) -> None:
    result = build(project, "cancelled-crimes", out=tmp_path / "out", embargo="2020-10-23 00:01")
    drafts = [
        p for p in result.out_dir.rglob("*") if not p.is_relative_to(result.out_dir / "packs")
    ]
    texts = [p for p in drafts if p.suffix in (".md", ".txt")]
    assert len(texts) == (43 * 2 + 16 + 40 + 1) * 2  # md and txt of every draft
    for path in texts:
        assert path.read_text(encoding="utf-8").splitlines()[0] == LINE, path
    for path in (p for p in drafts if p.suffix == ".html"):
        assert f'<p class="banner">{LINE}</p>' in path.read_text(encoding="utf-8")
    facts = [p for p in drafts if p.name == "facts.json" or p.name.startswith("radio")]
    for path in (p for p in facts if p.suffix == ".json"):
        assert json.loads(path.read_text(encoding="utf-8"))["embargo"] == LINE


def test_the_manifest_may_set_the_embargo(project: Path, tmp_path: Path) -> None:
    manifest = project / "templates/cancelled-crimes/story.yaml"
    manifest.write_text(
        manifest.read_text().replace("settings:\n", 'settings:\n  embargo: "2020-10-23 00:01"\n')
    )
    result = build(project, "cancelled-crimes", out=tmp_path / "out", only="hampshire")
    text = (result.out_dir / "hampshire/article.md").read_text(encoding="utf-8")
    assert text.startswith(LINE + "\n\n# Hampshire Constabulary")


def test_no_embargo_no_line(built) -> None:
    text = (built.out_dir / "hampshire/article.md").read_text(encoding="utf-8")
    assert "EMBARGOED" not in text


def test_a_bad_embargo_time_is_one_clear_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--embargo", "23/10/2020"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: --embargo: '23/10/2020': is not an embargo time. Write it "
        'as "2020-10-23 00:01" (UK time)\n'
    )
