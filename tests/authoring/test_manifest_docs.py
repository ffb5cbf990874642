"""The guide's reference tables and the code agree, both ways, for everything a journalist
writes: the manifest's fields (docs/writing-a-story.md, "Manifest fields"), the places file's
columns ("The places file") and the outlets file's fields (docs/quotes-and-outlets.md).

Nothing here is a hand list of fields: they are read from the code. The manifest's sections
come from ``TOP_KEYS`` and the ``*_KEYS`` constants of the ``generator.inputs`` modules (a
constant named after a top-level key gives that section's fields, one named after a measure
field gives that block's), measures from the ``Measure`` dataclass, outputs from ``Output``,
steps from ``steps.KEYS``. A new ``*_KEYS`` constant that names neither, and holds keys not
already known, fails the test until it is placed here. So a field added to the code and not
documented fails, and so does a documented field the code no longer has.

Each row gives what the field does, its default, an example and the error a journalist sees
when it is wrong; every error quoted in a row must be words the code really prints.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import ROOT

import generator
import generator.inputs
import generator.inputs.categories as categories_module
import generator.inputs.leads as leads_module
import generator.inputs.measure_kinds as kinds_module
import generator.inputs.outlets as outlets_module
import generator.inputs.places as places_module
import generator.inputs.steps as steps_module
import generator.inputs.story as story_module
from generator.outputs.writers import WRITERS

GUIDE = ROOT / "docs" / "writing-a-story.md"
OUTLETS_DOC = ROOT / "docs" / "quotes-and-outlets.md"

FREE = {"settings"}
"""Top-level keys whose contents are the story's own (no fixed fields)."""


# --- what the code knows ---------------------------------------------------------------------


def section_of(name: str) -> str:
    """The manifest key a ``<NAME>_KEYS`` constant is about: ``LIMITS_KEYS`` -> ``limits``,
    and a singular for a list of sections, ``CATEGORY_KEYS`` -> ``categories``."""
    word = name.removesuffix("_KEYS").lower()
    plurals = {word + "s", word[:-1] + "ies" if word.endswith("y") else word + "s"}
    return next((key for key in sorted(plurals & story_module.TOP_KEYS)), word)


def key_constants() -> dict[str, tuple[str, set[str]]]:
    """``section -> (constant, keys)`` for every ``<SECTION>_KEYS`` of a generator.inputs
    module (``REQUIRED_*`` and ``TOP_KEYS`` are not sections)."""
    found: dict[str, tuple[str, set[str]]] = {}
    for info in pkgutil.iter_modules(generator.inputs.__path__):
        module = importlib.import_module(f"generator.inputs.{info.name}")
        for name, value in vars(module).items():
            if not name.endswith("_KEYS") or name.startswith(("REQUIRED", "TOP")):
                continue
            if isinstance(value, (set, frozenset, tuple, list)):
                found[section_of(name)] = (name, {str(v) for v in value})
    return found


def manifest_fields() -> set[str]:
    """Every manifest field the code reads, as the guide writes its path: ``measures[].per``,
    ``outputs.<name>.scope``, ``data.steps[].pivot.rows``."""
    constants = key_constants()
    measure_keys = set(story_module.MEASURE_KEYS)
    fields = set(story_module.TOP_KEYS)
    fields |= {f"unit.{f.name}" for f in dataclasses.fields(story_module.Unit)}
    fields |= {f"measures[].{key}" for key in measure_keys}
    output_keys = {f.name for f in dataclasses.fields(story_module.Output)} - {"name"}
    fields |= {f"outputs.<name>.{key}" for key in output_keys}
    fields |= {f"data.steps[].{kind}" for kind in steps_module.KEYS}
    fields |= {
        f"data.steps[].{kind}.{key}" for kind, keys in steps_module.KEYS.items() for key in keys
    }
    for section, (_, keys) in constants.items():
        if section in story_module.TOP_KEYS and section not in FREE:
            fields |= {f"{section}.{key}" for key in keys}
        elif section in measure_keys:
            fields |= {f"measures[].{section}.{key}" for key in keys}
    by_shape: dict[str, str] = {}  # measures.per (MEASURE_KEYS) and measures[].per are one
    for path in sorted(fields, key=len):
        by_shape[shape(path)] = path
    return set(by_shape.values())


def test_every_key_constant_is_placed() -> None:
    """A ``*_KEYS`` constant is a section, a measure's block, or keys already known (such as
    the settings only one kind of measure takes): anything else is a new section this test
    would miss."""
    known = {path.rsplit(".", 1)[-1] for path in manifest_fields()}
    measure_keys = set(story_module.MEASURE_KEYS)
    stray = sorted(
        name
        for section, (name, keys) in key_constants().items()
        if section not in story_module.TOP_KEYS
        and section not in measure_keys
        and not keys <= known
    )
    assert not stray, f"place these in manifest_fields(): {stray}"


