"""Fuzzing: malformed data, quotes and templates end in drafts or a clear error, never a traceback.

Each example copies the tiny story (``tests/fixtures/tiny``) with a good build already in
``out/``, breaks one input and runs ``drafts build tiny`` in-process through the CLI, so the
tests follow whatever the loaders do today. Every run must end in one of two ways:

* exit 0, with drafts under ``out/tiny/`` that print no "nan", "None" or "{{";
* exit 1, with output starting ``Error: `` and no traceback, and the good build in ``out/``
  byte for byte as it was.

Anything else (an exception that escapes to click) fails, showing the input and the
traceback. What is generated:

* data CSV: cells set to text, negatives, huge numbers, "nan", "None", "1,234", quotes,
  commas and line breaks inside cells, unicode; columns dropped, renamed or added; rows
  duplicated, dropped or blanked; ragged trailing cells; comma, semicolon, tab or bar
  delimiters; LF, CRLF or CR line endings; minimal, full or no quoting; UTF-8 with and without
  a BOM, Windows-1252, Latin-1, UTF-16; then perhaps truncated at a random byte or given
  random bytes; or just random bytes, or an empty file;
* quote YAML: YAML-ish text, valid YAML of the wrong shape (lists, numbers, nested maps),
  the real quote with fields removed, retyped or added (unknown keys, unknown places,
  non-string paragraphs, huge strings), invalid UTF-8, deep nesting;
* the template: Jinja fragments (``{{``, ``{%``, filters that do not exist, unknown names,
  sandbox escapes, includes of other files, unclosed blocks) joined at random or spliced
  into the real template, and deeply nested expressions and blocks.

Runs are derandomized, so CI sees the same examples every time. For a long local run with
fresh random examples, set ``FUZZ_EXAMPLES``:
``FUZZ_EXAMPLES=5000 pytest tests/stories/test_fuzz.py``.

Bugs found: each has a deterministic regression test at the bottom of this file (the exact
input). While a bug is open its test is marked ``xfail(strict=True)`` and it has an entry in
:data:`KNOWN_CRASHES`, so the fuzz tests keep hunting for new bugs meanwhile: a known crash is
counted as a hypothesis event (see ``--hypothesis-show-statistics``) and must still leave
``out/`` untouched. When it is fixed the test XPASSes, which fails the run: remove its mark
and its entry.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import TINY, copy_project
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

import generator
from generator.cli import main

pytestmark = pytest.mark.slow  # every test here builds whole stories or drives a browser

STORY = "tiny"
DATA = "data/tiny/figures.csv"
QUOTE = "quotes/tiny/northshire.yaml"
TEMPLATE = "templates/tiny/draft.md.j2"
PACKAGE = Path(generator.__file__).resolve().parent
FORBIDDEN = [re.compile(r"\bnan\b", re.IGNORECASE), re.compile(r"\bNone\b"), re.compile(r"\{\{")]


def fuzz_settings(examples: int) -> settings:
    """``examples`` per test, or ``FUZZ_EXAMPLES`` (then random, not derandomized)."""
    wanted = os.environ.get("FUZZ_EXAMPLES")
    return settings(
        max_examples=int(wanted) if wanted else examples,
        derandomize=not wanted,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# --- running one example -------------------------------------------------------------------


@dataclass(frozen=True)
class Pristine:
    """The tiny story with one good build in ``out/``, and that build's bytes."""

    root: Path
    out: dict[str, bytes | None]


