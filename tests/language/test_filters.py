"""House-style filters, tested the way templates use them: by rendering template strings."""

import ast
import datetime
import re
from dataclasses import dataclass
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment, StrictUndefined

from generator.compute.change import PeriodChange
from generator.compute.ranking import Rank
from generator.inputs.data import Figure as Counted
from generator.inputs.data import Value
from generator.language.filters import FILTERS, percent_value, words

env = Environment(undefined=StrictUndefined)
env.filters.update(FILTERS)


@dataclass
class Figure:
    count: int | None
    base: int | None


def render(source: str, **context: object) -> str:
    return env.from_string(source).render(**context)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (9, "nine"),
        (10, "10"),
        (11, "11"),
        (21, "21"),
        (-3, "-3"),
        (1234, "1,234"),
    ],
)
def test_number(n, expected):
    assert render("{{ n | number }}", n=n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "zero"),
        (1, "one"),
        (10, "ten"),
        (11, "eleven"),
        (17, "seventeen"),
        (21, "twenty-one"),
        (53, "fifty-three"),
        (100, "one hundred"),
        (101, "one hundred and one"),
        (1234, "one thousand two hundred and thirty-four"),
    ],
)
def test_words(n, expected):
    assert render("{{ n | words }}", n=n) == expected


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (Fraction(9, 17), 53),
        (Fraction(1, 8), 13),
        (Fraction(1, 40), 3),
        (Fraction(5, 8), 63),
        (Fraction(1, 200), 1),
        (0, 0),
        (1, 100),
        (Figure(9, 17), 53),
        (Figure(0, 20), 0),
    ],
)
def test_percent_value(rate, expected):
    assert render("{{ rate | percent_value }}", rate=rate) == str(expected)


def test_percent_signs():
    assert render("{{ r | percent }}", r=Fraction(9, 17)) == "53 per cent"
    assert render('{{ r | percent("%") }}', r=Fraction(9, 17)) == "53%"
    assert render("{{ f | percent }}", f=Figure(1, 8)) == "13 per cent"


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (9, 17, "nine of 17 (53 per cent)"),
        (2, 19, "two of 19 (11 per cent)"),
        (12, 17, "12 of 17 (71 per cent)"),
        (0, 20, "none of 20"),
        (1, 1, "one of one (100 per cent)"),
        (1, 8, "one of eight (13 per cent)"),
        (1, 40, "one of 40 (3 per cent)"),
        (5, 8, "five of eight (63 per cent)"),
        (10, 21, "10 of 21 (48 per cent)"),
    ],
)
def test_proportion(count, base, expected):
    assert render("{{ c | proportion(b) }}", c=count, b=base) == expected
    assert render("{{ f | proportion }}", f=Figure(count, base)) == expected


def test_proportion_sign():
    assert render('{{ f | proportion(sign="%") }}', f=Figure(9, 17)) == "nine of 17 (53%)"


@pytest.mark.parametrize(
    "figure",
    [
        None,
        Figure(None, 17),
        Figure(9, None),
        Figure(3, 0),
        Figure(0, 0),
        Figure(18, 17),
        Figure(-1, 17),
        Figure(float("nan"), 17),
        Figure(9.0, 17),
    ],
)
@pytest.mark.parametrize("name", ["proportion", "spoken_proportion", "percent", "percent_value"])
def test_missing_or_impossible_figure_is_never_printed(figure, name):
    with pytest.raises(ValueError):
        render(f"{{{{ f | {name} }}}}", f=figure)


def test_templates_test_availability_first():
    source = "{% if f.count is not none %}{{ f | proportion }}{% else %}no figure{% endif %}"
    assert render(source, f=Figure(None, 17)) == "no figure"


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (6, 18, "one in three"),
        (2, 10, "one in five"),
        (1, 10, "one in ten"),
        (1, 9, "one in nine"),
        (2, 4, "half"),
        (10, 20, "half"),
        (4, 6, "two in three"),
        (9, 12, "three in four"),
        (9, 17, "more than half"),
        (11, 21, "more than half"),
        (2, 19, "two out of 19"),
        (1, 11, "one out of 11"),
        (10, 21, "10 out of 21"),
        (2, 9, "two out of nine"),
        (1, 20, "one out of 20"),
        (0, 20, "none of the 20"),
        (0, 2, "none of the two"),
        (1, 1, "all"),
        (17, 17, "all"),
    ],
)
def test_spoken_proportion(count, base, expected):
    assert render("{{ c | spoken_proportion(b) }}", c=count, b=base) == expected
    assert render("{{ f | spoken_proportion }}", f=Figure(count, base)) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "first"),
        (2, "second"),
        (8, "eighth"),
        (9, "ninth"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (111, "111th"),
    ],
)
def test_ordinal(n, expected):
    assert render("{{ n | ordinal }}", n=n) == expected


