"""The fact check reads every way of writing a number: "47pc", "a third", "twice", "a dozen",
full-width and other scripts' digits, "½" and "²" (issue 12, item 9)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import STORY

from generator.base.errors import CheckFailed
from generator.checks.factcheck import check_numbers
from generator.checks.numbers import numbers_in
from generator.checks.trace import trace
from generator.inputs.settings import EngineSettings
from generator.pipeline import build

ARTICLE = "templates/cancelled-crimes/article.md.j2"
# A line every force draft prints: the definition paragraph (a sentence added on the next
# line joins its paragraph).
ANCHOR = "A record is incorrectly cancelled when inspectors find that information was not there.\n"
WHERE = "out/cancelled-crimes/kent/article.md"

# Rates in these facts: 53, 33 (exactly a third), 30 (twice the pooled 15), 75 and 50 per
# cent, and a field worth 47.5 per cent. Not in them: 47, 25, 20, 10 or 60 per cent, a count
# of 24, two rates three or four times apart.
FACTS = {
    "measures": [
        {"measure": "sexual", "figure": {"count": 9, "base": 17, "percent": 53}},
        {"measure": "robbery", "figure": {"count": 6, "base": 18, "percent": 33}},
        {
            "measure": "burglary",
            "figure": {"count": 12, "base": 40, "percent": 30},
            "pooled": {"count": 150, "base": 1000, "percent": 15},
        },
        {"measure": "fraud", "figure": {"count": 12, "base": 16, "percent": 75}},
        {"measure": "theft", "figure": {"count": 10, "base": 20, "percent": 50}},
    ],
    "fields": {"share": {"value": "47.5%"}},
}
ENGINE = EngineSettings(source="inspection reports, 2016 to 2020")


def said(text: str) -> list[tuple[str, object]]:
    return [(m.kind, m.value) for m in numbers_in(text)]


def untraced(text: str, facts: dict = FACTS, engine: EngineSettings = ENGINE) -> list[str]:
    return [t.mention.written for t in trace(text, facts, engine=engine) if not t.ok]


def refused(text: str, facts: dict = FACTS) -> str:
    """The check's message for ``text``, which must fail."""
    with pytest.raises(CheckFailed) as caught:
        check_numbers(text, facts, WHERE, engine=ENGINE)
    return str(caught.value)


# Each form: a sentence with a true value, the same with an invented one and what is shown.
FORMS = [
    ("Kent cancelled 53pc of them.", "Kent cancelled 47pc of them.", "47pc"),
    ("Kent cancelled 53 pc of them.", "Kent cancelled 47 pc of them.", "47 pc"),
    ("Kent cancelled 53 percent.", "Kent cancelled 47 percent.", "47 percent"),
    ("Kent cancelled 53 per cent.", "Kent cancelled 47 per cent.", "47 per cent"),
    ("Kent cancelled 53%.", "Kent cancelled 47%.", "47%"),
    ("Kent cancelled 47.5pc of them.", "Kent cancelled 47.4pc of them.", "47.4pc"),
    ("Half of thefts were cancelled.", "Half of robberies were cancelled.", "Half"),
    ("A third of robberies were cancelled.", "A fifth of robberies were cancelled.", "A fifth"),
    ("Three quarters of frauds.", "A quarter of frauds.", "A quarter"),
    ("Three-quarters of frauds.", "Two-thirds of frauds.", "Two-thirds"),
    ("Robbery fell by a third.", "Robbery fell by a tenth.", "a tenth"),
    ("Three in ten burglaries.", "Three in five burglaries.", "Three in five"),
    ("One in three robberies.", "One in four robberies.", "One in four"),
    (
        "Its burglary rate was twice the national rate.",
        "Its burglary rate was three times the national rate.",
        "three times",
    ),
    (
        "Its burglary rate was double the national rate.",
        "Its burglary rate was treble the national rate.",
        "treble",
    ),
    (
        "Its burglary rate was 2 times as high as the national rate.",
        "Its burglary rate was 4.5 times as high as the national rate.",
        "4.5 times",
    ),
    (
        "Inspectors found a dozen burglaries.",
        "Inspectors found two dozen burglaries.",
        "two dozen",
    ),
    ("Kent cancelled ５３ per cent.", "Kent cancelled ４７ per cent.", "４７ per cent"),
    ("Kent cancelled ５３％.", "Kent cancelled ４７ｐｃ.", "４７ｐｃ"),
    ("Kent cancelled ٥٣ per cent.", "Kent cancelled ٤٧ per cent.", "٤٧ per cent"),
    ("Kent cancelled ५३ per cent.", "Kent cancelled ४७ per cent.", "४७ per cent"),
    ("Inspectors found ١٢ burglaries.", "Inspectors found ２４ burglaries.", "２４"),
    ("Kent cancelled ¾ of frauds.", "Kent cancelled ⅕ of frauds.", "⅕"),
    ("Kent cancelled ½ of thefts.", "Kent cancelled ⅔ of thefts.", "⅔"),
]


