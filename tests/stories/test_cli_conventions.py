"""The ``drafts`` command follows its own conventions: one option name per meaning, the story
always ``--story`` with a default (``drafts.toml``, or the only story), ``--version``, ``-h``,
``--json`` where a system reads the output, and old spellings kept with a note."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT, run

import generator.delivery.release
from generator.cli import main
from generator.drafts.listing import lead_label
from generator.drafts.radio import Script, ScriptSet

COMMANDS = sorted(main.commands)


def test_version_and_short_help_on_every_command() -> None:
    version = CliRunner().invoke(main, ["--version"])
    assert version.exit_code == 0
    assert version.output.startswith("drafts ")
    for name in ["", *COMMANDS]:
        args = [name] if name else []
        short, long = (CliRunner().invoke(main, [*args, flag]) for flag in ("-h", "--help"))
        assert short.exit_code == 0 and short.output == long.output, name
        assert "-h, --help" in short.output, name


def _options(command: click.Command) -> dict[str, click.Parameter]:
    return {
        opt: p
        for p in command.params
        if isinstance(p, click.Option) and not p.hidden
        for opt in p.opts
    }


def test_one_option_name_per_meaning() -> None:
    shown = {name: _options(main.commands[name]) for name in COMMANDS}
    # A place is --place, the story is --story, wherever a command takes one.
    assert "--place" in shown["build"] and "--place" in shown["snippets"]
    for name in COMMANDS:
        assert "--force" not in shown[name], name  # it meant a place in one, "early" in another
        if name != "new":  # new makes a story, named as its argument
            assert "--story" in shown[name], name
    assert "--before-embargo" in shown["release"] and "--include-flagged" in shown["release"]
    for name in ("list", "diff", "release", "snippets"):
        assert "--json" in shown[name], name
    for name in ("build", "release"):  # the old positional story is left out of the usage
        usage = CliRunner().invoke(main, [name, "-h"]).output.splitlines()[0]
        assert usage.endswith(f" {name} [OPTIONS]"), usage


def _two_stories(tiny: Path) -> Path:
    (tiny / "templates/other").mkdir()
    (tiny / "templates/other/story.yaml").write_text("title: Other\n", encoding="utf-8")
    return tiny


def test_with_two_stories_a_command_asks_for_one_or_drafts_toml(tiny: Path) -> None:
    result = run(_two_stories(tiny), "list")
    assert result.exit_code == 2
    assert "name a story with --story: other, tiny" in result.output
    assert 'story = "..." in drafts.toml' in result.output

    (tiny / "drafts.toml").write_text('story = "tiny"\n', encoding="utf-8")
    listed = run(tiny, "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)["story"] == "tiny"


def test_the_only_story_is_the_default(tiny: Path) -> None:
    result = run(tiny, "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["PLACE", "NAME", "LEAD", "FLAGS"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('story = "tiyn"\n', "drafts.toml: 'tiyn': is not a story under templates/"),
        ('story = "tiyn"\n', "Did you mean 'tiny'?"),
        ('stroy = "tiny"\n', "drafts.toml: 'stroy': is not a setting. Did you mean 'story'?"),
        ("story = tiny\n", "drafts.toml: is not valid TOML (Invalid value (at line 1"),
        ("story = 3\n", "drafts.toml: '3': is not a story under templates/"),
        ("# " + "x" * 70_000 + "\n", "drafts.toml: is larger than 64 KB"),
    ],
)
def test_a_bad_drafts_toml_is_one_clear_error(tiny: Path, text: str, said: str) -> None:
    (tiny / "drafts.toml").write_text(text, encoding="utf-8")
    result = run(tiny, "list")
    assert result.exit_code == 1
    assert said in result.output
    assert "Traceback" not in result.output


def test_the_bundled_project_names_its_default_story() -> None:
    from generator.inputs.project import default_story, read_project

    assert read_project(ROOT).story == "cancelled-crimes"
    assert default_story(ROOT) == "cancelled-crimes"


def test_the_old_force_still_builds_one_place_with_a_note(tiny: Path) -> None:
    result = run(tiny, "build", "--force", "northshire", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "Warning: --force is now --place; --force will be removed." in result.output
    assert "tiny: one draft written" in result.output
    clash = run(tiny, "build", "--place", "northshire", "--force", "southshire")
    assert clash.exit_code == 2
    assert "--place was given twice with different values" in clash.output


def test_list_shows_every_flag_in_words(tiny: Path) -> None:
    result = run(tiny, "list", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    places = {p["slug"]: p for p in found["places"]}
    assert list(places) == ["eastshire", "midshire", "northshire", "southshire", "westshire"]
    assert set(places["eastshire"]) == {"slug", "name", "lead", "flags"}
    assert places["eastshire"]["lead"] == {
        "kind": "worst",
        "label": "worst",
        "measure": "lost",
        "measure_label": "lost parcels",
        "score": places["eastshire"]["lead"]["score"],
    }
    assert places["eastshire"]["flags"] == {
        "illustrative": True,
        "awaiting_response": True,
        "missing_figures": [],
        "no_row": False,
    }
    assert places["midshire"]["flags"]["missing_figures"] == ["late"]
    assert places["northshire"]["flags"]["awaiting_response"] is False  # it has its quote

    text = run(tiny, "list").output.splitlines()
    row = {line.split()[0]: " ".join(line.split()) for line in text[1:]}
    assert row["eastshire"] == (
        "eastshire Eastshire Council worst: lost parcels illustrative figures, awaiting response"
    )
    assert row["midshire"].endswith("awaiting response, missing figures (late letters)")
    # its own figures are real, but its ranks rest on others' illustrative ones
    assert (
        row["northshire"]
        == "northshire Northshire Council joint worst: late letters illustrative figures"
    )
    assert "_" not in "".join(text)  # no internal code such as joint_worst


def test_release_checks_the_embargo_before_anything_else(tiny: Path) -> None:
    built = run(tiny, "build", "--embargo", "2099-01-01 09:00", "--no-progress")
    assert built.exit_code == 0, built.output
    result = run(tiny, "release")
    assert result.exit_code == 1
    # The tiny story has no packs at all, yet the embargo is what the user hears first.
    assert result.output.startswith("Error: the embargo has not lifted: EMBARGOED UNTIL 09:00")
    assert "Use --before-embargo" in result.output
    early = run(tiny, "release", "--before-embargo")
    assert "has no partner packs" in early.output


def test_release_checks_the_embargo_once(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = run(tiny, "build", "--embargo", "2099-01-01 09:00", "--no-progress")
    assert built.exit_code == 0, built.output
    calls = []
    check = generator.delivery.release.check_embargo

    def counted(*args: object, **kwargs: object) -> bool:
        calls.append(kwargs)
        return check(*args, **kwargs)

    monkeypatch.setattr(generator.delivery.release, "check_embargo", counted)
    assert "has no partner packs" in run(tiny, "release", "--before-embargo").output
    assert len(calls) == 1


def test_a_refused_release_under_json_prints_a_json_error(tiny: Path) -> None:
    built = run(tiny, "build", "--embargo", "2099-01-01 09:00", "--no-progress")
    assert built.exit_code == 0, built.output
    result = run(tiny, "release", "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error.startswith("the embargo has not lifted: EMBARGOED UNTIL 09:00")
    assert result.stderr == ""


def test_the_story_as_an_argument_still_works_with_a_note(tiny: Path) -> None:
    for args in (("build", "tiny", "--no-progress"), ("release", "tiny", "--dry-run")):
        result = run(tiny, *args)
        note = (
            "Warning: the story as an argument is now --story STORY; the argument will be removed."
        )
        assert note in result.stderr, args
    assert run(tiny, "build", "--story", "tiny", "--no-progress").stderr == ""


def test_the_same_option_reads_the_same_in_every_commands_help() -> None:
    helps = {name: CliRunner().invoke(main, [name, "-h"]).output for name in COMMANDS}
    for name, text in helps.items():
        assert "DIRECTORY" not in text and "TEXT" not in text, name
    assert "--station NAME" in helps["snippets"]
    assert "--place SLUG" in helps["snippets"] and "--place SLUG" in helps["build"]
    for name in ("diff", "release"):
        assert "--out DIR" in helps[name] and "The build folder read is DIR/<story>/" in " ".join(
            helps[name].split()
        ), name


@pytest.mark.parametrize(
    ("kind", "position", "tied", "label"),
    [
        ("worst", 1, 1, "worst"),
        ("joint_worst", 1, 3, "joint worst"),
        ("near_worst", 2, 1, "second worst"),
        ("near_worst", 3, 2, "joint third worst"),
        ("top_ten", 10, 1, "10th worst"),
        ("top_ten", 5, 2, "joint fifth worst"),
        ("best", None, 1, "best"),
        ("joint_best", None, 1, "joint best"),
        ("clean", None, 1, "clean record"),
        ("above", None, 1, "above the overall rate"),
        ("new_kind", None, 1, "new kind"),
    ],
)
def test_a_lead_is_labelled_as_its_draft_words_it(
    kind: str, position: int | None, tied: int, label: str
) -> None:
    assert lead_label(kind, position, tied) == label


def test_a_near_worst_lead_needs_its_rank() -> None:
    with pytest.raises(ValueError, match="give its position"):
        lead_label("near_worst")


def test_snippets_print_each_paragraph_on_one_line() -> None:
    long = " ".join(["A sentence of a radio cue that runs on."] * 6)
    found = ScriptSet("BBC Radio Kent", (Script("cue", 20, long),))
    assert "CUE (20 seconds)" in found.text()
    assert f"\n{long}\n" in found.text()


@pytest.mark.slow
def test_snippets_need_no_story_when_the_project_names_one(built) -> None:
    """In this project (drafts.toml names cancelled-crimes) a producer names only a station;
    text and JSON carry every warning line the station's script file opens with."""
    for station in ("bbc-radio-leicester", "bbc-radio-solent"):
        files = sorted((built.out_dir / "radio" / station).glob("*.md"))
        head = files[0].read_text(encoding="utf-8").split("# Radio scripts:", 1)[0]
        warnings = [line for line in head.splitlines() if line.strip()]
        assert any("NOT FOR PUBLICATION" in w for w in warnings), station
        assert any("NO RESPONSE FROM" in w for w in warnings), station
        text = CliRunner().invoke(main, ["--root", str(ROOT), "snippets", "--station", station])
        assert text.exit_code == 0, text.output
        assert text.output.startswith("\n\n".join(warnings) + "\n\n"), station
        payload = CliRunner().invoke(
            main, ["--root", str(ROOT), "snippets", "--station", station, "--json"]
        )
        assert json.loads(payload.output)["warnings"] == warnings, station