@pytest.mark.parametrize(
    ("n", "counted", "agreement"),
    [
        (0, "no robberies", "were"),
        (1, "one robbery", "was"),
        (2, "two robberies", "were"),
        (9, "nine robberies", "were"),
        (10, "10 robberies", "were"),
        (21, "21 robberies", "were"),
    ],
)
def test_plural_count_and_verb_agree(n, counted, agreement):
    source = '{{ n | count("robbery") }} {{ n | verb }}|{{ "robbery" | plural(n) }}'
    assert render(source, n=n) == f"{counted} {agreement}|{counted.split()[-1]}"


def test_plural_and_verb_other_words():
    assert render('{{ "force" | plural(0) }} {{ "person" | plural(2) }}') == "forces people"
    assert render('{{ 12 | count("force") }}') == "12 forces"
    assert render('{{ 1 | verb("has", "have") }} {{ 2 | verb("has", "have") }}') == "has have"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("53 per cent of forces", "Fifty-three per cent of forces"),
        ("53% of forces", "Fifty-three per cent of forces"),
        ("17 forces", "Seventeen forces"),
        ("9 of 17", "Nine of 17"),
        ("0 forces", "Zero forces"),
        ("21st", "Twenty-first"),
        ("12th highest", "Twelfth highest"),
        ("1,234 records", "One thousand two hundred and thirty-four records"),
        ("  the force", "The force"),
        ('"the force said"', '"The force said"'),
        ("“the force”", "“The force”"),
        ("**9 of 17** forces", "**Nine of 17** forces"),
        ("12.5 per cent", "12.5 per cent"),
        ("the 12 forces", "The 12 forces"),
        ("Hampshire", "Hampshire"),
        ("", ""),
    ],
)
def test_sentence(text, expected):
    assert render("{{ t | sentence }}", t=text) == expected


def test_sentence_as_block_filter():
    assert (
        render("{% filter sentence %}{{ 12 | ordinal }} highest{% endfilter %}")
        == "Twelfth highest"
    )


@pytest.mark.parametrize("d", [datetime.date(2020, 10, 23), "2020-10-23", "2020-10-23T00:01"])
def test_dates(d):
    assert render("{{ d | date }}", d=d) == "23 October 2020"
    assert render("{{ d | long_date }}", d=d) == "Friday 23 October 2020"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("eighth", "an eighth"),
        ("12th", "a 12th"),
        ("11th", "an 11th"),
        ("18", "an 18"),
        ("8th", "an 8th"),
        ("80%", "an 80%"),
        ("hour", "an hour"),
        ("force", "a force"),
    ],
)
def test_article(word, expected):
    assert render("{{ w | article }}", w=word) == expected


# What the examples of filters that take more than a figure are worked on.
EXAMPLE_VALUES = {
    "change": PeriodChange(Counted(60, 100), Counted(43, 100), "2012"),
    # a measure view ranked third of five from the worst end, shared by two, higher worse
    "m": SimpleNamespace(rank=Rank(3, 2, 5, 5), worse="higher"),
    # a value measure's view: £12.50 per head, £11 for every place together
    "v": SimpleNamespace(
        figure=Value(Fraction(25, 2)),
        pooled=Value(Fraction(11)),
        unit="pounds",
        suffix="per head",
        decimals=2,
    ),
    # a category, second most common: 40 of a place's 100 crimes
    "s": SimpleNamespace(name="Charged", count=40, total=100, order=2, tied=1),
}


@pytest.mark.parametrize(("name", "fn"), FILTERS.items())
def test_every_filter_documents_an_example_that_renders(name, fn):
    doc = fn.__doc__ or ""
    assert "{{" in doc and f"| {name}" in doc
    for source, expected in re.findall(r"``(\{\{.*?\}\}) -> (.+?)``", doc):
        shown = render(source, figure=Figure(9, 17), **EXAMPLE_VALUES)
        assert shown == str(ast.literal_eval(expected))


number_template = env.from_string("{{ n | number }}")
words_template = env.from_string("{{ n | words }}")


@given(st.integers(min_value=1, max_value=10**9))
def test_number_words_below_ten_figures_from_ten(n):
    said = number_template.render(n=n)
    if n <= 9:
        assert said.isalpha() and said == words(n)
    else:
        assert said.replace(",", "").isdigit() and int(said.replace(",", "")) == n


@given(st.integers(min_value=0, max_value=10**6))
def test_words_never_contain_a_digit(n):
    said = words_template.render(n=n)
    assert not any(ch.isdigit() for ch in said) and "," not in said


@st.composite
def fractions_up_to_one(draw):
    base = draw(st.integers(min_value=1, max_value=10**6))
    return draw(st.integers(min_value=0, max_value=base)), base


@given(fractions_up_to_one())
def test_percent_value_rounds_half_up(pair):
    a, b = pair
    assert percent_value(Fraction(a, b)) == (200 * a + b) // (2 * b)  # floor(100a/b + 1/2)


@given(st.integers(min_value=0, max_value=49), st.integers(min_value=1, max_value=5000))
def test_percent_value_differs_from_bankers_round_on_even_halves(half, scale):
    even = 2 * half  # exact rate (even + 1/2) per cent, where round() goes down to even
    a, b = (2 * even + 1) * scale, 200 * scale
    assert round(Fraction(100 * a, b)) == round(100 * a / b) == even
    assert percent_value(Fraction(a, b)) == even + 1