@pytest.mark.parametrize(("true", "invented", "shown"), FORMS)
def test_a_true_value_passes_and_an_invented_one_fails(
    true: str, invented: str, shown: str
) -> None:
    assert check_numbers(true, FACTS, WHERE, engine=ENGINE)
    # Without the theft figure (half) the draft has no rate of 50 per cent.
    facts = {**FACTS, "measures": FACTS["measures"][:4]} if shown == "Half" else FACTS
    message = refused(invented, facts)
    assert f"{shown!r} in “{invented}”" in message
    assert message.startswith(f"{WHERE}: 1 number not traced; nothing was written:")


def test_other_scripts_read_exactly_as_ascii_digits() -> None:
    for digits in ("53", "５３", "٥٣", "५३", "۵۳", "𝟓𝟑", "৫৩"):
        assert said(f"Kent cancelled {digits} per cent in ２０１８.") == [
            ("percent", 53),
            ("count", 2018),
        ]


def test_the_mention_keeps_the_text_as_written() -> None:
    [m] = numbers_in("Kent cancelled ４７ｐｃ of them.")
    assert (m.kind, m.value, m.written) == ("percent", 47, "４７ｐｃ")


def test_numeric_characters_that_are_not_digits_must_be_traced() -> None:
    assert said("Rate² and ① and Ⅻ, 7½ per cent.") == [
        ("count", 2),
        ("count", 1),
        ("count", 12),
        ("percent", Fraction(15, 2)),
    ]
    assert untraced("A rate of 53² per cent.") == ["²"]
    assert untraced("It was rated Ⅶ.") == ["Ⅶ"]


def test_a_third_is_traced_to_a_rate_that_rounds_to_33_per_cent_only() -> None:
    def facts(count: int) -> dict:
        return {"measures": [{"measure": "x", "figure": {"count": count, "base": 100}}]}

    assert untraced("A third were cancelled.", facts(33)) == []
    assert untraced("A third were cancelled.", facts(34)) == ["A third"]
    assert untraced("A third were cancelled.", facts(35)) == ["A third"]
    # A rate that rounds to 0 per cent does not let "one in a thousand" through.
    tiny = {"measures": [{"measure": "x", "figure": {"count": 2, "base": 5693}}]}
    assert untraced("One in a thousand officers.", tiny) == ["One in a thousand"]