def snapshot(out: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (``None``) under ``out``."""
    return {
        str(p.relative_to(out)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(out.rglob("*"))
    }


def invoke(project: Path) -> Result:
    return CliRunner().invoke(main, ["--root", str(project), "build", "--story", STORY])


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    root = copy_project(TINY, tmp_path_factory.mktemp("pristine") / "project")
    result = invoke(root)
    assert result.exit_code == 0, result.output
    return Pristine(root, snapshot(root / "out"))


@dataclass(frozen=True)
class KnownCrash:
    """A traceback already recorded: raised at ``where`` (``file.py:function`` of the innermost
    frame in ``generator/``) on a line containing ``line``, as one of ``errors`` (class names
    anywhere in the exception's MRO). ``test`` is its regression test."""

    test: str
    where: str
    line: str
    errors: tuple[str, ...]


KNOWN_CRASHES: list[KnownCrash] = []  # none open


def crash_site(exc: BaseException) -> tuple[str, str]:
    """``file.py:function`` and source line of the innermost frame inside ``generator/``."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(PACKAGE):
            return f"{path.name}:{frame.name}", frame.line or ""
    return "?", ""


def known_crash(exc: BaseException) -> KnownCrash | None:
    """The first entry whose error class and place (any frame of ``generator/`` on the way
    out, so a RecursionError counts wherever it happened to hit) match ``exc``."""
    names = {c.__name__ for c in type(exc).__mro__}
    frames = [
        (f"{Path(f.filename).name}:{f.name}", f.line or "")
        for f in traceback.extract_tb(exc.__traceback__)
        if Path(f.filename).resolve().is_relative_to(PACKAGE)
    ]
    for known in KNOWN_CRASHES:
        if names & set(known.errors) and any(
            where == known.where and known.line in line for where, line in frames
        ):
            return known
    return None


def describe(result: Result, shown: str) -> str:
    """The input, the exit status, the output and the traceback's tail, for a failure."""
    if len(shown) > 3000:
        shown = f"{shown[:2500]} ...[{len(shown) - 3000} more]... {shown[-500:]}"
    text = f"\ninput: {shown}\nexit code: {result.exit_code}\noutput: {result.output[:2000]}"
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        tail = "".join(traceback.format_exception(*result.exc_info)).splitlines()[-12:]
        where, line = crash_site(result.exc_info[1])
        text += f"\nraised in generator/{where}: {line}\ntraceback tail:\n" + "\n".join(tail)
    return text


def build_broken(pristine: Pristine, path: str, content: bytes, *, fuzzing: bool = True) -> None:
    """Copy the built tiny story, write ``content`` to ``path`` in it, build, and check the
    run ended in drafts or a clear error with the previous build untouched.

    ``fuzzing``: inside a hypothesis test; known bugs are then counted, not failed."""
    shown = f"{path} = {content!r}"
    record = event if fuzzing else (lambda _: None)
    if fuzzing:
        note(shown)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(pristine.root, project)
        (project / path).write_bytes(content)
        result = invoke(project)
        context = describe(result, shown)
        exc = result.exception
        if exc is not None and not isinstance(exc, SystemExit):
            known = known_crash(exc) if fuzzing else None
            if known is None:
                pytest.fail(f"a traceback instead of a clear error:{context}", pytrace=False)
            record(f"known crash: {known.test}")
            untouched = snapshot(project / "out") == pristine.out
            assert untouched, f"a crash changed the previous build in out/{context}"
            return
        assert result.exit_code in (0, 1), context
        assert "Traceback" not in result.output, context
        if result.exit_code == 1:
            assert result.output.startswith("Error: "), context
            untouched = snapshot(project / "out") == pristine.out
            assert untouched, f"a failed build changed the previous build in out/{context}"
            record("error")
            return
        drafts = sorted((project / "out" / STORY).glob("*/draft.md"))
        assert drafts, f"exit 0 but no drafts under out/{STORY}/{context}"
        for md in drafts:
            for name in ("draft.md", "draft.txt", "draft.html"):
                text = (md.parent / name).read_text(encoding="utf-8")
                for pattern in FORBIDDEN:
                    found = pattern.search(text)
                    assert found is None, (
                        f"{md.parent.name}/{name} prints {found.group()!r}:\n{text[:1500]}{context}"
                    )
        record("drafts")


# --- data files ----------------------------------------------------------------------------

HEADER, *ROWS = list(csv.reader(io.StringIO((TINY / DATA).read_text(encoding="utf-8"))))
NASTY_CELLS = [
    "", " ", "-1", "-0", "0", "+5", "1,234", "1,23", "1.234", "1 234", "5.0", "1e3", "0x10",
    "nan", "NaN", "None", "null", "N/A", "#N/A", "-", "inf", "-inf", "1" + "0" * 30,
    "٥", "５", "'5", '"', '""', '"5"', ",", ";", "\t", "\n", "a\nb", "\r", "\r\n", "\x00",
    "\ufeff", "é", "Ã©", "🙂", "=1+1", "<b>x</b>", "{{ place.name }}", "North Shire",
    "Northshire", "Midshire Council", "Nowhere", "late", "lost;parcels", "late;nope", ";;",
]  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(NASTY_CELLS),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(str),
    st.text(max_size=12),
)
COLUMN_NAMES = st.one_of(
    st.sampled_from([*HEADER, "Area", " late", "late ", "LATE", "letter", "lost.1", "", "x"]),
    st.text(max_size=8),
)
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    """The tiny story's figures, then one to five edits."""
    rows = [list(HEADER), *(list(r) for r in ROWS)]

    def index(n: int) -> int:
        return draw(st.integers(0, 50)) % max(n, 1)

    for _ in range(draw(st.integers(1, 5))):
        op = draw(
            st.sampled_from(
                ["cell", "cell", "cell", "rename", "drop_column", "add_column", "duplicate_row"]
                + ["drop_row", "blank_row", "ragged", "shuffle"]
            )
        )
        if op == "cell" and len(rows) > 1:
            row = rows[1 + index(len(rows) - 1)]
            if row:
                row[index(len(row))] = draw(CELLS)
        elif op == "rename" and rows and rows[0]:
            rows[0][index(len(rows[0]))] = draw(COLUMN_NAMES)
        elif op == "drop_column" and rows and rows[0]:
            column = index(len(rows[0]))
            rows = [r[:column] + r[column + 1 :] for r in rows]
        elif op == "add_column":
            name = draw(COLUMN_NAMES)
            rows = [r + [name if i == 0 else draw(CELLS)] for i, r in enumerate(rows)]
        elif op == "duplicate_row" and rows:
            at = index(len(rows))
            rows.insert(index(len(rows) + 1), list(rows[at]))
        elif op == "drop_row" and rows:
            del rows[index(len(rows))]
        elif op == "blank_row":
            rows.insert(index(len(rows) + 1), [""] * draw(st.integers(0, len(HEADER))))
        elif op == "ragged" and rows:
            rows[index(len(rows))] += draw(st.lists(CELLS, min_size=1, max_size=3))
        elif op == "shuffle" and len(rows) > 1:
            rows[1:] = draw(st.permutations(rows[1:]))
    return rows


NUMBERS = st.one_of(
    st.integers(0, 10**15).map(str),
    st.sampled_from(["", " ", "0", "1,234", "1,000,000", " 7 ", "007", "10"]),
)


@st.composite
def plausible_files(draw: st.DrawFn) -> bytes:
    """Well-formed files whose counts change: big, zero, empty, with thousands commas. These
    mostly build, so the drafts' text is checked too."""
    rows = [list(HEADER), *(list(r) for r in ROWS)]
    for _ in range(draw(st.integers(1, 6))):
        row = draw(st.sampled_from(rows[1:]))
        row[draw(st.integers(1, 4))] = draw(NUMBERS)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A broken data file, as the bytes on disk."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=300))
    if kind == 1:
        return draw(st.sampled_from([b"", b"\n", b"\xef\xbb\xbf", b"\r\n\r\n", b" "]))
    if kind in (2, 3):
        return draw(plausible_files())
    rows = draw(tables())
    delimiter = draw(st.sampled_from([",", ",", ",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quoting = draw(st.sampled_from(["minimal", "all", "none"]))
    if quoting == "none":
        text = newline.join(delimiter.join(r) for r in rows)
        text += newline if draw(st.booleans()) else ""
    else:
        buffer = io.StringIO()
        mode = csv.QUOTE_MINIMAL if quoting == "minimal" else csv.QUOTE_ALL
        csv.writer(buffer, delimiter=delimiter, lineterminator=newline, quoting=mode).writerows(
            rows
        )
        text = buffer.getvalue()
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if data and draw(st.integers(0, 4)) == 0:
        data = data[: draw(st.integers(0, len(data) - 1))]
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


@fuzz_settings(300)
@given(content=csv_files())
def test_fuzzed_data_file(pristine: Pristine, content: bytes) -> None:
    build_broken(pristine, DATA, content)


# --- quote files ---------------------------------------------------------------------------

BASE_QUOTE = yaml.safe_load((TINY / QUOTE).read_text(encoding="utf-8"))
QUOTE_FIELDS = sorted(
    {"speaker", "role", "organisation", "known_as", "pronoun", "places", "national", "said"}
    | {"paragraphs", "cleared", "order"}
)
HUGE = st.integers(1_000, 20_000).map(lambda n: "word " * n)  # up to 100 kB
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=20),
    st.dates(),
    HUGE,
    st.sampled_from(
        ["northshire", "Northshire Council", "North Shire", "Nowhere", "nan", "None", "", " "]
        + ["{{ place.name }}", "she", "He", "THEY", "robot", "<b>x</b>", "1", "-3"]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4)
    ),
    max_leaves=10,
)
PLACE_NAMES = st.sampled_from(
    ["northshire", "Northshire Council", "North Shire", "midshire", "Nowhere", "northshir", ""]
)
YAML_BITS = [
    ": ", "- ", "\n", "\n  ", "\t", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a", "*b", "!!str ",
    "!!python/object:os.system ", "!!binary ", "---\n", "...\n", "? ", "|\n", ">\n", "%YAML 1.1\n",
    "#", "organisation", "speaker", "places", "paragraphs", "cleared", "true", "null", "~",
    "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!set ",
    "northshire", '"\\ud800"', '"\\x00"', '"\\U0001F642"', "0x1F", "1e400", ".nan", "2020-02-30",
]  # fmt: skip
BAD_BYTES = [b"\xff", b"\xfe", b"\xc3(", b"\xed\xa0\x80", b"\x80", b"\x00", b"\xf4\x90\x80\x80"]


def dump(value: object) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def edited_quotes(draw: st.DrawFn) -> bytes:
    """The real quote with fields removed, retyped or added."""
    quote = dict(BASE_QUOTE)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["drop", "set", "unknown", "places", "paragraphs"]))
        if op == "drop" and quote:
            del quote[draw(st.sampled_from(sorted(quote, key=repr)))]
        elif op == "set":
            quote[draw(st.sampled_from(QUOTE_FIELDS))] = draw(SCALARS | VALUES)
        elif op == "unknown":
            quote[draw(st.one_of(st.text(max_size=10), st.integers()))] = draw(VALUES)
        elif op == "places":
            quote["places"] = draw(st.lists(PLACE_NAMES | SCALARS, max_size=4))
        else:
            quote["paragraphs"] = draw(st.lists(SCALARS | VALUES, max_size=3))
    return dump(quote)


