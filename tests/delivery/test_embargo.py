"""Embargo: every output of an embargoed build opens with the same line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.pipeline import build

LINE = "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020"


@pytest.mark.slow
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


@pytest.mark.slow
def test_the_manifest_may_set_the_embargo(project: Path, tmp_path: Path) -> None:
    manifest = project / "templates/cancelled-crimes/story.yaml"
    manifest.write_text(
        manifest.read_text().replace("engine:\n", 'engine:\n  embargo: "2020-10-23 00:01"\n')
    )
    result = build(project, "cancelled-crimes", out=tmp_path / "out", only="hampshire")
    text = (result.out_dir / "hampshire/article.md").read_text(encoding="utf-8")
    headline = json.loads((result.out_dir / "hampshire/facts.json").read_text())["headline"]
    assert headline.startswith("Hampshire police ")
    banner = json.loads((result.out_dir / "hampshire/facts.json").read_text())["banners"][1]
    assert text.startswith(f"{LINE}\n\n{banner}\n\n# {headline}\n\n")


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


# --- a time that means one moment (issue 12, item 7) ------------------------------------


def embargo_error(project: Path, *args: str) -> str:
    """The one ``Error:`` line of ``drafts build tiny ARGS``, exit status 1."""
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--story", "tiny", *args])
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    return result.output.rstrip("\n")


def test_an_empty_embargo_option_is_an_error_not_no_embargo(tiny: Path) -> None:
    assert embargo_error(tiny, "--embargo", "") == (
        "Error: --embargo: '': is empty, which is not an embargo time. Write it as "
        '"2020-10-23 00:01" (UK time), or leave the embargo out if there is none'
    )
    assert embargo_error(tiny, "--embargo", "   ").startswith("Error: --embargo: '   ': is empty")
    assert not (tiny / "out/tiny").exists()


@pytest.mark.parametrize(("value", "shown"), [('""', ""), ("", ""), ("'  '", "  ")])
def test_an_empty_embargo_in_the_manifest_is_an_error(tiny: Path, value: str, shown: str) -> None:
    manifest = tiny / "templates/tiny/story.yaml"
    manifest.write_text(manifest.read_text() + f"engine:\n  embargo: {value}\n")
    assert embargo_error(tiny) == (
        f"Error: templates/tiny/story.yaml: '{shown}': is empty, which is not an embargo time. "
        'Write it as "2020-10-23 00:01" (UK time), or leave the embargo out if there is none'
    )


def test_an_hour_that_happens_twice_is_an_error_naming_both_readings(tiny: Path) -> None:
    assert embargo_error(tiny, "--embargo", "2020-10-25 01:30") == (
        "Error: --embargo: '2020-10-25 01:30': happens twice in the UK, as the clocks go back "
        "on Sunday 25 October 2020: 01:30 BST (00:30 GMT) or 01:30 GMT. Say which: "
        '"2020-10-25 01:30 BST" or "2020-10-25 01:30 GMT"'
    )


def test_an_hour_that_never_happens_is_an_error(tiny: Path) -> None:
    assert embargo_error(tiny, "--embargo", "2021-03-28 01:30") == (
        "Error: --embargo: '2021-03-28 01:30': never happens in the UK: the clocks go forward "
        "from 01:00 GMT to 02:00 BST on Sunday 28 March 2021. Choose a time outside that "
        'hour, such as "2021-03-28 02:30" (BST)'
    )


def test_a_zone_that_does_not_fit_the_date_is_refused(tiny: Path) -> None:
    assert embargo_error(tiny, "--embargo", "2020-10-23 00:01 GMT") == (
        "Error: --embargo: '2020-10-23 00:01 GMT': says GMT, but UK time on Friday 23 October "
        '2020 is BST. Leave out the zone: "2020-10-23 00:01" is 00:01 BST (23:01 GMT)'
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("written", "line", "at"),
    [
        ("2020-10-25 01:30 BST", "01:30 BST SUNDAY", "2020-10-25T01:30:00+01:00"),
        ("2020-10-25 01:30 gmt", "01:30 GMT SUNDAY", "2020-10-25T01:30:00+00:00"),
        ("2020-10-25 02:30", "02:30 SUNDAY", "2020-10-25T02:30:00+00:00"),
    ],
)
def test_naming_the_zone_picks_one_reading(tiny: Path, written: str, line: str, at: str) -> None:
    result = CliRunner().invoke(
        main, ["--root", str(tiny), "build", "--story", "tiny", "--embargo", written]
    )
    assert result.exit_code == 0, result.output
    text = (tiny / "out/tiny/northshire/draft.md").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"EMBARGOED UNTIL {line} 25 OCTOBER 2020"
    manifest = json.loads((tiny / "out/tiny/manifest.json").read_text(encoding="utf-8"))
    assert manifest["embargo"]["at"] == at
