"""The radio fitter's shortcuts give what the plain computation gives: timing summed unit by
unit is the timing of the joined text, and the script file's HTML written directly is what
Markdown makes of it."""

from __future__ import annotations

import random
from html import escape

import pytest

from generator.base.errors import CheckFailed
from generator.base.markup import markdown_html
from generator.drafts.radio import (
    FLOOR,
    Script,
    ScriptSet,
    ScriptSpec,
    estimate_seconds,
    fit,
    fitted,
    plain_html,
    units,
)

PIECES = [
    "Inspectors found nine of 17 reports were wrongly cancelled.",
    "The force said it had improved, a spokesman said.",
    "It was 1,234 - or 12.5 per cent",
    "- a dash opens this one,",
    "and this one ends on a dash -",
    "“We are sorry,” the chief constable said.”",
    "Why?",
    "Powys, Merseyside and Leicestershire; BBC figures: three",
    "£5,000 was spent — the most",
    ",17 forces",
    "0.5, 3",
]


def _reference_fit(rendered: str, spec: ScriptSpec) -> str:
    """The fitter as first written: every trial timed as the joined text."""
    found = units(rendered)
    kept = [u for u in found if not u.optional]
    total = estimate_seconds(" ".join(u.text for u in kept))
    if total > spec.seconds:
        raise CheckFailed("over")
    for unit in found:
        if unit.optional:
            chosen = sorted([*kept, unit], key=lambda u: u.line)
            trial = estimate_seconds(" ".join(u.text for u in chosen))
            if trial <= spec.seconds:
                kept.append(unit)
                total = trial
    if total < spec.seconds * FLOOR:
        raise CheckFailed("under")
    return " ".join(u.text for u in sorted(kept, key=lambda u: u.line))


def _outcome(run: object) -> str:
    try:
        return str(run())  # type: ignore[operator]
    except CheckFailed as err:
        return "failed: " + ("over" if "fixed lines" in str(err) or str(err) == "over" else "under")


def _random_script(rng: random.Random, fewest: int, most: int) -> str:
    """A rendered script of ``fewest`` to ``most`` lines of PIECES, most of them optional."""
    lines = []
    for _ in range(rng.randint(fewest, most)):
        text = " ".join(rng.sample(PIECES, rng.randint(1, 3)))
        lines.append(("+ " if rng.random() < 0.6 else "") + text)
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(40))
def test_fit_times_units_as_the_joined_text(seed: int) -> None:
    rendered = _random_script(random.Random(seed), 1, 9)
    for seconds in (20, 40):
        spec = ScriptSpec("copy", seconds)
        assert _outcome(lambda: fit(rendered, spec, "x")) == _outcome(  # noqa: B023
            lambda: _reference_fit(rendered, spec)  # noqa: B023
        )


def test_the_fitted_estimate_is_the_estimate_of_the_script() -> None:
    # Script files print the estimate the fitter worked out, not one counted afresh.
    checked = 0
    for seed in range(80):
        rendered = _random_script(random.Random(1000 + seed), 2, 12)
        for seconds in (20, 40):
            spec = ScriptSpec("copy", seconds)
            try:
                text, estimate = fitted(rendered, spec, "x")
            except CheckFailed:
                continue
            assert estimate == estimate_seconds(text), (seed, seconds)
            script = Script("copy", seconds, text, estimate)
            assert script.label == Script("copy", seconds, text).label
            checked += 1
    assert checked >= 20  # the cases above really reach a fitted script


def test_a_dash_between_units_is_timed_as_a_clause_break() -> None:
    # " - " only exists once the units are joined: it costs a clause break.
    apart = estimate_seconds("one two three -") + estimate_seconds("- four five six")
    joined = estimate_seconds("one two three - - four five six")
    assert joined != apart
    fixed = "Inspectors found nine of 17 reports at the force were wrongly cancelled, a BBC "
    more = "\n+ The force said it had changed the way it records crime since the inspection."
    rendered = f"{fixed}analysis shows -\n+ - and the force said it was sorry.{more * 3}"
    spec = ScriptSpec("cue", 20)
    assert fit(rendered, spec, "x") == _reference_fit(rendered, spec)


def _set(title: str, *texts: str) -> ScriptSet:
    scripts = tuple(
        Script(part, seconds, text)
        for (part, seconds), text in zip(
            [("cue", 20), ("copy", 20), ("cue", 40), ("copy", 40)], texts, strict=False
        )
    )
    return ScriptSet(title, scripts)


PLAIN = [
    _set("Hampshire", "Inspectors found nine of 17 reports were cancelled.", "“Sorry,” he said."),
    _set("BBC Radio Leicester", "£5,000 — the most (by far): 12.5 per cent?", "Ynys Môn’s ‘view’."),
    _set("Powys", "'Quoted' at the start.  Two spaces inside.", '"Straight" quotes.'),
]
MARKED = [
    _set("Devon & Cornwall Police", "Plain text."),
    _set("Kent", "Some *emphasis* here."),
    _set("Kent", "17. A number opens it."),
    _set("Kent", "- a list"),
    _set("Kent", "A [link](http://example.com)."),
    _set("Kent", "Back\\slash and `code`."),
    _set("Kent", "Under_score and <b>tag</b>."),
    _set("Kent #", "Hash at the end #"),
    _set("Kent", "> a quote"),
    _set("Kent", "# a heading"),
    _set("Kent", "Tab\there."),
    _set("Kent", "A & B < C"),
]


@pytest.mark.parametrize("found", PLAIN + MARKED)
def test_the_script_files_html_is_what_markdown_makes(found: ScriptSet) -> None:
    html = plain_html(found)
    expected = markdown_html(escape(found.markdown(), quote=False))
    assert html is None or html == expected
    if found in PLAIN:
        assert html == expected


@pytest.mark.parametrize("found", MARKED)
def test_a_script_file_markdown_would_read_is_left_to_markdown(found: ScriptSet) -> None:
    assert plain_html(found) is None
