"""The shared inflect engine: imported without typeguard's instrumentation, it says what the
type-checked inflect says, and the presenter refuses what typeguard used to refuse."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.language.filters import article
from generator.language.inflection import ENGINE
from generator.language.present import count, plural

NOUNS = ["force", "council", "robbery", "crime", "person", "child", "analysis", "BBC", "sheep"]
SAID = ["eighth", "hour", "one", "eleventh", "union", "MP", "honest", "a", "x-ray"]
NUMBERS = [0, 1, 2, 9, 10, 11, 12, 13, 19, 20, 21, 99, 100, 101, 110, 999, 1000, 1001, 1100]
NUMBERS += [12_345, 100_000, 1_000_000, 1_234_567, 10**9 + 1]

SCRIPT = """
import json, sys
{setup}
p = inflect.engine()
nouns, said, numbers = json.loads(sys.argv[1])
print(json.dumps({{
    "plural": [p.plural_noun(w, n) for w in nouns for n in (0, 1, 2)],
    "a": [p.a(w) for w in said],
    "words": [p.number_to_words(str(n), comma="") for n in numbers],
    "spoken": [p.number_to_words(str(n)) for n in numbers],
    "ordinal": [p.ordinal(p.number_to_words(str(n), comma="")) for n in numbers]
    + [p.ordinal(str(n)) for n in numbers],
    "checked": "typeguard" in sys.modules,
}}))
"""


def _answers(setup: str) -> dict:
    code = SCRIPT.format(setup=setup)
    args = json.dumps([NOUNS, SAID, NUMBERS])
    done = subprocess.run([sys.executable, "-c", code, args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_the_engine_says_what_type_checked_inflect_says() -> None:
    checked = _answers("import inflect")
    ours = _answers(
        "from generator.language.inflection import _import_inflect\ninflect = _import_inflect()"
    )
    assert checked.pop("checked") and not ours.pop("checked")
    assert ours == checked


def test_the_engine_is_inflect_without_the_checks() -> None:
    assert ENGINE.plural_noun("robbery") == "robberies"
    assert ENGINE.a("hour") == "an hour"
    assert ENGINE.number_to_words("1100", comma="") == "one thousand one hundred"
    assert ENGINE.ordinal("twenty-one") == "twenty-first"
    # No typeguard wrapper: the method is inflect's own function.
    assert "typeguard" not in type(ENGINE).plural_noun.__code__.co_names


@pytest.mark.parametrize("noun", ["", 1, None, 2.5])
def test_plural_refuses_what_is_not_a_word(noun: object) -> None:
    with pytest.raises(ValueError, match="plural needs a word"):
        plural(noun, 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="plural needs a word"):
        count(3, noun)  # type: ignore[arg-type]


def test_article_refuses_empty_text() -> None:
    with pytest.raises(ValueError, match="article needs a word"):
        article("")
    assert article("eighth") == "an eighth"
