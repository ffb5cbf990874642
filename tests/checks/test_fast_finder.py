"""The fact check's fast paths read text exactly as the plain ones: ``numerals.find`` as the
finder pattern itself, ``numerals.fold`` as a character-by-character reading."""

from __future__ import annotations

import random
import re
import unicodedata
from fractions import Fraction

import pytest

from generator.base.errors import CheckFailed
from generator.checks import numerals, ranks
from generator.checks.numerals import FINDER, figure_value, find, fold
from generator.checks.style import SENTENCE_END, check_draft, sentence_breaks, sentences

SAMPLES = [
    "Nine of 17 (53 per cent) were. 53 percent, 53%, 53pc, 53 pc, 47.5pc and 12 PC.",
    "12PC 12Pc 12pC 12.5PC 1,234Pc 3rdPC 12pc. Five PC officers, 7½ per cent, ½ and ¾.",
    "Sixth, sixth, Twelfth, nine, seventeen, Thirty-eight, one hundred and eight.",
    "One in three, three in ten, half, more than half, More Than Half, behalf, halfway.",
    "a third, A Third, one-fifth, two thirds, three quarters, a tenth, a third year.",
    "Twice the rate, double the rate, treble, three times as likely, 2.5 times higher.",
    "ONE AND A HALF TIMES the rate, more than twice as many, nearly three times the rate.",
    "About three times as likely, about three, some 40 times the, at least four times as.",
    "Approximately twice the, roughly 2 times higher, around ten times more, over 3 times.",
    "It doubled, halved, Trebled, tripled; a dozen, half a dozen, two dozen, 3 dozen.",
    "A hundred, a thousand, AN HUNDRED, a million; none, None; dozens, scores of them.",
    "Hundreds of thousands; FRIDAY 23 OCTOBER 2020, 23 October 2020, 2020-10-23, 00:01.",
    "October 2020, 1st March, 2nd, the second worst, joint first, came second, 23rd.",
    "A34 E23000030 12.5.6 1,234,567 1,23 .5 5. 3:45 24:00 12:5 2020-13-45 03-04-2020.",
    "５３ per cent, ٥٣%, ५३, ４７ｐｃ, 53², ①, Ⅻ, ſeven, fıve, İ, K, Kelvin K.",
    "ſix ſcores of, fıfty, Fİve, FIVE, fifty-ſeven, “fifty” – ‘two’ … £3 €4.",
    "Éight, ÉIGHT Zwölf, ΟΔΟΣ ten, straße twenty-one, ﬁve, ﬀ, Ⅻ times the rate.",
    "More than one in four, one out of 20, one of 14 (7 per cent), the four forces.",
]
MORE = (
    "first second third twelfth hundredth a an and the of in times as rate half dozen dozens "
    "scores hundreds thousands none more than pc per cent percent year 12 2020 7½ ½ 1,234 "
    "12.5 3rd 00:01 2020-10-23 53% ５ ſ ı İ K"
)
WORDS = [
    *numerals.CARDINAL,
    *numerals.SCALES,
    *numerals.DENOMINATOR,
    *numerals.PLURAL_DENOMINATOR,
    *numerals.MULTIPLIERS,
    *numerals.CHANGES,
    *numerals.QUALIFIERS,
    *numerals.DAYS,
    *numerals.MONTHS,
    *MORE.split(),
]
GAPS = [" ", " ", " ", "-", ", ", ". ", "\n", "\n\n", " (", ") ", "", "  "]


def _random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 14)):
        word = rng.choice(WORDS)
        case = rng.random()
        word = word.upper() if case < 0.15 else word.title() if case < 0.3 else word
        parts.append(word + rng.choice(GAPS))
    return "".join(parts)


def _spans(matches: list[re.Match[str]]) -> list[tuple[object, ...]]:
    """Where each match and each of its groups is: the same in both, whatever their case."""
    return [
        (m.lastgroup, m.span(), *(m.span(g) for g in range(1, FINDER.groups + 1))) for m in matches
    ]


