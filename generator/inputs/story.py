"""The story manifest: ``templates/<story>/story.yaml`` says everything the engine needs to know.

A story is data. The manifest names the data file and its columns, the unit the story is about
(police forces, councils...), each measure (numerator and denominator columns, the nouns for
what is counted, which direction is worse) and the outputs to write. Nothing about any one story
lives in ``generator/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base.errors import InputError, Problem, ProblemList, display_path, read_yaml
from generator.base.limits import DEFAULT as DEFAULT_LIMITS
from generator.base.limits import NAMES as LIMIT_NAMES
from generator.base.limits import Limits, read_limits
from generator.base.names import (
    is_inside,
    output_name_problem,
    story_name_problem,
    suggest_slug,
)
from generator.base.names import story_slugs as story_slugs
from generator.inputs.categories import Categories, read_categories
from generator.inputs.leads import SETTABLE, LeadRules, read_leads
from generator.inputs.manifest_paths import check_paths
from generator.inputs.measure_kinds import (
    Change,
    Columns,
    base_columns,
    measure_keys,
    read_change,
    read_columns,
    read_kind,
)
from generator.inputs.places import read_nations
from generator.inputs.settings import EngineSettings, check_free_settings, read_engine, written
from generator.inputs.steps import Step, read_steps
from generator.outputs.writers import WRITERS


@dataclass(frozen=True)
class Measure:
    """One rate the story ranks places on: ``numerator / denominator``.

    ``worse`` is ``"higher"`` when a higher rate is the worse result. ``passive`` completes
    "nine of 17 sexual offences were ..." and ``active`` completes "the force ... nine of 17";
    ``topic`` names the finding in a headline ("incorrect cancellation of sexual offences").
    ``lead`` says whether the measure may lead a draft. ``per`` is the scale a rate is
    written on (100: "53 per cent"; 1000: "2.9 per 1,000") and ``decimals`` how many decimal
    places it is written with, rounded half up. ``denominator`` is one column or a tuple of
    columns whose sum is the base; ``change`` the same measure in an earlier period
    (:mod:`generator.inputs.measure_kinds`), or ``None``.
    """

    key: str
    label: str
    numerator: str
    denominator: Columns
    singular: str
    plural: str
    topic: str
    passive: str
    active: str
    worse: str = "higher"
    lead: bool = True
    none_phrase: str = ""
    per: int = 100
    decimals: int = 0
    change: Change | None = None
    kind: str = "rate"
    column: str = ""
    unit: str = "number"
    suffix: str = ""
    national: str = "median"

    @property
    def is_value(self) -> bool:
        """A plain value with a unit (``kind: value``: :mod:`generator.inputs.measure_kinds`)."""
        return self.kind == "value"

    @property
    def base_columns(self) -> tuple[str, ...]:
        """The columns the base is summed from (one for most measures; none for a value)."""
        return () if self.is_value else base_columns(self.denominator)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every data column the measure reads, the earlier period's included."""
        earlier = self.change.columns if self.change is not None else ()
        return (self.column,) if self.is_value else (self.numerator, *self.base_columns, *earlier)

    @property
    def extreme_word(self) -> str:
        """The neutral adjective for the worse end: "highest" or "lowest"."""
        return "highest" if self.worse == "higher" else "lowest"


SCOPES = ("place", "group", "national", "place-radio", "group-radio")


@dataclass(frozen=True)
class Output:
    """One kind of draft: a template, the formats it is written in, and its scope.

    Scopes: ``place`` (one draft a place, and for partners with one place), ``group`` (a
    round-up for partners covering several places), ``national`` (one draft for the whole
    area), ``place-radio`` and ``group-radio`` (radio scripts for a place, or a station's patch).
    """

    name: str
    template: str
    formats: tuple[str, ...]
    scope: str = "place"


@dataclass(frozen=True)
class Unit:
    """What the story's places are: "force"/"forces", and the area they make together."""

    singular: str
    plural: str
    area: str
    places: str
    nations: tuple[str, ...] = ()
    """The nations of the places file the story is about (every one when empty)."""


