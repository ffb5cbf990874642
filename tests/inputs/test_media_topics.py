"""``engine.subjects``, ``usage_terms`` and ``copyright_holder`` (generator/inputs/settings.py):
the story's IPTC Media Topics are checked as qcodes with names, and the rights are text."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_settings import SHOWN, error_of, with_yaml

from generator.inputs.settings import MediaTopic
from generator.inputs.story import load_story


def test_media_topics_are_read_with_their_address(tiny: Path) -> None:
    with_yaml(
        tiny,
        "engine:\n  subjects:\n    - {code: 'medtop:20000129', name: law enforcement}\n"
        "  copyright_holder: A Unit\n  usage_terms: Credit the unit\n",
    )
    engine = load_story(tiny, "tiny").engine
    assert engine.subjects == (MediaTopic("medtop:20000129", "law enforcement"),)
    assert engine.subjects[0].uri == "http://cv.iptc.org/newscodes/mediatopic/20000129"
    assert (engine.copyright_holder, engine.usage_terms) == ("A Unit", "Credit the unit")


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ("{code: '20000129', name: law enforcement}", "is not a Media Topic code"),
        ("{code: 'medtop:2000012', name: law enforcement}", "is not a Media Topic code"),
        ("{code: 'subj:02000000', name: crime}", "is not a Media Topic code"),
        ("{code: 'medtop:20000129', name: ''}", "give medtop:20000129 its name"),
        ("{code: 'medtop:20000129'}", "Write a list of IPTC Media Topics"),
        ("law enforcement", "Write a list of IPTC Media Topics"),
    ],
)
def test_a_bad_media_topic_says_what_to_write(tiny: Path, entry: str, says: str) -> None:
    with_yaml(tiny, f"engine:\n  subjects:\n    - {entry}\n")
    message = error_of(tiny)
    assert message.startswith(f"{SHOWN}, column 'engine.subjects': ")
    assert "is not a valid subjects" in message and says in message


def test_a_bad_media_topic_is_named_by_its_place_in_the_list(tiny: Path) -> None:
    with_yaml(
        tiny,
        "engine:\n  subjects:\n    - {code: 'medtop:20000129', name: law enforcement}\n"
        "    - {code: 'medtop:2000012', name: crime}\n",
    )
    message = error_of(tiny)
    assert "Entry 2 ({code: medtop:2000012, name: crime}): 'medtop:2000012' is not a" in message
