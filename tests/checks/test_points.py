"""Points, a kind of their own: "17 percentage points" and "1.2 points per 1,000" trace only to
a change as printed (``points`` in the facts), never to a count of 17; a bare 17 no longer
traces to a change's points."""

from __future__ import annotations

from generator.checks.numbers import numbers_in
from generator.checks.trace import trace


def kinds(text: str) -> list[tuple[str, object, str]]:
    return [(m.kind, m.value, m.written) for m in numbers_in(text)]


def test_points_are_found_with_their_unit() -> None:
    assert kinds("up 17 percentage points since 2012")[0] == ("points", 17, "17 percentage points")
    assert kinds("down one percentage point")[0] == ("points", 1, "one percentage point")
    assert kinds("a 17-percentage-point rise")[0] == ("points", 17, "17-percentage-point")
    found = kinds("up 1.2 points per 1,000")
    assert found[0][0] == "points" and found[0][2] == "1.2 points"
    assert ("count", 1000, "1,000") in found  # the scale is a number of its own
    assert kinds("a 10-point plan") == [("count", 10, "10")]
    assert kinds("17 per cent")[0][0] == "percent"


FACTS = {
    "measures": [
        {
            "measure": "unsolved",
            "figure": {"count": 17, "base": 100, "rate": "17/100", "percent": 17},
            "change": {"since": "2012", "points": "4", "counts": -3},
        }
    ]
}


def untraced(text: str) -> list[str]:
    return [t.mention.written for t in trace(text, FACTS) if not t.ok]


def test_points_trace_only_to_a_change() -> None:
    assert untraced("up four percentage points since 2012") == []
    assert untraced("up 4 percentage points") == []
    # 17 is a count in the facts, but not a change in points
    assert untraced("up 17 percentage points") == ["17 percentage points"]
    problems = [t.problem for t in trace("up 17 percentage points", FACTS) if not t.ok]
    assert problems == ["the change in points is not in this draft's facts"]


def test_a_bare_number_does_not_trace_to_a_change() -> None:
    assert untraced("17 cases") == []  # the count
    assert untraced("4 cases") == ["4"]  # the change's points are not a count
    assert untraced("three fewer cases") == []  # the change of counts, without its sign
