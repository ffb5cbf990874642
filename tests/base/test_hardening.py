"""Cases a red-team review of the safe-inputs work found, each now a clear error or harmless."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run, tree_digest

from generator.delivery.outdir import BUILD_MARKER, recover

QUOTE = "quotes/tiny/northshire.yaml"


def _set_quote(tiny: Path, paragraph: str) -> None:
    path = tiny / QUOTE
    text = path.read_text(encoding="utf-8")
    old = "We are <b>sorry</b> & we'll do better — “promise”."
    path.write_text(text.replace(old, paragraph), encoding="utf-8")


def test_a_control_character_in_a_quote_is_named(tiny: Path) -> None:
    _set_quote(tiny, "We are sorry\\a.")  # YAML's escape for the bell character
    result = run(tiny, "build", "--story", "tiny")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{QUOTE}, column 'paragraphs': has a character that cannot be written" in (
        result.output
    )
    assert not (tiny / "out" / "tiny").exists()


def test_a_control_character_in_the_data_stops_the_word_draft_with_a_message(
    tiny: Path,
) -> None:
    """Data text reaches Word too; python-docx refuses the character, and the build says
    which draft and what to look for, with the last build kept."""
    manifest = tiny / "templates/tiny/story.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("formats: [md, txt, html]", "formats: [md, docx]"))
    places = tiny / "data/places.csv"
    name = places.read_text(encoding="utf-8")
    places.write_text(name.replace("Northshire Council,", "Northshire\x07 Council,"))
    result = run(tiny, "build", "--story", "tiny")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "out/tiny/northshire/draft.docx: cannot be written" in result.output
    assert "control character" in result.output


@pytest.mark.slow
def test_markdown_that_would_take_minutes_to_convert_stops_at_the_render_limit(
    tiny: Path,
) -> None:
    # A quotes file's paragraphs are bounded (40 of 3,000 characters each), but a template
    # may print them all in one Markdown paragraph: 20 paragraphs of 3,000 asterisks, joined,
    # are the 60,000 asterisks whose conversion would take minutes.
    path = tiny / QUOTE
    text = path.read_text(encoding="utf-8")
    line = '  - "We are <b>sorry</b> & we\'ll do better — “promise”."\n'
    assert line in text
    path.write_text(text.replace(line, f'  - "{"*" * 3000}"\n' * 20), encoding="utf-8")
    template = tiny / "templates/tiny/draft.md.j2"
    source = template.read_text(encoding="utf-8")
    assert "{{ q.paragraphs | first }}" in source
    template.write_text(
        source.replace("{{ q.paragraphs | first }}", '{{ q.paragraphs | join("") }}'),
        encoding="utf-8",
    )
    manifest = tiny / "templates/tiny/story.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "limits:\n  render_seconds: 1\n", encoding="utf-8"
    )
    result = run(tiny, "build", "--story", "tiny")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "took longer than the limit of 1 second (render_seconds) to write" in result.output


def test_show_reads_the_snapshot_so_a_linked_template_is_refused(tiny: Path) -> None:
    (tiny / "templates/tiny/host.j2").symlink_to("/etc/hostname")
    template = tiny / "templates/tiny/draft.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + '{% include "host.j2" %}\n', encoding="utf-8"
    )
    hostname = Path("/etc/hostname").read_text().strip()
    for args in (("show", "northshire"), ("list",), ("build", "--story", "tiny")):
        result = run(tiny, *args)
        assert result.exit_code == 1, args
        assert "templates/tiny/host.j2: is a link to /etc/hostname, outside the project" in (
            result.output
        )
        assert not hostname or hostname not in result.output.replace("/etc/hostname", "")


def test_snippets_for_a_story_without_radio_is_a_clear_error(tiny: Path) -> None:
    result = run(tiny, "snippets", "--place", "northshire")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "the story has no output with scope place-radio" in result.output


def test_a_root_with_no_stories_is_an_error_not_silence(tmp_path: Path) -> None:
    result = run(tmp_path / "nowhere", "build")
    assert result.exit_code == 2
    assert "no stories under" in result.output


def test_recovery_removes_only_what_a_build_left(tmp_path: Path) -> None:
    target = tmp_path / "out" / "tiny"
    staged = tmp_path / "out" / ".tiny.build-abc"
    staged.mkdir(parents=True)
    (staged / BUILD_MARKER).touch()
    (staged / "draft.md").write_text("half written")
    empty = tmp_path / "out" / ".tiny.build-empty"
    empty.mkdir()
    theirs = tmp_path / "out" / ".tiny.build-important"
    theirs.mkdir()
    (theirs / "file").write_text("keep me")
    before = tree_digest(theirs)
    recover(target)
    assert not staged.exists() and not empty.exists()
    assert tree_digest(theirs) == before
    assert os.listdir(theirs) == ["file"]


def test_a_control_character_in_a_data_cell_is_named(tiny: Path) -> None:
    figures = tiny / "data/tiny/figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("North Shire,", "North\x1b Shire,"), encoding="utf-8")
    result = run(tiny, "build", "--story", "tiny")
    assert result.exit_code == 1
    assert result.output == (
        "Error: data/tiny/figures.csv, row 2, column 'area': 'North\\x1b Shire': has an "
        "invisible control character. Retype the cell; a character copied from another system "
        "is hidden in it\n"
    )
    assert not (tiny / "out").exists()