def _fold_char_by_char(text: str) -> tuple[str, tuple[int, ...]]:
    """``fold`` as it was first written: one character at a time."""
    out: list[str] = []
    counted: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii() or ch in numerals._VULGAR:
            out.append(ch)
            continue
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif unicodedata.category(ch) in ("No", "Nl"):
            counted.append(i)
            out.append(" ")
        elif ch in numerals._SIGNS:
            out.append(numerals._SIGNS[ch])
        else:
            plain = unicodedata.normalize("NFKC", ch)
            out.append(plain if len(plain) == 1 else ch)
    return "".join(out), tuple(counted)


@pytest.mark.parametrize("text", SAMPLES)
def test_find_matches_the_finder_on_every_form(text: str) -> None:
    plain = fold(text)[0]
    assert _spans(find(plain)) == _spans(list(FINDER.finditer(plain)))
    assert find(plain), "each sample has numbers"


def test_find_matches_the_finder_on_random_text() -> None:
    rng = random.Random(16)
    for _ in range(3000):
        plain = fold(_random_text(rng))[0]
        assert _spans(find(plain)) == _spans(list(FINDER.finditer(plain))), plain


def test_find_reads_pc_in_capitals_as_the_finder_does() -> None:
    """ "12 PC" is a count of constables and "12PC" no number: ``(?-i:pc)`` is kept."""
    for text in ("12PC", "12.5Pc x", "3rdpC", "7½PC", "12pc", "12 pc"):
        assert _spans(find(text)) == _spans(list(FINDER.finditer(text))), text
    assert [m[0] for m in find("12.5PC")] == ["12"]
    assert find("12PC") == []


def test_fold_reads_every_character_as_before() -> None:
    rng = random.Random(16)
    alphabet = [chr(c) for c in range(0x80, 0x3000)] + ["a", "1", " ", "Ω", "Ω", "٪"]
    texts = [*SAMPLES, "Ω and Ω", "５３٪ ①② x²"]
    texts += ["".join(rng.choice(alphabet) for _ in range(40)) for _ in range(400)]
    for text in texts:
        assert fold(text) == _fold_char_by_char(text), text


def test_fold_counts_numerals_where_they_are() -> None:
    assert fold("53² and ①") == ("53  and  ", (2, 8))
    assert fold("５３ per cent")[0] == "53 per cent"


@pytest.mark.parametrize(
    ("written", "value"),
    [("1,234", 1234), ("12", 12), ("0012", 12), ("12.5", Fraction(25, 2)), ("12.0", 12)]
    + [("7½", Fraction(15, 2)), ("1,234.25", Fraction(4937, 4))],
)
def test_figure_value(written: str, value: object) -> None:
    found = figure_value(written)
    assert found == value and type(found) is type(value)


def test_sentence_breaks_are_where_sentence_end_matches() -> None:
    rng = random.Random(16)
    pieces = ["word", "A", ".", "!", "?", ":", '"', "”", "’", "'", " ", "  ", "\n", "\n\n", "\t"]
    texts = ["", "One. Two! Three? Four: five", 'He said "no." Then\n\nmore.\n', ".\n.", "a:\n\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        expected = [m.span() for m in SENTENCE_END.finditer(text)]
        assert sentence_breaks(text) == expected, text
        assert sentences(text) == [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


@pytest.mark.parametrize(
    "text",
    [
        "the lowest rate",
        "THE HIGHEST",
        "the joint Lowest",
        "the hıghest",
        "the HİGHEST",
        "the loweſt",
    ]
    + ["the loweſt", "the highest\n", "no claim here", "the high est", "“the lowest”"],
)
def test_bare_claims_are_found_whatever_the_letters(text: str) -> None:
    """The quick look for "highest" and "lowest" never hides a claim the pattern finds."""
    facts = {"place": {"name": "Kent"}}
    expected = [
        (m.start(), m.end(), m["end"].lower())
        for m in ranks._BARE.finditer(text)
        if not text.startswith("“")
    ]
    assert ranks.bare_claims(text, facts) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [("a NaN here", "'nan'"), ("NAN", "'nan'"), ("None", "'None'"), ("0 of 0 x", "'0 of 0'")]
    + [("{{ x }}", "raw template"), ("banana", ""), ("none", ""), ("x 10 of 0", "")],
)
def test_check_draft_finds_each_forbidden_word(text: str, found: str) -> None:
    if not found:
        check_draft(text, "d")
        return
    with pytest.raises(CheckFailed, match=re.escape(found)):
        check_draft(text, "d")
