"""How a value measure's value is written: its unit, suffix and decimals, rounded half up."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import pytest

from generator.language.amounts import amount, amount_text, amount_value


def test_amount_values_round_half_up() -> None:
    assert amount_value(Fraction(2469, 2)) == "1,235"
    assert amount_value(Fraction(2469, 2), 2) == "1,234.50"
    assert amount_value(Fraction(-5, 2)) == "-3"
    assert amount_value(0, 1) == "0.0"


def test_units_and_suffixes() -> None:
    assert amount_text("1,234", "pounds") == "£1,234"
    assert amount_text("42", "minutes") == "42 minutes"
    assert amount_text("1", "minutes") == "1 minute"
    assert amount_text("12.50", "pounds", "per head") == "£12.50 per head"
    assert amount_text("-3", "pounds") == "-£3"
    assert amount_text("7", "number", "visits") == "7 visits"


def test_the_filter_reads_a_view() -> None:
    view = SimpleNamespace(
        figure=SimpleNamespace(value=Fraction(25, 2)),
        pooled=SimpleNamespace(value=Fraction(11)),
        unit="pounds",
        suffix="per head",
        decimals=2,
    )
    assert amount(view) == "£12.50 per head"
    assert amount(view, "pooled") == "£11.00 per head"
    with pytest.raises(ValueError, match="test that it is available"):
        amount(SimpleNamespace(figure=None, unit="pounds", suffix="", decimals=0))
