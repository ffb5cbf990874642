"""Writing a story: ``drafts new`` makes a skeleton that builds, and docs/writing-a-story.md
lists exactly the template variables and filters the code has (the manifest fields, places
columns and outlet fields are checked by ``test_manifest_docs.py``).

The reference sections of the guide are parsed: the first cell of each table row names one
field (``measures[].per``), variable (``m.claim``) or filter (``rate(rate, per=100, ...)``).
Each is compared with the code both ways, so a test names anything documented that does not
exist and anything real that is not documented.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import inspect
import re
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, run, tree_digest
from jinja2 import meta
from test_manifest_docs import manifest_fields

from generator.compute.categories import PlaceCategories, Share
from generator.compute.change import PeriodChange, PlaceChange
from generator.compute.dispersion import Dispersion
from generator.compute.funnel import Limits, Position
from generator.compute.ranking import Rank
from generator.drafts.context import TEMPLATE_NAMES, DraftContext, Lead, MeasureView, Style
from generator.drafts.freeze import freeze_vars
from generator.drafts.group import GroupContext, GroupMeasure
from generator.drafts.radio import ScriptSpec
from generator.drafts.render import environment
from generator.inputs.data import Figure, Value
from generator.inputs.measure_kinds import Change
from generator.inputs.places import Place, Places
from generator.inputs.quotes import Quote
from generator.inputs.story import Measure, Story, Unit
from generator.language.filters import FILTERS

GUIDE = ROOT / "docs" / "writing-a-story.md"
ILLUSTRATIVE = "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION"
SLUG = "demo-story"


# --- drafts new ------------------------------------------------------------------------------


@pytest.mark.slow
def test_new_story_builds_an_illustrative_draft_for_every_place(project: Path) -> None:
    made = run(project, "new", SLUG)
    assert made.exit_code == 0, made.output
    assert made.output == (
        f"Created story {SLUG}:\n"
        f"  templates/{SLUG}/story.yaml\n"
        f"  templates/{SLUG}/article.md.j2\n"
        f"  data/{SLUG}/figures.csv\n"
        f"  quotes/{SLUG}/README.md\n"
        f"Next: drafts --root {project.resolve()} build --story {SLUG}    "
        "(then see docs/writing-a-story.md)\n"
    )
    built = run(project, "build", "--story", SLUG)
    assert built.exit_code == 0, built.output
    places = Places.load(project / "data/police-forces.csv")
    assert f"{SLUG}: 43 drafts written" in built.output
    assert "illustrative figures (not for publication): 43" in built.output
    for place in places:
        folder = project / "out" / SLUG / place.slug
        for name in ("article.md", "article.txt"):
            text = (folder / name).read_text(encoding="utf-8")
            # the banner names the stand-in figures after the warning
            assert text.startswith(ILLUSTRATIVE + ": "), f"{place.slug}/{name}"
        assert ILLUSTRATIVE in (folder / "article.html").read_text(encoding="utf-8")
        assert '"illustrative": true' in (folder / "facts.json").read_text(encoding="utf-8")


def test_every_sample_figure_is_marked_illustrative(project: Path) -> None:
    assert run(project, "new", SLUG).exit_code == 0
    manifest = (project / "templates" / SLUG / "story.yaml").read_text(encoding="utf-8")
    with (project / "data" / SLUG / "figures.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = [p.name for p in Places.load(project / "data/police-forces.csv")]
    assert [row["name"] for row in rows] == names
    assert "illustrative_column: illustrative" in manifest
    for row in rows:
        flagged = set(row["illustrative"].split(";"))
        figures = {c for c, v in row.items() if c not in ("name", "illustrative") and v}
        assert figures and figures <= flagged, row


@pytest.mark.slow
def test_new_story_works_with_another_places_file(tiny: Path) -> None:
    made = run(tiny, "new", SLUG, "--places", "data/places.csv", "--unit", "council area")
    assert made.exit_code == 0, made.output
    manifest = (tiny / "templates" / SLUG / "story.yaml").read_text(encoding="utf-8")
    assert "plural: council areas" in manifest and "area: Testland" in manifest
    built = run(tiny, "build", "--story", SLUG)
    assert built.exit_code == 0, built.output
    drafts = sorted(p.parent.name for p in (tiny / "out" / SLUG).glob("*/article.md"))
    assert drafts == ["eastshire", "midshire", "northshire", "southshire", "westshire"]


def test_the_skeleton_template_uses_only_documented_names(project: Path) -> None:
    assert run(project, "new", SLUG).exit_code == 0
    folder = project / "templates" / SLUG
    source = (folder / "article.md.j2").read_text(encoding="utf-8")
    used = meta.find_undeclared_variables(environment(folder).parse(source))
    assert used and used <= TEMPLATE_NAMES, used - TEMPLATE_NAMES


def test_the_skeleton_manifest_shows_every_field() -> None:
    from generator.authoring.skeleton import MANIFEST

    shown = [p for p in manifest_fields() if not p.startswith("data.steps[].")]  # one example
    missing = sorted(path for path in shown if f"{leaf(path)}:" not in MANIFEST)
    assert not missing, f"the skeleton's story.yaml does not show: {missing}"


def test_new_refuses_an_existing_story_and_changes_nothing(project: Path) -> None:
    assert run(project, "new", SLUG).exit_code == 0
    before = tree_digest(project)
    again = run(project, "new", SLUG)
    assert again.exit_code == 1
    assert again.output == (
        f"Error: templates/{SLUG}: story '{SLUG}' already exists; nothing was written. "
        "Choose another name, or edit the story that is there\n"
    )
    assert tree_digest(project) == before
    bundled = run(project, "new", "cancelled-crimes")
    assert bundled.exit_code == 1 and "already exists" in bundled.output
    assert tree_digest(project) == before


def test_new_refuses_when_only_the_data_folder_exists(project: Path) -> None:
    (project / "data" / SLUG).mkdir()
    (project / "data" / SLUG / "figures.csv").write_text("real,data\n", encoding="utf-8")
    before = tree_digest(project)
    result = run(project, "new", SLUG)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: data/{SLUG}: story '{SLUG}' already exists")
    assert tree_digest(project) == before
    assert not (project / "templates" / SLUG).exists()


@pytest.mark.parametrize(
    "name", ["Demo Story", "demo_story", "demo-", "demo--story", "démo", "../escape"]
)
def test_a_bad_story_name_fails_cleanly(project: Path, name: str) -> None:
    before = tree_digest(project)
    result = run(project, "new", name)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {name!r} is not a story name: use lowercase ")
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert tree_digest(project) == before


def test_a_missing_places_file_fails_cleanly(project: Path) -> None:
    before = tree_digest(project)
    result = run(project, "new", SLUG, "--places", "data/councils.csv")
    assert result.exit_code == 1
    assert result.output == "Error: data/councils.csv: file not found. Check the path\n"
    assert tree_digest(project) == before


def test_readme_points_to_the_guide() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Writing a new story", 1)[1].split("\n## ", 1)[0]
    assert "drafts new STORY" in section and "drafts build --story STORY" in section
    assert "docs/writing-a-story.md" in section


# --- the guide's reference sections ----------------------------------------------------------


def section(title: str) -> str:
    """The text of ``## title`` in the guide, up to the next ``## `` heading."""
    text = GUIDE.read_text(encoding="utf-8")
    parts = re.split(rf"^## {re.escape(title)}\n", text, flags=re.M)
    assert len(parts) == 2, f"docs/writing-a-story.md needs one '## {title}' section"
    return re.split(r"^## ", parts[1], flags=re.M)[0]


