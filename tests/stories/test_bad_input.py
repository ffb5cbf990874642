"""Bad quotes files and manifests: one clear message each, exit 1, no traceback."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import read, run


def test_quote_for_an_unknown_force_suggests_the_closest(project: Path) -> None:
    path = project / "quotes/cancelled-crimes/hampshire-constabulary.yaml"
    path.write_text(path.read_text().replace("places: [hampshire]", "places: [Hampshir]"))
    result = run(project, "build")
    assert result.exit_code == 1
    assert result.output == (
        "Error: quotes/cancelled-crimes/hampshire-constabulary.yaml, column 'places': "
        "'Hampshir': no such place. Closest: Hampshire Constabulary\n"
    )


def test_invalid_quote_yaml_names_the_line(project: Path) -> None:
    path = project / "quotes/cancelled-crimes/home-office.yaml"
    path.write_text("organisation: Home Office\nsaid: [unclosed\n")
    result = run(project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("Error: quotes/cancelled-crimes/home-office.yaml, row ")
    assert "is not valid YAML" in result.output and "Traceback" not in result.output


def test_quote_with_unknown_field_and_no_organisation(project: Path) -> None:
    path = project / "quotes/cancelled-crimes/rape-crisis.yaml"
    path.write_text(path.read_text().replace("organisation: Rape Crisis", "speeker: X"))
    result = run(project, "build")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Error: 2 problems found; nothing was written:"
    assert "column 'speeker': unknown field" in lines[1]
    assert "column 'organisation': the organisation is missing" in lines[2]


def test_manifest_with_an_unknown_setting(project: Path) -> None:
    path = project / "templates/cancelled-crimes/story.yaml"
    path.write_text(path.read_text().replace("outlets: data/outlets.yaml", "outlet: x"))
    result = run(project, "build")
    assert result.exit_code == 1
    assert (
        "templates/cancelled-crimes/story.yaml, column 'outlet': unknown setting" in result.output
    )


def test_unknown_story_lists_the_stories(project: Path) -> None:
    result = run(project, "build", "--story", "cancelled-crime")
    assert result.exit_code == 1
    assert "no such story. Stories here: cancelled-crimes" in result.output


def test_a_shared_first_place_is_written_joint(built) -> None:
    text = read(built, "cleveland")
    paragraphs = text.split("\n\n")
    headline = next(i for i, p in enumerate(paragraphs) if p.startswith("# "))
    assert paragraphs[headline] == "# Cleveland police wrongly cancelled 33% of robberies checked"
    # The lede says joint, the next paragraph names the three forces it shares first place
    # with, then the comparison and, after it, the chance caveat for that comparison.
    assert paragraphs[headline + 1 : headline + 4] == [
        "Four of 12 (33 per cent) robberies that inspectors checked at Cleveland Police, which "
        "covers Hartlepool, Middlesbrough, Redcar and Cleveland, and Stockton-on-Tees, were "
        "incorrectly cancelled, the joint worst in England and Wales.",
        "Derbyshire, Hampshire and Leicestershire had the same rate.",
        "That compares with 13 per cent across England and Wales, analysis by the BBC Shared "
        "Data Unit shows.\nWith samples of this size, the gap to the England and Wales rate may "
        "be down to chance.",
    ]
    assert "- Short headline: Cleveland ranks joint worst on robberies" in text
    # A shared first place is never an unshared superlative, anywhere in the draft.
    assert not re.search(r"(?<!joint )worst in England and Wales", text)
    assert not re.search(r"(?<!joint )worst on robberies", text)