@st.composite
def invalid_utf8(draw: st.DrawFn) -> bytes:
    data = dump(BASE_QUOTE)
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.sampled_from(BAD_BYTES)) + data[at:]


YAML_ESCAPES = ["\\ud800", "\\x00", "\\u2028", "\\N", "\\L", "\\P", "\\_", "\\t", "\\e"]
ESCAPED_PARAGRAPHS = st.lists(st.sampled_from([*YAML_ESCAPES, "a", " ", "'"]), max_size=6).map(
    lambda bits: dump({**BASE_QUOTE, "paragraphs": ["PARAGRAPH"]}).replace(
        b"PARAGRAPH", f'"{"".join(bits)}"'.encode()
    )
)
ONE_FIELD = st.tuples(st.sampled_from(QUOTE_FIELDS), SCALARS | VALUES).map(
    lambda kv: dump({**BASE_QUOTE, kv[0]: kv[1]})
)
QUOTE_FILES = st.one_of(
    ONE_FIELD,
    ESCAPED_PARAGRAPHS,
    st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=6), max_size=30).map(
        lambda bits: "".join(bits).encode("utf-8")
    ),
    VALUES.map(dump),
    edited_quotes(),
    edited_quotes(),
    invalid_utf8(),
    st.integers(1, 1500).map(lambda n: ("paragraphs: " + "[" * n + "]" * n).encode()),
    st.text(max_size=40).map(lambda s: s.encode("utf-16")),
)