ABSENT = ("skip", "draft")
WORSE = ("higher", "lower")
"""``measures[].worse``: the direction in which a result gets worse."""
FUNNEL_METHODS = ("exact", "normal")
FUNNEL_DISPERSIONS = ("none", "multiplicative", "additive", "auto")


@dataclass(frozen=True)
class Story:
    """A loaded, validated ``story.yaml`` and the folders of that story."""

    slug: str
    title: str
    root: Path
    unit: Unit
    data_file: str
    name_column: str
    measures: tuple[Measure, ...]
    outputs: tuple[Output, ...]
    illustrative_column: str | None = None
    data_sheet: str | None = None
    outlets: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    """What templates read as ``story.settings``: the manifest's free ``settings:`` text, and
    the ``engine:`` values written there under the same names (``story.settings.source``)."""
    engine: EngineSettings = EngineSettings()
    """The values the engine reads (:mod:`generator.inputs.settings`), typed and checked."""
    skip: dict[str, str] = field(default_factory=dict)
    absent: str = "skip"
    funnel_method: str = "exact"
    funnel_dispersion: str = "auto"
    limits: Limits = DEFAULT_LIMITS
    steps: tuple[Step, ...] = ()
    """``data.steps``: how the data file is reshaped first (:mod:`generator.inputs.steps`)."""
    leads: LeadRules = LeadRules()
    """The ``leads:`` rules: lead kinds weighted or off (:mod:`generator.inputs.leads`)."""
    categories: tuple[Categories, ...] = ()
    """``categories:``: shares of a total across columns (:mod:`generator.inputs.categories`)."""

    @property
    def template_dir(self) -> Path:
        return self.root / "templates" / self.slug

    @property
    def data_path(self) -> Path:
        return self.root / "data" / self.slug / self.data_file

    @property
    def quotes_dir(self) -> Path:
        return self.root / "quotes" / self.slug

    @property
    def places_path(self) -> Path:
        return self.root / self.unit.places

    @property
    def outlets_path(self) -> Path | None:
        return self.root / self.outlets if self.outlets else None

    def scoped(self, *scopes: str) -> tuple[Output, ...]:
        """The outputs of the given scopes, in manifest order."""
        return tuple(o for o in self.outputs if o.scope in scopes)


MEASURE_KEYS = {f for f in Measure.__dataclass_fields__}
REQUIRED_MEASURE_KEYS = {
    "key",
    "label",
    "numerator",
    "denominator",
    "singular",
    "plural",
    "topic",
    "passive",
    "active",
}
TOP_KEYS = {
    "title",
    "unit",
    "data",
    "measures",
    "outputs",
    "outlets",
    "settings",
    "engine",
    "funnel",
    "limits",
    "leads",
    "categories",
}
DATA_KEYS = {
    "file",
    "sheet",
    "name_column",
    "illustrative_column",
    "fields",
    "skip",
    "absent",
    "steps",
}
FUNNEL_KEYS = {"method", "dispersion"}
LIMITS_KEYS = set(LIMIT_NAMES)
LEADS_KEYS = set(SETTABLE)


def check_story_name(slug: str) -> None:
    """Refuse (InputError) a story name that could not be a folder in templates/, data/,
    quotes/ and out/: only lowercase letters, digits and single hyphens."""
    problem = story_name_problem(slug)
    if problem is not None:
        suggestion = suggest_slug(slug) or "my-story"
        raise InputError(
            Problem(
                "story name",
                f"{problem} (the name is the story's folder in templates/, data/, quotes/ "
                "and out/)",
                hint=f"Use a name such as {suggestion!r}",
                value=slug,
            )
        )