def cells(line: str) -> list[str]:
    """A Markdown table row's cells; ``\\|`` inside a cell is a literal bar."""
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [p.strip().replace("\\|", "|") for p in parts]


def first_cells(text: str) -> list[str]:
    """The first cell of every table row below the header, as the code it holds."""
    names = []
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        first = cells(line)[0]
        match = re.fullmatch(r"`([^`]+)`", first)
        assert match, f"the first cell must be one name in backticks: {first!r}"
        names.append(match[1])
    return names


def leaf(path: str) -> str:
    return path.rsplit(".", 1)[-1]


# Every ``###`` subsection of "Template variables" names one of these in backticks. The top-level
# contexts list bare names (``story``); the others dotted ones (``m.claim``: the last part is
# the field).
CONTEXTS = {"DraftContext": DraftContext, "GroupContext": GroupContext}
VALUES = {
    "MeasureView": MeasureView,
    "Measure": Measure,
    "Figure": Figure,
    "Rank": Rank,
    "Change": Change,
    "PlaceChange": PlaceChange,
    "PeriodChange": PeriodChange,
    "Position": Position,
    "Limits": Limits,
    "Dispersion": Dispersion,
    "Lead": Lead,
    "Style": Style,
    "Place": Place,
    "Story": Story,
    "Unit": Unit,
    "Quote": Quote,
    "GroupMeasure": GroupMeasure,
    "ScriptSpec": ScriptSpec,
    "PlaceCategories": PlaceCategories,
    "Share": Share,
}
CLASSES = {**CONTEXTS, **VALUES}


def members(cls: type) -> set[str]:
    """What a template can read on ``cls``: its dataclass fields and public properties."""
    fields = {f.name for f in dataclasses.fields(cls)}
    props = {n for n, v in inspect.getmembers(cls) if isinstance(v, property)}
    return fields | {p for p in props if not p.startswith("_")}


def documented_variables() -> dict[str, list[str]]:
    """Class name -> the names its subsection's table documents."""
    text = section("Template variables")
    found: dict[str, list[str]] = {}
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        heading, _, body = block.partition("\n")
        named = [n for n in re.findall(r"`([A-Za-z]+)`", heading) if n in CLASSES]
        assert len(named) == 1, f"heading must name one class in backticks: {heading!r}"
        assert named[0] not in found, f"two subsections for {named[0]}"
        found[named[0]] = first_cells(body)
    return found