def test_every_top_level_section_is_read() -> None:
    """Each top-level key with fields of its own has its ``<KEY>_KEYS`` constant (or is one of
    the sections read from a dataclass here), so its fields are checked too."""
    scalars = {"title", "outlets"}
    by_code = {"unit", "data", "measures", "outputs"}
    unread = sorted(
        key
        for key in story_module.TOP_KEYS - scalars - by_code - FREE
        if key not in key_constants()
    )
    assert not unread, f"expose a module-level <KEY>_KEYS constant for: {unread}"


def allowed_values() -> dict[str, tuple[str, ...]]:
    """Field -> the values the code accepts, each of which its row must show in backticks."""
    values: dict[str, tuple[str, ...]] = {
        "measures[].worse": story_module.WORSE,
        "measures[].kind": kinds_module.KINDS,
        "measures[].unit": kinds_module.UNITS,
        "measures[].national": kinds_module.NATIONAL,
        "categories[].empty": categories_module.EMPTY,
        "data.absent": story_module.ABSENT,
        "data.steps": tuple(steps_module.KEYS),
        "data.steps[].pivot.missing": steps_module.MISSING,
        "funnel.method": story_module.FUNNEL_METHODS,
        "funnel.dispersion": story_module.FUNNEL_DISPERSIONS,
        "outputs.<name>.scope": story_module.SCOPES,
        "outputs.<name>.formats": tuple(WRITERS),
    }
    values |= {f"leads.{kind}": (leads_module.OFF,) for kind in leads_module.SETTABLE}
    values.pop(f"leads.{leads_module.SCORED[-1]}", None)  # the last finding against a place
    real = {shape(path) for path in manifest_fields()}
    return {field: vals for field, vals in values.items() if shape(field) in real}


def outlet_values() -> dict[str, tuple[str, ...]]:
    return {
        "kind": outlets_module.KINDS,
        "sign": outlets_module.SIGNS,
        "headline_sign": outlets_module.SIGNS,
        "places": (outlets_module.ALL,),
    }


