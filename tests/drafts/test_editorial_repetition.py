"""An editor's read of the drafts: a caveat said once, not in consecutive sentences or
word for word through a round-up; a round-up's headline on a finding chance cannot explain
where there is one; a speaker's title at first mention in radio too."""

from __future__ import annotations

import json
import re
from itertools import pairwise

from conftest import read

from generator.pipeline import BuildResult

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_SMALL = re.compile(r"small sample|samples? (?:was|were) small|samples this small")
CHANCE = (
    "a gap chance alone could explain",
    "chance could explain the gap",
    "the samples are small enough for that to be chance",
)


def test_no_round_up_repeats_a_chance_caveat_word_for_word(built: BuildResult) -> None:
    roundups = sorted(built.out_dir.glob("partners/*/roundup.md"))
    assert roundups
    for path in roundups:
        text = path.read_text(encoding="utf-8")
        for phrase in CHANCE:
            assert text.count(phrase) <= 1, (path.parent.name, phrase)


def test_a_round_up_headline_leads_on_a_finding_beyond_chance(built: BuildResult) -> None:
    """Yorkshire's total for victims not told (19 per cent) is within chance of the national
    rate; North Yorkshire's own 40 per cent is beyond it, so the headline is North Yorkshire's."""
    text = read(built, "partners/yorkshire-post", "roundup.md")
    headline = next(line for line in text.splitlines() if line.startswith("# "))
    assert "19%" not in headline
    assert "North Yorkshire" in headline


def test_no_script_says_the_small_sample_caveat_twice_running(built: BuildResult) -> None:
    for path in sorted(built.out_dir.glob("**/radio*.json")):
        for script in json.loads(path.read_text(encoding="utf-8"))["scripts"]:
            said = _SENTENCE.split(script["text"])
            for one, two in pairwise(said):
                assert not (_SMALL.search(one) and _SMALL.search(two)), (path.parent.name, one, two)


def test_hampshire_radio_gives_the_speakers_title_at_first_mention(built: BuildResult) -> None:
    payload = json.loads(read(built, "hampshire", "radio.json"))
    cue = payload["scripts"][0]["text"]
    assert "Assistant Chief Constable Craig Dibdin says" in cue