@fuzz_settings(250)
@given(
    name=st.sampled_from(["northshire.yaml", "withheld.yaml", "extra.yaml"]),
    content=QUOTE_FILES,
)
def test_fuzzed_quote_file(pristine: Pristine, name: str, content: bytes) -> None:
    build_broken(pristine, f"quotes/tiny/{name}", content)


# --- templates -----------------------------------------------------------------------------

BASE_TEMPLATE = (TINY / TEMPLATE).read_text(encoding="utf-8")
JINJA_BITS = [
    "{{", "}}", "{%", "%}", "{#", "#}", "{{-", "-}}", " ", "\n", "|", ".", "(", ")", "[", "]",
    "'", '"', ",", "~", "+", "-", "/", "//", "%", "0", "1", "7", "=", "==", "<", "not", "and",
    "place", "place.name", "lead", "lead.kind", "measures", "m", "m.figure", "quotes", "story",
    "nosuchname", "none", "None", "nan", "true", "loop", "self", "varargs",
    "| sentence", "| proportion", "| percent", "| number", "| words", "| plural",
    "| ordinal", "| date", "| series", "| first", "| nosuchfilter", "| safe", "| e",
    "{% if %}", "{% if place %}", "{% endif %}", "{% else %}", "{% for m in measures %}",
    "{% endfor %}", "{% set x = 1 %}", "{% raw %}", "{% endraw %}", "{% block b %}",
    "{% endblock %}", "{% macro f() %}", "{% endmacro %}", "{% call f() %}", "{% filter upper %}",
    "{{ place.name }}", "{{ nosuchname }}", "{{ place.name | nosuchfilter }}",
    "{{ ''.__class__ }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}", "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__ }}", "{{ range.__self__ }}", "{{ place.__dict__ }}",
    "{% include '/etc/passwd' %}", "{% include '../../data/places.csv' %}",
    "{% include 'story.yaml' %}", "{% include 'draft.md.j2' %}", "{% extends 'nope.j2' %}",
    "{% import 'draft.md.j2' as d %}", "{{ range(3) | list }}", "{{ range(1000000) }}",
    "{{ 1/0 }}", "{{ '%(a)s' % {} }}", "{{ '{x}'.format() }}", "{{ 1e400 | int }}",
    "{{ 'x' | map('nope') | list }}", "{{ 'abc' | truncate(-5) }}", "{{ 1 | plural(1) }}",
    "{{ m.figure | proportion }}", "{{ measures[0].pooled | percent }}", "{{ lead.measure }}",
    "{{ quotes | first }}", "{{ '\\ud800' }}", "{{ '{' }}{{ '{' }}", "{{ 'nan' }}",
]  # fmt: skip
TEXT = st.text(st.characters(blacklist_characters="*", blacklist_categories=("Cs",)), max_size=6)


