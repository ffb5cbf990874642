"""The presenter: one way to write a rate, a share, a count, an ordinal and a rank, in prose and
in tables, and the two registers agree on the value."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.language import filters, present


@pytest.mark.parametrize(
    ("rate", "per", "decimals", "label", "axis", "spoken"),
    [
        (Fraction(9, 17), 100, 0, "53%", "53%", "53 per cent"),
        (Fraction(1, 8), 100, 0, "13%", "13%", "13 per cent"),
        (Fraction(8, 2781), 1000, 1, "2.9 per 1,000", "2.9", "2.9 per 1,000"),
        (Fraction(1, 800), 1000, 1, "1.3 per 1,000", "1.3", "1.3 per 1,000"),
        (Fraction(0), 1000, 1, "0.0 per 1,000", "0.0", "0.0 per 1,000"),
        (Fraction(1), 100_000, 0, "100,000 per 100,000", "100,000", "100,000 per 100,000"),
    ],
)
def test_a_rate_in_each_register(rate, per, decimals, label, axis, spoken) -> None:
    assert present.rate_label(rate, per, decimals) == label
    assert present.axis_value(rate, per, decimals) == axis
    assert present.spoken_rate(rate, per, decimals) == spoken
    assert present.value_label(present.rate_value(rate, per, decimals), per) == label


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.sampled_from([(100, 0), (1000, 1)]))
def test_the_table_and_the_draft_print_the_same_value(count, base, scale) -> None:
    if count > base:
        count, base = base, count or 1
    per, decimals = scale
    drafted = filters.rate(Fraction(count, base), per, decimals, sign="%")
    assert present.rate_label(Fraction(count, base), per, decimals) == drafted
    assert present.figure_label(count, base, drafted) == f"{count:,} of {base:,} ({drafted})"


@pytest.mark.parametrize(
    ("position", "tied", "of", "label", "words"),
    [
        (1, 1, 43, "1st of 43", "first of 43"),
        (1, 4, 43, "joint 1st of 43", "joint first of 43"),
        (5, 2, 43, "joint 5th of 43", "joint fifth of 43"),
        (12, 1, 43, "12th of 43", "12th of 43"),
        (22, 3, 38, "joint 22nd of 38", "joint 22nd of 38"),
        (3, 1, None, "3rd", "third"),
        (2, 1, 9, "2nd of 9", "second of nine"),
    ],
)
def test_ranks(position, tied, of, label, words) -> None:
    assert present.rank_label(position, tied, of) == label
    assert present.rank_words(position, tied, of) == words


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0"), (9, "9"), (2781, "2,781"), (None, "no figure"), (True, "no figure")],
)
def test_figures_in_tables(n, expected) -> None:
    assert present.figures(n) == expected


def test_figure_label() -> None:
    assert present.figure_label(9, 17, "53%") == "9 of 17 (53%)"
    assert present.figure_label(64, 44261, "1.4 per 1,000") == "64 of 44,261 (1.4 per 1,000)"
    assert present.figure_label(9, 17, "") == "9 of 17"
    assert present.figure_label(None, 17, "53%") == "no figure"


@pytest.mark.parametrize(("n", "expected"), [(1, "1st"), (2, "2nd"), (11, "11th"), (22, "22nd")])
def test_ordinal_figure_and_ordinal_agree_from_ten(n, expected) -> None:
    assert present.ordinal_figure(n) == expected
    if n >= 10:
        assert present.ordinal(n) == expected


def test_headline_and_capital() -> None:
    assert present.headline_line("Intro\n#  Force tops table \n# Second\n") == "Force tops table"
    assert present.headline_line("no headline") == ""
    assert present.capital("rape") == "Rape" and present.capital("") == ""


def test_the_filters_are_the_presenters_functions() -> None:
    for name in ("number", "words", "percent", "percent_value", "rate", "rate_value", "ordinal"):
        assert filters.FILTERS[name] is getattr(present, name)
    for name in ("proportion", "spoken_proportion", "count", "plural"):
        assert filters.FILTERS[name] is getattr(present, name)


@pytest.mark.parametrize(
    ("per", "heading", "axis"), [(100, "%", "(%)"), (1000, "per 1,000", "per 1,000")]
)
def test_a_scale_as_a_heading_and_on_an_axis(per: int, heading: str, axis: str) -> None:
    assert present.scale(per) == heading
    assert present.scale(per, axis=True) == axis


@pytest.mark.parametrize(
    ("worse", "end", "position", "tied", "expected"),
    [
        ("higher", "best", 1, 1, "the lowest"),
        ("higher", "best", 2, 1, "the second lowest"),
        ("higher", "best", 1, 3, "the joint lowest"),
        ("higher", "worst", 2, 1, "the second highest"),
        ("higher", "worst", 3, 2, "the joint third highest"),
        ("lower", "best", 1, 1, "the highest"),
        ("lower", "worst", 12, 1, "the 12th lowest"),
    ],
)
def test_a_rank_from_either_end_in_the_measures_direction(
    worse: str, end: str, position: int, tied: int, expected: str
) -> None:
    from generator.compute.ranking import Rank

    base = 20
    # the same place seen from the other end, so `end` picks the position asked for
    worst = position if end == "worst" else base - position - tied + 2
    view = SimpleNamespace(rank=Rank(worst, tied, base, base), worse=worse)
    assert present.rank_end(view, end) == expected
    assert filters.FILTERS["rank_end"] is present.rank_end


def test_rank_words_need_a_rank_and_a_known_end() -> None:
    with pytest.raises(ValueError, match="no figure"):
        present.rank_end(SimpleNamespace(rank=None, worse="higher"))
    with pytest.raises(ValueError, match="expected an end"):
        present.end_word("higher", "middle")
    assert present.rank_phrase(1, 1, "worst") == "the worst"
