"""A radio script mentions a place's comment (its response, or that it has been asked for
comment) only after that place's own finding: never before it, and never for a place whose
finding was cut for length. Checked over every station's and every place's scripts."""

from __future__ import annotations

import json
import re

from generator.pipeline import BuildResult

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_THE_FORCE = ("The force ", "That force ")


def _scripts(built: BuildResult) -> list[tuple[str, list[str], list[str]]]:
    """(folder, the places it covers, each script's text) for every script file."""
    found = []
    for path in sorted(built.out_dir.glob("**/radio*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        facts = payload.get("facts", payload)
        place = facts.get("place")
        names = facts.get("places") or ([place["name"]] if place else [])
        texts = [s["text"] for s in facts["scripts"]]
        found.append((str(path.parent.relative_to(built.out_dir)), names, texts))
    return found


def comments_out_of_place(text: str, names: list[str]) -> list[str]:
    """The comment sentences of ``text`` that come before their place's finding: "<place> has
    been asked for comment", "<place>['s speaker] says ...", or "The force ..." with no place
    named before it."""
    named: set[str] = set()
    wrong = []
    for sentence in _SENTENCE.split(text.strip()):
        whose = [n for n in names if sentence.startswith((n, f"the {n}", f"The {n}"))]
        comment = "asked for comment" in sentence or "approached for comment" in sentence
        comment = comment or (
            " says " in sentence and (bool(whose) or sentence.startswith(_THE_FORCE))
        )
        if comment:
            if whose and whose[0] not in named or sentence.startswith(_THE_FORCE) and not named:
                wrong.append(sentence)
            continue
        named |= {n for n in names if n in sentence}
    return wrong


def test_the_check_finds_a_comment_before_its_finding() -> None:
    names = ["Hampshire Constabulary", "Dorset Police"]
    early = (
        "Inspectors found half of the offences at Hampshire Constabulary were cancelled. "
        "Hampshire Constabulary says progress has been made. Dorset Police has been asked for "
        "comment. At Dorset Police, the picture was better."
    )
    assert comments_out_of_place(early, names) == ["Dorset Police has been asked for comment."]
    late = early.replace(" Dorset Police has been asked for comment.", "") + (
        " The force has been asked for comment."
    )
    assert comments_out_of_place(late, names) == []


def test_no_place_comments_before_its_finding_in_any_script(built: BuildResult) -> None:
    scripts = _scripts(built)
    assert any(len(names) > 1 for _, names, _ in scripts)  # stations covering several places
    for folder, names, texts in scripts:
        for text in texts:
            assert comments_out_of_place(text, names) == [], (folder, text)
