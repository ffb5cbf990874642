"""Incremental builds (generator.delivery.cache, generator.delivery.reuse): a build with nothing
changed leaves the last one as it is, a changed quote remakes only the drafts that carry it, and
what is kept is byte for byte what a fresh build makes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run, tree_digest

from generator.delivery import cache
from generator.delivery.cache import state_path
from generator.drafts.digest import digest
from generator.drafts.freeze import freeze_vars
from generator.pipeline import build

QUOTE = "quotes/tiny/northshire.yaml"


def _outputs(project: Path) -> dict[str, str]:
    """Every file of the build but its manifest (whose ``run`` entry says when it ran)."""
    found = tree_digest(project / "out" / "tiny")
    found.pop("manifest.json")
    return found


def test_a_build_with_nothing_changed_leaves_the_last_build_as_it_is(tiny: Path) -> None:
    first = build(tiny, "tiny")
    manifest = (tiny / "out/tiny/manifest.json").read_bytes()
    files = tree_digest(tiny / "out/tiny")
    again = build(tiny, "tiny")
    assert again.unchanged and not first.unchanged
    assert [d.folder for d in again.drafts] == [d.folder for d in first.drafts]
    assert (tiny / "out/tiny/manifest.json").read_bytes() == manifest
    assert tree_digest(tiny / "out/tiny") == files
    assert "nothing has changed since the last build" in again.summary()


def test_the_command_says_nothing_changed_and_keeps_the_manifest(tiny: Path) -> None:
    assert run(tiny, "build", "--story", "tiny").exit_code == 0
    manifest = (tiny / "out/tiny/manifest.json").read_bytes()
    written = (tiny / "out/tiny/manifest.json").stat().st_ino
    result = run(tiny, "build", "--story", "tiny")
    assert result.exit_code == 0, result.output
    assert "nothing has changed since the last build" in result.output
    assert (tiny / "out/tiny/manifest.json").read_bytes() == manifest
    assert (tiny / "out/tiny/manifest.json").stat().st_ino == written  # not written again
    fresh = run(tiny, "build", "--story", "tiny", "--fresh")
    assert fresh.exit_code == 0, fresh.output
    assert "nothing has changed" not in fresh.output
    # a new build was swapped in (its run entry may match the last to the millisecond)
    assert (tiny / "out/tiny/manifest.json").stat().st_ino != written


def test_a_new_quote_remakes_only_the_drafts_that_carry_it(tiny: Path, tmp_path: Path) -> None:
    build(tiny, "tiny")
    quote = tiny / QUOTE
    quote.write_text(quote.read_text().replace("we'll do better", "we will do better"))
    result = build(tiny, "tiny")
    remade = sorted(d.folder for d in result.drafts if not d.reused)
    assert remade == ["northshire"]
    assert "we will do better" in (tiny / "out/tiny/northshire/draft.md").read_text()
    assert "4 unchanged, kept from the last build" in result.summary()
    # What was kept is what a fresh build of the same inputs makes, byte for byte.
    kept = _outputs(tiny)
    build(tiny, "tiny", fresh=True)
    assert _outputs(tiny) == kept


@pytest.mark.parametrize(
    "change",
    [
        "templates/tiny/draft.md.j2",  # a template: every draft
        "data/tiny/figures.csv",  # the data: every draft (ranks read every row)
    ],
)
def test_a_change_to_what_every_draft_reads_remakes_every_draft(tiny: Path, change: str) -> None:
    build(tiny, "tiny")
    path = tiny / change
    path.write_text(path.read_text() + "\n")
    result = build(tiny, "tiny")
    assert not result.unchanged
    assert not any(d.reused for d in result.drafts)


def test_a_file_added_to_the_quotes_folder_is_a_change(tiny: Path) -> None:
    build(tiny, "tiny")
    (tiny / "quotes/tiny/extra.yaml").write_text((tiny / QUOTE).read_text())
    assert not build(tiny, "tiny").unchanged


def test_a_kept_file_changed_by_hand_is_made_again_not_carried(tiny: Path) -> None:
    build(tiny, "tiny")
    fresh = (tiny / "out/tiny/westshire/draft.md").read_bytes()
    quote = tiny / QUOTE
    quote.write_text(quote.read_text().replace("we'll do better", "we will do better"))
    (tiny / "out/tiny/westshire/draft.md").write_text("tampered")
    result = build(tiny, "tiny")
    westshire = next(d for d in result.drafts if d.folder == "westshire")
    assert not westshire.reused
    assert (tiny / "out/tiny/westshire/draft.md").read_bytes() == fresh


def test_a_changed_engine_or_option_remakes_everything(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tiny, "tiny")
    result = build(tiny, "tiny", embargo="2030-01-01 00:01")
    assert not result.unchanged and not any(d.reused for d in result.drafts)
    monkeypatch.setattr(cache, "engine_fingerprint", lambda: "another engine")
    result = build(tiny, "tiny", embargo="2030-01-01 00:01")
    assert not result.unchanged and not any(d.reused for d in result.drafts)


def test_a_partial_build_forgets_the_state(tiny: Path) -> None:
    build(tiny, "tiny")
    assert state_path(tiny / "out/tiny").is_file()
    build(tiny, "tiny", only="northshire")
    assert not state_path(tiny / "out/tiny").exists()
    assert not build(tiny, "tiny").unchanged


def test_a_damaged_state_file_means_a_full_build(tiny: Path) -> None:
    build(tiny, "tiny")
    state_path(tiny / "out/tiny").write_text("{not json")
    result = build(tiny, "tiny")
    assert not result.unchanged and not any(d.reused for d in result.drafts)
    assert json.loads(state_path(tiny / "out/tiny").read_text())["drafts"]


def test_show_prints_the_built_draft_until_a_template_changes(tiny: Path) -> None:
    assert run(tiny, "build", "--story", "tiny").exit_code == 0
    built = (tiny / "out/tiny/northshire/draft.md").read_text()
    shown = run(tiny, "show", "northshire", "--story", "tiny")
    assert shown.exit_code == 0 and shown.output == built
    template = tiny / "templates/tiny/draft.md.j2"
    template.write_text(template.read_text() + "\nA line added after the build.\n")
    shown = run(tiny, "show", "northshire", "--story", "tiny")
    assert shown.exit_code == 0
    assert "A line added after the build." in shown.output


def test_show_renders_afresh_when_the_built_file_was_changed_by_hand(tiny: Path) -> None:
    assert run(tiny, "build", "--story", "tiny").exit_code == 0
    built = (tiny / "out/tiny/northshire/draft.md").read_text()
    (tiny / "out/tiny/northshire/draft.md").write_text("tampered\n")
    assert run(tiny, "show", "northshire", "--story", "tiny").output == built


def test_digest_is_the_same_in_any_process_and_sees_every_change() -> None:
    data = {"place": {"name": "Northshire", "tags": frozenset({"a", "b", "c"})}, "n": 1}
    here = digest(freeze_vars(data))
    code = (
        "from generator.drafts.digest import digest;"
        "from generator.drafts.freeze import freeze_vars;"
        "print(digest(freeze_vars({'place': {'name': 'Northshire', "
        "'tags': frozenset({'a', 'b', 'c'})}, 'n': 1})))"
    )
    for seed in ("1", "2"):
        other = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
        assert other.stdout.strip() == here
    assert digest(freeze_vars({**data, "n": 1.0})) != here  # 1 and 1.0 print differently
    assert digest(freeze_vars({**data, "n": 2})) != here
    changed = {"place": {"name": "Northshire", "tags": frozenset({"a", "b"})}, "n": 1}
    assert digest(freeze_vars(changed)) != here


def test_digest_refuses_what_is_not_plain_data() -> None:
    with pytest.raises(TypeError):
        digest(object())


def test_a_drafts_digest_does_not_depend_on_the_order_drafts_are_made(tiny: Path) -> None:
    """Views and digests are kept across drafts: a draft's digest must be the same whichever
    drafts were fingerprinted before it (as with --jobs, or on a cluster)."""
    from generator.drafts.jobs import job_key
    from generator.drafts.prepared import prepare
    from generator.pipeline import job_for, tasks_for

    first = prepare(tiny, "tiny")
    forward = [job_key("build", job_for(first, task)) for task in tasks_for(first)]
    second = prepare(tiny, "tiny")
    backward = [job_key("build", job_for(second, task)) for task in tasks_for(second)[::-1]]
    assert forward == backward[::-1]
    assert len(set(forward)) == len(forward)


def test_an_unchanged_build_still_clears_what_a_killed_build_left(tiny: Path) -> None:
    assert run(tiny, "build", "--story", "tiny").exit_code == 0
    manifest = (tiny / "out/tiny/manifest.json").read_bytes()
    left = tiny / "out/.tiny.build-killed"
    left.mkdir()
    (left / ".drafts-build").write_text("")
    (left / "half-written.md").write_text("half")
    result = run(tiny, "build", "--story", "tiny")
    assert result.exit_code == 0, result.output
    assert "nothing has changed since the last build" in result.output
    assert not left.exists()
    assert (tiny / "out/tiny/manifest.json").read_bytes() == manifest
