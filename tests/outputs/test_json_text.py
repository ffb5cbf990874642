"""Every JSON file a writer makes is json.dumps(indent=2, ensure_ascii=False) byte for byte,
whether orjson made it or not: values orjson writes otherwise (small floats, NaN, big
numbers, keys that are not text, types json refuses) fall back to json, or raise as it does."""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.base.inert import Text
from generator.outputs.writers import facts_writer
from generator.outputs.writers.facts_writer import json_text


def expected(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def nested(depth: int) -> list[Any]:
    value: list[Any] = [1]
    for _ in range(depth):
        value = [value]
    return value


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([1e-5, 1.2719246934527984e-05, 3.6e-07, 1e-10, 1e16, 5e-324, -0.0])
    | st.text()
)
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(keys, inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_the_same_text_as_json(value: Any) -> None:
    try:
        want = expected(value)
    except (TypeError, ValueError) as err:
        with pytest.raises(type(err)):
            json_text(value)
        return
    assert json_text(value) == want


@pytest.mark.parametrize(
    "value",
    [
        {"rate": 1e-05, "share": 0.53},
        {"rate": math.nan},
        [math.inf, -math.inf],
        {"big": 2**70},
        {1: "a", None: "b", 2.5: "c", False: "d"},
        {"a": [], "b": {}, "c": [{}], "d": [[]]},
        {"text": '\x00\x1f\x7f\u2028 é “quoted” \\ " \n\t\b\f'},
        {"lone": "\ud800"},
        ("tuple", ["list"]),
        "just text",
        {"deep": nested(300)},  # deeper than orjson goes
    ],
)
def test_values_orjson_writes_otherwise(value: Any) -> None:
    assert json_text(value) == expected(value)


@dataclasses.dataclass
class Point:
    x: int


@pytest.mark.parametrize("value", [{"when": datetime.date(2020, 1, 1)}, [Point(1)], {1, 2}])
def test_what_json_refuses_is_refused(value: Any) -> None:
    with pytest.raises(TypeError, match="is not JSON serializable"):
        json_text(value)


def test_circular_values_are_refused_as_json_refuses_them() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        json_text(loop)


def test_without_orjson_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts_writer, "orjson", None)
    value = {"rate": 1e-05, "name": "Café", "n": [1, 2]}
    assert json_text(value) == expected(value)


def test_orjson_makes_the_plain_ones() -> None:
    if facts_writer.orjson is None:
        pytest.skip("orjson is not installed")
    value = {"name": "Kent", "rate": 0.53, "ranks": [1, 2], "none": None}
    assert (
        json_text(value)
        == facts_writer.orjson.dumps(
            value, option=facts_writer.orjson.OPT_INDENT_2 | facts_writer.orjson.OPT_APPEND_NEWLINE
        ).decode()
    )


@pytest.mark.parametrize(
    ("value", "alike"),
    [
        ({"name": Text("Kent"), "rate": 0.53, "ranks": (1, 2), "none": None, "ok": True}, True),
        ({"rate": 1e-05}, False),
        ({"rate": 1e16}, False),
        ({"rate": math.nan}, False),
        ({1: "a"}, False),
        ({"when": datetime.date(2020, 1, 1)}, False),
        ([Point(1)], False),
        ({"text": '\x00\x1f\x7f\u2028 é “quoted” \\ " \n\t\b\f', "n": -(2**63)}, True),
    ],
)
def test_the_kinds_both_write_alike_skip_the_comparison(value: Any, alike: bool) -> None:
    assert facts_writer._alike(value) is alike
    if alike:  # and orjson's text is json's
        assert json_text(value) == expected(value)


@settings(max_examples=300, deadline=None)
@given(values)
def test_whatever_is_judged_alike_is_written_alike(value: Any) -> None:
    if facts_writer.orjson is None:
        pytest.skip("orjson is not installed")
    try:
        text = facts_writer.orjson.dumps(value)
    except (TypeError, ValueError):
        return
    if facts_writer._alike(value):
        assert text == json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
