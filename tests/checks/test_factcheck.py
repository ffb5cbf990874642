"""The number-level fact check: every number in a draft is traced to that draft's facts."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, STORY, read

from generator.base.errors import CheckFailed
from generator.checks.factcheck import check_numbers
from generator.checks.numbers import numbers_in
from generator.checks.trace import trace
from generator.cli import main
from generator.inputs.settings import EngineSettings
from generator.inputs.story import load_story
from generator.pipeline import BuildResult, build

ARTICLE = "templates/cancelled-crimes/article.md.j2"
# A line every force draft prints: the definition paragraph (a sentence added on the next
# line joins its paragraph).
ANCHOR = "A record is incorrectly cancelled when inspectors find that information was not there.\n"
HAMPSHIRE = "out/cancelled-crimes/hampshire/article.md"

# A draft's facts as facts.py writes them, cut down: one measure, ranked, with a pooled rate.
FACTS = {
    "embargo": "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020",
    "measures": [
        {
            "measure": "sexual",
            "figure": {"count": 9, "base": 17, "rate": "9/17", "percent": 53},
            "rank": {
                "position": 6,
                "tied": 1,
                "base": 42,
                "total": 43,
                "claim": "the sixth worst of the 42 forces with figures",
            },
            "pooled": {"count": 108, "base": 848, "percent": 13, "places": 43},
            "places_with_at_least_one": 38,
        },
        {
            "measure": "robbery",
            "figure": {"count": 6, "base": 18, "rate": "1/3", "percent": 33},
            "rank": {"position": 1, "tied": 4, "base": 43, "total": 43},
        },
    ],
    "fields": {"inspection_year": {"value": "2018"}},
    "quotes": [
        {
            "id": "force",
            "file": "quotes/force.yaml",
            "organisation": "Hampshire Constabulary",
            "speaker": "ACC Craig Dibdin",
            "role": "force lead",
            "said": "progress has been made",
            "paragraphs": ["We have trained 250 officers since 2019."],
        }
    ],
}
ENGINE = EngineSettings(source="inspection reports, 2016 to 2020", published=date(2020, 10, 23))


def said(text: str) -> list[tuple[str, object]]:
    return [(m.kind, m.value) for m in numbers_in(text)]


def untraced(text: str, facts: dict = FACTS) -> list[str]:
    return [t.mention.written for t in trace(text, facts, engine=ENGINE) if not t.ok]


# --- the finder ------------------------------------------------------------------------------


def test_finds_figures_words_and_thousands() -> None:
    text = "Across all forces, 152 of 1,090 victims and Thirty-eight of the 43 forces."
    assert said(text) == [("count", 152), ("count", 1090), ("count", 38), ("count", 43)]


def test_finds_a_proportion_in_print_style() -> None:
    assert said("Inspectors found that nine of 17 (53 per cent) sexual offences") == [
        ("count", 9),
        ("count", 17),
        ("percent", 53),
    ]


def test_finds_percentages_with_either_sign_and_in_words() -> None:
    text = "Hampshire wrongly cancelled 53% of offences. Fifty-three per cent of them."
    assert said(text) == [("percent", 53), ("percent", 53)]
    assert [m.written for m in numbers_in(text)] == ["53%", "Fifty-three per cent"]


def test_finds_ordinals_in_words_and_figures() -> None:
    text = "The sixth worst, the 12th highest and the Twelfth; the joint second worst."
    assert said(text) == [("ordinal", 6), ("ordinal", 12), ("ordinal", 12), ("ordinal", 2)]


def test_finds_spoken_proportions() -> None:
    text = "They found one in three robberies and more than half of the rapes; half of them."
    assert said(text) == [
        ("proportion", Fraction(1, 3)),
        ("more_than_half", Fraction(1, 2)),
        ("proportion", Fraction(1, 2)),
    ]


def test_none_is_zero_and_no_is_not() -> None:
    assert said("Inspectors found that none of 20 rape cases were cancelled.") == [
        ("count", 0),
        ("count", 20),
    ]
    assert said("No force in the region wrongly cancelled any.") == []


def test_finds_a_year_and_numbers_spelt_past_a_hundred() -> None:
    assert said("In its 2018 report it found one hundred and eight.") == [
        ("count", 2018),
        ("count", 108),
    ]


def test_one_is_a_number_only_where_it_counts() -> None:
    assert said("It was one of five forces where none were cancelled.") == [
        ("count", 5),
        ("count", 0),
    ]
    assert said("The transfer of cases from one force to another.") == []
    assert said("one out of 20 and one of 14 (7 per cent)") == [
        ("count", 1),
        ("count", 20),
        ("count", 1),
        ("count", 14),
        ("percent", 7),
    ]


def test_codes_and_names_with_digits_are_not_numbers() -> None:
    assert said("Place E23000030 is on the A34.") == []


def test_finds_dates_and_times() -> None:
    assert said("EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020") == [
        ("time", (0, 1)),
        ("date", (2020, 10, 23, 4)),
    ]
    assert said("Published on 23 October 2020.") == [("date", (2020, 10, 23, None))]


def test_each_number_comes_with_its_sentence() -> None:
    text = "# Headline\n\nThe rate was 53 per cent. It was the sixth worst."
    sentences = {m.written: m.sentence for m in numbers_in(text)}
    assert sentences == {
        "53 per cent": "The rate was 53 per cent.",
        "sixth": "It was the sixth worst.",
    }


# --- tracing ---------------------------------------------------------------------------------


def test_a_draft_in_house_style_is_traced_to_its_facts() -> None:
    text = (
        "At Hampshire, 53 per cent of sexual offences were cancelled, the sixth worst of the 42 "
        "forces with figures. Inspectors found that nine of 17 (53 per cent) sexual offences "
        "and six of 18 (33 per cent) robberies had been cancelled. Its robbery rate was the "
        "joint worst, level with three other forces. They found one in three robberies were "
        "cancelled, and more than half of the sexual offences. Across England and Wales, 13 per "
        "cent were cancelled, and 38 of the 43 forces cancelled at least one. In its 2018 "
        "report. Source: inspection reports, 2016 to 2020."
    )
    traced = trace(text, FACTS, engine=ENGINE)
    assert [t.mention.written for t in traced if not t.ok] == []
    assert len(traced) == 18


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("The force wrongly cancelled 47 per cent of them.", "47 per cent"),
        ("It was the seventh worst of the 42 forces with figures.", "seventh"),
        ("Inspectors checked ten more.", "ten"),
        ("They found one in four robberies were cancelled.", "one in four"),
        ("It was level with two other forces.", "two"),
        ("It was level with four other forces.", "four"),  # four tied: three others
        ("The figures come from its 2017 report.", "2017"),
    ],
)
def test_a_number_not_in_the_facts_is_not_traced(text: str, wrong: str) -> None:
    assert untraced(text) == [wrong]


def test_a_count_must_stand_beside_its_own_base() -> None:
    # 9, 18 and 6 are each in the facts; "nine of 18" is not a count and its base.
    assert untraced("Inspectors found nine of 18 robberies.") == ["nine of 18"]
    assert untraced("Inspectors found six out of 17.") == ["six out of 17"]


def test_a_percentage_must_match_its_count_and_base() -> None:
    [problem] = [t for t in trace("nine of 17 (33 per cent)", FACTS) if not t.ok]
    assert problem.mention.written == "33 per cent"
    assert "9 of 17 is 53 per cent, not 33" in problem.problem


def test_claim_strings_do_not_justify_a_number() -> None:
    facts = json.loads(json.dumps(FACTS))
    facts["measures"][0]["rank"]["position"] = 5  # the claim still says "sixth"
    assert untraced("It was the sixth worst of the 42 forces with figures.", facts) == ["sixth"]


def test_a_number_in_a_quote_is_traced_to_the_quote_and_only_there() -> None:
    quoted = "He said: “We have trained 250 officers since 2019.”"
    [first, second] = trace(quoted, FACTS, engine=ENGINE)
    assert first.ok and second.ok and first.source.startswith("quote force")
    assert untraced("The force has trained 250 officers since 2019.") == ["250", "2019"]


def test_dates_must_be_the_embargo_or_publication_date() -> None:
    assert untraced("EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020") == []
    assert untraced("Published on Friday 23 October 2020 at 00:01.") == []
    assert untraced("Published on Thursday 23 October 2020.") == ["Thursday 23 October 2020"]
    assert untraced("Published on 24 October 2020 at 09:30.") == ["24 October 2020", "09:30"]


def test_radio_headings_are_traced_to_their_script() -> None:
    facts = {
        **FACTS,
        "scripts": [{"part": "cue", "target_seconds": 20, "words": 66, "estimated_seconds": 22}],
    }
    heading = "## CUE (20 seconds): 66 words, about 22 seconds\n\nThey found one in three."
    assert [t.source for t in trace(heading, facts)][:3] == ["scripts[0] (cue 20s)"] * 3
    assert untraced("## CUE (20 seconds): 67 words, about 22 seconds", facts) == ["67"]
    # A script's length is not a fact about the force: not traced outside a heading.
    assert untraced("Inspectors checked 66 records.", facts) == ["66"]


def test_check_numbers_lists_every_untraced_number_at_once() -> None:
    text = "It was the seventh worst.\n\nInspectors found 47 per cent."
    with pytest.raises(CheckFailed) as caught:
        check_numbers(text, FACTS, HAMPSHIRE, engine=ENGINE)
    message = str(caught.value)
    assert message.startswith(f"{HAMPSHIRE}: 2 numbers not traced; nothing was written:")
    assert "'seventh' in “It was the seventh worst.”: the rank is not in this draft's" in message
    assert "'47 per cent' in “Inspectors found 47 per cent.”" in message
    assert message.endswith("fix the template or the data.")


# --- the build -------------------------------------------------------------------------------


def test_the_bundled_story_builds_with_every_number_traced(built: BuildResult) -> None:
    # The check always runs: the session's build of every draft passed it. Hampshire's
    # article, as written, traces again from its facts.json.
    text = read(built, "hampshire")
    facts = json.loads(read(built, "hampshire", "facts.json"))
    story = load_story(ROOT, STORY)
    traced = check_numbers(text, facts, HAMPSHIRE, story.settings, engine=story.engine)
    assert len(traced) > 20
    said = {(t.mention.kind, t.mention.value) for t in traced}
    assert {("percent", 53), ("count", 9), ("count", 17), ("ordinal", 6), ("count", 42)} <= said


def _break(project: Path, sentence: str) -> None:
    template = project / ARTICLE
    text = template.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    template.write_text(text.replace(ANCHOR, ANCHOR + sentence + "\n"), "utf-8")


@pytest.mark.slow
def test_a_template_printing_a_wrong_number_fails_the_build(project: Path) -> None:
    _break(project, "Inspectors checked {{ (m.figure.count + 1) | words }} more.")
    with pytest.raises(CheckFailed) as caught:
        build(project, STORY, only="hampshire")
    message = str(caught.value)
    assert HAMPSHIRE in message
    assert "'ten' in “Inspectors checked ten more.”" in message
    assert not (project / "out").exists()


@pytest.mark.slow
def test_a_wrong_percentage_typed_into_a_template_is_caught(project: Path) -> None:
    _break(project, "Inspectors said 47 per cent of the records were wrong.")
    with pytest.raises(CheckFailed, match=r"'47 per cent' in “Inspectors said 47 per cent"):
        build(project, STORY, only="hampshire")


@pytest.mark.slow
def test_a_quoted_number_passes_and_the_same_number_in_template_text_fails(
    project: Path,
) -> None:
    quote = project / "quotes/cancelled-crimes/hampshire-constabulary.yaml"
    text = quote.read_text(encoding="utf-8")
    last = '  - "In general, we do not contest'
    quote.write_text(text.replace(last, '  - "We have trained 250 officers."\n' + last), "utf-8")
    build(project, STORY, only="hampshire")
    assert "“We have trained 250 officers." in (project / HAMPSHIRE).read_text(encoding="utf-8")
    _break(project, "The force has trained 250 officers.")
    with pytest.raises(CheckFailed, match=r"'250' in “The force has trained 250 officers.”"):
        build(project, STORY, only="hampshire")


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_the_cli_refuses_a_wrong_number_and_keeps_the_previous_build(project: Path) -> None:
    args = ["--root", str(project), "build", "--story", "cancelled-crimes"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = _digest(project / "out")
    _break(project, "Inspectors checked {{ (m.figure.count + 1) | words }} more.")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: out/cancelled-crimes/")
    assert "not traced; nothing was written" in result.output
    assert "Traceback" not in result.output
    assert _digest(project / "out") == before


def test_a_place_name_with_a_number_word_is_a_name_in_capitals_too() -> None:
    # "Three Rivers" is a council; the no-response banner prints its name in capitals.
    banner = "EDITOR: NO RESPONSE FROM THREE RIVERS YET – CHECK BEFORE PUBLICATION"
    assert [t for t in trace(banner, FACTS, names=["Three Rivers"]) if not t.ok] == []
    assert untraced("Three forces were checked.") == ["Three"]