def test_every_context_class_has_a_subsection() -> None:
    missing = sorted(set(CLASSES) - set(documented_variables()))
    assert not missing, f"'Template variables' has no subsection for: {missing}"


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_documented_template_variables_exist(name: str) -> None:
    names = documented_variables().get(name, [])
    assert names, f"no variables documented for {name}"
    bare = name in CONTEXTS
    shape = [n for n in names if ("." in n) == bare]
    assert not shape, f"{name}: {'bare' if bare else 'dotted'} names expected, got {shape}"
    unknown = sorted({leaf(n) for n in names} - members(CLASSES[name]))
    assert not unknown, f"documented for {name} but not in the code: {unknown}"


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_template_variable_is_documented(name: str) -> None:
    documented = {leaf(n) for n in documented_variables().get(name, [])}
    undocumented = sorted(members(CLASSES[name]) - documented)
    assert not undocumented, f"{name} has these, missing from 'Template variables': {undocumented}"


def documented_filters() -> dict[str, str]:
    """Filter name -> its documented signature, e.g. ``rate(rate, per=100, ...)``."""
    found = {}
    for signature in first_cells(section("Filters")):
        name = signature.split("(", 1)[0]
        assert name not in found, f"{name} documented twice"
        found[name] = signature
    return found


def test_documented_filters_exist() -> None:
    unknown = sorted(set(documented_filters()) - set(FILTERS))
    assert not unknown, f"documented in 'Filters' but not in FILTERS: {unknown}"


def test_every_filter_is_documented() -> None:
    undocumented = sorted(set(FILTERS) - set(documented_filters()))
    assert not undocumented, f"in FILTERS, missing from docs 'Filters': {undocumented}"


def parameters(signature: str) -> list[tuple[str, object]]:
    """``"f(a, b=1)"`` -> ``[("a", EMPTY), ("b", 1)]``."""
    call = ast.parse(signature, mode="eval").body
    assert isinstance(call, ast.Call), signature
    names = [(a.id, inspect.Parameter.empty) for a in call.args if isinstance(a, ast.Name)]
    assert len(names) == len(call.args), f"plain names before defaults: {signature}"
    return names + [(k.arg, ast.literal_eval(k.value)) for k in call.keywords]


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filter_signature_is_documented_exactly(name: str) -> None:
    signature = documented_filters().get(name)
    assert signature, f"{name} is not documented"
    real = [(p.name, p.default) for p in inspect.signature(FILTERS[name]).parameters.values()]
    assert parameters(signature) == real, f"{name}: documented {signature}, real {real}"


# What the examples of filters that take more than a figure are worked on.
EXAMPLE_VALUES = {
    "change": PeriodChange(Figure(60, 100), Figure(43, 100), "2012"),
    # a measure view ranked 42nd of 43 from the worst end, where higher is worse
    "m": SimpleNamespace(rank=Rank(42, 1, 43, 43), worse="higher"),
    # a value measure view: £12.50 per head against £11 for every place together
    "v": SimpleNamespace(
        figure=Value(Fraction(25, 2)),
        pooled=Value(Fraction(11)),
        unit="pounds",
        suffix="per head",
        decimals=2,
    ),
    # a place's categories: Charged 40, No suspect 30, Pending 20 of 100 (and 170 of 400)
    "c": freeze_vars(
        {
            "c": PlaceCategories(
                "outcome",
                "outcome",
                "crime",
                "crimes",
                100,
                tuple(
                    Share(name, name, Figure(n, 100), order, 1)
                    for name, n, order in (
                        ("Charged", 40, 1),
                        ("No suspect", 30, 2),
                        ("Pending", 20, 3),
                    )
                ),
                (Share("No suspect", "No suspect", Figure(170, 400), 1, 1),),
            )
        }
    )["c"],
}
EXAMPLE = re.compile(r"`(\{\{.*?\}\})` → `([^`]*)`")


def test_filter_examples_are_true(tmp_path: Path) -> None:
    env = environment(tmp_path)
    checked = set()
    for line in section("Filters").splitlines():
        if not line.startswith("| `"):
            continue
        row = cells(line)
        name = row[0].strip("`").split("(", 1)[0]
        examples = EXAMPLE.findall(row[-1])
        assert examples, f"{name}: no example"
        for source, expected in examples:
            assert f"| {name}" in source, f"{name}'s example does not use it: {source}"
            shown = env.from_string(source).render(figure=Figure(9, 17), **EXAMPLE_VALUES)
            assert shown == expected, f"{source} gives {shown!r}, the docs say {expected!r}"
            checked.add(name)
    assert checked == set(FILTERS)


def test_the_guide_walks_through_every_step() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    for step in (
        "What a story is",
        "Start with `drafts new`",
        "The data file",
        "The places file",
        "The manifest",
        "Templates",
        "Quotes",
        "Outlets",
        "Radio",
        "Building",
        "Checking",
        "Releasing",
        "Manifest fields",
        "Template variables",
        "Filters",
    ):
        assert step in headings, step
    links = re.findall(r"\]\(([^)#]+)\)", text)
    assert links
    for link in links:
        assert (GUIDE.parent / link).exists(), link