def test_a_multiple_must_be_a_ratio_of_two_facts_within_its_tolerance() -> None:
    def facts(count: int) -> dict:
        return {
            "measures": [
                {
                    "measure": "x",
                    "figure": {"count": count, "base": 1000},
                    "pooled": {"count": 100, "base": 1000},
                }
            ]
        }

    twice = "Kent's rate was twice the national rate."
    assert untraced(twice, facts(200)) == []
    assert untraced(twice, facts(205)) == []  # 2.05: within 5 per cent
    assert untraced(twice, facts(211)) == ["twice"]  # 2.11: not
    assert untraced(twice, facts(190)) == []
    assert untraced(twice, facts(189)) == ["twice"]
    more = "Kent's rate was more than twice the national rate."
    assert untraced(more, facts(240)) == []
    assert untraced(more, facts(199)) == ["more than twice"]
    nearly = "Kent's rate was nearly three times the national rate."
    assert untraced(nearly, facts(285)) == []
    assert untraced(nearly, facts(300)) == ["nearly three times"]
    assert untraced("The rate doubled.", facts(200)) == []
    assert untraced("The rate halved.", facts(200)) == []
    assert untraced("The rate doubled.", facts(300)) == ["doubled"]
    # Rates of two different measures are not compared: 20 per cent is not "twice" 10.
    apart = {
        "measures": [
            {"measure": "x", "figure": {"count": 200, "base": 1000}},
            {"measure": "y", "figure": {"count": 100, "base": 1000}},
        ]
    }
    assert untraced(twice, apart) == ["twice"]
    message = refused("Kent's rate was four times as high.", facts(200))
    assert "no two rates or counts in this draft's facts are 4 times apart" in message


def test_a_count_of_times_is_a_count_not_a_ratio() -> None:
    assert said("Kent was inspected three times a year and twice in 2018.") == [
        ("count", 3),
        ("count", 2),
        ("count", 2018),
    ]


def test_dozens_and_other_vague_plurals_fail_unless_standing_text() -> None:
    text = "Dozens of victims and thousands of records were affected."
    assert untraced(text) == ["Dozens", "thousands"]
    message = refused(text)
    assert "engine.standing_text" in message
    standing = replace(ENGINE, standing_text=("Dozens of victims",))
    assert untraced(text, engine=standing) == ["thousands"]
    assert said("half a dozen and a hundred and hundreds of thousands") == [
        ("count", 6),
        ("count", 100),
        ("vague", "hundreds of thousands"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "On behalf of the force, the chief constable spoke halfway through the year.",
        "At first mention, use the force's full name.",
        "It was decided within a second and for the first time.",
        "In the first half of the year and the second half, a half-year review.",
        "It was one of the forces that replied; one of them said so.",
        "A double-check of the records; the halftime and behalf of.",
        "Officers from A34 and PC Smith.",
    ],
)
def test_words_that_only_look_like_numbers_are_not_read(text: str) -> None:
    assert said(text) == []


def test_ranks_in_words_are_still_read() -> None:
    text = "It was the second worst, joint first, came second and was first; the third force."
    ranks = [("ordinal", 2), ("ordinal", 1), ("ordinal", 2), ("ordinal", 1), ("ordinal", 3)]
    assert said(text) == ranks
    assert said("A third of forces; a third were; for a third year, a third time.") == [
        ("proportion", Fraction(1, 3)),
        ("proportion", Fraction(1, 3)),
        ("ordinal", 3),
        ("ordinal", 3),
    ]


# --- the build -------------------------------------------------------------------------------


def _add(project: Path, sentence: str) -> None:
    template = project / ARTICLE
    text = template.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    template.write_text(text.replace(ANCHOR, ANCHOR + sentence + "\n"), "utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("Inspectors said a third of the records were wrong.", "a third"),
        ("Inspectors said ４７pc of the records were wrong.", "４７pc"),
    ],
)
def test_a_template_printing_an_invented_form_fails_the_build(
    project: Path, sentence: str, written: str
) -> None:
    # Kent's facts have no rate near a third and none of 47 per cent.
    _add(project, sentence)
    with pytest.raises(CheckFailed) as caught:
        build(project, STORY, only="kent")
    message = str(caught.value)
    assert WHERE in message
    assert f"{written!r} in “{sentence}”" in message
    assert not (project / "out/cancelled-crimes").exists()


@pytest.mark.slow
def test_a_true_third_in_a_template_builds(project: Path) -> None:
    # Hampshire wrongly cancelled six of 18 robberies: exactly a third.
    _add(project, "{% if place.slug == 'hampshire' %}A third of its robberies.{% endif %}")
    build(project, STORY, only="hampshire")
    text = (project / "out/cancelled-crimes/hampshire/article.md").read_text(encoding="utf-8")
    assert "A third of its robberies." in text