def load_story(root: Path, slug: str) -> Story:
    """Read and validate ``templates/<slug>/story.yaml``; every problem is reported at once."""
    check_story_name(slug)
    path = root / "templates" / slug / "story.yaml"
    shown = display_path(path, root)
    problems = ProblemList(shown)
    if not path.is_file():
        known = ", ".join(story_slugs(root)) or "none"
        problems.add("no such story", hint=f"Stories here: {known}", value=slug)
        problems.raise_if_any()
    raw = read_yaml(path, problems, "Fix the YAML syntax") or {}
    if not isinstance(raw, dict):
        problems.add("must be a mapping of settings", hint="Start from another story's story.yaml")
        problems.raise_if_any()
    for key in sorted(set(raw) - TOP_KEYS):
        problems.add(
            "unknown setting", column=key, hint=f"Use one of: {', '.join(sorted(TOP_KEYS))}"
        )
    for key in ("title", "unit", "data", "measures", "outputs"):
        if key not in raw:
            problems.add("required setting is missing", column=key, hint="Add it")
    problems.raise_if_any()

    unit_raw, data_raw = raw["unit"] or {}, raw["data"] or {}
    for section, keys, values in (
        ("unit", ("singular", "plural", "area", "places"), unit_raw),
        ("data", ("file", "name_column"), data_raw),
    ):
        for key in keys:
            if not values.get(key):
                problems.add(
                    "required setting is missing", column=f"{section}.{key}", hint="Add it"
                )
    check_paths(root, slug, unit_raw, data_raw, raw.get("outlets"), problems)
    for key in sorted(set(data_raw) - DATA_KEYS):
        problems.add(
            "unknown setting",
            column=f"data.{key}",
            hint=f"Use one of: {', '.join(sorted(DATA_KEYS))}",
        )
    steps = read_steps(data_raw.get("steps"), problems, folder=root / "data" / slug)
    measures = []
    for i, m in enumerate(raw["measures"] or []):
        is_value = isinstance(m, dict) and m.get("kind", "rate") == "value"
        needed, takes = measure_keys(is_value, REQUIRED_MEASURE_KEYS, MEASURE_KEYS)
        missing, unknown = needed - set(m), set(m) - takes
        for key in sorted(missing):
            problems.add("measure setting is missing", column=f"measures[{i}].{key}", hint="Add it")
        for key in sorted(unknown):
            problems.add(
                "unknown measure setting",
                column=f"measures[{i}].{key}",
                hint=f"Use one of: {', '.join(sorted(MEASURE_KEYS))}",
            )
        if m.get("worse", "higher") not in WORSE:
            problems.add(
                "must be 'higher' or 'lower'",
                column=f"measures[{i}].worse",
                value=str(m.get("worse")),
            )
        m, bad = read_kind(m, f"measures[{i}]", problems)  # a value measure: one column
        for key, low in (("per", 1), ("decimals", 0)):
            value = m.get(key, low)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                problems.add(
                    f"must be a whole number, at least {low}",
                    column=f"measures[{i}].{key}",
                    value=str(value),
                    hint="per: 100 for per cent, 1000 for per 1,000; decimals: 0 or 1",
                )
                bad = True
        parts: dict[str, Any] = {}  # a base summed from columns; an earlier period
        if "denominator" in m and not is_value:
            where = f"measures[{i}].denominator"
            parts["denominator"] = read_columns(m["denominator"], where, problems)
        if "change" in m:
            parts["change"] = read_change(m["change"], f"measures[{i}].change", problems)
        bad = bad or None in parts.values()
        if not missing and not unknown and not bad:
            m = {**m, **parts}
            measure = Measure(**m)
            if not measure.none_phrase and not is_value:
                measure = Measure(**{**m, "none_phrase": f"none were {measure.passive}"})
            measures.append(measure)
    if not measures:
        problems.add("the story needs at least one measure", column="measures")
    outputs = []
    for name, spec in (raw["outputs"] or {}).items():
        problem = output_name_problem(str(name))
        if problem is not None:
            problems.add(problem, column=f"outputs.{name}", value=str(name))
            continue
        template = (spec or {}).get("template")
        if template and not is_inside(root / "templates" / slug, str(template)):
            problems.add(
                "lies outside the story's templates folder",
                column=f"outputs.{name}.template",
                value=str(template),
                hint=f"Put the template in templates/{slug}/ and give its name",
            )
            continue
        if not template or not (root / "templates" / slug / template).is_file():
            problems.add(
                "template file not found",
                column=f"outputs.{name}.template",
                value=str(template),
                hint=f"Put it in templates/{slug}/",
            )
            continue
        scope = spec.get("scope", "place")
        if scope not in SCOPES:
            problems.add(
                "unknown scope",
                column=f"outputs.{name}.scope",
                value=str(scope),
                hint=f"Use one of: {', '.join(SCOPES)}",
            )
            continue
        formats = tuple(spec.get("formats", ["md"]))
        for fmt in formats:
            if fmt not in WRITERS:
                problems.add(
                    "unknown format",
                    column=f"outputs.{name}.formats",
                    value=str(fmt),
                    hint=f"Use any of: {', '.join(sorted(WRITERS))}",
                )
        outputs.append(Output(name, template, formats, scope))
    skip = data_raw.get("skip") or {}
    if not problems.check_text_map(
        skip,
        "data.skip",
        "must map each name to the reason its row is left out",
        hint="Write each as 'Name as in the data: why its row is left out'",
    ):
        skip = {}
    absent = data_raw.get("absent", "skip")
    if absent not in ABSENT:
        problems.add(
            "must be 'skip' or 'draft'",
            column="data.absent",
            value=str(absent),
            hint="'skip': no draft for a place with no row; 'draft': a draft saying so",
        )
    funnel = raw.get("funnel") or {}
    if not isinstance(funnel, dict):
        problems.add("must be a mapping", column="funnel", hint="Write 'funnel: {method: exact}'")
        funnel = {}
    for key in sorted(set(funnel) - FUNNEL_KEYS):
        problems.add("unknown setting", column=f"funnel.{key}", hint="Use: method, dispersion")
    method = funnel.get("method", "exact")
    if method not in FUNNEL_METHODS:
        problems.add(
            "must be 'exact' or 'normal'",
            column="funnel.method",
            value=str(method),
            hint="See docs/statistics.md",
        )
    dispersion = funnel.get("dispersion", "auto")
    if dispersion not in FUNNEL_DISPERSIONS:
        problems.add(
            "must be 'none', 'multiplicative', 'additive' or 'auto'",
            column="funnel.dispersion",
            value=str(dispersion),
            hint="'auto' widens the limits only when the places vary more than chance; "
            "see docs/statistics.md",
        )
    limits = read_limits(raw.get("limits"), problems)
    free = raw.get("settings") or {}
    if not isinstance(free, dict):
        problems.add(
            "must be a mapping of values for templates",
            column="settings",
            hint="Write each on its own line under settings:, such as 'period: 2018 to 2022'",
        )
        free = {}
    check_free_settings(free, problems)
    engine = read_engine(raw.get("engine"), problems)
    leads = read_leads(raw.get("leads"), problems)
    categories = read_categories(raw.get("categories"), problems)
    nations = read_nations(unit_raw.get("nations"), problems)
    problems.raise_if_any()
    return Story(
        slug=slug,
        title=raw["title"],
        root=root,
        unit=Unit(
            **{k: unit_raw[k] for k in ("singular", "plural", "area", "places")},
            nations=nations,
        ),
        data_file=data_raw["file"],
        name_column=data_raw["name_column"],
        measures=tuple(measures),
        outputs=tuple(outputs),
        illustrative_column=data_raw.get("illustrative_column"),
        data_sheet=str(data_raw["sheet"]) if data_raw.get("sheet") is not None else None,
        outlets=raw.get("outlets"),
        fields=dict(data_raw.get("fields") or {}),
        settings={**free, **written(raw.get("engine"))},
        engine=engine,
        skip=dict(skip),
        absent=absent,
        funnel_method=method,
        funnel_dispersion=dispersion,
        limits=limits,
        steps=steps,
        leads=leads,
        categories=categories,
    )