@st.composite
def spliced_templates(draw: st.DrawFn) -> str:
    """The real template with fragments inserted at random places."""
    text = BASE_TEMPLATE
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(JINJA_BITS) | TEXT) + text[at:]
    return text


SNIPPETS = [b for b in JINJA_BITS if b.startswith(("{{ ", "{% ")) and b.endswith(("}}", "%}"))]
TEMPLATES = st.one_of(
    st.sampled_from(SNIPPETS).map(lambda snippet: f"{BASE_TEMPLATE}{snippet}\n"),
    st.lists(st.sampled_from(JINJA_BITS) | TEXT, max_size=30).map("".join),
    spliced_templates(),
    spliced_templates(),
    st.integers(1, 400).map(lambda n: "{{ " + "(" * n + "1" + ")" * n + " }}"),
    st.integers(1, 40).map(lambda n: "{% for a in [1] %}" * n + "x" + "{% endfor %}" * n),
    st.integers(1, 150).map(lambda n: "{% if true %}" * n + "x" + "{% endif %}" * n),
    st.integers(1, 50).map(lambda n: "{{ place" + ".name" * n + " }}"),
)


@fuzz_settings(300)
@given(
    text=TEMPLATES,
    encoding=st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "cp1252"]),
)
def test_fuzzed_template(pristine: Pristine, text: str, encoding: str) -> None:
    build_broken(pristine, TEMPLATE, text.encode(encoding, errors="replace"))


