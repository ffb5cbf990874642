"""The manifest's ``engine:`` section (generator/inputs/settings.py): typed, checked, separate
from the free ``settings:`` text templates read."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from conftest import ROOT, run

from generator.base.errors import InputError, ProblemList, ValidationFailed
from generator.inputs.settings import ENGINE_KEYS, EngineSettings, read_engine
from generator.inputs.story import load_story

SHOWN = "templates/tiny/story.yaml"


def with_yaml(tiny: Path, text: str) -> Path:
    manifest = tiny / "templates/tiny/story.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + text, encoding="utf-8")
    return tiny


def error_of(tiny: Path) -> str:
    with pytest.raises((InputError, ValidationFailed)) as caught:
        load_story(tiny, "tiny")
    return str(caught.value)


def test_defaults_when_the_manifest_has_no_engine_section(tiny: Path) -> None:
    story = load_story(tiny, "tiny")
    assert story.engine == EngineSettings()
    assert story.engine.language == "en-GB" and story.engine.version == 1
    assert story.engine.credit == story.engine.source == ""
    assert story.engine.published is None and story.engine.embargo is None
    assert story.engine.radio_avoid == story.engine.standing_text == ()
    assert story.settings == {}


def test_every_engine_setting_has_a_default_and_a_doc() -> None:
    lines = (ROOT / "generator/inputs/settings.py").read_text(encoding="utf-8").splitlines()
    for field in dataclasses.fields(EngineSettings):
        assert field.default is not dataclasses.MISSING, field.name
        at = next(i for i, line in enumerate(lines) if line.startswith(f"    {field.name}: "))
        assert lines[at + 1].strip().startswith('"""'), f"{field.name} has no one-line doc"
    assert tuple(f.name for f in dataclasses.fields(EngineSettings)) == ENGINE_KEYS


def test_the_bundled_stories_load_their_engine_settings() -> None:
    crimes = load_story(ROOT, "cancelled-crimes").engine
    assert crimes.published == datetime.date(2020, 10, 23)
    assert crimes.radio_avoid == ("HMICFRS", "ACC", "CCTV")
    assert crimes.standing_text == ("often fewer than 20 in a category",)
    assert crimes.source.startswith("HMICFRS crime data integrity")
    misconduct = load_story(ROOT, "police-misconduct")
    assert misconduct.engine.radio_avoid == ("IOPC",)
    assert misconduct.engine.credit == "analysis by the BBC Shared Data Unit"
    # Templates read the engine values written in the manifest under story.settings too.
    assert misconduct.settings["source"] == misconduct.engine.source
    assert misconduct.settings["watchdog_short"] == "IOPC"
    assert "language" not in misconduct.settings  # only what the manifest writes


def test_an_unknown_engine_key_names_the_closest(tiny: Path) -> None:
    with_yaml(tiny, "engine:\n  radio_aviod: [HMICFRS]\n")
    assert error_of(tiny) == (
        f"{SHOWN}, column 'engine.radio_aviod': unknown engine setting. Did you mean "
        "radio_avoid? The engine reads: credit, source, published, embargo, version, "
        "language, radio_avoid, standing_text, subjects, usage_terms, copyright_holder"
    )


def test_an_unknown_engine_key_far_from_any_lists_them_all() -> None:
    problems = ProblemList("story.yaml")
    read_engine({"colour": "blue"}, problems)
    (problem,) = problems.problems
    assert problem.column == "engine.colour"
    assert problem.hint == f"The engine reads: {', '.join(ENGINE_KEYS)}"


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "radio_avoid: HMICFRS",
            "column 'engine.radio_avoid': 'HMICFRS': is not a valid radio_avoid. Write a list "
            "of text, such as [HMICFRS, CCTV]",
        ),
        (
            "version: one",
            "column 'engine.version': 'one': is not a valid version. Write a whole number, "
            "1 or more",
        ),
        (
            "published: 23/10/2020",
            "column 'engine.published': '23/10/2020': is not a valid published. Write the day "
            "as 2020-10-23",
        ),
        (
            "source: 2020",
            "column 'engine.source': '2020': is not a valid source. Write it as text, in quotes "
            "if it looks like a number or a date",
        ),
        (
            "embargo: 2020-10-23",
            "column 'engine.embargo': '2020-10-23': is not a valid embargo. Write it in quotes "
            'as "2020-10-23 00:01" (UK time)',
        ),
        (
            "language: ''",
            "column 'engine.language': '': is not a valid language. Write a language tag such "
            "as en-GB or cy",
        ),
    ],
)
def test_a_wrong_type_names_the_file_key_and_what_to_write(
    tiny: Path, yaml: str, expected: str
) -> None:
    with_yaml(tiny, f"engine:\n  {yaml}\n")
    assert error_of(tiny) == f"{SHOWN}, {expected}"


def test_every_problem_is_reported_at_once(tiny: Path) -> None:
    with_yaml(tiny, "engine:\n  version: 0\n  radio_aviod: []\n  standing_text: [1]\n")
    message = error_of(tiny)
    assert message.startswith("3 problems found")
    for column in ("engine.version", "engine.radio_aviod", "engine.standing_text"):
        assert f"column '{column}'" in message


def test_an_engine_key_under_settings_is_an_error_saying_where_it_belongs(tiny: Path) -> None:
    with_yaml(tiny, "settings:\n  radio_avoid: [HMICFRS]\n  watchdog: the IOPC\n")
    assert error_of(tiny) == (
        f"{SHOWN}, column 'settings.radio_avoid': is read by the engine, so it belongs under "
        "engine:. Move it under engine: (templates still read it as story.settings.radio_avoid)"
    )


def test_a_settings_key_close_to_an_engine_key_is_an_error(tiny: Path) -> None:
    with_yaml(tiny, "settings:\n  radio_aviod: [HMICFRS]\n")
    assert "column 'settings.radio_aviod': is close to the engine setting radio_avoid" in (
        error_of(tiny)
    )


def test_free_text_for_templates_is_never_read_as_an_engine_key(tiny: Path) -> None:
    with_yaml(tiny, "settings:\n  watchdog: the IOPC\n  period: 2018 to 2022\n")
    story = load_story(tiny, "tiny")
    assert story.engine == EngineSettings()
    assert story.settings == {"watchdog": "the IOPC", "period": "2018 to 2022"}


def test_an_empty_embargo_is_kept_as_empty_for_the_build_to_refuse(tiny: Path) -> None:
    with_yaml(tiny, "engine:\n  embargo:\n")
    assert load_story(tiny, "tiny").engine.embargo == ""


def test_the_cli_prints_one_line_for_a_misspelt_engine_key(tiny: Path) -> None:
    with_yaml(tiny, "engine:\n  langauge: cy\n")
    result = run(tiny, "build", "--story", "tiny")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(
        f"Error: {SHOWN}, column 'engine.langauge': unknown engine setting. Did you mean language?"
    )