def code_words() -> tuple[list[str], list[re.Pattern[str]]]:
    """The words an error can be made of: every string literal in generator/ (each literal
    part of an f-string included), and each f-string as a pattern, its values as ``.+``."""
    words: list[str] = []
    patterns: list[re.Pattern[str]] = []
    for path in sorted(Path(generator.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words.append(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = [
                    re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in node.values
                ]
                while parts and parts[0] == ".+":
                    parts.pop(0)
                while parts and parts[-1] == ".+":
                    parts.pop()
                if len(parts) > 1:
                    patterns.append(re.compile("".join(parts)))
    return words, patterns


# --- what the docs say -----------------------------------------------------------------------


def section(path: Path, title: str) -> str:
    """The text of ``## title`` in ``path``, up to the next ``## `` heading."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(rf"^## {re.escape(title)}\n", text, flags=re.M)
    assert len(parts) == 2, f"{path.name} needs one '## {title}' section"
    return re.split(r"^## ", parts[1], flags=re.M)[0]


def cells(line: str) -> list[str]:
    """A Markdown table row's cells; ``\\|`` inside a cell is a literal bar."""
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [p.strip().replace("\\|", "|") for p in parts]


def table(text: str, first: str) -> tuple[list[str], dict[str, list[str]]]:
    """The header and rows (by the name in the first cell's backticks) of the table in
    ``text`` whose header starts with ``| first |``."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if cells(line)[0] == first), None)
    assert start is not None, f"no table with a '{first}' column"
    header = cells(lines[start])
    rows: dict[str, list[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        row = cells(line)
        match = re.fullmatch(r"`([^`]+)`", row[0])
        assert match, f"the first cell must be one name in backticks: {row[0]!r}"
        assert match[1] not in rows, f"{match[1]} is documented twice"
        assert len(row) == len(header), f"{match[1]}: {len(row)} cells, not {len(header)}"
        rows[match[1]] = row
    return header, rows


MANIFEST_HEADER = ["field", "type", "default", "required", "meaning", "example", "if wrong"]
PLACES_HEADER = ["column", "required", "meaning", "example", "if wrong"]
OUTLETS_HEADER = ["field", "required", "meaning", "example", "if wrong"]


def manifest_rows() -> dict[str, list[str]]:
    header, rows = table(section(GUIDE, "Manifest fields"), "field")
    assert header == MANIFEST_HEADER
    return rows


def places_rows() -> dict[str, list[str]]:
    header, rows = table(section(GUIDE, "The places file"), "column")
    assert header == PLACES_HEADER
    return rows


def outlets_rows() -> dict[str, list[str]]:
    header, rows = table(section(OUTLETS_DOC, "Outlets (`data/outlets.yaml`)"), "field")
    assert header == OUTLETS_HEADER
    return rows


def shape(path: str) -> str:
    """A path without its list and name markers, so ``measures[].per``, ``measures.per`` and
    ``outputs.<name>.scope`` / ``outputs.scope`` compare equal however a row writes them."""
    return re.sub(r"\[\]|\.<[^>]+>", "", path)


def differences(documented: Iterable[str], real: Iterable[str]) -> tuple[list[str], list[str]]:
    """(documented but not in the code, in the code but not documented)."""
    docs = {shape(d): d for d in documented}
    code = {shape(r): r for r in real}
    return sorted(docs[k] for k in set(docs) - set(code)), sorted(
        code[k] for k in set(code) - set(docs)
    )


# --- both ways -------------------------------------------------------------------------------


def test_documented_manifest_fields_exist() -> None:
    stale, _ = differences(manifest_rows(), manifest_fields())
    assert not stale, f"documented in 'Manifest fields' but not in the code: {stale}"


def test_every_manifest_field_is_documented() -> None:
    _, undocumented = differences(manifest_rows(), manifest_fields())
    assert not undocumented, f"missing from docs 'Manifest fields': {undocumented}"


def test_documented_places_columns_exist() -> None:
    stale, undocumented = differences(places_rows(), places_module.COLUMNS)
    assert not stale, f"documented in 'The places file' but not in places.COLUMNS: {stale}"
    assert not undocumented, f"places.COLUMNS, missing from 'The places file': {undocumented}"


def test_places_rows_say_which_columns_are_required() -> None:
    required = {name for name, row in places_rows().items() if row[1] == "yes"}
    assert required == set(places_module.REQUIRED)
    assert all(row[1] in ("yes", "no") for row in places_rows().values())


def test_documented_outlet_fields_exist() -> None:
    stale, undocumented = differences(outlets_rows(), outlets_module.KEYS)
    assert not stale, f"documented in quotes-and-outlets.md but not outlets.KEYS: {stale}"
    assert not undocumented, f"outlets.KEYS, missing from quotes-and-outlets.md: {undocumented}"


def test_outlet_rows_say_which_fields_are_required() -> None:
    required = {name for name, row in outlets_rows().items() if row[1] == "yes"}
    assert required == set(outlets_module.REQUIRED)


# --- what each row says ----------------------------------------------------------------------


def test_manifest_rows_give_type_default_required_meaning_and_example() -> None:
    for name, row in manifest_rows().items():
        _, kind, _default, required, meaning, example, _wrong = row
        assert kind and meaning, f"{name}: a type and a meaning"
        assert required in ("yes", "no"), f"{name}: required is 'yes' or 'no'"
        assert "`" in example, f"{name}: an example in backticks"


@pytest.mark.parametrize(
    ("rows", "column"),
    [(manifest_rows, -1), (places_rows, -1), (outlets_rows, -1)],
    ids=["manifest", "places", "outlets"],
)
def test_every_row_names_the_error_the_code_prints(rows, column: int) -> None:
    """The last cell quotes, in double quotes, what the build says when the field is wrong
    (or starts "not checked"); each quotation is words of the code (a literal, or the literal
    part of an f-string)."""
    words, patterns = code_words()
    for name, row in rows().items():
        if row[column].startswith("not checked"):
            continue
        quoted = re.findall(r'"([^"]+)"', row[column])
        assert quoted, f"{name}: the 'if wrong' cell quotes no error"
        for message in quoted:
            said = any(message in w for w in words) or any(p.search(message) for p in patterns)
            assert said, f"{name}: no error says {message!r}"


def test_examples_in_places_and_outlets_rows() -> None:
    for name, row in {**places_rows(), **outlets_rows()}.items():
        assert "`" in row[3] or '"' in row[3], f"{name}: an example"
        assert row[2], f"{name}: what it does"


@pytest.mark.parametrize("field", sorted(allowed_values()))
def test_every_accepted_value_is_documented(field: str) -> None:
    rows = {shape(name): row for name, row in manifest_rows().items()}
    row = rows.get(shape(field))
    assert row, f"{field} is not documented"
    shown = set(re.findall(r"`([^`]+)`", " ".join(row[1:])))
    shown |= {part.strip() for item in shown for part in item.strip("[]{}").split(",")}
    missing = [value for value in allowed_values()[field] if value not in shown]
    assert not missing, f"{field}: the code accepts {missing}, its row does not show them"


@pytest.mark.parametrize("field", sorted(outlet_values()))
def test_every_accepted_outlet_value_is_documented(field: str) -> None:
    row = outlets_rows()[field]
    shown = set(re.findall(r"`([^`]+)`", " ".join(row[1:])))
    shown |= {part.strip() for item in shown for part in re.split(r"[:,]", item.strip("[]{}"))}
    missing = [value for value in outlet_values()[field] if value not in shown]
    assert not missing, f"outlets' {field}: the code accepts {missing}, its row does not show them"