# --- regressions: every bug the fuzzing found, reproduced exactly --------------------------
# Each case names what used to crash and where. An open bug is marked
# ``pytest.mark.xfail(strict=True, raises=pytest.fail.Exception)`` (build_broken fails on a
# traceback): a fix makes it pass, which fails the run until the mark (and the matching
# KNOWN_CRASHES entry) is removed. None is open.


@pytest.mark.parametrize(
    "content",
    [
        # AttributeError in tables.py _repair: two headers equal once stripped made
        # frame[column] a DataFrame (no .tolist()).
        pytest.param(
            b"area,late,letters,lost,parcels,illustrative, area\nNorth Shire,5,10,1,10,,x\n",
            id="header-same-after-strip",
        ),
        # AttributeError in tables.py _repair: two headers equal once ftfy repaired them.
        pytest.param(
            b"\x00area,area,late,letters,lost,parcels,illustrative\nNorth Shire,x,5,10,1,10,\n",
            id="header-same-after-repair-nul",
        ),
        pytest.param(
            "area,late,letters,lost,parcels,illustrative,café,cafÃ©\n"
            "North Shire,5,10,1,10,,x,y\n".encode(),
            id="header-same-after-repair-mojibake",
        ),
    ],
)
def test_data_crash_regressions(pristine: Pristine, content: bytes) -> None:
    build_broken(pristine, DATA, content, fuzzing=False)


def test_data_file_with_no_rows_is_an_error(pristine: Pristine) -> None:
    """A header and no rows used to build zero drafts and exit 0."""
    build_broken(pristine, DATA, (",".join(HEADER) + "\n").encode(), fuzzing=False)


@pytest.mark.parametrize(
    "content",
    [
        # UnicodeDecodeError from path.read_text in quotes.py load_quotes.
        pytest.param(b"organisation: X\n\xff\xfe\n", id="invalid-utf8"),
        # yaml.safe_load raises plain Python errors for some scalars; quotes.py load_quotes
        # caught only yaml.YAMLError.
        pytest.param(b"organisation: X\nsaid: 2020-02-30\n", id="yaml-value-date"),
        pytest.param(b"organisation: X\nsaid: !!bool maybe\n", id="yaml-value-bool"),
        pytest.param(b"!!int \n", id="yaml-value-int"),  # IndexError
        pytest.param(
            b"organisation: X\nsaid: !!timestamp x\n",
            id="yaml-value-timestamp",  # AttributeError
        ),
        # RecursionError inside yaml.safe_load in quotes.py load_quotes.
        pytest.param(b"paragraphs: " + b"[" * 2000, id="deep-nesting"),
        # TypeError: sorted() of int and str keys in quotes.py load_quotes.
        pytest.param(b"1: a\nb: c\n", id="non-string-keys"),
        # TypeError: iterating a non-list 'places' in quotes.py load_quotes.
        pytest.param(
            b"organisation: X\nplaces: 5\nparagraphs: [a]\ncleared: true\n",
            id="places-not-a-list",
        ),
        # ValueError from int(raw["order"]) in quotes.py load_quotes.
        pytest.param(
            b"organisation: X\nplaces: [northshire]\nparagraphs: [a]\ncleared: true\norder: abc\n",
            id="order-not-a-number",
        ),
    ],
)
def test_quote_crash_regressions(pristine: Pristine, content: bytes) -> None:
    build_broken(pristine, QUOTE, content, fuzzing=False)


@pytest.mark.parametrize(
    ("path", "content"),
    [
        # UnicodeEncodeError: a lone surrogate reached path.write_bytes in build.py _write_tree.
        pytest.param(
            QUOTE,
            b'organisation: X\nplaces: [northshire]\nparagraphs: ["a \\ud800 b"]\ncleared: true\n',
            id="quote",
        ),
        pytest.param(TEMPLATE, b"# {{ '\\ud800' }}\n", id="template"),
    ],
)
def test_surrogate_crash_regressions(pristine: Pristine, path: str, content: bytes) -> None:
    build_broken(pristine, path, content, fuzzing=False)


@pytest.mark.parametrize(
    "text",
    [
        # Each of these escaped render.py Renderer.render, which caught only a few error types.
        pytest.param("{{ 1/0 }}", id="division-by-zero"),
        pytest.param("{{ range(1000000) }}", id="sandbox-range"),  # OverflowError
        pytest.param("{% include 'draft.md.j2' %}", id="self-include"),  # RecursionError
        pytest.param("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", id="recursive-macro"),
        pytest.param("{{ " + "(" * 300 + "1" + ")" * 300 + " }}", id="deep-parentheses"),
        # SyntaxError from Python's compile(): too many statically nested blocks.
        pytest.param("{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25, id="nested-loops"),
        # IndentationError from Python's compile(): too many levels of indentation.
        pytest.param("{% if true %}" * 150 + "x" + "{% endif %}" * 150, id="nested-ifs"),
        pytest.param("{{ '%(a)s' % {} }}", id="percent-format"),  # KeyError
        pytest.param("{{ '{x}'.format() }}", id="str-format"),  # KeyError
        pytest.param("{{ 'x' | map('nope') | list }}", id="map-unknown-filter"),
        pytest.param("{{ 1.5 | round(1, 'x') }}", id="filter-argument"),
        pytest.param("{{ 'abc' | truncate(-5) }}", id="truncate-negative"),  # AssertionError
        pytest.param("{{ 1e400 | int }}", id="infinite-literal"),  # NameError: 'inf'
        # typeguard's TypeCheckError from inflect, raised in filters.py plural.
        pytest.param("{{ 1 | plural(1) }}", id="plural-of-a-number"),
    ],
)
def test_template_crash_regressions(pristine: Pristine, text: str) -> None:
    build_broken(pristine, TEMPLATE, text.encode("utf-8"), fuzzing=False)


MANIFEST = "templates/tiny/story.yaml"


@pytest.mark.parametrize(
    "extra",
    [
        # Not fuzzed (story.yaml is the journalists' manifest, not an input file); story.py
        # load_story caught only yaml.YAMLError, as the quotes loader did.
        pytest.param(
            "published: 2020-02-30\n",
            id="impossible-date",  # ValueError
        ),
        pytest.param(
            "version: !!int \n",
            id="empty-int-tag",  # IndexError
        ),
    ],
)
def test_story_manifest_crash_regressions(pristine: Pristine, extra: str) -> None:
    manifest = (pristine.root / MANIFEST).read_text(encoding="utf-8")
    build_broken(pristine, MANIFEST, (manifest + extra).encode("utf-8"), fuzzing=False)
